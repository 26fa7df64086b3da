/** Sample checks and data records for the report tests. */
import type { CheckResult } from '../../scripts/core/types.ts';
import type { RunResults } from '../../scripts/report/results.ts';

export const passedCheck: CheckResult = {
  id: 'contract.getAllMasterRecords.200.schema',
  title: 'GET /api/v1/master-record/{masterName} matches its schema',
  status: 'passed',
  severity: 'critical',
  operationId: 'getAllMasterRecords',
  method: 'GET',
  path: '/api/v1/master-record/{masterName}',
  httpStatus: 200,
};

export const failedCheck: CheckResult = {
  id: 'rate-limit.enforced',
  title: 'Requests beyond 3 per second get 429',
  status: 'failed',
  severity: 'blocker',
  message: 'No 429 after 12 requests in one second.',
  received: '200 for all 12 requests',
  documented: '429 with Retry-After from request 4',
  curl: "curl -sS -X GET 'http://127.0.0.1:1/data/api/v1/build/info' -H 'Authorization: Bearer ***'",
  method: 'GET',
  path: '/api/v1/build/info',
  httpStatus: 200,
};

export const skippedCheck: CheckResult = {
  id: 'auth.rotation.old-token-rejected',
  title: 'Old tokens fail after key rotation',
  status: 'skipped',
  severity: 'critical',
  reason: 'Key rotation is destructive.',
  enableWith: '--allow-destructive --rotate-key-command CMD',
};

export const warningCheck: CheckResult = {
  id: 'rate-limit.retry-after.format',
  title: 'Retry-After is whole seconds',
  status: 'warning',
  severity: 'minor',
  message: 'Retry-After was 0.5',
};

export function sampleResults(checks: CheckResult[]): RunResults {
  return {
    startedAt: '2026-12-04T15:00:00.000Z',
    finishedAt: '2026-12-04T15:02:00.000Z',
    checks,
    data: [
      {
        kind: 'rate-limit-timeline',
        label: 'burst beyond the limit',
        requests: Array.from({ length: 24 }, (_, i) => ({
          atMs: 1000 + i * 125,
          status: i % 8 < 3 ? 200 : 429,
        })),
      },
      { kind: 'token-lifecycle', step: 'revocation effective', ms: 12 },
    ],
    tests: { passed: 2, failed: 1, skipped: 1 },
  };
}
