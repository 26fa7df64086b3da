import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
  atLimitRate,
  evenSchedule,
  judgeAtLimit,
  judgeFirstRejection,
  latestFirstRejection,
  maxSentWithin,
  simulate,
  type Sample,
} from '../../scripts/core/rate-limit/index.ts';

const POLICY = { limit: 3, windowMs: 1000 };

function timeline(times: number[], statuses: number[]): Sample[] {
  return times.map((tMs, index) => ({ tMs, status: statuses[index]! }));
}

// Ten requests 20 ms apart, as a fast client sends them.
const TEN_FAST = Array.from({ length: 10 }, (_, i) => i * 20);

test('first 429 at request four passes', () => {
  const verdict = judgeFirstRejection(
    timeline(TEN_FAST, [200, 200, 200, 429, 429, 429, 429, 429, 429, 429]),
    POLICY,
  );
  assert.equal(verdict.observed, 3);
  assert.equal(verdict.outcome, 'within-bounds');
});

test('first 429 at request three is too early', () => {
  const verdict = judgeFirstRejection(
    timeline(TEN_FAST, [200, 200, 429, 429, 429, 429, 429, 429, 429, 429]),
    POLICY,
  );
  assert.equal(verdict.outcome, 'too-early');
});

test('latest first rejection per algorithm', () => {
  assert.equal(latestFirstRejection('sliding-window', TEN_FAST, POLICY), 3);
  assert.equal(latestFirstRejection('token-bucket', TEN_FAST, POLICY), 3);
  // A window boundary after the third request lets three more through.
  assert.equal(latestFirstRejection('fixed-window', TEN_FAST, POLICY), 6);
});

test('first 429 after request seven is too late', () => {
  const statuses = [200, 200, 200, 200, 200, 200, 200, 429, 429, 429];
  const verdict = judgeFirstRejection(timeline(TEN_FAST, statuses), POLICY);
  assert.equal(verdict.latestAllowed, 6);
  assert.equal(verdict.outcome, 'too-late');
});

test('burst without any 429 is missing one', () => {
  const verdict = judgeFirstRejection(
    timeline(
      TEN_FAST,
      TEN_FAST.map(() => 200),
    ),
    POLICY,
  );
  assert.equal(verdict.outcome, 'missing');
});

test('two requests 10 ms apart expect no 429', () => {
  // nginx limit_req at 3r/s rejects the second of these; the documented limit allows both.
  const verdict = judgeFirstRejection(timeline([0, 10], [200, 429]), POLICY);
  assert.equal(verdict.latestAllowed, undefined);
  assert.equal(verdict.outcome, 'too-early');
});

test('three requests 10 ms apart all pass', () => {
  const verdict = judgeFirstRejection(timeline([0, 10, 20], [200, 200, 200]), POLICY);
  assert.equal(verdict.outcome, 'none-expected');
});

test('request after rejections depends on accounting', () => {
  const times = [...TEN_FAST, 1100];
  const uncounted = simulate('sliding-window', times, POLICY);
  const counted = simulate('sliding-window', times, POLICY, { countRejected: true });
  assert.equal(uncounted[10], true);
  assert.equal(counted[10], false);
});

test('token bucket charging rejections stays closed', () => {
  const times = [...TEN_FAST, 1100];
  const counted = simulate('token-bucket', times, POLICY, { countRejected: true });
  assert.equal(simulate('token-bucket', times, POLICY)[10], true);
  assert.equal(counted[10], false);
});

test('jitter puts four requests in one second', () => {
  const sent = timeline([0, 333, 666, 1000], [200, 200, 200, 200]);
  const received = timeline([0, 340, 650, 990], [200, 200, 200, 200]);
  assert.equal(maxSentWithin(sent), 3);
  assert.equal(maxSentWithin(received), 4);
});

test('at-limit pace absorbs 20 ms of jitter', () => {
  const rate = atLimitRate(3);
  assert.ok(Math.abs(rate - 2.8) < 1e-9);
  const jittered = evenSchedule(rate, 10_000).map((t, i) => t + (i % 2 === 0 ? 20 : -20));
  const verdict = judgeAtLimit(
    timeline(
      jittered,
      jittered.map(() => 200),
    ),
    POLICY,
  );
  assert.equal(verdict.maxSentPerWindow, 3);
  assert.equal(verdict.harnessExceededLimit, false);
});

test('at-limit 429 from harness jitter is flagged', () => {
  const verdict = judgeAtLimit(timeline([0, 340, 650, 990], [200, 200, 200, 429]), POLICY);
  assert.equal(verdict.rejected, 1);
  assert.equal(verdict.harnessExceededLimit, true);
});

test('at-limit 429 after slow responses is explained', () => {
  // Sent 357 ms apart, but the first response took 80 ms: it may have arrived within 1 s of the 4th.
  const samples = [0, 357, 714, 1071].map((tMs, i) => ({
    tMs,
    status: i === 3 ? 429 : 200,
    latencyMs: i === 0 ? 80 : 2,
  }));
  const verdict = judgeAtLimit(samples, POLICY);
  assert.equal(verdict.explainedByJitter, 1);
  assert.equal(verdict.harnessExceededLimit, true);
});

test('at-limit 429 with fast responses fails', () => {
  const samples = [0, 357, 714, 1071].map((tMs, i) => ({
    tMs,
    status: i === 3 ? 429 : 200,
    latencyMs: 2,
  }));
  const verdict = judgeAtLimit(samples, POLICY);
  assert.equal(verdict.rejected, 1);
  assert.equal(verdict.harnessExceededLimit, false);
});

test('even schedule of 6 per second for 10 s', () => {
  const schedule = evenSchedule(6, 10_000);
  assert.equal(schedule.length, 60);
  assert.ok(Math.abs(schedule[59]! - 9833.33) < 0.01);
});
