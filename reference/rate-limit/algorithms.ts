/**
 * The three counting methods of the reference rate limiter, each the state of one key. They are pure:
 * the caller passes the time (`nowMs`, a monotonic clock in milliseconds). A rejected request
 * changes no state, so a client that retries while limited is not locked out for longer.
 */

export const WINDOW_MS = 1000;

export type Decision =
  | { allowed: true; remaining: number }
  /** `waitMs`: after this long the same request is allowed, provided nothing else is counted. */
  | { allowed: false; waitMs: number };

export interface KeyCounter {
  tryConsume(nowMs: number): Decision;
  /** True when the counter is back in its initial state, so forgetting it changes nothing. */
  isIdle(nowMs: number): boolean;
}

/**
 * `limit` requests per 1-second window. The window opens with the first request after the previous
 * window closed, instead of on clock-aligned seconds.
 */
// NOTE: clock-aligned windows let a burst that straddles a second boundary through twice (up to
// 2 × limit within a few milliseconds), depending on where the burst falls. Opening the window at
// the first request keeps "the request after the limit-th one within a second is rejected" true for
// every burst, which is what the conformance suite measures against this server.
export class FixedWindowCounter implements KeyCounter {
  private windowStartMs = Number.NEGATIVE_INFINITY;
  private count = 0;

  constructor(private readonly limit: number) {}

  tryConsume(nowMs: number): Decision {
    if (nowMs >= this.windowStartMs + WINDOW_MS) {
      this.windowStartMs = nowMs;
      this.count = 0;
    }
    if (this.count >= this.limit) {
      return { allowed: false, waitMs: this.windowStartMs + WINDOW_MS - nowMs };
    }
    this.count += 1;
    return { allowed: true, remaining: this.limit - this.count };
  }

  isIdle(nowMs: number): boolean {
    return nowMs >= this.windowStartMs + WINDOW_MS;
  }
}

/** At most `limit` accepted requests in any rolling window (nowMs − 1000, nowMs]. */
export class SlidingWindowCounter implements KeyCounter {
  /** Times of accepted requests inside the window, oldest first; never longer than `limit`. */
  private accepted: number[] = [];

  constructor(private readonly limit: number) {}

  tryConsume(nowMs: number): Decision {
    this.prune(nowMs);
    const oldest = this.accepted[0];
    if (this.accepted.length >= this.limit && oldest !== undefined) {
      return { allowed: false, waitMs: oldest + WINDOW_MS - nowMs };
    }
    this.accepted.push(nowMs);
    return { allowed: true, remaining: this.limit - this.accepted.length };
  }

  isIdle(nowMs: number): boolean {
    this.prune(nowMs);
    return this.accepted.length === 0;
  }

  private prune(nowMs: number): void {
    let expired = 0;
    while (expired < this.accepted.length && (this.accepted[expired] ?? 0) <= nowMs - WINDOW_MS) {
      expired += 1;
    }
    if (expired > 0) this.accepted.splice(0, expired);
  }
}

/** A bucket of `limit` tokens that refills continuously at `limit` tokens per second. */
export class TokenBucketCounter implements KeyCounter {
  private tokens: number;
  private lastRefillMs = Number.NEGATIVE_INFINITY;

  constructor(private readonly limit: number) {
    this.tokens = limit;
  }

  tryConsume(nowMs: number): Decision {
    this.refill(nowMs);
    // The tolerance absorbs floating-point residue, so a client that waits exactly the computed
    // time finds a whole token.
    if (this.tokens < 1 - 1e-9) {
      return { allowed: false, waitMs: ((1 - this.tokens) * WINDOW_MS) / this.limit };
    }
    this.tokens = Math.max(0, this.tokens - 1);
    return { allowed: true, remaining: Math.floor(this.tokens + 1e-9) };
  }

  isIdle(nowMs: number): boolean {
    this.refill(nowMs);
    return this.tokens >= this.limit - 1e-9;
  }

  private refill(nowMs: number): void {
    if (nowMs > this.lastRefillMs) {
      const elapsed = nowMs - this.lastRefillMs;
      this.tokens = Math.min(this.limit, this.tokens + (elapsed * this.limit) / WINDOW_MS);
      this.lastRefillMs = nowMs;
    }
  }
}
