/**
 * Plain inputs of the rate-limit analysis. Playwright suites and k6 output both reduce to these, so
 * the same analysis judges both.
 */

/** One request of a probe: when it left (monotonic milliseconds) and the status it got. */
export interface Sample {
  tMs: number;
  status: number;
}

/** The counting methods the analysis can replay. */
export type Algorithm = 'fixed-window' | 'sliding-window' | 'token-bucket';

export const ALGORITHMS: readonly Algorithm[] = ['fixed-window', 'sliding-window', 'token-bucket'];

/** A limit of `limit` requests per `windowMs` (1000 ms for "3 requests per second"). */
export interface LimitPolicy {
  limit: number;
  windowMs: number;
}

/** 429 is the documented throttling status; other statuses are neither accepted nor throttled. */
export function isRejected(status: number): boolean {
  return status === 429;
}

export function isAccepted(status: number): boolean {
  return status >= 200 && status < 300;
}
