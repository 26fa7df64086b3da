/**
 * k6 `options` built from a load plan: one named k6 scenario per phase, and the thresholds that
 * encode what each phase expects of the target. The types are structural (no `k6` import), so the
 * Node side can build and inspect the same object. The scenarios assign it to k6's `Options`,
 * which type-checks it.
 */
import {
  expectedRejectedShare,
  gracefulStopSeconds,
  SMOKE_MAX_SECONDS,
  vusFor,
  type LoadPlan,
  type Phase,
} from './plan.ts';
import type { LoadSettings } from './settings.ts';

/** Custom metric names, shared by the scenarios and the analysis. */
export const METRICS = {
  /** Rate: 1 for each response with status 429, 0 for every other response. */
  rejected: 'rl_rejected',
  /** Counter: responses with a 2xx status. */
  accepted: 'accepted',
  /** Counter: responses with a 5xx status. */
  serverErrors: 'server_errors',
  /** Rate: 1 for each 2xx body that fails its documented schema, 0 for each that passes. */
  schemaInvalid: 'schema_invalid',
  /** Rate: 1 for each error response whose body is not the documented error body. */
  errorBodyInvalid: 'error_body_invalid',
} as const;

export interface ArrivalRateScenario {
  executor: 'constant-arrival-rate';
  rate: number;
  timeUnit: string;
  duration: string;
  preAllocatedVUs: number;
  maxVUs: number;
  startTime: string;
  gracefulStop: string;
  tags: Record<string, string>;
  exec?: string;
}

export interface SharedIterationsScenario {
  executor: 'shared-iterations';
  vus: number;
  iterations: number;
  maxDuration: string;
  gracefulStop: string;
  tags: Record<string, string>;
  exec?: string;
}

export interface LoadOptions {
  scenarios: Record<string, ArrivalRateScenario | SharedIterationsScenario>;
  thresholds: Record<string, string[]>;
  /** Trend statistics in the summary: p(99) is what the VU sizing rests on. */
  summaryTrendStats: string[];
  /** Keeps k6 from sending usage reports anywhere: the run talks to the target only. */
  noUsageReport?: boolean;
  setupTimeout: string;
  teardownTimeout: string;
}

export const SUMMARY_TREND_STATS = ['avg', 'min', 'med', 'max', 'p(90)', 'p(95)', 'p(99)', 'count'];

/** Builds k6 options for a plan. */
export function buildOptions(plan: LoadPlan, settings: LoadSettings): LoadOptions {
  const grace = `${gracefulStopSeconds(settings.p99Ms)}s`;
  const scenarios: LoadOptions['scenarios'] = {};
  for (const phase of plan.phases) {
    scenarios[phase.name] =
      plan.scenario === 'smoke'
        ? {
            executor: 'shared-iterations',
            vus: 1,
            iterations: 1,
            maxDuration: `${SMOKE_MAX_SECONDS}s`,
            gracefulStop: grace,
            tags: { phase: phase.name },
          }
        : arrivalRateScenario(phase, settings.p99Ms, grace);
  }
  return {
    scenarios,
    thresholds: buildThresholds(plan, settings),
    summaryTrendStats: SUMMARY_TREND_STATS,
    setupTimeout: '30s',
    teardownTimeout: '30s',
  };
}

function arrivalRateScenario(phase: Phase, p99Ms: number, grace: string): ArrivalRateScenario {
  const rate = phase.ratePerToken * phase.tokens;
  const vus = vusFor(rate, p99Ms);
  // k6 takes an integer rate per timeUnit: a fractional rate such as 2.8/s becomes 28 per 10 s.
  const { count, timeUnit } = integerRate(rate);
  return {
    executor: 'constant-arrival-rate',
    rate: count,
    timeUnit,
    duration: `${phase.durationSeconds}s`,
    preAllocatedVUs: vus,
    maxVUs: vus * 2,
    startTime: `${phase.startSeconds}s`,
    gracefulStop: grace,
    tags: { phase: phase.name },
  };
}

/** Expresses a rate per second as an integer count per time unit of 1 s, 10 s, 100 s or 1000 s. */
export function integerRate(ratePerSecond: number): { count: number; timeUnit: string } {
  for (const unit of [1, 10, 100, 1000]) {
    const count = ratePerSecond * unit;
    if (Math.abs(count - Math.round(count)) < 1e-9) {
      return { count: Math.round(count), timeUnit: `${unit}s` };
    }
  }
  return { count: Math.round(ratePerSecond * 1000), timeUnit: '1000s' };
}

/**
 * Thresholds per phase. Latency uses `expected_response:true` so fast 429s cannot flatter the p95
 * of accepted requests; 429 latency gets its own threshold where 429s are expected.
 */
export function buildThresholds(plan: LoadPlan, settings: LoadSettings): Record<string, string[]> {
  const thresholds: Record<string, string[]> = {
    http_req_failed: ['rate<0.01'],
    dropped_iterations: ['count==0'],
    [METRICS.serverErrors]: ['count==0'],
    [METRICS.schemaInvalid]: ['rate==0'],
  };
  // NOTE: no threshold on error_body_invalid: the 429 body is not documented, so a deviation there
  // is reported by the analysis as a warning and must not fail k6 with exit code 99.
  for (const phase of plan.phases) {
    const tag = `{scenario:${phase.name}}`;
    thresholds[`http_req_duration{scenario:${phase.name},expected_response:true}`] = [
      `p(95)<${settings.p95Ms}`,
    ];
    if (phase.rejections === 'none') {
      thresholds[`${METRICS.rejected}${tag}`] = ['rate==0'];
    }
    if (phase.rejections === 'excess') {
      const limit = plan.rateLimitPerSecond;
      const share = expectedRejectedShare(phase.ratePerToken, limit);
      // NOTE: +-0.1 around the expected share, wider than the +-0.05 a 60 s run supports, because
      // short runs see whole-window rounding at both ends of the stage.
      thresholds[`${METRICS.rejected}${tag}`] = [
        `rate>=${round(Math.max(0, share - 0.1))}`,
        `rate<=${round(Math.min(1, share + 0.1))}`,
      ];
      // Accepted requests may not exceed the limit by more than 10 %, plus one window at each edge.
      const maxAccepted = limit * phase.tokens * (phase.durationSeconds * 1.1 + 2);
      thresholds[`${METRICS.accepted}${tag}`] = [`count<=${round(maxAccepted)}`];
      thresholds[`http_req_duration{scenario:${phase.name},status:429}`] = [
        `p(95)<${settings.p95Ms}`,
      ];
    }
  }
  return thresholds;
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
