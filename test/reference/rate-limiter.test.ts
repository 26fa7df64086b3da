import assert from 'node:assert/strict';
import { test } from 'node:test';

import type { ConsumeResult, RateLimiter } from '../../reference/auth/types.ts';
import type { FaultName } from '../../reference/faults.ts';
import type { RateLimitAlgorithm } from '../../reference/options.ts';
import {
  FixedWindowCounter,
  SlidingWindowCounter,
  TokenBucketCounter,
} from '../../reference/rate-limit/algorithms.ts';
import { createRateLimiter, KeyedLimiter } from '../../reference/rate-limit/limiter.ts';

const ALGORITHMS: RateLimitAlgorithm[] = ['fixed-window', 'sliding-window', 'token-bucket'];
/** An arbitrary monotonic-clock origin, so no algorithm relies on time starting at 0. */
const T0 = 123_456.789;

function limiter(algorithm: RateLimitAlgorithm, faults: FaultName[] = [], perSecond = 3) {
  return createRateLimiter({ perSecond, algorithm, faults });
}

/** Sends one request per offset (milliseconds after T0) and returns which were allowed. */
function run(target: RateLimiter, offsets: number[], key = 'k'): ConsumeResult[] {
  return offsets.map((offset) => target.consume(key, T0 + offset));
}

function allowed(results: ConsumeResult[]): boolean[] {
  return results.map((result) => result.allowed);
}

/** Ten requests 20 ms apart: the fourth is the first over a limit of 3 per second. */
const BURST = [0, 20, 40, 60, 80, 100, 120, 140, 160, 180];
const BURST_EXPECTED = [true, true, true, false, false, false, false, false, false, false];

for (const algorithm of ALGORITHMS) {
  test(`${algorithm}: burst rejects from #4`, () => {
    assert.deepEqual(allowed(run(limiter(algorithm), BURST)), BURST_EXPECTED);
  });

  test(`${algorithm}: rejections consume no quota`, () => {
    const target = limiter(algorithm);
    run(target, BURST);
    assert.equal(target.consume('k', T0 + 1100).allowed, true);
  });

  test(`${algorithm}: waiting Retry-After succeeds`, () => {
    for (let rejected = 3; rejected < BURST.length; rejected += 1) {
      const target = limiter(algorithm);
      const results = run(target, BURST.slice(0, rejected + 1));
      const last = results[rejected];
      assert.equal(last?.allowed, false);
      const retryAfter = last && !last.allowed ? last.retryAfterSeconds : NaN;
      assert.equal(retryAfter, 1, `request #${rejected + 1}`);
      const retry = target.consume('k', T0 + (BURST[rejected] ?? 0) + retryAfter * 1000);
      assert.equal(retry.allowed, true, `retry after request #${rejected + 1}`);
    }
  });

  test(`${algorithm}: three close requests pass`, () => {
    assert.deepEqual(allowed(run(limiter(algorithm), [0, 10])), [true, true]);
    assert.deepEqual(allowed(run(limiter(algorithm), [0, 10, 20, 30])), [true, true, true, false]);
  });

  test(`${algorithm}: remaining counts down`, () => {
    const results = run(limiter(algorithm), [0, 1, 2]);
    assert.deepEqual(
      results.map((result) => (result.allowed ? result.remaining : -1)),
      [2, 1, 0],
    );
    assert.deepEqual(
      results.map((result) => result.limit),
      [3, 3, 3],
    );
  });

  test(`${algorithm}: keys count separately`, () => {
    const target = limiter(algorithm);
    run(target, [0, 1, 2], 'a');
    assert.equal(target.consume('a', T0 + 3).allowed, false);
    assert.equal(target.consume('b', T0 + 3).allowed, true);
  });

  test(`${algorithm}: no-rate-limit fault allows all`, () => {
    const results = run(
      limiter(algorithm, ['no-rate-limit']),
      Array.from({ length: 50 }, () => 0),
    );
    assert.equal(
      results.every((result) => result.allowed),
      true,
    );
  });

  test(`${algorithm}: rate-limit-6 fault allows six`, () => {
    const results = run(limiter(algorithm, ['rate-limit-6']), [0, 1, 2, 3, 4, 5, 6]);
    assert.deepEqual(allowed(results), [true, true, true, true, true, true, false]);
    assert.equal(results[6]?.limit, 6);
  });

  test(`${algorithm}: configured limit applies`, () => {
    const results = run(limiter(algorithm, [], 5), [0, 1, 2, 3, 4, 5]);
    assert.deepEqual(allowed(results), [true, true, true, true, true, false]);
  });

  test(`${algorithm}: steady 2.8 per second passes`, () => {
    const offsets = Array.from({ length: 28 }, (_, i) => (i * 1000) / 2.8);
    assert.equal(allowed(run(limiter(algorithm), offsets)).every(Boolean), true);
  });
}

test('fixed window resets after one second', () => {
  // Three early in the window, then three right after it closes: the fixed window allows all six.
  const results = run(limiter('fixed-window'), [0, 900, 950, 1000, 1010, 1020]);
  assert.deepEqual(allowed(results), [true, true, true, true, true, true]);
});

test('fixed window opens at first request', () => {
  // Clock-aligned windows would let a burst across a second boundary through twice.
  const target = new FixedWindowCounter(3);
  const decisions = [999.99, 1000.0, 1000.01, 1000.02].map((t) => target.tryConsume(t));
  assert.deepEqual(
    decisions.map((d) => d.allowed),
    [true, true, true, false],
  );
});

test('sliding window counts the rolling second', () => {
  const results = run(limiter('sliding-window'), [0, 900, 950, 1000, 1010]);
  assert.deepEqual(allowed(results), [true, true, true, true, false]);
  const last = results[4];
  assert.equal(last && !last.allowed ? last.retryAfterSeconds : 0, 1);
});

test('sliding window frees at oldest plus 1 s', () => {
  const target = new SlidingWindowCounter(3);
  [0, 500, 600].forEach((t) => target.tryConsume(t));
  const early = target.tryConsume(999.999);
  assert.equal(early.allowed, false);
  const waitMs = early.allowed ? NaN : early.waitMs;
  assert.ok(Math.abs(waitMs - 0.001) < 1e-6, `waitMs ${waitMs}`);
  assert.equal(target.tryConsume(1000).allowed, true);
  assert.equal(target.tryConsume(1001).allowed, false);
});

test('token bucket refills continuously', () => {
  const target = new TokenBucketCounter(3);
  [0, 0, 0].forEach((t) => target.tryConsume(t));
  const empty = target.tryConsume(0);
  assert.equal(empty.allowed, false);
  const waitMs = !empty.allowed ? empty.waitMs : NaN;
  assert.ok(Math.abs(waitMs - 1000 / 3) < 1e-9);
  assert.equal(target.tryConsume(waitMs - 1).allowed, false);
  assert.equal(target.tryConsume(waitMs).allowed, true);
});

test('token bucket admits jittered pacing', () => {
  // Arrivals of a 3/s client compressed by jitter: four inside 990 ms.
  assert.deepEqual(allowed(run(limiter('token-bucket'), [0, 340, 650, 990])), [
    true,
    true,
    true,
    true,
  ]);
  assert.deepEqual(allowed(run(limiter('sliding-window'), [0, 340, 650, 990])), [
    true,
    true,
    true,
    false,
  ]);
});

test('token bucket caps at capacity', () => {
  const results = run(limiter('token-bucket'), [0, 10_000, 10_001, 10_002, 10_003]);
  assert.deepEqual(allowed(results), [true, true, true, true, false]);
});

test('retry-after is never zero', () => {
  const target = new KeyedLimiter(SlidingWindowCounter, 3, 10);
  [0, 1, 2].forEach((t) => target.consume('k', t));
  const rejected = target.consume('k', 999.9);
  assert.equal(rejected.allowed ? 0 : rejected.retryAfterSeconds, 1);
});

test('idle keys are forgotten', () => {
  const target = new KeyedLimiter(FixedWindowCounter, 3, 100);
  for (let i = 0; i < 50; i += 1) target.consume(`key-${i}`, T0);
  assert.equal(target.size, 50);
  target.consume('late', T0 + 1000);
  assert.equal(target.size, 1);
});

test('active keys are kept', () => {
  const target = new KeyedLimiter(SlidingWindowCounter, 3, 100);
  target.consume('a', T0);
  target.consume('b', T0 + 500);
  target.consume('c', T0 + 1200);
  assert.equal(target.size, 2);
});

test('key count stays bounded', () => {
  const target = new KeyedLimiter(FixedWindowCounter, 1, 3);
  for (let i = 0; i < 10; i += 1) target.consume(`key-${i}`, T0);
  assert.equal(target.size, 3);
  // The oldest key was forgotten, so its quota starts afresh.
  assert.equal(target.consume('key-0', T0).allowed, true);
  assert.equal(target.consume('key-9', T0).allowed, false);
});

test('returning key keeps its state', () => {
  const target = new KeyedLimiter(FixedWindowCounter, 1, 10);
  assert.equal(target.consume('a', T0).allowed, true);
  assert.equal(target.consume('a', T0 + 2000).allowed, true);
  assert.equal(target.consume('a', T0 + 2001).allowed, false);
});

test('bad options are rejected', () => {
  const base = { algorithm: 'fixed-window' as const, faults: [] };
  assert.throws(() => createRateLimiter({ ...base, perSecond: 0 }), /received 0/);
  assert.throws(() => createRateLimiter({ ...base, perSecond: 2.5 }), /received 2.5/);
  assert.throws(
    () => createRateLimiter({ perSecond: 3, algorithm: 'leaky' as never, faults: [] }),
    /Unknown rate-limit algorithm "leaky"\. Use one of: fixed-window, sliding-window, token-bucket/,
  );
});

/** Deterministic pseudo-random numbers in [0, 1) (mulberry32), so failures reproduce. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Arrival times of a bursty client: gaps from 0 to `maxGapMs`, mostly short, rounded to 0.1 ms. */
function randomTimeline(seed: number, length: number, maxGapMs: number): number[] {
  const random = seededRandom(seed);
  const offsets: number[] = [];
  let now = 0;
  for (let i = 0; i < length; i += 1) {
    now += Math.round(random() * random() * maxGapMs * 10) / 10;
    offsets.push(now);
  }
  return offsets;
}

function acceptedTimes(algorithm: RateLimitAlgorithm, timeline: number[]): number[] {
  const results = run(limiter(algorithm), timeline);
  return timeline.filter((_, index) => results[index]?.allowed);
}

for (const algorithm of ALGORITHMS) {
  for (const perSecond of [1, 3, 7]) {
    test(`${algorithm}: Retry-After holds at ${perSecond}/s`, () => {
      // Mean arrival rate about twice the limit, so a good share of requests is rejected.
      const timeline = randomTimeline(perSecond * 31 + algorithm.length, 120, 1200 / perSecond);
      const results = run(limiter(algorithm, [], perSecond), timeline);
      let checked = 0;
      results.forEach((result, index) => {
        if (result.allowed) return;
        const replay = limiter(algorithm, [], perSecond);
        run(replay, timeline.slice(0, index + 1));
        const retryAt = (timeline[index] ?? 0) + result.retryAfterSeconds * 1000;
        assert.equal(
          replay.consume('k', T0 + retryAt).allowed,
          true,
          `rejection at ${timeline[index]}`,
        );
        checked += 1;
      });
      assert.ok(checked >= 10, `only ${checked} rejections in the timeline`);
    });
  }
}

const DENSE = randomTimeline(20261204, 400, 400);

test('sliding window never admits four per second', () => {
  const accepted = acceptedTimes('sliding-window', DENSE);
  for (let i = 3; i < accepted.length; i += 1) {
    const gap = (accepted[i] ?? 0) - (accepted[i - 3] ?? 0);
    assert.ok(gap >= 1000, `accepted #${i - 3} and #${i} are ${gap} ms apart`);
  }
});

test('fixed window admits at most six per second', () => {
  // Two adjacent windows can each admit 3, so 6 may fall within a second, but never 7.
  const accepted = acceptedTimes('fixed-window', DENSE);
  for (let i = 6; i < accepted.length; i += 1) {
    const gap = (accepted[i] ?? 0) - (accepted[i - 6] ?? 0);
    assert.ok(gap >= 1000, `accepted #${i - 6} and #${i} are ${gap} ms apart`);
  }
});

test('token bucket admits capacity plus refill', () => {
  const accepted = acceptedTimes('token-bucket', DENSE);
  for (let i = 0; i < accepted.length; i += 1) {
    for (let j = i; j < accepted.length; j += 1) {
      const spanMs = (accepted[j] ?? 0) - (accepted[i] ?? 0);
      const bound = 3 + (3 * spanMs) / 1000 + 1e-6;
      assert.ok(j - i + 1 <= bound, `${j - i + 1} accepted within ${spanMs} ms`);
    }
  }
});

test('dense timeline is rate limited', () => {
  for (const algorithm of ALGORITHMS) {
    const accepted = acceptedTimes(algorithm, DENSE);
    assert.ok(accepted.length < DENSE.length * 0.8, `${algorithm} accepted ${accepted.length}`);
  }
});
