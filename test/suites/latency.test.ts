import assert from 'node:assert/strict';
import { test } from 'node:test';

import type { ApiResponse } from '../../suites/support/api.ts';
import { LatencyLog, overBound, percentile, summarize } from '../../suites/support/latency.ts';

function response(path: string, durationMs: number, status = 200, method = 'GET'): ApiResponse {
  return {
    method,
    url: '',
    path,
    status,
    headers: {},
    mediaType: 'application/json',
    text: '',
    json: undefined,
    sentAt: 0,
    durationMs,
    curl: '',
  };
}

test('percentile uses nearest rank', () => {
  const values = Array.from({ length: 20 }, (_, index) => index + 1);
  assert.equal(percentile(values, 95), 19);
  assert.equal(percentile(values, 50), 10);
  assert.equal(percentile([7], 95), 7);
  assert.ok(Number.isNaN(percentile([], 95)));
});

test('summary rounds and keeps max', () => {
  assert.deepEqual(summarize([10.4, 20.6, 900.2]), { count: 3, p50: 21, p95: 900, max: 900 });
});

test('log keeps successful list GETs', () => {
  const log = new LatencyLog();
  log.record(response('/api/v1/master-record/LOCATION', 12));
  log.record(response('/api/v1/master-record/LOCATION', 900, 400));
  log.record(response('/api/v1/master-record/LOCATION', 900, 200, 'POST'));
  log.record(response('/api/v1/module-record/X/expand', 900));
  log.record(response('/api/v1/workspace', 30));
  const summaries = log.summaries();
  assert.deepEqual(Object.keys(summaries).sort(), [
    '/api/v1/master-record/{masterName}',
    '/api/v1/workspace',
  ]);
  assert.equal(summaries['/api/v1/master-record/{masterName}']!.count, 1);
});

test('over bound names slow lists', () => {
  const slow = overBound(
    {
      '/a': { count: 2, p50: 800, p95: 820, max: 820 },
      '/b': { count: 2, p50: 10, p95: 750, max: 750 },
    },
    750,
  );
  assert.deepEqual(slow, ['/a p95=820 ms']);
});

test('count follows recorded samples', () => {
  const log = new LatencyLog();
  assert.equal(log.count('/api/v1/workspace'), 0);
  log.record(response('/api/v1/workspace', 5));
  assert.equal(log.count('/api/v1/workspace'), 1);
});
