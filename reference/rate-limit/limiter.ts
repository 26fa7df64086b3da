import type { FaultName } from '../faults.ts';
import type { RateLimitAlgorithm, RateLimitOptions } from '../options.ts';
import type { ConsumeResult, RateLimiter } from '../auth/types.ts';
import {
  FixedWindowCounter,
  SlidingWindowCounter,
  TokenBucketCounter,
  WINDOW_MS,
  type KeyCounter,
} from './algorithms.ts';

/** Limit under the rate-limit-6 fault. */
export const FAULT_PER_SECOND = 6;
/**
 * Keys tracked at once. Idle keys are forgotten without loss; beyond this many active keys the
 * least recently used is forgotten too, which resets its quota.
 */
export const DEFAULT_MAX_KEYS = 100_000;

const ALGORITHMS: Record<RateLimitAlgorithm, new (limit: number) => KeyCounter> = {
  'fixed-window': FixedWindowCounter,
  'sliding-window': SlidingWindowCounter,
  'token-bucket': TokenBucketCounter,
};

export interface LimiterOptions extends RateLimitOptions {
  faults: readonly FaultName[];
  maxKeys?: number;
}

/**
 * Creates the per-token rate limiter. Under the no-rate-limit fault every request is allowed; under
 * rate-limit-6 the limit is 6 per second, overriding `perSecond`.
 */
export function createRateLimiter(options: LimiterOptions): RateLimiter {
  checkOptions(options);
  const limit = options.faults.includes('rate-limit-6') ? FAULT_PER_SECOND : options.perSecond;
  if (options.faults.includes('no-rate-limit')) {
    return { consume: () => ({ allowed: true, limit, remaining: limit }) };
  }
  return new KeyedLimiter(
    ALGORITHMS[options.algorithm],
    limit,
    options.maxKeys ?? DEFAULT_MAX_KEYS,
  );
}

/** Counts per key with one algorithm; exported for tests of its memory bound. */
export class KeyedLimiter implements RateLimiter {
  /** Least recently used first: every consume moves its key to the end. */
  private readonly counters = new Map<string, KeyCounter>();
  private lastSweepMs = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly Counter: new (limit: number) => KeyCounter,
    private readonly limit: number,
    private readonly maxKeys: number,
  ) {}

  consume(key: string, nowMs: number): ConsumeResult {
    const counter = this.counters.get(key) ?? new this.Counter(this.limit);
    this.counters.delete(key);
    this.counters.set(key, counter);
    this.evict(key, nowMs);

    const decision = counter.tryConsume(nowMs);
    if (decision.allowed)
      return { allowed: true, limit: this.limit, remaining: decision.remaining };
    // Whole seconds (RFC 9110 delay-seconds), rounded up so that a client that waits them and sends
    // nothing else meanwhile is allowed, and at least 1 because `Retry-After: 0` invites a retry at once.
    const retryAfterSeconds = Math.max(1, Math.ceil(decision.waitMs / 1000));
    return { allowed: false, limit: this.limit, retryAfterSeconds };
  }

  /** Number of keys currently tracked (for tests of the memory bound). */
  get size(): number {
    return this.counters.size;
  }

  /**
   * Forgets idle keys from the least recently used end, at most once per window, and the oldest
   * keys beyond `maxKeys` at once. Stops at `current`, the key being counted, which is the most
   * recently used.
   */
  private evict(current: string, nowMs: number): void {
    const sweepIdle = nowMs - this.lastSweepMs >= WINDOW_MS;
    if (!sweepIdle && this.counters.size <= this.maxKeys) return;
    if (sweepIdle) this.lastSweepMs = nowMs;
    for (const [key, counter] of this.counters) {
      if (key === current) break;
      if (this.counters.size > this.maxKeys || (sweepIdle && counter.isIdle(nowMs))) {
        this.counters.delete(key);
      } else {
        break;
      }
    }
  }
}

function checkOptions(options: LimiterOptions): void {
  if (!Number.isSafeInteger(options.perSecond) || options.perSecond < 1) {
    throw new Error(
      `Rate limit perSecond must be a whole number of at least 1; received ` +
        `${JSON.stringify(options.perSecond)}. The documented limit is 3.`,
    );
  }
  if (!(options.algorithm in ALGORITHMS)) {
    throw new Error(
      `Unknown rate-limit algorithm ${JSON.stringify(options.algorithm)}. ` +
        `Use one of: ${Object.keys(ALGORITHMS).join(', ')}.`,
    );
  }
  if (
    options.maxKeys !== undefined &&
    (!Number.isSafeInteger(options.maxKeys) || options.maxKeys < 1)
  ) {
    throw new Error(
      `Rate limiter maxKeys must be a whole number of at least 1; received ${JSON.stringify(options.maxKeys)}.`,
    );
  }
}
