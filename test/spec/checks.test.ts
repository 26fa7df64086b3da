import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  contentTypeConformance,
  errorFormatConformance,
  expectedErrorPath,
  isHtmlBody,
  responseSchemaConformance,
  statusCodeConformance,
} from '../../scripts/core/checks.ts';
import type { ResponseVerdict } from '../../scripts/core/spec/types.ts';

const goodError = {
  code: 500,
  timestamp: '2025-02-27T02:22:42.856Z',
  path: '/api/v1/master-record/MASTER_31',
  error: { summary: 'Service Exception', detail: ['ITEM_MASTER not Found.'] },
};
const requestUrl = 'https://exto.example.test/data/api/v1/master-record/MASTER_31?page=1';

test('error body conforms', () => {
  const verdict = errorFormatConformance({ httpStatus: 500, requestUrl, body: goodError });
  assert.deepEqual(verdict.errors, []);
  assert.equal(verdict.ok, true);
});

test('error code must equal status', () => {
  const verdict = errorFormatConformance({ httpStatus: 404, requestUrl, body: goodError });
  assert.deepEqual(verdict.errors, [
    'Error body property `code` must equal the HTTP status 404 (received 500)',
  ]);
});

test('error timestamp needs milliseconds and Z', () => {
  const body = { ...goodError, timestamp: '2025-02-27T02:22:42+00:00' };
  const verdict = errorFormatConformance({ httpStatus: 500, requestUrl, body });
  assert.equal(verdict.errors.length, 1);
  assert.match(verdict.errors[0]!, /^Error body property `timestamp` must match/);
});

test('error path omits prefix and query', () => {
  const body = { ...goodError, path: '/data/api/v1/master-record/MASTER_31' };
  const verdict = errorFormatConformance({ httpStatus: 500, requestUrl, body });
  assert.deepEqual(verdict.errors, [
    'Error body property `path` must equal "/api/v1/master-record/MASTER_31" (received "/data/api/v1/master-record/MASTER_31")',
  ]);
});

test('error detail must be strings', () => {
  const body = { ...goodError, error: { summary: 1, detail: 'x' } };
  const verdict = errorFormatConformance({ httpStatus: 500, requestUrl, body });
  assert.deepEqual(verdict.errors, [
    'Error body property `error.summary` must be string',
    'Error body property `error.detail` must be an array of strings',
  ]);
});

test('HTML error page from a proxy', () => {
  const verdict = errorFormatConformance({
    httpStatus: 502,
    requestUrl,
    contentType: 'text/html',
    text: '<html><head><title>502 Bad Gateway</title></head></html>',
    body: undefined,
    server: 'nginx',
  });
  assert.deepEqual(verdict.errors, [
    'Non-JSON error body from an intermediary (HTTP 502, text/html, server nginx)',
  ]);
});

test('empty error body fails', () => {
  const verdict = errorFormatConformance({ httpStatus: 401, requestUrl, body: undefined });
  assert.deepEqual(verdict.errors, ['Error body must be a JSON object']);
});

test('expected path variants', () => {
  assert.equal(expectedErrorPath('/data/api/v1/health/liveness'), '/api/v1/health/liveness');
  assert.equal(expectedErrorPath('http://127.0.0.1:8080/data/api/v1/x?y=1#z'), '/api/v1/x');
  assert.equal(expectedErrorPath('/exto/data/api/v1/x', '/exto/data'), '/api/v1/x');
  assert.equal(expectedErrorPath('/database/x'), '/database/x');
});

test('isHtmlBody recognises pages', () => {
  assert.equal(isHtmlBody('text/html; charset=utf-8', ''), true);
  assert.equal(isHtmlBody(undefined, '  <!DOCTYPE html><html></html>'), true);
  assert.equal(
    isHtmlBody('application/json', '<html><body>504 Gateway Time-out</body></html>'),
    true,
  );
  assert.equal(isHtmlBody('application/json', '{"html":"<b>"}'), false);
});

const verdict: ResponseVerdict = {
  statusDocumented: true,
  matchedStatusKey: '200',
  contentTypeDocumented: true,
  documentedStatuses: ['200', '400'],
  documentedContentTypes: ['application/json'],
  schemaErrors: [],
};

test('status check reports documented statuses', () => {
  const result = statusCodeConformance(
    { ...verdict, statusDocumented: false, matchedStatusKey: null },
    503,
  );
  assert.equal(result.ok, false);
  assert.equal(result.received, 'HTTP 503');
  assert.equal(result.documented, 'statuses 200, 400');
  assert.deepEqual(result.errors, ['Status 503 is not documented for this operation']);
});

test('content type check names the status', () => {
  const result = contentTypeConformance(
    { ...verdict, contentTypeDocumented: false },
    'text/plain; charset=utf-8',
  );
  assert.deepEqual(result.errors, ['Media type text/plain is not documented for 200']);
});

test('content type check needs a documented status', () => {
  const result = contentTypeConformance({ ...verdict, statusDocumented: false }, 'text/plain');
  assert.equal(result.applicable, false);
});

test('schema check counts capped errors', () => {
  const error = {
    message: 'Response body property `id` must be string',
    instancePath: '/id',
    schemaPath: '#',
    keyword: 'type',
    raw: { instancePath: '/id', schemaPath: '#', keyword: 'type', params: {} },
  };
  const result = responseSchemaConformance({
    ...verdict,
    schemaErrors: [error],
    schemaErrorCount: 3,
  });
  assert.equal(result.ok, false);
  assert.deepEqual(result.errors, [
    'Response body property `id` must be string',
    'and 2 more error(s)',
  ]);
});
