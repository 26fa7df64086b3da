import assert from 'node:assert/strict';
import { request } from 'node:http';
import { after, before, test } from 'node:test';
import { MAX_JSON_BODY_BYTES } from '../../reference/http/body.ts';
import { MAX_URI_LENGTH } from '../../reference/server.ts';
import { startTestServer, TIMESTAMP, type CallResult, type TestServer } from './server-helpers.ts';

let t: TestServer;
before(async () => {
  t = await startTestServer();
});
after(() => t.close());

function assertErrorBody(response: CallResult, status: number, path: string): void {
  assert.equal(response.status, status);
  assert.equal(response.headers.get('content-type'), 'application/json; charset=utf-8');
  assert.equal(response.json.code, status);
  assert.match(response.json.timestamp, TIMESTAMP);
  assert.equal(response.json.path, path);
  assert.equal(typeof response.json.error.summary, 'string');
  assert.ok(Array.isArray(response.json.error.detail));
  assert.ok(response.json.error.detail.length > 0);
  for (const item of response.json.error.detail) assert.equal(typeof item, 'string');
}

test('unknown route gives 404 error body', async () => {
  const response = await t.call('/api/v1/nothing-here?page=1');
  assertErrorBody(response, 404, '/api/v1/nothing-here');
  const outside = await fetch(t.server.baseUrl.replace('/data', '/elsewhere'));
  assert.equal(outside.status, 404);
});

test('wrong method gives 405 with Allow', async () => {
  const response = await t.call('/api/v1/health/readiness', { method: 'POST', auth: false });
  assertErrorBody(response, 405, '/api/v1/health/readiness');
  assert.equal(response.headers.get('allow'), 'GET');
  const jobs = await t.call('/api/v1/jobstatus/abc', { method: 'DELETE' });
  assert.equal(jobs.headers.get('allow'), 'GET, PUT');
  const hierarchy = await t.call('/api/v1/hierarchy-master-record/ASSET_TREE', {
    method: 'DELETE',
  });
  assert.equal(hierarchy.headers.get('allow'), 'GET, PATCH, POST');
});

test('malformed JSON gives 400', async () => {
  const response = await t.call('/api/v1/master-record/LOCATION', {
    method: 'POST',
    rawBody: '[{"code":',
    headers: { 'Content-Type': 'application/json' },
  });
  assertErrorBody(response, 400, '/api/v1/master-record/LOCATION');
  assert.match(response.json.error.detail[0], /^Request body is not valid JSON/);
  const empty = await t.call('/api/v1/master-record/LOCATION', { method: 'POST' });
  assertErrorBody(empty, 400, '/api/v1/master-record/LOCATION');
});

test('oversized body gives 413', async () => {
  const response = await t.call('/api/v1/master-record/LOCATION', {
    method: 'POST',
    rawBody: ' '.repeat(MAX_JSON_BODY_BYTES + 1),
    headers: { 'Content-Type': 'application/json' },
  });
  assertErrorBody(response, 413, '/api/v1/master-record/LOCATION');
});

test('write of 1001 items gives 400', async () => {
  const body = Array.from({ length: 1001 }, (_, i) => ({ code: `BULK-${i}` }));
  for (const path of [
    '/api/v1/master-record/LOCATION',
    '/api/v1/module-record/SAT_TDSP?userName=johndoe@exto360.com',
    '/api/v1/hierarchy-master-record/ASSET_TREE',
  ]) {
    const response = await t.call(path, { method: 'POST', body });
    assertErrorBody(response, 400, path.split('?')[0]!);
  }
});

test('over-long URI gives 414', async () => {
  const path = `/api/v1/health/readiness?x=${'a'.repeat(MAX_URI_LENGTH)}`;
  const response = await t.call(path, { auth: false });
  assertErrorBody(response, 414, '/api/v1/health/readiness');
  // Past Node's own header limit the parser rejects the request before the handler runs.
  const huge = await rawGet(`/data/api/v1/health/readiness?x=${'a'.repeat(300_000)}`);
  assert.equal(huge.status, 414);
  assert.equal(JSON.parse(huge.body).code, 414);
});

test('error path drops base and query', async () => {
  const response = await t.call('/api/v1/master-record/LOCATION?pageSize=0&page=1');
  assertErrorBody(response, 400, '/api/v1/master-record/LOCATION');
});

test('HEAD is answered like GET', async () => {
  const response = await fetch(`${t.server.baseUrl}/api/v1/health/readiness`, { method: 'HEAD' });
  assert.equal(response.status, 200);
  assert.equal(await response.text(), '');
});

test('401 uses the error body', async () => {
  const response = await t.call('/api/v1/master-record/LOCATION', { auth: false });
  assertErrorBody(response, 401, '/api/v1/master-record/LOCATION');
});

/** Sends a raw GET, because fetch refuses some request lines that this test needs. */
function rawGet(path: string): Promise<{ status: number; body: string }> {
  const url = new URL(t.server.baseUrl);
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, path, method: 'GET' }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}
