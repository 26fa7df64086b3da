/**
 * Settings of one k6 load run, read from k6's `__ENV` (or, on the Node side, from the environment
 * handed to k6). Runtime-neutral: the scenarios bundle this file. Tokens are not settings: they
 * travel in `EXTO_TOKENS` and are read by `load/lib/target.ts`.
 */
import { atLimitRate } from '../rate-limit/burst.ts';

/** Scenarios under `load/scenarios/`, by file name without `.ts`. */
export const SCENARIO_NAMES = [
  'smoke',
  'at-limit',
  'beyond-limit',
  'multi-token',
  'soak',
  'spike',
] as const;

export type ScenarioName = (typeof SCENARIO_NAMES)[number];

export function isScenarioName(value: string): value is ScenarioName {
  return (SCENARIO_NAMES as readonly string[]).includes(value);
}

/** Environment variables a scenario reads; the Node side sets them, an operator may too. */
export const LOAD_ENV = {
  baseUrl: 'EXTO_BASE_URL',
  rateLimit: 'EXTO_RATE_LIMIT',
  rate: 'EXTO_LOAD_RATE',
  duration: 'EXTO_LOAD_DURATION',
  stageDuration: 'EXTO_LOAD_STAGE_DURATION',
  tokenCount: 'EXTO_LOAD_TOKEN_COUNT',
  p95Ms: 'EXTO_LOAD_P95_MS',
  p99Ms: 'EXTO_LOAD_P99_MS',
  schemasFile: 'EXTO_LOAD_SCHEMAS_FILE',
  summaryFile: 'EXTO_LOAD_SUMMARY_FILE',
} as const;

export interface LoadSettings {
  /**
   * Base URL of the Data API without a trailing slash, for example `http://127.0.0.1:4010/data`.
   */
  baseUrl: string;
  /** Documented limit in requests per second per token (3 for Exto). */
  rateLimitPerSecond: number;
  /**
   * Arrival rate per token for the shapes that run at one rate (at-limit, multi-token, soak).
   * Defaults to 14/15 of the limit (2.8/s for 3/s): 357 ms gaps instead of 333 ms absorb up to
   * 24 ms of timer jitter before a one-second window sees one request more than the limit.
   */
  ratePerToken: number;
  /** Duration of the main phase in seconds. */
  durationSeconds: number;
  /** Duration of each stage of beyond-limit and spike, in seconds. */
  stageSeconds: number;
  /** Number of tokens multi-token uses; other scenarios use the first token. */
  tokenCount: number;
  /** Threshold for the 95th percentile of accepted (and of rejected) request latency, in ms. */
  p95Ms: number;
  /** Expected 99th percentile latency in ms, used to size VUs (rate x p99 + margin). */
  p99Ms: number;
  /**
   * Path of the response-schema file that k6 reads with `open()`; absent disables schema checks.
   */
  schemasFile?: string;
  /**
   * Output path of the redacted summary JSON from handleSummary; without it only stdout gets text.
   */
  summaryFile?: string;
}

export const DEFAULT_LOAD_SETTINGS: Omit<LoadSettings, 'baseUrl'> = {
  rateLimitPerSecond: 3,
  ratePerToken: atLimitRate(3),
  durationSeconds: 30,
  stageSeconds: 10,
  tokenCount: 1,
  p95Ms: 500,
  p99Ms: 1000,
};

/**
 * Upper bounds that keep every run finite whatever the environment sets: one hour per phase and
 * 1000 requests per second per token. Beyond these a typo is likelier than intent.
 */
export const MAX_PHASE_SECONDS = 3600;
export const MAX_RATE_PER_TOKEN = 1000;
export const MAX_TOKENS = 1000;

/** Reads and checks settings; throws with the variable, its value and the fix. */
export function readLoadSettings(env: Record<string, string | undefined>): LoadSettings {
  const baseUrl = (env[LOAD_ENV.baseUrl] ?? '').trim().replace(/\/+$/, '');
  if (!/^https?:\/\/[^\s/]+/.test(baseUrl)) {
    throw new Error(
      `${LOAD_ENV.baseUrl} must be an http(s) URL such as http://127.0.0.1:4010/data, ` +
        `got ${JSON.stringify(env[LOAD_ENV.baseUrl] ?? '')}. Set it, or run through \`exto-conformance load\`.`,
    );
  }
  const rateLimitPerSecond = readNumber(
    env,
    LOAD_ENV.rateLimit,
    DEFAULT_LOAD_SETTINGS.rateLimitPerSecond,
    MAX_RATE_PER_TOKEN,
  );
  const settings: LoadSettings = {
    baseUrl,
    rateLimitPerSecond,
    ratePerToken: readNumber(
      env,
      LOAD_ENV.rate,
      atLimitRate(rateLimitPerSecond),
      MAX_RATE_PER_TOKEN,
    ),
    durationSeconds: readNumber(
      env,
      LOAD_ENV.duration,
      DEFAULT_LOAD_SETTINGS.durationSeconds,
      MAX_PHASE_SECONDS,
    ),
    stageSeconds: readNumber(
      env,
      LOAD_ENV.stageDuration,
      DEFAULT_LOAD_SETTINGS.stageSeconds,
      MAX_PHASE_SECONDS,
    ),
    tokenCount: Math.round(
      readNumber(env, LOAD_ENV.tokenCount, DEFAULT_LOAD_SETTINGS.tokenCount, MAX_TOKENS),
    ),
    p95Ms: readNumber(env, LOAD_ENV.p95Ms, DEFAULT_LOAD_SETTINGS.p95Ms, 600_000),
    p99Ms: readNumber(env, LOAD_ENV.p99Ms, DEFAULT_LOAD_SETTINGS.p99Ms, 600_000),
  };
  const schemasFile = env[LOAD_ENV.schemasFile]?.trim();
  if (schemasFile) settings.schemasFile = schemasFile;
  const summaryFile = env[LOAD_ENV.summaryFile]?.trim();
  if (summaryFile) settings.summaryFile = summaryFile;
  return settings;
}

/** Environment entries that reproduce `settings` (the inverse of readLoadSettings). */
export function loadSettingsEnv(settings: LoadSettings): Record<string, string> {
  const env: Record<string, string> = {
    [LOAD_ENV.baseUrl]: settings.baseUrl,
    [LOAD_ENV.rateLimit]: String(settings.rateLimitPerSecond),
    [LOAD_ENV.rate]: String(settings.ratePerToken),
    [LOAD_ENV.duration]: String(settings.durationSeconds),
    [LOAD_ENV.stageDuration]: String(settings.stageSeconds),
    [LOAD_ENV.tokenCount]: String(settings.tokenCount),
    [LOAD_ENV.p95Ms]: String(settings.p95Ms),
    [LOAD_ENV.p99Ms]: String(settings.p99Ms),
  };
  if (settings.schemasFile) env[LOAD_ENV.schemasFile] = settings.schemasFile;
  if (settings.summaryFile) env[LOAD_ENV.summaryFile] = settings.summaryFile;
  return env;
}

/**
 * Parses a duration in seconds: a plain number (`30`) or k6 style (`30s`, `2m`, `1h`, `1m30s`).
 * Returns undefined when the text is not a duration.
 */
export function parseDurationSeconds(text: string): number | undefined {
  const trimmed = text.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed);
  const match = /^(?:(\d+)h)?(?:(\d+)m(?!s))?(?:(\d+(?:\.\d+)?)s)?$/.exec(trimmed);
  if (!match || trimmed === '') return undefined;
  const [, hours, minutes, seconds] = match;
  return Number(hours ?? 0) * 3600 + Number(minutes ?? 0) * 60 + Number(seconds ?? 0);
}

function readNumber(
  env: Record<string, string | undefined>,
  name: string,
  fallback: number,
  max: number,
): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const isDuration = name === LOAD_ENV.duration || name === LOAD_ENV.stageDuration;
  const value = isDuration ? parseDurationSeconds(raw) : Number(raw.trim());
  if (value === undefined || !Number.isFinite(value) || value <= 0 || value > max) {
    const unit = isDuration ? ' seconds (or 30s, 2m)' : '';
    throw new Error(
      `${name} must be a positive number up to ${max}${unit}, got ${JSON.stringify(raw)}. ` +
        `Unset it to use ${fallback}.`,
    );
  }
  return value;
}
