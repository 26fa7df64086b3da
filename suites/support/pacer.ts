/**
 * Spaces the requests of one token so they stay inside its rate budget. Each Playwright worker owns
 * one token and one pacer, so no budget is shared between processes.
 */

export interface PacerOptions {
  /** Requests per second this pacer allows. */
  perSecond: number;
  /** Clock in milliseconds; injectable for tests. */
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

export class Pacer {
  readonly intervalMs: number;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  /** Earliest time at which the next request may leave. */
  private nextSlot: number;
  private sent = 0;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly startedAt: number;

  constructor(options: PacerOptions) {
    if (!Number.isFinite(options.perSecond) || options.perSecond <= 0) {
      throw new Error(
        `Pacing rate ${options.perSecond} is invalid: set pacingPerSecond to a positive number, such as 2.8.`,
      );
    }
    this.intervalMs = 1000 / options.perSecond;
    this.now = options.now ?? (() => performance.now());
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.startedAt = this.now();
    // A worker that restarts after a failure may follow one that sent on the same token a moment
    // ago, so the first request waits one interval too.
    this.nextSlot = this.startedAt + this.intervalMs;
  }

  /**
   * Waits until one interval has passed since the previous request left, then returns the send
   * time. Callers are served one at a time in call order, so concurrent requests queue up.
   */
  acquire(): Promise<number> {
    const turn = this.queue.then(() => this.waitForSlot());
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  private async waitForSlot(): Promise<number> {
    const wait = this.nextSlot - this.now();
    if (wait > 0) await this.sleep(wait);
    const sentAt = this.now();
    // The gap counts from the actual send time: a timer that fires late (a busy event loop) must
    // not shorten the gap to the next request, or four requests could land inside one second.
    this.nextSlot = sentAt + this.intervalMs;
    this.sent += 1;
    return sentAt;
  }

  /** Pushes the next slot back, after the target asked the client to wait (Retry-After). */
  delayUntil(timeMs: number): void {
    this.nextSlot = Math.max(this.nextSlot, timeMs);
  }

  /** Requests sent and time since the pacer started, for efficiency figures. */
  stats(): { sent: number; elapsedMs: number } {
    return { sent: this.sent, elapsedMs: this.now() - this.startedAt };
  }
}
