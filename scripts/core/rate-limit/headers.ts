/**
 * Reads the informational rate-limit headers (`X-RateLimit-*`, `RateLimit-*`, and the IETF draft's
 * `RateLimit-Policy` / `RateLimit` structured fields) and checks them against what the probes saw.
 */
import { isAccepted, isRejected } from './types.ts';

export interface HeaderSample {
  tMs: number;
  status: number;
  /** Response headers with lower-case names, as Playwright and k6 return them. */
  headers: Record<string, string>;
}

export interface RateLimitHeaders {
  /** Header family the values came from. */
  family: 'x-ratelimit' | 'ratelimit' | 'ratelimit-structured';
  limit?: number;
  remaining?: number;
  /** Reset as sent, before any unit is assumed. */
  reset?: number;
  /** Window of the policy in seconds, when the target states it. */
  windowSeconds?: number;
}

/** Reads the rate-limit headers of one response, or undefined when it has none. */
export function readRateLimitHeaders(
  headers: Record<string, string>,
): RateLimitHeaders | undefined {
  const get = (name: string): string | undefined => headers[name] ?? headers[name.toLowerCase()];
  const structured = get('ratelimit');
  if (structured !== undefined && /[;=]/.test(structured)) {
    const values = parseStructured(structured);
    const policy = parseStructured(get('ratelimit-policy') ?? '');
    return compact({
      family: 'ratelimit-structured',
      limit: policy.q,
      remaining: values.r,
      reset: values.t,
      windowSeconds: policy.w,
    });
  }
  for (const [family, prefix] of [
    ['ratelimit', 'ratelimit-'],
    ['x-ratelimit', 'x-ratelimit-'],
  ] as const) {
    const limit = readNumber(get(`${prefix}limit`));
    const remaining = readNumber(get(`${prefix}remaining`));
    const reset = readNumber(get(`${prefix}reset`));
    if (limit !== undefined || remaining !== undefined || reset !== undefined) {
      const policy = parseStructured(get('ratelimit-policy') ?? '');
      return compact({ family, limit, remaining, reset, windowSeconds: policy.w });
    }
  }
  return undefined;
}

/** One inconsistency between the headers and the observed behaviour. */
export interface HeaderFinding {
  /** Index of the sample in the timeline. */
  index: number;
  message: string;
}

/** Gap within which a promised Remaining must still hold: no limiter takes capacity back that fast. */
const PROMISE_GAP_MS = 50;

/**
 * Checks rate-limit headers against the observed outcomes of one token's requests:
 * - the limit header equals the documented limit (per `windowMs`);
 * - Remaining is below the limit on an accepted request (the request used one), and 0 on a 429;
 * - a request sent within 50 ms after a response that promised Remaining > 0 is not rejected,
 *   because no algorithm takes capacity back (windows only reset and buckets only refill);
 * - Reset is delta seconds no longer than the window: a value that reads as epoch seconds or
 *   epoch milliseconds is reported as a unit mismatch.
 * The unit rules follow the IETF draft (delta seconds), because Exto documents no unit.
 */
export function checkHeaderConsistency(
  samples: readonly HeaderSample[],
  documented: { limit: number; windowMs: number },
): { present: boolean; findings: HeaderFinding[] } {
  const findings: HeaderFinding[] = [];
  let present = false;
  let promise: { tMs: number; remaining: number } | undefined;
  const windowSeconds = documented.windowMs / 1000;

  samples.forEach((sample, index) => {
    if (promise && isRejected(sample.status) && sample.tMs - promise.tMs <= PROMISE_GAP_MS) {
      findings.push({
        index,
        message: `a 429 came ${Math.round(sample.tMs - promise.tMs)} ms after a response with Remaining ${promise.remaining}`,
      });
    }
    const values = readRateLimitHeaders(sample.headers);
    promise = undefined;
    if (!values) return;
    present = true;
    const { limit, remaining, reset } = values;
    const stated = values.windowSeconds ?? windowSeconds;
    if (limit !== undefined && Math.abs(limit / stated - documented.limit / windowSeconds) > 1e-9) {
      findings.push({
        index,
        message: `limit header is ${limit} per ${stated} s, but the documented limit is ${documented.limit} per ${windowSeconds} s`,
      });
    }
    if (
      remaining !== undefined &&
      limit !== undefined &&
      isAccepted(sample.status) &&
      remaining >= limit
    ) {
      findings.push({
        index,
        message: `Remaining ${remaining} on an accepted request is not below the limit ${limit}`,
      });
    }
    if (remaining !== undefined && isRejected(sample.status) && remaining > 0) {
      findings.push({
        index,
        message: `a 429 claims Remaining ${remaining}, but a rejected request means none remain`,
      });
    }
    if (reset !== undefined) {
      const problem = resetProblem(reset, stated);
      if (problem) findings.push({ index, message: problem });
    }
    if (remaining !== undefined && remaining > 0 && isAccepted(sample.status)) {
      promise = { tMs: sample.tMs, remaining };
    }
  });
  return { present, findings };
}

function resetProblem(reset: number, windowSeconds: number): string | undefined {
  if (reset > 1e12)
    return `Reset ${reset} looks like epoch milliseconds; delta seconds were expected`;
  if (reset > 1e9) return `Reset ${reset} looks like epoch seconds; delta seconds were expected`;
  if (reset < 0) return `Reset ${reset} is negative`;
  // A fixed window rounds its remaining time up, so a whole window plus one second is the most.
  if (reset > Math.ceil(windowSeconds) + 1) {
    return `Reset ${reset} s is longer than the ${windowSeconds} s window`;
  }
  return undefined;
}

/** Reads `"name";q=3;w=1` or `q=3, w=1` into numeric parameters. */
function parseStructured(value: string): Record<string, number | undefined> {
  const out: Record<string, number | undefined> = {};
  for (const match of value.matchAll(/(?:^|[;,\s])([a-z]+)=(-?\d+(?:\.\d+)?)/g)) {
    out[match[1]!] = Number(match[2]);
  }
  return out;
}

function readNumber(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value.trim());
  return value.trim() !== '' && Number.isFinite(number) ? number : undefined;
}

function compact(values: RateLimitHeaders): RateLimitHeaders {
  return Object.fromEntries(
    Object.entries(values).filter(([, value]) => value !== undefined),
  ) as unknown as RateLimitHeaders;
}
