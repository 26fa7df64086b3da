import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
  ALGORITHMS,
  estimateLimit,
  estimateThroughput,
  ditheredSchedule,
  evenSchedule,
  fitAlgorithms,
  simulate,
  steadyAcceptedPerSecond,
  windowCounts,
  type Algorithm,
  type Sample,
} from '../../scripts/core/rate-limit/index.ts';

/** Simulates a probe at `perSecond` for 10 s from `startMs` against a modelled limiter. */
function probe(
  algorithm: Algorithm,
  limit: number,
  perSecond: number,
  startMs: number,
  phaseMs = 0,
): Sample[] {
  const times = evenSchedule(perSecond, 10_000).map((offset) => startMs + offset);
  const accepted = simulate(algorithm, times, { limit, windowMs: 1000 }, { phaseMs });
  return times.map((tMs, index) => ({ tMs, status: accepted[index] ? 200 : 429 }));
}

test('window counts split by outcome', () => {
  const counts = windowCounts([
    { tMs: 0, status: 200 },
    { tMs: 500, status: 429 },
    { tMs: 1200, status: 200 },
    { tMs: 2900, status: 503 },
  ]);
  assert.equal(counts.length, 3);
  assert.deepEqual(counts[0], { startMs: 0, accepted: 1, rejected: 1, other: 0 });
  assert.deepEqual(counts[2], { startMs: 2000, accepted: 0, rejected: 0, other: 1 });
});

for (const algorithm of ALGORITHMS) {
  for (const limit of [3, 5]) {
    test(`${algorithm} at ${limit} per second estimates within 5%`, () => {
      const probes = [
        probe(algorithm, limit, limit * 2, 1000.4, 370),
        probe(algorithm, limit, limit * 4, 13_000.7, 370),
      ];
      const estimate = estimateLimit(probes, { maxLimit: limit * 4 });
      assert.ok(estimate, 'an estimate exists');
      assert.ok(
        Math.abs(estimate.perSecond - limit) / limit <= 0.05,
        `estimate ${estimate.perSecond}`,
      );
      assert.ok(estimate.low <= estimate.perSecond, `low ${estimate.low}`);
      assert.ok(estimate.high >= estimate.perSecond, `high ${estimate.high}`);
      assert.ok(
        estimate.algorithms.includes(algorithm),
        `algorithms ${estimate.algorithms.join()}`,
      );
    });
  }
}

test('steady throughput of rate-limit-6 is 6', () => {
  const rate = steadyAcceptedPerSecond(probe('fixed-window', 6, 12, 0, 250));
  assert.equal(rate, 6);
});

test('steady throughput skips the burst window', () => {
  // A fresh token bucket accepts 3 at once plus 3 per second, so whole-probe throughput is 3.3.
  const samples = probe('token-bucket', 3, 6, 0);
  const accepted = samples.filter((sample) => sample.status === 200).length;
  assert.ok(accepted > 31, `accepted ${accepted}`);
  assert.ok(Math.abs(steadyAcceptedPerSecond(samples)! - 3) < 0.2);
});

test('estimate needs a full steady window', () => {
  assert.equal(estimateLimit([], { maxLimit: 12 }), undefined);
  assert.equal(estimateThroughput([{ tMs: 0, status: 200 }]), undefined);
});

test('bootstrap interval widens with spread', () => {
  const uneven: Sample[] = [];
  for (let second = 0; second < 10; second += 1) {
    const accepted = second % 2 === 0 ? 2 : 4;
    for (let k = 0; k < 6; k += 1) {
      uneven.push({ tMs: second * 1000 + k * 166, status: k < accepted ? 200 : 429 });
    }
  }
  const estimate = estimateThroughput(uneven, { endMs: 10_000 })!;
  assert.ok(estimate.high - estimate.low > 0.5, `interval ${estimate.low}..${estimate.high}`);
  assert.ok(estimate.low < 3, `low ${estimate.low}`);
  assert.ok(estimate.high > 3, `high ${estimate.high}`);
});

test('token bucket fits its own timeline best', () => {
  const segments = [probe('token-bucket', 3, 6, 0), probe('token-bucket', 3, 12, 20_000)];
  const fit = fitAlgorithms(segments, { limit: 3, windowMs: 1000 });
  assert.deepEqual(fit.best, ['token-bucket']);
});

test('sliding window is told from fixed by recovery', () => {
  // Three requests 400 ms apart, then one every 100 ms: a sliding window frees one slot each time
  // an early request ages out, so accepts come singly; a fixed window accepts three in a row.
  const times = [0, 400, 800, ...Array.from({ length: 20 }, (_, i) => 1050 + i * 100)];
  const sliding = simulate('sliding-window', times, { limit: 3, windowMs: 1000 });
  const segment = times.map((tMs, index) => ({ tMs, status: sliding[index] ? 200 : 429 }));
  const fit = fitAlgorithms([segment], { limit: 3, windowMs: 1000 });
  assert.deepEqual(fit.best, ['sliding-window']);
});

test('fixed window fit finds the phase', () => {
  const segment = probe('fixed-window', 3, 6, 0, 420);
  const fit = fitAlgorithms([segment], { limit: 3, windowMs: 1000 });
  const fixed = fit.fits.find((entry) => entry.algorithm === 'fixed-window')!;
  assert.equal(fixed.score, 1);
  assert.ok(fit.best.includes('fixed-window'));
});

test('fit ignores statuses other than 2xx and 429', () => {
  const fit = fitAlgorithms([[{ tMs: 0, status: 500 }]], { limit: 3, windowMs: 1000 });
  assert.deepEqual(fit.best, []);
});

/**
 * A fixed window that opens at the first request after the previous one closed, as the reference
 * server's is; `jitterMs` moves each arrival by a fixed pseudo-random amount.
 */
function anchoredFixedWindow(times: number[], limit: number, jitterMs: number): Sample[] {
  let windowStart = Number.NEGATIVE_INFINITY;
  let used = 0;
  return times.map((tMs, index) => {
    const arrival = tMs + ((index * 7919) % 13) * (jitterMs / 12);
    if (arrival >= windowStart + 1000) {
      windowStart = arrival;
      used = 0;
    }
    const accepted = used < limit;
    if (accepted) used += 1;
    return { tMs, status: accepted ? 200 : 429 };
  });
}

test('anchored fixed window estimates its limit', () => {
  const six = evenSchedule(6, 10_000);
  const twelve = evenSchedule(12, 10_000).map((t) => t + 20_000);
  const probes = [anchoredFixedWindow(six, 3, 6), anchoredFixedWindow(twelve, 3, 6)];
  const estimate = estimateLimit(probes, { maxLimit: 12 })!;
  assert.equal(estimate.perSecond, 3);
  // Its accepted throughput is lower than the limit, which is why the estimate fits a model.
  assert.ok(steadyAcceptedPerSecond(probes[0]!)! < 3);
});

test('dithered probes tell anchored from sliding', () => {
  const six = ditheredSchedule(6, 10_000, 7);
  const twelve = ditheredSchedule(12, 10_000, 11).map((t) => t + 20_000);
  const anchored = [anchoredFixedWindow(six, 3, 6), anchoredFixedWindow(twelve, 3, 6)];
  const fit = fitAlgorithms(anchored, { limit: 3, windowMs: 1000 });
  assert.deepEqual(fit.best, ['fixed-window']);

  const slidingTimes = [six, twelve].map((times) => {
    const accepted = simulate('sliding-window', times, { limit: 3, windowMs: 1000 });
    return times.map((tMs, i) => ({ tMs, status: accepted[i] ? 200 : 429 }));
  });
  assert.deepEqual(fitAlgorithms(slidingTimes, { limit: 3, windowMs: 1000 }).best, [
    'sliding-window',
  ]);
});

test('dithered schedule keeps count and order', () => {
  const schedule = ditheredSchedule(12, 10_000, 3);
  assert.equal(schedule.length, 120);
  assert.ok(schedule.every((t, i) => i === 0 || t > schedule[i - 1]!));
});
