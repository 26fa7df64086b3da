/**
 * Fault profiles: each makes the reference server non-conformant in one known way, so the project's
 * tests can prove that the suite catches it. `--fault NAME` is repeatable.
 */
export const FAULTS = {
  'no-rate-limit': 'Never answers 429: the rate limiter is off.',
  'rate-limit-6': 'Enforces 6 requests per second per token instead of the documented 3.',
  'rate-limit-per-forwarded-for':
    'Counts the limit per token and X-Forwarded-For address, so a client that changes the header gets a fresh quota.',
  'expired-token-accepted': 'Accepts tokens whose expiry time has passed.',
  'revoked-token-stale-60s':
    'Keeps accepting a revoked token for 60 s, as a stale validation cache would.',
  'revoke-whole-tenant': 'Revokes every key of the tenant when one of its keys is revoked.',
  'rotation-ignored':
    'Keeps accepting tokens signed with the previous Access Token Private Key after a rotation.',
  'bearer-challenge-missing': 'Answers 401 without the WWW-Authenticate header.',
  'tenant-denied-401':
    'Answers a valid token sent with x-tenant-id of another tenant with 401 instead of 403.',
  'token-lifetime-365d': 'Issues tokens valid for 365 days instead of at most 180.',
  'ephemeral-key':
    'Generates a new Access Token Private Key on every restart (POST /_admin/restart), as a server that never stores its key does.',
  'html-errors':
    'Answers every 4xx and 5xx with an HTML page, as an ingress controller does, instead of the JSON error body.',
  'error-detail-missing': 'Leaves `error.detail` out of every error body.',
  'total-pages-string': 'Returns `totalPages` as a string in list envelopes.',
  'page-size-unbounded': 'Accepts pageSize above 1000 instead of answering 400.',
  'unauthenticated-operation': 'Serves GET /api/v1/build/info without a token.',
  'invalid-filter-500': 'Answers an invalid filter with 500 instead of 400.',
  'slow-lists-800ms': 'Adds 800 ms of latency to every list operation.',
  'overload-503': 'Answers 503 while more than 20 requests are in flight.',
} as const;

export type FaultName = keyof typeof FAULTS;

export const FAULT_NAMES = Object.keys(FAULTS) as FaultName[];

/** Checks fault names given on the command line; throws with the list of valid names. */
export function parseFaults(names: readonly string[]): FaultName[] {
  const unknown = names.filter((name) => !(name in FAULTS));
  if (unknown.length > 0) {
    throw new Error(
      `Unknown fault profile ${unknown.map((n) => JSON.stringify(n)).join(', ')}. ` +
        `Use one of: ${FAULT_NAMES.join(', ')}.`,
    );
  }
  return [...new Set(names)] as FaultName[];
}
