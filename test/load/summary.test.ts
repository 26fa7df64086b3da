import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';

import { metricValue, parseSummary, readSummaryFile } from '../../scripts/lib/k6/summary.ts';

// Recorded with k6 v1.3.0: two constant-arrival-rate scenarios, at_limit (3/s) and beyond_limit
// (6/s).
const fixture = (name: string) => new URL(`./fixtures/${name}`, import.meta.url).pathname;

test('handleSummary thresholds parse', () => {
  const summary = readSummaryFile(fixture('handle-summary.json'));
  assert.deepEqual(summary.thresholds, [
    { metric: 'http_req_duration{phase:at_limit}', expression: 'p(95)<500', ok: true },
    { metric: 'http_req_failed', expression: 'rate<0.01', ok: true },
    { metric: 'rate_limited_requests{phase:at_limit}', expression: 'count<1', ok: true },
  ]);
  assert.equal(summary.durationMs, 21001.953438);
});

test('summary-export matches handleSummary', () => {
  const handle = readSummaryFile(fixture('handle-summary.json'));
  const exported = readSummaryFile(fixture('summary-export.json'));
  assert.deepEqual(exported.thresholds, handle.thresholds);
  assert.deepEqual(exported.checks, handle.checks);
  assert.equal(metricValue(exported, 'http_reqs', 'count'), 92);
  assert.equal(metricValue(exported, 'http_req_failed', 'rate'), 0);
  assert.equal(metricValue(handle, 'rate_limited_requests', 'count'), 30);
});

test('checks parse from either format', () => {
  const summary = readSummaryFile(fixture('handle-summary.json'));
  assert.deepEqual(summary.checks, [{ name: 'status is 200 or 429', passes: 92, fails: 0 }]);
});

test('crossed export threshold reads failed', () => {
  const json = JSON.parse(readFileSync(fixture('summary-export.json'), 'utf8'));
  json.metrics.http_req_failed.thresholds['rate<0.01'] = true;
  const crossed = parseSummary(json).thresholds.find((t) => t.metric === 'http_req_failed');
  assert.equal(crossed?.ok, false);
});

test('non-summary JSON is rejected', () => {
  assert.throws(() => parseSummary({ root_group: {} }, 'x.json'), /x.json is not a k6 summary/);
});
