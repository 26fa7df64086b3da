/**
 * Load shapes of the k6 scenarios as data: which phases run, at what rate, for how long, and which
 * statuses each phase expects. The k6 side turns a plan into `options`. The Node side uses the same
 * plan to cut the metric stream into phases and to judge each one. Runtime-neutral.
 */
import type { LoadSettings, ScenarioName } from './settings.ts';

/**
 * Expectation of a phase on the limiter. With `none` a 429 is a failure, because the phase stays
 * at or below the limit. With `excess` requests above the limit must get 429 and accepted
 * throughput must stay at the limit. With `tolerated` a 429 is expected but not measured, as at
 * the edges of a spike.
 */
export type RejectionExpectation = 'none' | 'excess' | 'tolerated';

export interface Phase {
  /** k6 scenario name and the `phase` tag, for example `beyond_x4`. */
  name: string;
  /** Arrival rate per token, in requests per second. */
  ratePerToken: number;
  /** Number of tokens the phase spreads its requests over, round-robin. */
  tokens: number;
  /** Offset from the start of the test run, in seconds. */
  startSeconds: number;
  durationSeconds: number;
  /** Statuses k6 counts as expected, so `http_req_failed` measures real failures only. */
  expectedStatuses: number[];
  rejections: RejectionExpectation;
}

export interface LoadPlan {
  scenario: ScenarioName;
  /** Documented limit per token, requests per second. */
  rateLimitPerSecond: number;
  phases: Phase[];
  /**
   * Upper bound of the requests the run can send (arrival rate x duration, plus smoke's fixed
   * list).
   */
  maxRequests: number;
  /** Upper bound of the run's wall time in seconds, graceful stops included. */
  maxSeconds: number;
}

/** Multiples of the limit that beyond-limit steps through. */
export const BEYOND_LIMIT_MULTIPLES = [1, 2, 4, 10] as const;
/** Multiple of the limit at the top of a spike. */
export const SPIKE_MULTIPLE = 10;
/**
 * Pause between the stages of beyond-limit, in seconds, so one stage's rejected burst cannot spill
 * into the next stage's windows whatever the limiter's window length up to 2 s.
 */
export const STAGE_GAP_SECONDS = 2;
/** Requests the smoke iteration sends: one per operation group in `operations.ts`. */
export const SMOKE_REQUESTS = 6;
/** Maximum duration of the smoke scenario, in seconds. */
export const SMOKE_MAX_SECONDS = 60;

const OK = [200];
const OK_OR_LIMITED = [200, 429];

/** Builds the plan of one scenario from its settings. */
export function buildPlan(scenario: ScenarioName, settings: LoadSettings): LoadPlan {
  const limit = settings.rateLimitPerSecond;
  const phases = buildPhases(scenario, settings);
  const graceSeconds = gracefulStopSeconds(settings.p99Ms);
  const end = Math.max(0, ...phases.map((p) => p.startSeconds + p.durationSeconds));
  const arrivals = phases.reduce(
    (sum, p) => sum + Math.ceil(p.ratePerToken * p.tokens * p.durationSeconds),
    0,
  );
  return {
    scenario,
    rateLimitPerSecond: limit,
    phases,
    maxRequests: scenario === 'smoke' ? SMOKE_REQUESTS : arrivals,
    maxSeconds: scenario === 'smoke' ? SMOKE_MAX_SECONDS + graceSeconds : end + graceSeconds,
  };
}

function buildPhases(scenario: ScenarioName, settings: LoadSettings): Phase[] {
  const limit = settings.rateLimitPerSecond;
  const stage = settings.stageSeconds;
  switch (scenario) {
    case 'smoke':
      // One iteration that walks the operation groups; see load/scenarios/smoke.ts.
      return [phase('smoke', limit, 1, 0, SMOKE_MAX_SECONDS, OK, 'none')];
    case 'at-limit':
      return [phase('at_limit', settings.ratePerToken, 1, 0, settings.durationSeconds, OK, 'none')];
    case 'soak':
      return [phase('soak', settings.ratePerToken, 1, 0, settings.durationSeconds, OK, 'none')];
    case 'multi-token':
      return [
        phase(
          'multi_token',
          settings.ratePerToken,
          settings.tokenCount,
          0,
          settings.durationSeconds,
          OK,
          'none',
        ),
      ];
    case 'beyond-limit':
      return BEYOND_LIMIT_MULTIPLES.map((multiple, index) =>
        phase(
          `beyond_x${multiple}`,
          limit * multiple,
          1,
          index * (stage + STAGE_GAP_SECONDS),
          stage,
          OK_OR_LIMITED,
          // At 1x the token is exactly at the limit: 429 is allowed there but not measured.
          multiple === 1 ? 'tolerated' : 'excess',
        ),
      );
    case 'spike':
      // No gap: the jump from the limit to 10x and back is the point of the shape.
      return [
        phase('spike_baseline', limit, 1, 0, stage, OK_OR_LIMITED, 'tolerated'),
        phase('spike_peak', limit * SPIKE_MULTIPLE, 1, stage, stage, OK_OR_LIMITED, 'excess'),
        phase('spike_recovery', limit, 1, 2 * stage, stage, OK_OR_LIMITED, 'tolerated'),
      ];
  }
}

function phase(
  name: string,
  ratePerToken: number,
  tokens: number,
  startSeconds: number,
  durationSeconds: number,
  expectedStatuses: number[],
  rejections: RejectionExpectation,
): Phase {
  return {
    name,
    ratePerToken,
    tokens,
    startSeconds,
    durationSeconds,
    expectedStatuses,
    rejections,
  };
}

/**
 * VUs to pre-allocate for an arrival rate: enough to cover requests in flight at the expected p99
 * latency (rate x p99), plus a margin of two, so k6 does not drop iterations on a healthy target.
 */
export function vusFor(ratePerSecond: number, p99Ms: number): number {
  return Math.max(2, Math.ceil((ratePerSecond * p99Ms) / 1000) + 2);
}

/** gracefulStop in seconds: long enough for a request at twice the p99 latency to finish. */
export function gracefulStopSeconds(p99Ms: number): number {
  return Math.max(5, Math.ceil((2 * p99Ms) / 1000));
}

/** Share of requests a limiter at `limit` should reject when a token sends at `rate`. */
export function expectedRejectedShare(rate: number, limit: number): number {
  return rate <= limit ? 0 : 1 - limit / rate;
}

/** Returns the phase a request belongs to by its start offset in seconds, or undefined in a gap. */
export function phaseAt(plan: LoadPlan, offsetSeconds: number): Phase | undefined {
  return plan.phases.find(
    (p) => offsetSeconds >= p.startSeconds && offsetSeconds < p.startSeconds + p.durationSeconds,
  );
}
