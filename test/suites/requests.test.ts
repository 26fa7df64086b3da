import assert from 'node:assert/strict';
import { test } from 'node:test';

import type { Operation, Parameter } from '../../scripts/core/spec/types.ts';
import { buildUrl, mediaTypeOf, retryAfterMs } from '../../suites/support/api.ts';
import {
  applyNegativeCase,
  documentedValue,
  negativeCases,
} from '../../suites/support/requests.ts';

function parameter(overrides: Partial<Parameter>): Parameter {
  return { name: 'pageSize', in: 'query', required: false, constraints: {}, ...overrides };
}

function operation(parameters: Parameter[]): Operation {
  return {
    operationId: 'getAllMasterRecords',
    method: 'get',
    path: '/api/v1/master-record/{masterName}',
    tags: [],
    deprecated: false,
    security: ['bearer'],
    parameters,
    responses: {},
  };
}

test('negative cases follow the constraints', () => {
  const op = operation([
    parameter({
      schema: { type: 'integer' },
      constraints: { type: 'integer', minimum: 1, maximum: 1000 },
    }),
  ]);
  const cases = negativeCases(op).map((c) => `${c.name}=${String(c.value)}`);
  assert.deepEqual(cases, ['below-minimum=0', 'above-maximum=1001', 'wrong-type=abc']);
});

test('required query parameter gets a missing case', () => {
  const op = operation([
    parameter({ name: 'username', required: true, constraints: { type: 'string' } }),
  ]);
  assert.deepEqual(
    negativeCases(op).map((c) => c.name),
    ['missing'],
  );
});

test('path parameters get no negative cases', () => {
  const op = operation([
    parameter({
      name: 'masterName',
      in: 'path',
      required: true,
      constraints: { type: 'string', maxLength: 5 },
    }),
  ]);
  assert.equal(negativeCases(op).length, 0);
});

test('enum string gets a not-in-enum case', () => {
  const op = operation([
    parameter({ name: 'state', constraints: { type: 'string', enum: ['a', 'b'] } }),
  ]);
  assert.deepEqual(
    negativeCases(op).map((c) => c.name),
    ['not-in-enum'],
  );
});

test('missing case removes the parameter', () => {
  const op = operation([
    parameter({ name: 'username', required: true, constraints: { type: 'string' } }),
  ]);
  const [missing] = negativeCases(op);
  const request = applyNegativeCase(
    { path: '/x', query: { username: 'a', page: 1 }, headers: {} },
    missing!,
  );
  assert.deepEqual(request.query, { page: 1 });
});

test('documented value prefers the example', () => {
  const value = documentedValue(
    parameter({ example: 25, schema: { type: 'integer', default: 10 } }),
  );
  assert.equal(value, 25);
});

test('documented value falls back to the minimum', () => {
  const value = documentedValue(parameter({ constraints: { type: 'integer', minimum: 3 } }));
  assert.equal(value, 3);
});

test('buildUrl encodes filter separators', () => {
  const url = buildUrl('http://127.0.0.1:1/data/', '/api/v1/x', {
    filter: 'a:in:1|2',
    page: 1,
    skip: undefined,
  });
  assert.equal(url, 'http://127.0.0.1:1/data/api/v1/x?filter=a%3Ain%3A1%7C2&page=1');
});

test('mediaTypeOf drops parameters and case', () => {
  assert.equal(mediaTypeOf('Application/JSON; charset=utf-8'), 'application/json');
});

test('retryAfterMs reads seconds', () => {
  assert.equal(retryAfterMs('2'), 2000);
});

test('retryAfterMs reads an HTTP date', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');
  assert.equal(retryAfterMs('Thu, 01 Jan 2026 00:00:03 GMT', now), 3000);
});

test('retryAfterMs defaults to one second', () => {
  assert.equal(retryAfterMs(undefined), 1000);
});

test('retryAfterMs caps long waits', () => {
  assert.equal(retryAfterMs('3600'), 10_000);
});
