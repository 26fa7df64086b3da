import assert from 'node:assert/strict';
import { test } from 'node:test';

import type { LoadPlan } from '../../scripts/core/load/plan.ts';
import { analyzeLoad, percentiles } from '../../scripts/lib/k6/analysis.ts';
import {
  acceptedThroughputBand,
  loadChartData,
  loadChecks,
  requestCountCheck,
} from '../../scripts/lib/k6/checks.ts';
import type { MetricStream, RequestSample } from '../../scripts/lib/k6/stream.ts';
import { readMetricStream } from '../../scripts/lib/k6/stream.ts';
import { readSummaryFile } from '../../scripts/lib/k6/summary.ts';
import { fixturePlan, k6Fixture } from './fixture-plan.ts';

const fixture = k6Fixture;

const checkOf = (checks: ReturnType<typeof loadChecks>, id: string) => {
  const check = checks.find((c) => c.id === id);
  assert.ok(check, `check ${id} is missing`);
  return check;
};

test('fixture phases measure throughput', async () => {
  const stream = await readMetricStream(fixture('metrics.ndjson'));
  const analysis = analyzeLoad(
    fixturePlan,
    stream,
    readSummaryFile(fixture('handle-summary.json')),
    0,
  );
  const [atLimit, beyond] = analysis.phases;
  assert.equal(atLimit!.accepted, 31);
  assert.equal(atLimit!.rejected, 0);
  assert.equal(beyond!.accepted, 31);
  assert.equal(beyond!.rejected, 30);
  const steady = beyond!.steadyAcceptedPerSecondPerToken!;
  assert.ok(Math.abs(steady - 3) < 0.1, `${steady}/s accepted after the first second`);
  assert.equal(beyond!.limitEstimatePerSecond, 3);
  assert.equal(atLimit!.limitEstimatePerSecond, undefined);
  assert.equal(analysis.serverErrors, 0);
  assert.equal(analysis.dropped, 0);
});

test('fixture estimates the limit', async () => {
  const stream = await readMetricStream(fixture('metrics.ndjson'));
  const analysis = analyzeLoad(fixturePlan, stream, undefined);
  assert.equal(analysis.measuredLimit?.perSecond, 3);
});

test('fixture checks pass', async () => {
  const stream = await readMetricStream(fixture('metrics.ndjson'));
  const analysis = analyzeLoad(
    fixturePlan,
    stream,
    readSummaryFile(fixture('handle-summary.json')),
    0,
  );
  const checks = loadChecks(analysis, { p95Ms: 500 });
  for (const id of [
    'load.beyond-limit.thresholds',
    'load.beyond-limit.no-5xx',
    'load.beyond-limit.dropped-iterations',
    'load.beyond-limit.no-429',
    'load.beyond-limit.accepted-throughput',
    'load.beyond-limit.rejected-latency',
    'load.beyond-limit.latency',
  ]) {
    assert.equal(checkOf(checks, id).status, 'passed', id);
  }
  assert.equal(checkOf(checks, 'load.beyond-limit.schema').status, 'skipped');
});

test('chart data counts each second', async () => {
  const stream = await readMetricStream(fixture('metrics.ndjson'));
  const analysis = analyzeLoad(fixturePlan, stream, undefined);
  const chart = loadChartData(analysis, fixturePlan);
  assert.equal(chart.kind, 'load');
  assert.equal(chart.scenario, 'beyond-limit');
  assert.equal(
    chart.perSecond.reduce((sum, s) => sum + s.accepted, 0),
    62,
  );
  assert.equal(
    chart.perSecond.reduce((sum, s) => sum + s.rejected, 0),
    30,
  );
  // The run spans 21 s; request start times put it into 21 or 22 one-second buckets.
  assert.ok(
    chart.perSecond.length >= 21 && chart.perSecond.length <= 22,
    `${chart.perSecond.length}`,
  );
  assert.equal(chart.perSecond[0]!.rejected, 0);
  assert.equal(chart.measuredLimitPerSecond, 3);
});

/** Requests at `rate` per second on token 0 with the given statuses, starting at 0 ms. */
function paced(scenario: string, rate: number, statuses: number[]): RequestSample[] {
  return statuses.map((status, index) => ({
    startMs: (index * 1000) / rate,
    durationMs: 5,
    status,
    scenario,
    token: 0,
    expected: status === 200,
  }));
}

const atLimitPlan: LoadPlan = {
  ...fixturePlan,
  scenario: 'at-limit',
  phases: [fixturePlan.phases[0]!],
};

function streamOf(requests: RequestSample[], dropped: Record<string, number> = {}): MetricStream {
  return { requests, dropped, setupRequests: 0, malformedLines: [] };
}

test('429 below the limit fails', () => {
  const statuses = Array.from({ length: 20 }, (_, i) => (i === 7 ? 429 : 200));
  const analysis = analyzeLoad(atLimitPlan, streamOf(paced('at_limit', 2.8, statuses)), undefined);
  const check = checkOf(loadChecks(analysis, { p95Ms: 500 }), 'load.at-limit.no-429');
  assert.equal(check.status, 'failed');
  assert.match(check.message!, /1 requests got 429/);
});

test('harness jitter downgrades 429', () => {
  const requests = paced('at_limit', 2.8, Array(12).fill(200));
  // A fourth request squeezed into the first second by timer jitter.
  requests.push({ ...requests[0]!, startMs: 990, status: 429, expected: false });
  requests.sort((a, b) => a.startMs - b.startMs);
  const analysis = analyzeLoad(atLimitPlan, streamOf(requests), undefined);
  const check = checkOf(loadChecks(analysis, { p95Ms: 500 }), 'load.at-limit.no-429');
  assert.equal(check.status, 'warning');
  assert.match(check.message!, /timer jitter/);
});

test('server errors fail', () => {
  const statuses = [200, 200, 503, 200, 500];
  const analysis = analyzeLoad(atLimitPlan, streamOf(paced('at_limit', 2.8, statuses)), undefined);
  const check = checkOf(loadChecks(analysis, { p95Ms: 500 }), 'load.at-limit.no-5xx');
  assert.equal(check.status, 'failed');
  assert.equal(analysis.serverErrors, 2);
});

test('dropped iterations fail', () => {
  const analysis = analyzeLoad(
    atLimitPlan,
    streamOf(paced('at_limit', 2.8, [200, 200]), { at_limit: 22 }),
    undefined,
  );
  const check = checkOf(loadChecks(analysis, { p95Ms: 500 }), 'load.at-limit.dropped-iterations');
  assert.equal(check.status, 'failed');
  assert.match(check.message!, /dropped 22 iterations/);
});

test('missing limiter fails throughput', () => {
  const beyondPlan: LoadPlan = { ...fixturePlan, phases: [fixturePlan.phases[1]!] };
  const analysis = analyzeLoad(
    beyondPlan,
    streamOf(paced('beyond_limit', 6, Array(60).fill(200))),
    undefined,
  );
  const check = checkOf(
    loadChecks(analysis, { p95Ms: 500 }),
    'load.beyond-limit.accepted-throughput',
  );
  assert.equal(check.status, 'failed');
  assert.match(check.message!, /beyond_limit \(6\/s sent\): 6\/s accepted/);
});

test('no summary breaks thresholds check', () => {
  const analysis = analyzeLoad(atLimitPlan, streamOf([]), undefined, 107);
  const check = checkOf(loadChecks(analysis, { p95Ms: 500 }), 'load.at-limit.thresholds');
  assert.equal(check.status, 'broken');
});

test('percentiles use nearest rank', () => {
  const values = Array.from({ length: 100 }, (_, i) => i + 1);
  assert.deepEqual(percentiles(values), { p50: 50, p95: 95, p99: 99, max: 100, count: 100 });
  assert.equal(percentiles([]), undefined);
});

test('jitter excuses the 429 threshold', () => {
  const requests = paced('at_limit', 2.8, Array(12).fill(200));
  requests.push({ ...requests[0]!, startMs: 990, status: 429, expected: false });
  requests.sort((a, b) => a.startMs - b.startMs);
  const summary = {
    metrics: {},
    checks: [],
    thresholds: [
      { metric: 'rl_rejected{scenario:at_limit}', expression: 'rate==0', ok: false },
      { metric: 'server_errors', expression: 'count==0', ok: true },
    ],
  };
  const analysis = analyzeLoad(atLimitPlan, streamOf(requests), summary, 99);
  const check = checkOf(loadChecks(analysis, { p95Ms: 500 }), 'load.at-limit.thresholds');
  assert.equal(check.status, 'passed');
  assert.match(check.message!, /harness jitter/);
});

test('real 429 keeps the threshold failed', () => {
  const statuses = Array.from({ length: 20 }, (_, i) => (i === 7 ? 429 : 200));
  const summary = {
    metrics: {},
    checks: [],
    thresholds: [{ metric: 'rl_rejected{scenario:at_limit}', expression: 'rate==0', ok: false }],
  };
  const analysis = analyzeLoad(
    atLimitPlan,
    streamOf(paced('at_limit', 2.8, statuses)),
    summary,
    99,
  );
  const check = checkOf(loadChecks(analysis, { p95Ms: 500 }), 'load.at-limit.thresholds');
  assert.equal(check.status, 'failed');
});

test('request counts reconcile within one', () => {
  assert.equal(requestCountCheck('at-limit', 85, 84).status, 'passed');
  assert.equal(requestCountCheck('at-limit', 85, 80).status, 'warning');
  assert.equal(requestCountCheck('at-limit', 85, undefined).status, 'skipped');
});

test('throughput band allows window loss', () => {
  const atTwice = acceptedThroughputBand(3, 6);
  assert.ok(Math.abs(atTwice.low - 3 / (1 + 1 / 6)) < 1e-9);
  assert.ok(Math.abs(atTwice.high - 3.3) < 1e-9);
});

test('throughput band keeps 10 % at high rates', () => {
  const atTenTimes = acceptedThroughputBand(3, 30);
  assert.ok(Math.abs(atTenTimes.low - 2.7) < 1e-9);
});
