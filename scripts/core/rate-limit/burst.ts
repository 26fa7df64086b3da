/**
 * Verdicts on probe timelines: where the first 429 of a burst may fall, and how an "at the limit"
 * probe is paced and judged.
 */
import { earliestFirstRejection, latestFirstRejection } from './simulate.ts';
import { ALGORITHMS, isRejected, type Algorithm, type LimitPolicy, type Sample } from './types.ts';
import { firstRejectionIndex, maxSentWithin } from './windows.ts';

export interface FirstRejectionVerdict {
  /** 0-based index of the first 429, -1 when none came. */
  observed: number;
  /** Per algorithm, the latest first rejection it allows (undefined: it would reject none). */
  latestByAlgorithm: Record<Algorithm, number | undefined>;
  /** Maximum of those: a first 429 after it fits no common algorithm. */
  latestAllowed: number | undefined;
  /** The strictest reading: a first 429 before it means a limit below the documented one. */
  earliestAllowed: number | undefined;
  outcome: 'within-bounds' | 'too-early' | 'too-late' | 'none-expected' | 'missing';
}

/**
 * Judges the first 429 of a burst sent from one fresh token against the documented limit under
 * each algorithm. "too-late" means more requests got through than any algorithm allows; "missing"
 * means no 429 at all although every algorithm would have rejected one.
 */
export function judgeFirstRejection(
  samples: readonly Sample[],
  policy: LimitPolicy,
): FirstRejectionVerdict {
  const times = samples.map((sample) => sample.tMs);
  const latestByAlgorithm = Object.fromEntries(
    ALGORITHMS.map((algorithm) => [algorithm, latestFirstRejection(algorithm, times, policy)]),
  ) as Record<Algorithm, number | undefined>;
  const latest = Object.values(latestByAlgorithm);
  // One algorithm that rejects nothing means the burst may legitimately pass without a 429.
  const latestAllowed = latest.some((index) => index === undefined)
    ? undefined
    : Math.max(...(latest as number[]));
  const earliest = ALGORITHMS.map((algorithm) =>
    earliestFirstRejection(algorithm, times, policy),
  ).filter((index): index is number => index !== undefined);
  const earliestAllowed = earliest.length > 0 ? Math.min(...earliest) : undefined;
  const observed = firstRejectionIndex(samples);

  let outcome: FirstRejectionVerdict['outcome'];
  if (observed === -1) outcome = latestAllowed === undefined ? 'none-expected' : 'missing';
  else if (earliestAllowed === undefined || observed < earliestAllowed) outcome = 'too-early';
  else if (latestAllowed !== undefined && observed > latestAllowed) outcome = 'too-late';
  else outcome = 'within-bounds';
  return { observed, latestByAlgorithm, latestAllowed, earliestAllowed, outcome };
}

/**
 * Rate of the "at the limit" probe: 14/15 of the limit, so 2.8 requests per second for a limit of
 * 3. Sending exactly at the limit leaves no margin, because a few milliseconds of jitter put four
 * requests into one rolling second; 333 ms gaps become 357 ms, which absorbs 24 ms of jitter.
 */
export function atLimitRate(limitPerSecond: number): number {
  return (limitPerSecond * 14) / 15;
}

/** Offsets in milliseconds of `count` evenly spaced requests at `perSecond`. */
export function evenSchedule(perSecond: number, durationMs: number): number[] {
  const gapMs = 1000 / perSecond;
  const count = Math.floor((durationMs * perSecond) / 1000);
  return Array.from({ length: count }, (_, index) => index * gapMs);
}

/**
 * Offsets of `count` requests at an average of `perSecond`, each moved by up to a quarter gap
 * (seeded, so a run is repeatable). On an exact grid at 6 or 12 per second a request falls on
 * every window edge, where arrival jitter alone decides the outcome; moved requests fall on
 * edges rarely, and their uneven gaps show whether a limiter frees its slots one by one (sliding
 * window) or all at once (fixed window).
 */
export function ditheredSchedule(perSecond: number, durationMs: number, seed = 1): number[] {
  const gapMs = 1000 / perSecond;
  let state = seed >>> 0;
  const random = (): number => {
    // xorshift32: small, seedable and the same in Node and k6.
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state / 4294967296;
  };
  return evenSchedule(perSecond, durationMs).map((offset) =>
    Math.max(0, offset + (random() - 0.5) * (gapMs / 2)),
  );
}

export interface AtLimitVerdict {
  rejected: number;
  /** Most requests the probe actually sent within one window. */
  maxSentPerWindow: number;
  /** Rejections that the measured send and response times can explain (see `judgeAtLimit`). */
  explainedByJitter: number;
  /**
   * True when the probe's own timing explains every 429, so the probe gives no verdict on the
   * target.
   */
  harnessExceededLimit: boolean;
}

/**
 * Judges the "at the limit" probe. A 429 is explained by jitter when `limit` earlier requests may
 * have reached the target within the window before it: request j reached the target at the latest
 * when its response came back (`tMs + latencyMs`), and the rejected one at the earliest when it was
 * sent. Without latencies only the send times count.
 */
export function judgeAtLimit(
  samples: readonly (Sample & { latencyMs?: number })[],
  policy: LimitPolicy,
): AtLimitVerdict {
  const ordered = [...samples].sort((a, b) => a.tMs - b.tMs);
  let rejected = 0;
  let explainedByJitter = 0;
  ordered.forEach((sample, index) => {
    if (!isRejected(sample.status)) return;
    rejected += 1;
    const windowStart = sample.tMs - policy.windowMs;
    const possiblyInside = ordered
      .slice(0, index)
      .filter((earlier) => earlier.tMs + (earlier.latencyMs ?? 0) > windowStart).length;
    if (possiblyInside >= policy.limit) explainedByJitter += 1;
  });
  return {
    rejected,
    maxSentPerWindow: maxSentWithin(samples, policy.windowMs),
    explainedByJitter,
    harnessExceededLimit: rejected > 0 && explainedByJitter === rejected,
  };
}
