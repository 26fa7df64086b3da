import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
  buildOptions,
  integerRate,
  type ArrivalRateScenario,
} from '../../scripts/core/load/options.ts';
import {
  buildPlan,
  expectedRejectedShare,
  gracefulStopSeconds,
  phaseAt,
  vusFor,
} from '../../scripts/core/load/plan.ts';
import { readLoadSettings } from '../../scripts/core/load/settings.ts';

const settings = readLoadSettings({
  EXTO_BASE_URL: 'http://127.0.0.1:4010/data',
  EXTO_LOAD_DURATION: '20',
  EXTO_LOAD_STAGE_DURATION: '5',
  EXTO_LOAD_TOKEN_COUNT: '3',
});

test('at-limit expects no 429', () => {
  const plan = buildPlan('at-limit', settings);
  assert.equal(plan.phases.length, 1);
  assert.equal(plan.phases[0]!.ratePerToken, 2.8);
  assert.deepEqual(plan.phases[0]!.expectedStatuses, [200]);
  assert.equal(plan.phases[0]!.rejections, 'none');
  assert.equal(plan.maxRequests, 56);
});

test('beyond-limit steps through multiples', () => {
  const plan = buildPlan('beyond-limit', settings);
  assert.deepEqual(
    plan.phases.map((p) => [p.name, p.ratePerToken, p.startSeconds, p.rejections]),
    [
      ['beyond_x1', 3, 0, 'tolerated'],
      ['beyond_x2', 6, 7, 'excess'],
      ['beyond_x4', 12, 14, 'excess'],
      ['beyond_x10', 30, 21, 'excess'],
    ],
  );
  assert.ok(plan.phases.every((p) => p.expectedStatuses.includes(429)));
  assert.equal(plan.maxRequests, (3 + 6 + 12 + 30) * 5);
});

test('multi-token multiplies the rate', () => {
  const plan = buildPlan('multi-token', settings);
  const options = buildOptions(plan, settings);
  const scenario = options.scenarios.multi_token as ArrivalRateScenario;
  assert.equal(plan.phases[0]!.tokens, 3);
  assert.equal(scenario.rate / Number.parseInt(scenario.timeUnit), 8.4);
});

test('spike has no gap', () => {
  const plan = buildPlan('spike', settings);
  assert.deepEqual(
    plan.phases.map((p) => [p.startSeconds, p.ratePerToken]),
    [
      [0, 3],
      [5, 30],
      [10, 3],
    ],
  );
  assert.equal(phaseAt(plan, 7)?.name, 'spike_peak');
});

test('plans are bounded in time', () => {
  for (const scenario of [
    'smoke',
    'at-limit',
    'beyond-limit',
    'multi-token',
    'soak',
    'spike',
  ] as const) {
    const plan = buildPlan(scenario, settings);
    assert.ok(plan.maxSeconds > 0, `${scenario}: ${plan.maxSeconds}`);
    assert.ok(plan.maxSeconds <= 120, `${scenario}: ${plan.maxSeconds}`);
    assert.ok(plan.maxRequests > 0, `${scenario}: ${plan.maxRequests}`);
    assert.ok(plan.maxRequests <= 300, `${scenario}: ${plan.maxRequests}`);
  }
});

test('VUs cover rate times p99', () => {
  assert.equal(vusFor(3, 1000), 5);
  assert.equal(vusFor(30, 1000), 32);
  assert.equal(vusFor(0.5, 100), 3);
  assert.equal(gracefulStopSeconds(1000), 5);
  assert.equal(gracefulStopSeconds(4000), 8);
});

test('integer rates keep fractions', () => {
  assert.deepEqual(integerRate(3), { count: 3, timeUnit: '1s' });
  assert.deepEqual(integerRate(2.8), { count: 28, timeUnit: '10s' });
  assert.deepEqual(integerRate(2.25), { count: 225, timeUnit: '100s' });
});

test('expected share follows the rate', () => {
  assert.equal(expectedRejectedShare(3, 3), 0);
  assert.equal(expectedRejectedShare(6, 3), 0.5);
  assert.equal(expectedRejectedShare(30, 3), 0.9);
});

test('at-limit thresholds forbid 429', () => {
  const options = buildOptions(buildPlan('at-limit', settings), settings);
  assert.deepEqual(options.thresholds['rl_rejected{scenario:at_limit}'], ['rate==0']);
  assert.deepEqual(options.thresholds.dropped_iterations, ['count==0']);
  assert.deepEqual(
    options.thresholds['http_req_duration{scenario:at_limit,expected_response:true}'],
    ['p(95)<500'],
  );
});

test('beyond thresholds bracket the share', () => {
  const options = buildOptions(buildPlan('beyond-limit', settings), settings);
  assert.deepEqual(options.thresholds['rl_rejected{scenario:beyond_x2}'], [
    'rate>=0.4',
    'rate<=0.6',
  ]);
  assert.deepEqual(options.thresholds['accepted{scenario:beyond_x4}'], ['count<=22.5']);
  assert.deepEqual(options.thresholds['http_req_duration{scenario:beyond_x10,status:429}'], [
    'p(95)<500',
  ]);
  assert.equal(options.thresholds['rl_rejected{scenario:beyond_x1}'], undefined);
});

test('arrival scenarios set gracefulStop', () => {
  const options = buildOptions(buildPlan('beyond-limit', settings), settings);
  const x4 = options.scenarios.beyond_x4 as ArrivalRateScenario;
  assert.equal(x4.executor, 'constant-arrival-rate');
  assert.equal(x4.gracefulStop, '5s');
  assert.equal(x4.startTime, '14s');
  assert.equal(x4.tags.phase, 'beyond_x4');
  assert.ok(x4.maxVUs >= x4.preAllocatedVUs);
});
