/**
 * Types shared by every part of the suite: the Playwright suites, the k6 scenarios, the reporter and
 * the gate. Runtime-neutral: no Node built-ins, so k6 bundles can import it.
 */

/** Outcome of one check. `warning` is a reported deviation that never fails the run. */
export type CheckStatus = 'passed' | 'failed' | 'skipped' | 'broken' | 'warning';

/** Allure's severity levels, used as they are so Allure reports sort by them. */
export type Severity = 'blocker' | 'critical' | 'normal' | 'minor' | 'trivial';

/**
 * The record of one check, as it travels from a suite (Playwright attachment `exto-check`) through
 * `results.json` into `gate.json`. `id` is stable across runs so history and gating line up, for
 * example `contract.getAllMasterRecords.200.schema` or `rate-limit.enforced`.
 */
export interface CheckResult {
  id: string;
  title: string;
  status: CheckStatus;
  severity: Severity;
  /** One line an operator can act on. */
  message?: string;
  /** What the target sent, and what the spec or contract documents. */
  received?: string;
  documented?: string;
  /** A curl line that reproduces the request, with every secret masked. */
  curl?: string;
  /** For `skipped`: why the check could not run, and the option that would enable it. */
  reason?: string;
  enableWith?: string;
  /** The operation the check exercised, for the coverage matrix. */
  operationId?: string;
  method?: string;
  path?: string;
  httpStatus?: number;
  /** Measurements behind the verdict (latencies, rates, timings). */
  data?: Record<string, unknown>;
}

/** Name of the Playwright attachment that carries one `CheckResult` as JSON. */
export const CHECK_ATTACHMENT = 'exto-check';
export const CHECK_CONTENT_TYPE = 'application/vnd.exto.check+json';

/**
 * Name of the Playwright attachment that carries report data that is not a check: a rate-limit
 * timeline, token lifecycle timings. Its body is `{ kind: string, ... }`.
 */
export const DATA_ATTACHMENT = 'exto-data';
export const DATA_CONTENT_TYPE = 'application/vnd.exto.data+json';
