/**
 * The release gate: one verdict from every check. "fail" when any check failed or broke, or when no
 * check ran at all (a run that checked nothing must not pass); "pass" otherwise. Warnings and
 * skipped checks are listed and never change the verdict.
 */
import type { CheckResult, CheckStatus, Severity } from '../core/types.ts';
import { readLoadCharts } from './load-chart.ts';
import type { RunResults } from './results.ts';

export const GATE_SCHEMA_VERSION = 1;

export interface GateCheck {
  id: string;
  title: string;
  status: CheckStatus;
  severity: Severity;
  message?: string;
  reason?: string;
  enableWith?: string;
  received?: string;
  documented?: string;
  curl?: string;
  operationId?: string;
  method?: string;
  path?: string;
  httpStatus?: number;
}

export interface GateTarget {
  baseUrl: string;
  /** True when the target was the embedded reference server. */
  reference: boolean;
  referenceFaults?: string[];
}

export interface GateSpec {
  title: string;
  version: string;
  sha256: string;
}

export interface Gate {
  schemaVersion: number;
  verdict: 'pass' | 'fail';
  /** Reasons for the verdict, one sentence each. Empty for a clean pass. */
  reasons: string[];
  target: GateTarget;
  spec: GateSpec | null;
  /** Number of bearer tokens the run used; never the tokens (a key named `tokens` is masked). */
  tokensUsed: number;
  startedAt: string;
  finishedAt: string;
  counts: Record<CheckStatus, number>;
  tests: RunResults['tests'];
  /** Ids of the checks whose status is `failed` or `broken`. */
  failures: string[];
  warnings: string[];
  skipped: { id: string; reason: string; enableWith?: string }[];
  checks: GateCheck[];
  /** One entry per k6 scenario that ran; absent when the run had no load part. */
  load?: GateLoad[];
}

/** Totals of one k6 scenario; its checks are in `checks` with ids `load.<scenario>.*`. */
export interface GateLoad {
  scenario: string;
  /** "fail" when one of the scenario's checks failed or broke. */
  verdict: 'pass' | 'fail';
  rateLimitPerSecond: number;
  accepted: number;
  rejected: number;
  seconds: number;
  measuredLimitPerSecond?: number;
}

export interface GateInput {
  results: RunResults;
  target: GateTarget;
  spec: GateSpec | null;
  tokenCount: number;
  /** Set when the run stopped early (SIGINT, crash): the verdict is "fail" with this reason. */
  interrupted?: string;
}

/** Decides the verdict and collects what gate.json lists. */
export function buildGate(input: GateInput): Gate {
  const checks = input.results.checks.map(toGateCheck);
  const counts: Record<CheckStatus, number> = {
    passed: 0,
    failed: 0,
    skipped: 0,
    broken: 0,
    warning: 0,
  };
  for (const check of checks) counts[check.status]++;
  const failures = checks.filter((c) => c.status === 'failed' || c.status === 'broken');
  const reasons: string[] = [];
  if (input.interrupted) reasons.push(input.interrupted);
  if (checks.length === 0) {
    reasons.push('No check ran, so nothing was verified. Check --tag/--grep and the suite output.');
  } else if (counts.passed + counts.warning === 0 && failures.length === 0) {
    reasons.push('Every check was skipped, so nothing was verified. See the skip reasons.');
  }
  if (counts.failed > 0) reasons.push(`${counts.failed} check(s) failed.`);
  if (counts.broken > 0) reasons.push(`${counts.broken} check(s) broke with an unexpected error.`);
  const load = loadTotals(input.results, checks);
  return {
    schemaVersion: GATE_SCHEMA_VERSION,
    verdict: reasons.length === 0 ? 'pass' : 'fail',
    reasons,
    target: input.target,
    spec: input.spec,
    tokensUsed: input.tokenCount,
    startedAt: input.results.startedAt,
    finishedAt: input.results.finishedAt,
    counts,
    tests: input.results.tests,
    failures: failures.map((c) => c.id),
    warnings: checks.filter((c) => c.status === 'warning').map((c) => c.id),
    skipped: checks
      .filter((c) => c.status === 'skipped')
      .map((c) => ({
        id: c.id,
        reason: c.reason ?? c.message ?? 'No reason recorded.',
        ...(c.enableWith ? { enableWith: c.enableWith } : {}),
      })),
    checks,
    ...(load.length > 0 ? { load } : {}),
  };
}

function loadTotals(results: RunResults, checks: GateCheck[]): GateLoad[] {
  return readLoadCharts(results.data).map((chart) => {
    const failing = checks.some(
      (c) =>
        c.id.startsWith(`load.${chart.scenario}.`) &&
        (c.status === 'failed' || c.status === 'broken'),
    );
    const entry: GateLoad = {
      scenario: chart.scenario,
      verdict: failing ? 'fail' : 'pass',
      rateLimitPerSecond: chart.rateLimitPerSecond,
      accepted: chart.perSecond.reduce((sum, s) => sum + s.accepted, 0),
      rejected: chart.perSecond.reduce((sum, s) => sum + s.rejected, 0),
      seconds: chart.perSecond.length,
    };
    if (chart.measuredLimitPerSecond !== undefined) {
      entry.measuredLimitPerSecond = Math.round(chart.measuredLimitPerSecond * 100) / 100;
    }
    return entry;
  });
}

/** Keeps the fields gate.json documents; `data` stays in results.json. */
function toGateCheck(check: CheckResult): GateCheck {
  const out: GateCheck = {
    id: check.id,
    title: check.title ?? check.id,
    status: check.status,
    severity: check.severity ?? 'normal',
  };
  const optional = [
    'message',
    'reason',
    'enableWith',
    'received',
    'documented',
    'curl',
    'operationId',
    'method',
    'path',
  ] as const;
  for (const key of optional) {
    const value = check[key];
    if (typeof value === 'string' && value !== '') out[key] = value;
  }
  if (check.status === 'skipped' && !out.reason)
    out.reason = check.message ?? 'No reason recorded.';
  if (typeof check.httpStatus === 'number') out.httpStatus = check.httpStatus;
  return out;
}

/** Exit code for a verdict: 0 conformant, 1 a check failed or broke (or nothing ran). */
export function exitCodeFor(gate: Gate): 0 | 1 {
  return gate.verdict === 'pass' ? 0 : 1;
}
