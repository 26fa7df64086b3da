/**
 * Gate checks of a load run, `load.<scenario>.<check>`, and the report's throughput chart data.
 */
import { METRICS } from '../../core/load/options.ts';
import type { CheckResult } from '../../core/types.ts';
import type { LoadPlan } from '../../core/load/plan.ts';
import { THROUGHPUT_TOLERANCE, type LoadAnalysis, type PhaseStats } from './analysis.ts';
import type { ThresholdResult } from './summary.ts';

export interface LoadCheckOptions {
  /** Threshold for p95 latency in ms, the same the k6 thresholds use. */
  p95Ms: number;
}

/** Turns an analysis into gate checks; every check carries its measurements in `data`. */
export function loadChecks(analysis: LoadAnalysis, options: LoadCheckOptions): CheckResult[] {
  const prefix = `load.${analysis.scenario}`;
  const quiet = analysis.phases.filter((p) => p.rejections === 'none');
  const noRejections =
    quiet.length > 0 && analysis.scenario !== 'smoke'
      ? noRejectionsCheck(prefix, analysis, quiet)
      : undefined;
  // A 429 that the analysis blames on harness jitter also crosses the k6 threshold on rl_rejected;
  // the no-429 warning already reports it, so the thresholds check does not fail for it again.
  const explained = new Set(
    noRejections?.status === 'warning'
      ? quiet.map((p) => `${METRICS.rejected}{scenario:${p.name}}`)
      : [],
  );
  const checks: CheckResult[] = [
    thresholdsCheck(prefix, analysis, explained),
    noServerErrorsCheck(prefix, analysis),
    droppedIterationsCheck(prefix, analysis),
    latencyCheck(prefix, analysis, options.p95Ms),
  ];
  if (noRejections) checks.push(noRejections);
  const excess = analysis.phases.filter((p) => p.rejections === 'excess');
  if (excess.length > 0) {
    checks.push(acceptedThroughputCheck(prefix, analysis, excess));
    checks.push(rejectedLatencyCheck(prefix, excess, options.p95Ms));
  }
  if (analysis.scenario === 'multi-token') checks.push(aggregateThroughputCheck(prefix, analysis));
  checks.push(schemaCheck(prefix, analysis), errorBodyCheck(prefix, analysis));
  return checks;
}

function thresholdsCheck(
  prefix: string,
  analysis: LoadAnalysis,
  explained: ReadonlySet<string>,
): CheckResult {
  const id = `${prefix}.thresholds`;
  const title = `${analysis.scenario}: k6 thresholds hold`;
  if (analysis.thresholds.length === 0) {
    return {
      id,
      title,
      status: 'broken',
      severity: 'critical',
      message: 'k6 wrote no threshold results: the run ended before its summary.',
      data: { exitCode: analysis.exitCode },
    };
  }
  const describe = (list: ThresholdResult[]) =>
    list.map((t) => `${t.metric} ${t.expression}`).join('; ');
  const crossed = analysis.thresholds.filter((t) => !t.ok && !explained.has(t.metric));
  const excused = analysis.thresholds.filter((t) => !t.ok && explained.has(t.metric));
  let message = `All ${analysis.thresholds.length} thresholds hold.`;
  if (crossed.length > 0) message = `Crossed: ${describe(crossed)}.`;
  else if (excused.length > 0) {
    message = `Crossed only by harness jitter (see the no-429 check): ${describe(excused)}.`;
  }
  return {
    id,
    title,
    status: crossed.length === 0 ? 'passed' : 'failed',
    severity: 'critical',
    message,
    data: { thresholds: analysis.thresholds, exitCode: analysis.exitCode },
  };
}

function noServerErrorsCheck(prefix: string, analysis: LoadAnalysis): CheckResult {
  const byPhase = Object.fromEntries(analysis.phases.map((p) => [p.name, p.serverErrors]));
  return {
    id: `${prefix}.no-5xx`,
    title: `${analysis.scenario}: no 5xx under load`,
    status: analysis.serverErrors === 0 ? 'passed' : 'failed',
    severity: 'critical',
    message:
      analysis.serverErrors === 0
        ? 'No response had a 5xx status.'
        : `${analysis.serverErrors} responses had a 5xx status.`,
    received: `${analysis.serverErrors} responses with 5xx`,
    documented: 'An undocumented 5xx is a failure; throttling is 429.',
    data: { byPhase },
  };
}

function droppedIterationsCheck(prefix: string, analysis: LoadAnalysis): CheckResult {
  const achieved = analysis.phases.map((p) => ({
    phase: p.name,
    plannedPerSecond: p.ratePerToken * p.tokens,
    sentPerSecond: round(p.sentPerSecond),
    dropped: p.dropped,
  }));
  const ok = analysis.dropped === 0;
  return {
    id: `${prefix}.dropped-iterations`,
    title: `${analysis.scenario}: k6 sent the planned load`,
    status: ok ? 'passed' : 'failed',
    severity: 'critical',
    message: ok
      ? 'k6 dropped no iterations, so the measured rates are the planned ones.'
      : `k6 dropped ${analysis.dropped} iterations for lack of free VUs: the run sent less than ` +
        'planned, so its throughput says nothing. Raise EXTO_LOAD_P99_MS to allocate more VUs.',
    data: { achieved },
  };
}

function latencyCheck(prefix: string, analysis: LoadAnalysis, p95Ms: number): CheckResult {
  const slow = analysis.phases.filter((p) => (p.latency.accepted?.p95 ?? 0) >= p95Ms);
  return {
    id: `${prefix}.latency`,
    title: `${analysis.scenario}: p95 latency of accepted requests under ${p95Ms} ms`,
    status: slow.length === 0 ? 'passed' : 'failed',
    severity: 'normal',
    message:
      slow.length === 0
        ? `p95 of accepted requests stays under ${p95Ms} ms in every phase.`
        : slow.map((p) => `${p.name}: p95 ${round(p.latency.accepted!.p95)} ms`).join('; '),
    data: { byPhase: Object.fromEntries(analysis.phases.map((p) => [p.name, p.latency])) },
  };
}

/**
 * Fails on a 429 while every token stays at or under the limit. When the harness itself sent more
 * than the limit within one second (timer jitter), the check is a warning about the run instead.
 */
function noRejectionsCheck(
  prefix: string,
  analysis: LoadAnalysis,
  phases: PhaseStats[],
): CheckResult {
  const rejected = phases.reduce((sum, p) => sum + p.rejected, 0);
  const maxSent = Math.max(...phases.map((p) => p.maxSentPerSecondPerToken));
  const harnessExceeded = maxSent > analysis.rateLimitPerSecond;
  const data = {
    byPhase: phases.map((p) => ({
      phase: p.name,
      ratePerToken: p.ratePerToken,
      tokens: p.tokens,
      rejected: p.rejected,
      maxSentPerSecondPerToken: p.maxSentPerSecondPerToken,
    })),
  };
  const check: CheckResult = {
    id: `${prefix}.no-429`,
    title: `${analysis.scenario}: no 429 at or below the limit`,
    status: 'passed',
    severity: 'critical',
    received: `${rejected} responses with 429`,
    documented: `${analysis.rateLimitPerSecond} requests per second per token are served`,
    data,
  };
  if (rejected === 0) return { ...check, message: 'No request was rejected with 429.' };
  if (harnessExceeded) {
    return {
      ...check,
      status: 'warning',
      message:
        `${rejected} requests got 429, but the harness sent ${maxSent} requests within one second ` +
        `on one token, above the limit of ${analysis.rateLimitPerSecond}: timer jitter, not the target.`,
    };
  }
  return {
    ...check,
    status: 'failed',
    message: `${rejected} requests got 429 although no token exceeded ${analysis.rateLimitPerSecond} per second.`,
  };
}

function acceptedThroughputCheck(
  prefix: string,
  analysis: LoadAnalysis,
  phases: PhaseStats[],
): CheckResult {
  const limit = analysis.rateLimitPerSecond;
  const bands = phases.map((p) => acceptedThroughputBand(limit, p.ratePerToken));
  const low = Math.min(...bands.map((band) => band.low));
  const high = limit * (1 + THROUGHPUT_TOLERANCE);
  const off = phases.filter((p, index) => {
    const value = acceptedPerToken(p);
    return value < bands[index]!.low || value > bands[index]!.high;
  });
  const describe = (p: PhaseStats): string =>
    `${p.name} (${p.ratePerToken}/s sent): ${round(acceptedPerToken(p))}/s accepted`;
  return {
    id: `${prefix}.accepted-throughput`,
    title: `${analysis.scenario}: accepted throughput stays at the limit beyond it`,
    status: off.length === 0 ? 'passed' : 'failed',
    severity: 'critical',
    message:
      off.length === 0
        ? `Accepted throughput per token stays within ${round(low)}-${round(high)}/s above the limit.`
        : `Outside ${round(low)}-${round(high)}/s: ${off.map(describe).join('; ')}.`,
    received: phases.map(describe).join('; '),
    documented: `${limit} requests per second per token; the excess gets 429`,
    data: {
      measuredLimit: analysis.measuredLimit,
      byPhase: phases.map((p) => ({
        phase: p.name,
        sentPerSecond: round(p.sentPerSecond),
        acceptedPerSecond: round(p.acceptedPerSecond),
        rejectedPerSecond: round(p.rejectedPerSecond),
        steadyAcceptedPerSecondPerToken: p.steadyAcceptedPerSecondPerToken,
        limitEstimatePerSecond: p.limitEstimatePerSecond,
      })),
    },
  };
}

/**
 * Returns the accepted rate per token that a conformant limiter of `limit` per second delivers to a
 * client sending `sentPerSecond`. The lower end is the smaller of 10 % under the limit and
 * limit / (1 + 1 / sentPerSecond): a window that opens at the first request after the previous one
 * closed loses up to one send interval per window, so at twice the limit it delivers down to 86 %.
 */
export function acceptedThroughputBand(
  limit: number,
  sentPerSecond: number,
): { low: number; high: number } {
  const windowLoss = limit / (1 + 1 / sentPerSecond);
  return {
    low: Math.min(limit * (1 - THROUGHPUT_TOLERANCE), windowLoss),
    high: limit * (1 + THROUGHPUT_TOLERANCE),
  };
}

/** Accepted per second per token after the burst allowance, or the plain mean without one. */
function acceptedPerToken(phase: PhaseStats): number {
  return phase.steadyAcceptedPerSecondPerToken ?? phase.acceptedPerSecond / phase.tokens;
}

function rejectedLatencyCheck(prefix: string, phases: PhaseStats[], p95Ms: number): CheckResult {
  const slow = phases.filter((p) => (p.latency.rejected?.p95 ?? 0) >= p95Ms);
  const scenario = prefix.slice('load.'.length);
  return {
    id: `${prefix}.rejected-latency`,
    title: `${scenario}: 429 responses stay fast`,
    status: slow.length === 0 ? 'passed' : 'failed',
    severity: 'normal',
    message:
      slow.length === 0
        ? `p95 of 429 responses stays under ${p95Ms} ms.`
        : slow.map((p) => `${p.name}: 429 p95 ${round(p.latency.rejected!.p95)} ms`).join('; '),
    data: { byPhase: Object.fromEntries(phases.map((p) => [p.name, p.latency.rejected])) },
  };
}

function aggregateThroughputCheck(prefix: string, analysis: LoadAnalysis): CheckResult {
  const phase = analysis.phases[0]!;
  const expected = phase.ratePerToken * phase.tokens;
  const ok = Math.abs(phase.acceptedPerSecond - expected) <= expected * THROUGHPUT_TOLERANCE;
  return {
    id: `${prefix}.aggregate-throughput`,
    title: `multi-token: ${phase.tokens} tokens together get ${round(expected)} requests per second`,
    status: ok ? 'passed' : 'failed',
    severity: 'critical',
    message:
      `${round(phase.acceptedPerSecond)} accepted per second over ${phase.tokens} tokens, ` +
      `expected ${round(expected)} within ${THROUGHPUT_TOLERANCE * 100} %.`,
    received: `${round(phase.acceptedPerSecond)}/s accepted`,
    documented: `${analysis.rateLimitPerSecond} requests per second per token`,
    data: {
      tokens: phase.tokens,
      ratePerToken: phase.ratePerToken,
      acceptedPerSecond: phase.acceptedPerSecond,
    },
  };
}

function schemaCheck(prefix: string, analysis: LoadAnalysis): CheckResult {
  const checks = analysis.checks.filter((c) => c.name.endsWith('matches its schema'));
  const id = `${prefix}.schema`;
  const title = `${analysis.scenario}: responses match their schemas under load`;
  if (checks.length === 0) {
    return {
      id,
      title,
      status: 'skipped',
      severity: 'normal',
      reason: 'No response schema was checked: the run had no schema file or no 2xx response.',
      enableWith: 'run through `exto-conformance load`, which writes the schema file from --spec',
    };
  }
  const failing = checks.filter((c) => c.fails > 0);
  return {
    id,
    title,
    status: failing.length === 0 ? 'passed' : 'failed',
    severity: 'critical',
    message:
      failing.length === 0
        ? `${checks.reduce((s, c) => s + c.passes, 0)} bodies matched their schemas.`
        : failing
            .map((c) => `${c.name.replace(/ matches its schema$/, '')}: ${c.fails} failed`)
            .join('; '),
    data: { checks },
  };
}

/**
 * Checks the error body of every error response. The 429 body is not documented, so a deviation
 * there is a warning, while on other errors it fails.
 */
function errorBodyCheck(prefix: string, analysis: LoadAnalysis): CheckResult {
  const checks = analysis.checks.filter((c) => c.name.endsWith('has the error body'));
  const failing = checks.filter((c) => c.fails > 0);
  const only429 = failing.every((c) => c.name.startsWith('429 '));
  let status: CheckResult['status'] = 'failed';
  if (failing.length === 0) status = 'passed';
  else if (only429) status = 'warning';
  return {
    id: `${prefix}.error-body`,
    title: `${analysis.scenario}: error responses carry the error body`,
    status: checks.length === 0 ? 'skipped' : status,
    severity: 'normal',
    ...(checks.length === 0
      ? { reason: 'No error response arrived, so no error body was checked.' }
      : {
          message:
            failing.length === 0
              ? `${checks.reduce((s, c) => s + c.passes, 0)} error bodies had code, timestamp, path and error.`
              : failing.map((c) => `${c.name}: ${c.fails} did not`).join('; '),
        }),
    documented: '{ code, timestamp, path, error: { summary, detail[] } }',
    data: { checks },
  };
}

/**
 * Compares the requests k6 sent with the requests the target counted, which catches a run whose
 * k6 totals are off (requests cut at the end, retries). Without a counter on the target the check
 * is skipped. A difference of one request is allowed for a request in flight at the cut-off.
 */
export function requestCountCheck(
  scenario: string,
  k6Requests: number,
  targetRequests: number | undefined,
): CheckResult {
  const id = `load.${scenario}.request-count`;
  const title = `${scenario}: k6 and the target count the same requests`;
  if (targetRequests === undefined) {
    return {
      id,
      title,
      status: 'skipped',
      severity: 'minor',
      reason: 'The target exposes no request counter (only the reference server has one).',
      enableWith: 'run without --base-url to load the embedded reference server',
    };
  }
  const difference = Math.abs(k6Requests - targetRequests);
  return {
    id,
    title,
    status: difference <= 1 ? 'passed' : 'warning',
    severity: 'minor',
    message: `k6 sent ${k6Requests} requests; the target counted ${targetRequests}.`,
    received: `${targetRequests} requests counted by the target`,
    documented: `${k6Requests} requests sent by k6 (a difference of 1 is allowed)`,
    data: { k6Requests, targetRequests },
  };
}

/** Data object of the report's throughput chart (`exto-data` kind `load`). */
export interface LoadChartData {
  kind: 'load';
  scenario: string;
  rateLimitPerSecond: number;
  perSecond: { t: number; accepted: number; rejected: number }[];
  phases: {
    name: string;
    ratePerToken: number;
    tokens: number;
    startSeconds: number;
    durationSeconds: number;
  }[];
  measuredLimitPerSecond?: number;
}

export function loadChartData(analysis: LoadAnalysis, plan: LoadPlan): LoadChartData {
  const data: LoadChartData = {
    kind: 'load',
    scenario: analysis.scenario,
    rateLimitPerSecond: analysis.rateLimitPerSecond,
    perSecond: analysis.perSecond,
    phases: plan.phases.map((p) => ({
      name: p.name,
      ratePerToken: p.ratePerToken,
      tokens: p.tokens,
      startSeconds: p.startSeconds,
      durationSeconds: p.durationSeconds,
    })),
  };
  if (analysis.measuredLimit) data.measuredLimitPerSecond = analysis.measuredLimit.perSecond;
  return data;
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
