import assert from 'node:assert/strict';
import { test } from 'node:test';
import { documentWith, loadDocument, messages } from './helpers.ts';

test('nullable with type accepts null', async () => {
  const { validators } = await loadDocument(
    documentWith({
      Account: {
        type: 'object',
        properties: {
          closedAt: { type: 'string', format: 'date-time', nullable: true },
          owner: { nullable: true, allOf: [{ $ref: '#/components/schemas/Person' }] },
        },
      },
      Person: { type: 'object', properties: { name: { type: 'string' } } },
    }),
  );
  const verdict = validators.validateResponse('getItems', 200, 'application/json', {
    closedAt: null,
  });
  assert.deepEqual(messages(verdict.schemaErrors), []);
});

test('nullable without type rejects null', async () => {
  const { spec, validators } = await loadDocument(
    documentWith({
      Account: {
        type: 'object',
        properties: {
          owner: { nullable: true, allOf: [{ $ref: '#/components/schemas/Person' }] },
        },
      },
      Person: { type: 'object', properties: { name: { type: 'string' } } },
    }),
  );
  const verdict = validators.validateResponse('getItems', 200, 'application/json', { owner: null });
  assert.deepEqual(messages(verdict.schemaErrors), [
    'Response body property `owner` must be object',
  ]);
  assert.deepEqual(
    spec.lint.map((warning) => [warning.code, warning.pointer]),
    [['nullable-without-type', '#/components/schemas/Account/properties/owner/nullable']],
  );
  assert.match(spec.lint[0]!.message, /nullable ignored: no sibling type/);
});

test('nullable enum accepts null', async () => {
  const { validators } = await loadDocument(
    documentWith({ Level: { type: 'string', enum: ['a', 'b'], nullable: true } }),
  );
  assert.deepEqual(validators.validateSchema('#/components/schemas/Level', null), []);
  assert.equal(validators.validateSchema('#/components/schemas/Level', 'c').length, 1);
});

test('OpenAPI keywords compile and typo is linted', async () => {
  const { spec, validators } = await loadDocument(
    documentWith({
      Device: {
        type: 'object',
        required: ['id'],
        properties: {
          id: {
            type: 'string',
            format: 'uuid',
            example: '00000000-0000-0000-0000-000000000000',
            'x-internal': true,
          },
          room: { type: 'string', xml: { name: 'Room' } },
        },
        requried: ['room'],
        discriminator: { propertyName: 'id' },
        externalDocs: { url: 'https://example.invalid/docs' },
        deprecated: true,
      },
    }),
  );
  const body = { id: '00000000-0000-0000-0000-000000000000' };
  const verdict = validators.validateResponse('getItems', 200, 'application/json', body);
  assert.deepEqual(verdict.schemaErrors, []);
  assert.deepEqual(
    spec.lint.map((warning) => [warning.code, warning.pointer]),
    [['unknown-keyword', '#/components/schemas/Device/requried']],
  );
  assert.match(spec.lint[0]!.message, /did you mean `required`/);
});

test('typo does not hide a real check', async () => {
  const { validators } = await loadDocument(
    documentWith({
      Device: {
        type: 'object',
        required: ['id'],
        properties: { id: { type: 'string' } },
        requried: ['room'],
      },
    }),
  );
  const verdict = validators.validateResponse('getItems', 200, 'application/json', { id: 7 });
  assert.deepEqual(messages(verdict.schemaErrors), ['Response body property `id` must be string']);
});

const user = {
  User: {
    type: 'object',
    required: ['name', 'password'],
    properties: {
      id: { type: 'string', readOnly: true },
      name: { type: 'string' },
      password: { type: 'string', writeOnly: true },
    },
  },
};

test('response may omit write-only field', async () => {
  const { validators } = await loadDocument(documentWith(user));
  const verdict = validators.validateResponse('getItems', 200, 'application/json', {
    id: 'u1',
    name: 'N',
  });
  assert.deepEqual(verdict.schemaErrors, []);
});

test('response leaking write-only field is flagged', async () => {
  const { validators } = await loadDocument(documentWith(user));
  const body = { id: 'u1', name: 'N', password: 'secret' };
  const verdict = validators.validateResponse('getItems', 200, 'application/json', body);
  assert.deepEqual(messages(verdict.schemaErrors), [
    'Response body property `password` is write-only and must not be sent in a response',
  ]);
  assert.doesNotMatch(JSON.stringify(verdict.schemaErrors), /secret/);
});

test('request requires write-only field', async () => {
  const { validators } = await loadDocument(documentWith(user));
  const errors = validators.validateSchema(
    '#/components/schemas/User',
    { name: 'N' },
    { direction: 'request' },
  );
  assert.deepEqual(messages(errors), ['Value is missing required property `password`']);
});

test('request must not send read-only field', async () => {
  const { validators } = await loadDocument(documentWith(user));
  const body = { id: 'u1', name: 'N', password: 'p' };
  const errors = validators.validateSchema('#/components/schemas/User', body, {
    direction: 'request',
  });
  assert.deepEqual(messages(errors), [
    'Value property `id` is read-only and must not be sent in a request',
  ]);
});

const item = {
  Item: {
    allOf: [
      { type: 'object', properties: { a: { type: 'string' } }, additionalProperties: false },
      { type: 'object', properties: { b: { type: 'number' } }, additionalProperties: false },
    ],
  },
};

test('closed allOf is an unsatisfiable spec', async () => {
  const { spec } = await loadDocument(documentWith(item));
  assert.deepEqual(
    spec.lint.map((warning) => [warning.code, warning.pointer]),
    [
      ['unsatisfiable-allof', '#/components/schemas/Item/allOf/0/additionalProperties'],
      ['unsatisfiable-allof', '#/components/schemas/Item/allOf/1/additionalProperties'],
    ],
  );
  assert.match(spec.lint[0]!.message, /no instance with `b`/);
});

test('documented properties pass the merged set', async () => {
  const { validators } = await loadDocument(documentWith(item));
  const verdict = validators.validateResponse('getItems', 200, 'application/json', {
    a: 'x',
    b: 1,
  });
  assert.deepEqual(verdict.schemaErrors, []);
});

test('undocumented property is flagged', async () => {
  const { validators } = await loadDocument(documentWith(item));
  const body = { a: 'x', b: 1, c: true };
  const verdict = validators.validateResponse('getItems', 200, 'application/json', body);
  assert.deepEqual(messages(verdict.schemaErrors), [
    'Response body property `c` is not documented and must not be present',
  ]);
});

test('closed branch by $ref keeps its types', async () => {
  const { validators } = await loadDocument(
    documentWith({
      Item: { allOf: [{ $ref: '#/components/schemas/A' }, { $ref: '#/components/schemas/B' }] },
      A: { type: 'object', properties: { a: { type: 'string' } }, additionalProperties: false },
      B: { type: 'object', properties: { b: { type: 'number' } }, additionalProperties: false },
    }),
  );
  const accepted = validators.validateResponse('getItems', 200, 'application/json', {
    a: 'x',
    b: 1,
  });
  assert.deepEqual(accepted.schemaErrors, []);
  const rejected = validators.validateResponse('getItems', 200, 'application/json', { a: 1, b: 1 });
  assert.deepEqual(messages(rejected.schemaErrors), ['Response body property `a` must be string']);
  // The named schema on its own stays closed.
  assert.equal(validators.validateSchema('#/components/schemas/A', { a: 'x', b: 1 }).length, 1);
});

test('3.1 ignores nullable with a warning', async () => {
  const { spec, validators } = await loadDocument(
    documentWith({ Name: { type: 'string', nullable: true } }, { openapi: '3.1.0' }),
  );
  assert.equal(spec.dialect, 'openapi-3.1');
  assert.deepEqual(messages(validators.validateSchema('#/components/schemas/Name', null)), [
    'Value must be string',
  ]);
  assert.deepEqual(
    spec.lint.map((warning) => warning.code),
    ['nullable-in-3.1'],
  );
  assert.match(spec.lint[0]!.message, /nullable has no meaning in OpenAPI 3.1/);
});

test('3.1 type array accepts null', async () => {
  const { validators } = await loadDocument(
    documentWith({ Name: { type: ['string', 'null'] } }, { openapi: '3.1.0' }),
  );
  assert.deepEqual(validators.validateSchema('#/components/schemas/Name', null), []);
});

test('3.1 uses 2020-12 keywords', async () => {
  const { spec, validators } = await loadDocument(
    documentWith(
      { Pair: { type: 'array', prefixItems: [{ type: 'string' }], unevaluatedItems: false } },
      { openapi: '3.1.0' },
    ),
  );
  assert.deepEqual(spec.lint, []);
  assert.deepEqual(validators.validateSchema('#/components/schemas/Pair', ['a']), []);
  assert.equal(validators.validateSchema('#/components/schemas/Pair', ['a', 1]).length, 1);
});

test('3.0 boolean exclusiveMinimum', async () => {
  const { validators } = await loadDocument(
    documentWith({ Amount: { type: 'number', minimum: 0, exclusiveMinimum: true } }),
  );
  assert.deepEqual(messages(validators.validateSchema('#/components/schemas/Amount', 0)), [
    'Value must be > 0',
  ]);
  assert.deepEqual(validators.validateSchema('#/components/schemas/Amount', 0.5), []);
});

test('nullable beside $ref is linted', async () => {
  const { spec, validators } = await loadDocument(
    documentWith({
      Account: {
        type: 'object',
        properties: { owner: { $ref: '#/components/schemas/Person', nullable: true } },
      },
      Person: { type: 'object' },
    }),
  );
  assert.deepEqual(
    spec.lint.map((warning) => warning.code),
    ['nullable-without-type'],
  );
  const verdict = validators.validateResponse('getItems', 200, 'application/json', { owner: null });
  assert.deepEqual(messages(verdict.schemaErrors), [
    'Response body property `owner` must be object',
  ]);
});

test('3.1 discriminator and examples compile', async () => {
  const { spec, validators } = await loadDocument(
    documentWith(
      {
        Pet: {
          oneOf: [{ $ref: '#/components/schemas/Cat' }, { $ref: '#/components/schemas/Dog' }],
          discriminator: { propertyName: 'kind' },
        },
        Cat: {
          type: 'object',
          required: ['kind'],
          properties: { kind: { const: 'cat' } },
          examples: [{ kind: 'cat' }],
        },
        Dog: { type: 'object', required: ['kind'], properties: { kind: { const: 'dog' } } },
      },
      { openapi: '3.1.0' },
    ),
  );
  assert.deepEqual(spec.lint, []);
  assert.deepEqual(validators.validateSchema('#/components/schemas/Pet', { kind: 'dog' }), []);
  assert.ok(validators.validateSchema('#/components/schemas/Pet', { kind: 'cow' }).length > 0);
});
