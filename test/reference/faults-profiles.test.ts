import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { FaultName } from '../../reference/faults.ts';
import { OVERLOAD_LIMIT } from '../../reference/server.ts';
import { startTestServer, type TestServer } from './server-helpers.ts';

async function withServer(
  faults: FaultName[],
  body: (t: TestServer) => Promise<void>,
): Promise<void> {
  const t = await startTestServer(faults);
  try {
    await body(t);
  } finally {
    await t.close();
  }
}

test('html-errors sends HTML error pages', () =>
  withServer(['html-errors'], async (t) => {
    for (const [path, status] of [
      ['/api/v1/nothing', 404],
      ['/api/v1/master-record/LOCATION?pageSize=0', 400],
      ['/api/v1/master-record/ITEM_MASTER', 500],
    ] as const) {
      const response = await t.call(path);
      assert.equal(response.status, status, path);
      assert.equal(response.headers.get('content-type'), 'text/html', path);
      assert.match(response.text, /^<html>/, path);
      assert.equal(response.json, undefined, path);
    }
    const anonymous = await t.call('/api/v1/build/info', { auth: false });
    assert.equal(anonymous.headers.get('content-type'), 'text/html');
    const ok = await t.call('/api/v1/master-record/LOCATION?pageSize=1');
    assert.equal(ok.headers.get('content-type'), 'application/json; charset=utf-8');
  }));

test('error-detail-missing drops error.detail', () =>
  withServer(['error-detail-missing'], async (t) => {
    const response = await t.call('/api/v1/master-record/LOCATION?page=0');
    assert.equal(response.status, 400);
    assert.equal(typeof response.json.error.summary, 'string');
    assert.equal('detail' in response.json.error, false);
  }));

test('total-pages-string sends a string', () =>
  withServer(['total-pages-string'], async (t) => {
    const response = await t.call('/api/v1/master-record/LOCATION?pageSize=100');
    assert.equal(response.json.totalPages, '12');
    const module = await t.call('/api/v1/module-record/SAT_TDSP?pageSize=100');
    assert.equal(module.json.totalPages, '2');
  }));

test('page-size-unbounded accepts pageSize 1001', () =>
  withServer(['page-size-unbounded'], async (t) => {
    const response = await t.call('/api/v1/master-record/LOCATION?pageSize=1001');
    assert.equal(response.status, 200);
    assert.equal(response.json.rows.length, 1001);
    assert.equal((await t.call('/api/v1/master-record/LOCATION?pageSize=0')).status, 400);
    const expand = await t.call('/api/v1/module-record/SAT_TDSP/expand?pageSize=101');
    assert.equal(expand.status, 400);
  }));

test('unauthenticated-operation opens build info', () =>
  withServer(['unauthenticated-operation'], async (t) => {
    const response = await t.call('/api/v1/build/info', { auth: false });
    assert.equal(response.status, 200);
    assert.equal(response.json.name, 'exto-data-api');
    assert.equal((await t.call('/api/v1/master-record/LOCATION', { auth: false })).status, 401);
  }));

test('invalid-filter-500 answers 500', () =>
  withServer(['invalid-filter-500'], async (t) => {
    const response = await t.call('/api/v1/master-record/LOCATION?filter=number1:zz:3');
    assert.equal(response.status, 500);
    assert.equal(response.json.code, 500);
    assert.equal((await t.call('/api/v1/master-record/LOCATION?filter=number1:eq:3')).status, 200);
  }));

test('slow-lists-800ms delays only lists', () =>
  withServer(['slow-lists-800ms'], async (t) => {
    // Ordering instead of timing: a health probe sent after the list still finishes first.
    const finished: string[] = [];
    const list = t
      .call('/api/v1/master-record/LOCATION?pageSize=1')
      .then(() => finished.push('list'));
    const info = t.call('/api/v1/build/info').then(() => finished.push('info'));
    const probe = t
      .call('/api/v1/health/readiness', { auth: false })
      .then(() => finished.push('probe'));
    await Promise.all([list, info, probe]);
    assert.equal(finished[2], 'list');
  }));

test('overload-503 rejects excess concurrency', () =>
  withServer(['overload-503', 'slow-lists-800ms'], async (t) => {
    // Slow lists keep every request in flight long enough to overlap.
    const responses = await Promise.all(
      Array.from({ length: OVERLOAD_LIMIT + 10 }, () =>
        t.call('/api/v1/master-record/LOCATION?pageSize=1'),
      ),
    );
    const rejected = responses.filter((r) => r.status === 503);
    const served = responses.filter((r) => r.status === 200);
    assert.ok(rejected.length > 0, 'no 503');
    assert.ok(served.length >= OVERLOAD_LIMIT, `only ${served.length} served`);
    assert.equal(rejected[0]!.json.code, 503);
    assert.equal(rejected[0]!.headers.get('retry-after'), '1');
  }));

test('clean server serves the same concurrency', () =>
  withServer(['slow-lists-800ms'], async (t) => {
    const responses = await Promise.all(
      Array.from({ length: OVERLOAD_LIMIT + 10 }, () =>
        t.call('/api/v1/master-record/LOCATION?pageSize=1'),
      ),
    );
    assert.deepEqual(new Set(responses.map((r) => r.status)), new Set([200]));
  }));
