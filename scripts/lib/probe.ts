/**
 * A timed request sender for the rate-limit and token-lifecycle suites. Times come from the
 * monotonic clock (`performance.now()`), so a wall-clock step during a probe cannot distort gaps.
 * Every probe is bounded in request count and duration and stops by itself.
 */

/** What one request produced, as the timeline attachment stores it. */
export interface ProbeSample {
  /** Monotonic send time in milliseconds (`performance.now()` of this process). */
  tMs: number;
  status: number;
  latencyMs: number;
  /** Response headers, lower-case names. */
  headers: Record<string, string>;
  /** Parsed JSON body when there was one; kept for 429 and 401 bodies only by callers. */
  body?: unknown;
  /** Body text of an error response, cut to 2000 characters, to recognise an HTML page. */
  text?: string;
  /** A transport error instead of a response; `status` is 0 then. */
  error?: string;
}

export interface ProbeResponse {
  status: number;
  headers: Record<string, string>;
  text?: string;
  json?: unknown;
}

/** Sends one request; the probe measures around it. */
export type SendOnce = () => Promise<ProbeResponse>;

/** Hard caps that no caller can lift: 250 requests and 130 s per probe. */
export const MAX_PROBE_REQUESTS = 250;
export const MAX_PROBE_DURATION_MS = 130_000;

export function monotonicNow(): number {
  return performance.now();
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
}

/** Sends one request and records it as a sample; a transport error becomes status 0. */
export async function timedSend(send: SendOnce, keepBody = false): Promise<ProbeSample> {
  const tMs = monotonicNow();
  try {
    const response = await send();
    const sample: ProbeSample = {
      tMs,
      status: response.status,
      latencyMs: monotonicNow() - tMs,
      headers: response.headers,
    };
    if (keepBody || response.status >= 400) {
      sample.body = response.json;
      if (response.text !== undefined) sample.text = response.text.slice(0, 2000);
    }
    return sample;
  } catch (error) {
    return {
      tMs,
      status: 0,
      latencyMs: monotonicNow() - tMs,
      headers: {},
      error: (error as Error).message,
    };
  }
}

/**
 * Sends requests one after another, each as soon as the previous response arrived: as fast as the link
 * allows from one client. Stops after `count` requests or `maxDurationMs`.
 */
export async function sendBackToBack(
  send: SendOnce,
  count: number,
  maxDurationMs = 10_000,
): Promise<ProbeSample[]> {
  assertBounds(count, maxDurationMs);
  const samples: ProbeSample[] = [];
  const deadline = monotonicNow() + maxDurationMs;
  while (samples.length < count && monotonicNow() < deadline) samples.push(await timedSend(send));
  return samples;
}

/**
 * Sends one request at each offset (milliseconds from now), without waiting for earlier answers,
 * so a slow response does not delay the next send. Each send is timed against the start, so timer
 * jitter never accumulates. Resolves with the samples in send order once all have answered.
 */
export async function sendOnSchedule(
  send: SendOnce,
  offsetsMs: readonly number[],
): Promise<ProbeSample[]> {
  const last = offsetsMs.length > 0 ? Math.max(...offsetsMs) : 0;
  assertBounds(offsetsMs.length, last);
  const start = monotonicNow();
  const pending: Promise<ProbeSample>[] = [];
  for (const offset of offsetsMs) {
    const wait = start + offset - monotonicNow();
    if (wait > 1) await sleep(wait);
    pending.push(timedSend(send));
  }
  const samples = await Promise.all(pending);
  return samples.sort((a, b) => a.tMs - b.tMs);
}

export interface PollResult<T> {
  /** The first result that met the condition, or undefined when time ran out. */
  met?: T;
  /** Monotonic milliseconds from the start to the send of the first result that met it. */
  elapsedMs?: number;
  /** Every attempt, for the report. */
  attempts: { tMs: number; result: T }[];
}

/**
 * Calls `attempt` until `done` returns true or `maxMs` passes, with exponential backoff from `firstDelayMs`
 * up to `maxDelayMs` between attempts. Times are monotonic and relative to the call.
 */
export async function pollWithBackoff<T>(
  attempt: () => Promise<T>,
  done: (result: T) => boolean,
  {
    maxMs,
    firstDelayMs = 100,
    maxDelayMs = 2_000,
    factor = 1.5,
  }: {
    maxMs: number;
    firstDelayMs?: number;
    maxDelayMs?: number;
    factor?: number;
  },
): Promise<PollResult<T>> {
  if (!(maxMs > 0 && maxMs <= MAX_PROBE_DURATION_MS)) {
    throw new Error(
      `Polling time ${maxMs} ms is out of range: use 1 to ${MAX_PROBE_DURATION_MS} ms.`,
    );
  }
  const start = monotonicNow();
  const attempts: { tMs: number; result: T }[] = [];
  let delay = firstDelayMs;
  for (;;) {
    const sentAt = monotonicNow() - start;
    const result = await attempt();
    attempts.push({ tMs: sentAt, result });
    if (done(result)) return { met: result, elapsedMs: sentAt, attempts };
    if (monotonicNow() - start + delay > maxMs) return { attempts };
    await sleep(delay);
    delay = Math.min(delay * factor, maxDelayMs);
  }
}

function assertBounds(count: number, durationMs: number): void {
  if (!Number.isInteger(count) || count < 0 || count > MAX_PROBE_REQUESTS) {
    throw new Error(
      `A probe of ${count} requests is out of range: use 0 to ${MAX_PROBE_REQUESTS}.`,
    );
  }
  if (!(durationMs >= 0 && durationMs <= MAX_PROBE_DURATION_MS)) {
    throw new Error(
      `A probe lasting ${durationMs} ms is out of range: use 0 to ${MAX_PROBE_DURATION_MS} ms.`,
    );
  }
}
