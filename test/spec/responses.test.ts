import assert from 'node:assert/strict';
import { test } from 'node:test';
import { matchMediaType, matchStatusKey } from '../../scripts/core/spec/status.ts';
import { createValidators } from '../../scripts/core/spec/validators.ts';
import { messages } from './helpers.ts';

const errorSchema = {
  type: 'object',
  required: ['code', 'message'],
  properties: { code: { type: 'string' }, message: { type: 'string' } },
};
const itemSchema = { type: 'object', required: ['id'], properties: { id: { type: 'string' } } };
const json = (schema: unknown) => ({ 'application/json': { schema } });

function validatorsFor(withDefault: boolean) {
  const responses: Record<string, unknown> = {
    '200': { description: 'ok', content: json(itemSchema) },
    '400': { description: 'bad request', content: json({ $ref: '#/components/schemas/Error' }) },
    '4XX': { description: 'client error', content: json({ $ref: '#/components/schemas/Error' }) },
  };
  if (withDefault)
    responses.default = {
      description: 'error',
      content: json({ $ref: '#/components/schemas/Error' }),
    };
  return createValidators({
    bundled: {
      openapi: '3.0.3',
      info: { title: 'responses', version: '1' },
      paths: {
        '/items/{id}': {
          get: { operationId: 'getItem', responses },
          delete: { operationId: 'deleteItem', responses: { '204': { description: 'deleted' } } },
        },
      },
      components: { schemas: { Error: errorSchema } },
    },
    dialect: 'openapi-3.0',
    source: 'responses.test',
  });
}

const validators = validatorsFor(true);

test('404 matches the 4XX range', () => {
  const verdict = validators.validateResponse('getItem', 404, 'application/json', {
    code: 'NOT_FOUND',
    message: 'x',
  });
  assert.equal(verdict.matchedStatusKey, '4XX');
  assert.deepEqual(verdict.schemaErrors, []);
});

test('429 with wrong shape rejects', () => {
  const verdict = validators.validateResponse('getItem', 429, 'application/json', {
    error: 'slow down',
  });
  assert.equal(verdict.matchedStatusKey, '4XX');
  assert.deepEqual(messages(verdict.schemaErrors), [
    'Response body is missing required property `code`',
    'Response body is missing required property `message`',
  ]);
});

test('503 matches default', () => {
  const verdict = validators.validateResponse('getItem', 503, 'application/json', {
    code: 'DOWN',
    message: 'x',
  });
  assert.equal(verdict.matchedStatusKey, 'default');
  assert.equal(verdict.statusDocumented, true);
  assert.deepEqual(verdict.schemaErrors, []);
});

test('503 without default is undocumented', () => {
  const verdict = validatorsFor(false).validateResponse('getItem', 503, 'application/json', {});
  assert.equal(verdict.statusDocumented, false);
  assert.equal(verdict.matchedStatusKey, null);
  assert.deepEqual(verdict.documentedStatuses, ['200', '400', '4XX']);
});

test('exact status wins over range', () => {
  assert.equal(matchStatusKey(['400', '4XX', 'default'], 400), '400');
  assert.equal(matchStatusKey(['4xx', 'default'], 401), '4xx');
  assert.equal(matchStatusKey(['200'], 500), null);
});

test('charset parameter still validates', () => {
  const accepted = validators.validateResponse('getItem', 200, 'application/json; charset=utf-8', {
    id: '1',
  });
  assert.equal(accepted.contentTypeDocumented, true);
  assert.deepEqual(accepted.schemaErrors, []);
  const rejected = validators.validateResponse('getItem', 200, 'application/json; charset=utf-8', {
    id: 1,
  });
  assert.deepEqual(messages(rejected.schemaErrors), ['Response body property `id` must be string']);
});

test('media type is case-insensitive', () => {
  const verdict = validators.validateResponse('getItem', 200, 'Application/JSON', { id: 1 });
  assert.equal(verdict.contentTypeDocumented, true);
  assert.equal(verdict.schemaErrors.length, 1);
});

test('problem+json is not documented', () => {
  const body = { type: 'about:blank', title: 'Bad Request', status: 400 };
  const verdict = validators.validateResponse('getItem', 400, 'application/problem+json', body);
  assert.equal(verdict.contentTypeDocumented, false);
  assert.deepEqual(verdict.documentedContentTypes, ['application/json']);
});

test('text/plain is not documented', () => {
  const verdict = validators.validateResponse('getItem', 200, 'text/plain', { id: '1' });
  assert.equal(verdict.contentTypeDocumented, false);
});

test('wildcard media types rank below exact', () => {
  assert.equal(
    matchMediaType(['*/*', 'text/*', 'text/csv'], 'text/csv; header=present'),
    'text/csv',
  );
  assert.equal(matchMediaType(['*/*', 'text/*'], 'text/plain'), 'text/*');
  assert.equal(matchMediaType(['*/*'], 'image/png'), '*/*');
  assert.equal(matchMediaType(['application/json'], undefined), null);
});

test('empty 204 conforms', () => {
  const verdict = validators.validateResponse('deleteItem', 204, 'application/json', undefined);
  assert.equal(verdict.contentTypeDocumented, true);
  assert.deepEqual(verdict.schemaErrors, []);
});

test('empty 200 body rejects', () => {
  const verdict = validators.validateResponse('getItem', 200, 'application/json', undefined);
  assert.deepEqual(messages(verdict.schemaErrors), [
    'Response body is empty where application/json content is documented',
  ]);
});

test('unknown operationId names the known ones', () => {
  assert.throws(
    () => validators.validateResponse('getItems', 200, 'application/json', {}),
    /use one of: getItem, deleteItem/,
  );
});

test('media key with parameters validates', () => {
  const validators = createValidators({
    bundled: {
      openapi: '3.0.3',
      info: { title: 'charset', version: '1' },
      paths: {
        '/items': {
          get: {
            operationId: 'listItems',
            responses: {
              '200': {
                description: 'ok',
                content: { 'application/json; charset=utf-8': { schema: itemSchema } },
              },
            },
          },
        },
      },
    },
    dialect: 'openapi-3.0',
    source: 'responses.test',
  });
  const verdict = validators.validateResponse('listItems', 200, 'application/json', { id: 1 });
  assert.equal(verdict.contentTypeDocumented, true);
  assert.deepEqual(messages(verdict.schemaErrors), ['Response body property `id` must be string']);
});

test('inline schema refs reach the document', () => {
  const errors = validators.validateSchema(
    { type: 'array', items: { $ref: '#/components/schemas/Error' } },
    [{ code: 'X' }],
    { subject: 'Response body' },
  );
  assert.deepEqual(messages(errors), ['Response body is missing required property `0.message`']);
});
