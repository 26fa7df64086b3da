import assert from 'node:assert/strict';
import { test } from 'node:test';

import type { ApiResponse } from '../../suites/support/api.ts';
import {
  currencyProblems,
  errorBodyProblems,
  nonUtcDateTimes,
} from '../../suites/support/expectations.ts';

function response(status: number, body: unknown, contentType = 'application/json'): ApiResponse {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return {
    method: 'GET',
    url: 'http://127.0.0.1/data/api/v1/x',
    path: '/api/v1/x',
    status,
    headers: { 'content-type': contentType },
    mediaType: contentType.split(';')[0]!,
    text,
    json,
    sentAt: 0,
    durationMs: 1,
    curl: '',
  };
}

const goodError = {
  code: 400,
  timestamp: '2026-01-01T00:00:00.000Z',
  path: '/api/v1/x',
  error: { summary: 'Bad Request', detail: ['Page must be greater than 0'] },
};

test('documented error body passes', () => {
  assert.deepEqual(errorBodyProblems(response(400, goodError)), []);
});

test('HTML error page fails', () => {
  const problems = errorBodyProblems(response(404, '<html>Not Found</html>', 'text/html'));
  assert.equal(problems.length, 2);
});

test('code must equal the status', () => {
  const problems = errorBodyProblems(response(404, goodError));
  assert.match(problems[0]!, /not the HTTP status 404/);
});

test('missing detail fails', () => {
  const body = { ...goodError, error: { summary: 'Bad Request' } };
  assert.match(errorBodyProblems(response(400, body))[0]!, /error.detail/);
});

test('path with a query string passes', () => {
  const body = { ...goodError, path: '/api/v1/x?page=0' };
  assert.deepEqual(errorBodyProblems(response(400, body)), []);
});

test('path of another request fails', () => {
  const body = { ...goodError, path: '/api/v1/MASTER_31' };
  assert.match(errorBodyProblems(response(400, body))[0]!, /not the request path/);
});

test('offset date-time is found', () => {
  const found = nonUtcDateTimes({ rows: [{ createdAt: '2025-01-01T10:00:00+02:00' }] });
  assert.deepEqual(
    found.map((f) => f.location),
    ['rows.0.createdAt'],
  );
});

test('UTC date-time is not found', () => {
  assert.equal(nonUtcDateTimes({ createdAt: '2025-01-01T10:00:00.000Z' }).length, 0);
});

test('currency needs an ISO code', () => {
  assert.deepEqual(currencyProblems({ label: '12 $', value: 12, currency: '$' }), [
    'currency is "$", not a 3-letter ISO 4217 code',
  ]);
});

test('currency value must be a number', () => {
  assert.equal(currencyProblems({ label: '12 USD', value: '12', currency: 'USD' }).length, 1);
});
