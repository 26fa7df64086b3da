import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { SpecError } from '../../scripts/core/spec/errors.ts';
import { createValidators } from '../../scripts/core/spec/validators.ts';
import { loadSpec } from '../../scripts/lib/spec-loader.ts';
import { documentWith, loadDocument, messages, writeSpecFile } from './helpers.ts';

/** Asserts that loading fails with a SpecError at `pointer`, and returns the error. */
async function specErrorOf(load: Promise<unknown>, pointer: string): Promise<SpecError> {
  let caught: unknown;
  await load.catch((error: unknown) => {
    caught = error;
  });
  assert.ok(caught instanceof SpecError, `expected a SpecError, got ${String(caught)}`);
  assert.equal(caught.pointer, pointer);
  return caught;
}

const swagger = `
swagger: '2.0'
info: { title: readings, version: '1' }
paths:
  /readings/{id}:
    get:
      operationId: getReading
      parameters: [{ name: id, in: path, required: true, type: string }]
      responses: { '200': { $ref: '#/responses/ReadingResp' } }
  /readings/latest:
    get:
      operationId: getLatestReading
      responses: { '200': { $ref: '#/responses/ReadingResp' } }
definitions:
  Reading: { type: object, properties: { value: { type: number, x-nullable: true } } }
responses:
  ReadingResp: { description: ok, schema: { $ref: '#/definitions/Reading' } }
`;

test('Swagger 2.0 converts', async () => {
  const { spec } = await loadDocument(swagger, 'yaml');
  assert.equal(spec.dialect, 'swagger-2.0');
  assert.deepEqual(
    spec.operations.map((operation) => operation.operationId),
    ['getReading', 'getLatestReading'],
  );
});

for (const operationId of ['getReading', 'getLatestReading']) {
  test(`x-nullable accepts null on ${operationId}`, async () => {
    const { validators } = await loadDocument(swagger, 'yaml');
    const verdict = validators.validateResponse(operationId, 200, 'application/json', {
      value: null,
    });
    assert.equal(verdict.contentTypeDocumented, true);
    assert.deepEqual(verdict.schemaErrors, []);
  });
}

test('x-nullable keeps the type', async () => {
  const { validators } = await loadDocument(swagger, 'yaml');
  const verdict = validators.validateResponse('getReading', 200, 'application/json', {
    value: 'x',
  });
  assert.deepEqual(messages(verdict.schemaErrors), [
    'Response body property `value` must be number or null',
  ]);
});

const usersDocument = {
  openapi: '3.0.3',
  info: { title: 'users', version: '1' },
  paths: {
    '/users/{id}': {
      get: {
        operationId: 'getUser',
        responses: {
          '200': {
            description: 'ok',
            content: { 'application/json': { schema: { $ref: '#/components/schemas/User' } } },
          },
        },
      },
    },
  },
  components: {
    schemas: {
      User: {
        type: 'object',
        required: ['id'],
        properties: { id: { type: 'string' }, manager: { $ref: '#/components/schemas/User' } },
      },
      'a/b~c': { type: 'integer' },
      Alias: { $ref: '#/components/schemas/a~1b~0c' },
    },
  },
};

test('escaped pointer compiles once', async () => {
  const { validators } = await loadDocument(usersDocument);
  const pointer = '#/paths/~1users~1%7Bid%7D/get/responses/200/content/application~1json/schema';
  const body = { id: '1', manager: { id: '2' } };
  assert.deepEqual(validators.validateSchema(pointer, body), []);
  assert.deepEqual(validators.validateSchema(pointer, body), []);
  assert.equal(validators.compileCount, 1);
});

test('recursive ref is validated', async () => {
  const { validators } = await loadDocument(usersDocument);
  const verdict = validators.validateResponse('getUser', 200, 'application/json', {
    id: '1',
    manager: {},
  });
  assert.deepEqual(messages(verdict.schemaErrors), [
    'Response body is missing required property `manager.id`',
  ]);
});

test('circular document stays serialisable', async () => {
  const { spec } = await loadDocument(usersDocument);
  assert.doesNotThrow(() => JSON.stringify(spec.document));
});

test('~0 and ~1 in a ref resolve', async () => {
  const { validators } = await loadDocument(usersDocument);
  assert.deepEqual(validators.validateSchema('#/components/schemas/Alias', 3), []);
  assert.equal(validators.validateSchema('#/components/schemas/Alias', 'x').length, 1);
});

test('one compile per response schema', async () => {
  const { validators } = await loadDocument(usersDocument);
  for (let i = 0; i < 200; i++)
    validators.validateResponse('getUser', 200, 'application/json', { id: String(i) });
  assert.equal(validators.compileCount, 1);
});

test('errors are capped per body', async () => {
  const { validators } = await loadDocument({
    ...usersDocument,
    paths: {
      '/users': {
        get: {
          operationId: 'listUsers',
          responses: {
            '200': {
              description: 'ok',
              content: {
                'application/json': {
                  schema: { type: 'array', items: { $ref: '#/components/schemas/User' } },
                },
              },
            },
          },
        },
      },
    },
  });
  const body = Array.from({ length: 1000 }, () => ({ id: 1 }));
  const verdict = validators.validateResponse('listUsers', 200, 'application/json', body);
  assert.equal(verdict.schemaErrors.length, 20);
  assert.equal(verdict.schemaErrorCount, 1000);
});

test('dangling $ref names file, pointer and fix', async () => {
  const document = documentWith(
    {},
    {
      responses: {
        '200': {
          description: 'ok',
          content: { 'application/json': { schema: { $ref: '#/components/schemas/Nope' } } },
        },
      },
    },
  );
  const file = writeSpecFile(document);
  const error = await specErrorOf(
    loadSpec(file),
    '#/paths/~1items/get/responses/200/content/application~1json/schema',
  );
  assert.equal(error.file, file);
  assert.equal(
    error.message,
    `Invalid spec ${file} at #/paths/~1items/get/responses/200/content/application~1json/schema: ` +
      '$ref "#/components/schemas/Nope" does not resolve. Fix: define components.schemas.Nope or ' +
      'correct the reference (escape "/" as ~1, "~" as ~0, and braces as %7B and %7D).',
  );
});

test('unescaped path ref is dangling', async () => {
  const document = {
    ...usersDocument,
    components: {
      schemas: {
        ...usersDocument.components.schemas,
        Copy: { $ref: '#/paths//users/{id}/get/responses/200' },
      },
    },
  };
  const error = await specErrorOf(loadDocument(document), '#/components/schemas/Copy');
  assert.match(error.problem, /does not resolve/);
});

test('dangling external ref is a SpecError', async () => {
  const document = documentWith({ Thing: { $ref: './missing.yaml#/Thing' } });
  const error = await specErrorOf(loadDocument(document), '#/components/schemas/Thing');
  assert.match(error.message, /missing\.yaml/);
  assert.match(error.fix, /make the file or URL it names available/);
});

test('external file ref is bundled', async () => {
  const shared = writeSpecFile(
    'Thing:\n  type: object\n  required: [id]\n  properties: { id: { type: string } }\n',
    'yaml',
  );
  const { spec, validators } = await loadDocument(
    documentWith({ Thing: { $ref: `${shared}#/Thing` } }),
  );
  assert.doesNotMatch(JSON.stringify(spec.bundled), /spec-\d+\.yaml/);
  const verdict = validators.validateResponse('getItems', 200, 'application/json', {});
  assert.deepEqual(messages(verdict.schemaErrors), [
    'Response body is missing required property `id`',
  ]);
});

test('bad YAML names the line', async () => {
  const file = writeSpecFile('openapi: 3.0.3\ninfo:\n  title: [unclosed\n  version: 1\n', 'yaml');
  const error = await specErrorOf(loadSpec(file), '#');
  assert.match(
    error.message,
    new RegExp(`^Invalid spec ${file} at #: the document is not valid JSON or YAML at line \\d+`),
  );
  assert.match(error.fix, /correct the syntax/);
});

test('missing version field is a SpecError', async () => {
  const error = await specErrorOf(
    loadDocument({ info: { title: 'x', version: '1' }, paths: {} }),
    '#',
  );
  assert.match(error.fix, /OpenAPI 3\.0\.x/);
});

test('invalid schema fails at load', async () => {
  const document = documentWith({
    Thing: { type: 'object', properties: { id: { type: 'strng' } } },
  });
  const error = await specErrorOf(
    loadDocument(document),
    '#/components/schemas/Thing/properties/id/type',
  );
  assert.match(
    error.problem,
    /the schema does not compile \(type must be equal to one of the allowed values\)/,
  );
});

test('boolean required names the fix', async () => {
  const document = documentWith({
    Thing: { type: 'object', properties: { id: { type: 'string', required: true } } },
  });
  const error = await specErrorOf(
    loadDocument(document),
    '#/components/schemas/Thing/properties/id/required',
  );
  assert.match(error.fix, /required array of the enclosing object schema/);
});

test('invalid pattern fails at load', async () => {
  const document = documentWith({ Code: { type: 'string', pattern: '([a-z' } });
  const error = await specErrorOf(loadDocument(document), '#/components/schemas/Code');
  assert.match(error.problem, /does not compile/);
});

test('pattern with needless escape compiles', async () => {
  const { validators } = await loadDocument(
    documentWith({ Slug: { type: 'string', pattern: '^[\\w\\-]+$' } }),
  );
  assert.deepEqual(validators.validateSchema('#/components/schemas/Slug', 'a-b_c'), []);
  assert.equal(validators.validateSchema('#/components/schemas/Slug', 'a b').length, 1);
});

test('missing file is a SpecError', async () => {
  const error = await specErrorOf(loadSpec('/nonexistent/spec.yaml'), '#');
  assert.match(error.problem, /does not exist/);
});

test('operation list has constraints and security', async () => {
  const { spec } = await loadDocument({
    openapi: '3.0.3',
    info: { title: 't', version: '2' },
    security: [{ bearerAuth: [] }],
    components: { securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer' } } },
    paths: {
      '/health': { get: { security: [], responses: { '200': { description: 'ok' } } } },
      '/items/{name}': {
        parameters: [{ name: 'name', in: 'path', required: true, schema: { type: 'string' } }],
        get: {
          operationId: 'getItems',
          tags: ['items'],
          parameters: [
            {
              name: 'pageSize',
              in: 'query',
              schema: { type: 'integer', minimum: 1, maximum: 1000 },
              example: 10,
            },
          ],
          responses: { '200': { description: 'ok' }, '4xx': { description: 'client error' } },
        },
      },
    },
  });
  const [health, items] = spec.operations;
  assert.equal(health?.operationId, 'GET /health');
  assert.deepEqual(health?.security, ['public']);
  assert.deepEqual(items?.security, ['bearer']);
  assert.deepEqual(items?.tags, ['items']);
  assert.deepEqual(
    items?.parameters.map((parameter) => parameter.name),
    ['name', 'pageSize'],
  );
  assert.deepEqual(items?.parameters[1]?.constraints, {
    type: 'integer',
    minimum: 1,
    maximum: 1000,
  });
  assert.equal(items?.parameters[1]?.example, 10);
  assert.deepEqual(Object.keys(items?.responses ?? {}), ['200', '4XX']);
  assert.equal(spec.version, '2');
  assert.match(spec.sha256, /^[0-9a-f]{64}$/);
});

let server: Server;
let baseUrl: string;

before(async () => {
  server = createServer((request, response) => {
    if (request.url === '/openapi.yaml') {
      response.writeHead(200, { 'content-type': 'application/yaml' });
      response.end(`openapi: 3.0.3\ninfo: { title: served, version: '1' }\npaths: {}\n`);
    } else if (request.url === '/split.yaml') {
      response.writeHead(200, { 'content-type': 'application/yaml' });
      response.end(
        `openapi: 3.0.3\ninfo: { title: split, version: '1' }\npaths: {}\n` +
          `components: { schemas: { Thing: { $ref: './shared.yaml#/Thing' } } }\n`,
      );
    } else if (request.url === '/shared.yaml') {
      response.writeHead(200, { 'content-type': 'application/yaml' });
      response.end('Thing: { type: integer }\n');
    } else if (request.url === '/foreign.yaml') {
      response.writeHead(200, { 'content-type': 'application/yaml' });
      response.end(
        `openapi: 3.0.3\ninfo: { title: foreign, version: '1' }\npaths: {}\n` +
          `components: { schemas: { Thing: { $ref: 'http://localhost:9/shared.yaml#/Thing' } } }\n`,
      );
    } else if (request.url === '/proxy-error') {
      response.writeHead(200, { 'content-type': 'text/html' });
      response.end('<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>');
    } else {
      response.writeHead(404, { 'content-type': 'text/plain' });
      response.end('not found');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(() => {
  server.close();
});

test('spec loads from a loopback URL', async () => {
  const spec = await loadSpec(`${baseUrl}/openapi.yaml`);
  assert.equal(spec.title, 'served');
  assert.equal(spec.source, `${baseUrl}/openapi.yaml`);
});

test('same-origin URL ref is bundled', async () => {
  const spec = await loadSpec(`${baseUrl}/split.yaml`);
  const validators = createValidators(spec);
  assert.deepEqual(validators.validateSchema('#/components/schemas/Thing', 1), []);
  assert.equal(validators.validateSchema('#/components/schemas/Thing', 'x').length, 1);
});

test('other-origin URL ref is not fetched', async () => {
  const error = await specErrorOf(
    loadSpec(`${baseUrl}/foreign.yaml`),
    '#/components/schemas/Thing',
  );
  assert.match(error.message, /localhost:9/);
});

test('HTML page instead of spec', async () => {
  const error = await specErrorOf(loadSpec(`${baseUrl}/proxy-error`), '#');
  assert.match(error.problem, /HTML page, not an OpenAPI document/);
});

test('HTTP 404 for the spec URL', async () => {
  const error = await specErrorOf(loadSpec(`${baseUrl}/missing.yaml`), '#');
  assert.match(error.problem, /HTTP 404/);
});

test('validators accept the bundled JSON copy', async () => {
  // k6 receives the bundled document as JSON, so validators built from a copy must agree.
  const { spec } = await loadDocument(usersDocument);
  const copy = JSON.parse(JSON.stringify(spec.bundled)) as Record<string, unknown>;
  const validators = createValidators({
    bundled: copy,
    dialect: spec.dialect,
    source: spec.source,
  });
  const verdict = validators.validateResponse('getUser', 200, 'application/json', { id: 1 });
  assert.deepEqual(messages(verdict.schemaErrors), ['Response body property `id` must be string']);
});
