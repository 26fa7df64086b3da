/**
 * Analysis of one k6 run: per-phase throughput, latency and errors from the metric stream, the
 * threshold results from the summary, and the measured limit. `loadChecks` turns it into gate
 * checks; `loadChartData` into the data object of the report's throughput chart.
 */
import { judgeAtLimit } from '../../core/rate-limit/burst.ts';
import { estimateLimit, type LimitEstimate } from '../../core/rate-limit/estimate.ts';
import { windowCounts } from '../../core/rate-limit/windows.ts';
import { isAccepted, type Sample } from '../../core/rate-limit/types.ts';
import { classifyStatus } from '../../core/load/classify.ts';
import type { LoadPlan, Phase, RejectionExpectation } from '../../core/load/plan.ts';
import type { K6Summary, ThresholdResult } from './summary.ts';
import type { MetricStream, RequestSample } from './stream.ts';

export interface Percentiles {
  p50: number;
  p95: number;
  p99: number;
  max: number;
  count: number;
}

export interface PhaseStats {
  name: string;
  ratePerToken: number;
  tokens: number;
  durationSeconds: number;
  rejections: RejectionExpectation;
  requests: number;
  accepted: number;
  rejected: number;
  serverErrors: number;
  /** 4xx other than 429, and status 0 (no response). */
  otherErrors: number;
  /** Requests sent per second over the phase's duration (all tokens). */
  sentPerSecond: number;
  acceptedPerSecond: number;
  rejectedPerSecond: number;
  /** Accepted per second per token after the phase's first second (its burst allowance). */
  steadyAcceptedPerSecondPerToken?: number;
  /**
   * Limit per token by the best-fitting limiter model of the rate-limit analysis, for phases
   * above the limit. Reported beside the throughput, which is what the gate judges.
   */
  limitEstimatePerSecond?: number;
  /** Maximum requests one token sent within any one second; timer jitter shows up here. */
  maxSentPerSecondPerToken: number;
  dropped: number;
  latency: { accepted?: Percentiles; rejected?: Percentiles };
}

export interface LoadAnalysis {
  scenario: LoadPlan['scenario'];
  rateLimitPerSecond: number;
  phases: PhaseStats[];
  /** Limit estimated from the phases sent above it; absent when no phase was. */
  measuredLimit?: LimitEstimate;
  /** Requests per whole second since the first request, for the chart. */
  perSecond: { t: number; accepted: number; rejected: number }[];
  serverErrors: number;
  dropped: number;
  thresholds: ThresholdResult[];
  checks: K6Summary['checks'];
  /** k6's exit code, when the run was local. */
  exitCode?: number;
}

/** Share of the limit that accepted throughput may deviate by beyond it. */
export const THROUGHPUT_TOLERANCE = 0.1;

export function analyzeLoad(
  plan: LoadPlan,
  stream: MetricStream,
  summary: K6Summary | undefined,
  exitCode?: number,
): LoadAnalysis {
  const phases = plan.phases.map((phase) =>
    phaseStats(
      phase,
      stream.requests.filter((r) => r.scenario === phase.name),
      stream.dropped[phase.name] ?? 0,
      plan.rateLimitPerSecond,
    ),
  );
  const aboveLimit = plan.phases.filter((p) => p.rejections === 'excess');
  const probes = aboveLimit.flatMap((phase) =>
    tokenProbes(stream.requests.filter((r) => r.scenario === phase.name)),
  );
  const analysis: LoadAnalysis = {
    scenario: plan.scenario,
    rateLimitPerSecond: plan.rateLimitPerSecond,
    phases,
    perSecond: perSecondCounts(stream.requests),
    serverErrors: phases.reduce((sum, p) => sum + p.serverErrors, 0),
    dropped: Object.values(stream.dropped).reduce((sum, n) => sum + n, 0),
    thresholds: summary?.thresholds ?? [],
    checks: summary?.checks ?? [],
  };
  const estimate =
    probes.length > 0 ? estimateTokenLimit(probes, plan.rateLimitPerSecond) : undefined;
  if (estimate) analysis.measuredLimit = estimate;
  if (exitCode !== undefined) analysis.exitCode = exitCode;
  return analysis;
}

/**
 * Estimates the per-token limit from probes sent above it. The estimate tops out at 4x the
 * documented limit, which is enough to fail the throughput check, and 200 resamples keep the model
 * replay cheap on a 10x stage of a long run.
 */
function estimateTokenLimit(probes: Sample[][], limit: number): LimitEstimate | undefined {
  return estimateLimit(probes, { maxLimit: Math.ceil(limit * 4), resamples: 200 });
}

function phaseStats(
  phase: Phase,
  requests: RequestSample[],
  dropped: number,
  limit: number,
): PhaseStats {
  const count = (outcome: ReturnType<typeof classifyStatus>): number =>
    requests.filter((r) => classifyStatus(r.status) === outcome).length;
  const accepted = count('accepted');
  const rejected = count('rejected');
  const serverErrors = count('server-error');
  const probes = tokenProbes(requests);
  const steady = probes
    .map((probe) => steadyPerSecond(probe, phase.ratePerToken))
    .filter((value): value is number => value !== undefined);
  const stats: PhaseStats = {
    name: phase.name,
    ratePerToken: phase.ratePerToken,
    tokens: phase.tokens,
    durationSeconds: phase.durationSeconds,
    rejections: phase.rejections,
    requests: requests.length,
    accepted,
    rejected,
    serverErrors,
    otherErrors: requests.length - accepted - rejected - serverErrors,
    sentPerSecond: requests.length / phase.durationSeconds,
    acceptedPerSecond: accepted / phase.durationSeconds,
    rejectedPerSecond: rejected / phase.durationSeconds,
    maxSentPerSecondPerToken: Math.max(
      0,
      ...probes.map((probe) => judgeAtLimit(probe, { limit: 1, windowMs: 1000 }).maxSentPerWindow),
    ),
    dropped,
    latency: {},
  };
  if (steady.length > 0) {
    stats.steadyAcceptedPerSecondPerToken = steady.reduce((a, b) => a + b, 0) / steady.length;
  }
  if (phase.rejections === 'excess' && probes.length > 0) {
    const estimate = estimateTokenLimit(probes, limit);
    if (estimate) stats.limitEstimatePerSecond = estimate.perSecond;
  }
  const acceptedLatency = percentiles(
    requests.filter((r) => classifyStatus(r.status) === 'accepted').map((r) => r.durationMs),
  );
  const rejectedLatency = percentiles(
    requests.filter((r) => r.status === 429).map((r) => r.durationMs),
  );
  if (acceptedLatency) stats.latency.accepted = acceptedLatency;
  if (rejectedLatency) stats.latency.rejected = rejectedLatency;
  return stats;
}

/** Groups requests into one sample list per token, in the rate-limit analysis's shape. */
function tokenProbes(requests: RequestSample[]): Sample[][] {
  const byToken = new Map<number, Sample[]>();
  for (const request of requests) {
    const probe = byToken.get(request.token) ?? [];
    probe.push({ tMs: request.startMs, status: request.status });
    byToken.set(request.token, probe);
  }
  return [...byToken.values()];
}

/**
 * Accepted per second after the first second of the phase, which holds the limiter's burst
 * allowance. Requests arrive on a grid of one gap (1 / rate), so both ends of the span sit half a
 * gap off the grid: jitter of a few ms then cannot move a request across the boundary at exactly
 * one second, where a window that opened with the first request closes.
 */
function steadyPerSecond(probe: Sample[], ratePerToken: number): number | undefined {
  if (probe.length === 0) return undefined;
  const gapMs = 1000 / ratePerToken;
  const startMs = probe[0]!.tMs + 1000 - gapMs / 2;
  const endMs = probe[probe.length - 1]!.tMs + gapMs / 2;
  const seconds = (endMs - startMs) / 1000;
  if (seconds < 1) return undefined;
  const accepted = probe.filter((s) => s.tMs >= startMs && isAccepted(s.status)).length;
  return accepted / seconds;
}

function perSecondCounts(requests: RequestSample[]): LoadAnalysis['perSecond'] {
  if (requests.length === 0) return [];
  const samples = requests.map((r) => ({ tMs: r.startMs, status: r.status }));
  return windowCounts(samples, 1000).map((window, t) => ({
    t,
    accepted: window.accepted,
    rejected: window.rejected,
  }));
}

/** Nearest-rank percentiles; undefined for an empty list. */
export function percentiles(values: number[]): Percentiles | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (q: number): number => sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)]!;
  return {
    p50: rank(0.5),
    p95: rank(0.95),
    p99: rank(0.99),
    max: sorted[sorted.length - 1]!,
    count: sorted.length,
  };
}
