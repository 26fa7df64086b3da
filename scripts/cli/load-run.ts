/**
 * Runs one k6 scenario inside a run folder and turns its outcome into checks and a chart record.
 * Shared by `load` (one scenario, its own gate) and `verify --load` (scenarios after the suites,
 * one gate over both), so both write the same files under `<run>/load/`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { buildPlan, type LoadPlan } from '../core/load/plan.ts';
import {
  DEFAULT_LOAD_SETTINGS,
  loadSettingsEnv,
  MAX_PHASE_SECONDS,
  parseDurationSeconds,
  readLoadSettings,
  type LoadSettings,
  type ScenarioName,
} from '../core/load/settings.ts';
import type { Redactor } from '../core/redact.ts';
import { ENV_EXTRA_HEADERS, ENV_TOKENS } from '../core/run-settings.ts';
import type { CheckResult } from '../core/types.ts';
import { ConfigError, type Config } from '../lib/config.ts';
import { analyzeLoad, type LoadAnalysis } from '../lib/k6/analysis.ts';
import { bundleScenario } from '../lib/k6/bundle.ts';
import {
  loadChartData,
  loadChecks,
  requestCountCheck,
  type LoadChartData,
} from '../lib/k6/checks.ts';
import { K6_INSTALL_HINT } from '../lib/k6/find.ts';
import { runK6 } from '../lib/k6/run.ts';
import { loadSchemaFile } from '../lib/k6/spec-subset.ts';
import { readMetricStream } from '../lib/k6/stream.ts';
import { readSummaryFile, type K6Summary } from '../lib/k6/summary.ts';
import type { Logger } from '../lib/logger.ts';
import { adminCall, mintToken, type ReferenceTarget } from '../lib/reference-target.ts';
import { loadSpec } from '../lib/spec-loader.ts';
import { toLoadRecord } from '../report/load-chart.ts';
import type { DataRecord } from '../report/results.ts';

/** Scenario options of `load`; `verify --load` uses the defaults. */
export interface ScenarioArgs {
  rate?: number;
  duration?: string;
  stageDuration?: string;
  tokenCount?: number;
  p95Ms?: number;
  p99Ms?: number;
}

/** soak is the long shape; every other scenario defaults to 30 s. */
const SOAK_DEFAULT_SECONDS = 600;
/** The reference server allows 5 live keys per tenant, so minting 4 leaves one for an operator. */
const REFERENCE_TOKENS_PER_TENANT = 4;

export interface ScenarioRun {
  scenario: ScenarioName;
  args: ScenarioArgs;
  config: Config;
  baseUrl: string;
  /** Bearer tokens for k6; the first `tokenCount` are used. */
  tokens: string[];
  tokenCount: number;
  /** Present for the embedded server: its request counter reconciles k6's totals. */
  reference?: ReferenceTarget;
  outDir: string;
  k6Path: string;
  redactor: Redactor;
  log: Logger;
  stdout?: NodeJS.WritableStream;
  stderr?: NodeJS.WritableStream;
}

export interface ScenarioOutcome {
  plan: LoadPlan;
  analysis: LoadAnalysis;
  checks: CheckResult[];
  chart: LoadChartData;
  /** The chart as results.json stores it. */
  record: DataRecord;
  exitCode: number;
  timedOut: boolean;
}

/** Tokens a scenario needs: multi-token uses `--token-count` (default 2), the others one. */
export function scenarioTokenCount(scenario: ScenarioName, args: ScenarioArgs): number {
  return scenario === 'multi-token' ? (args.tokenCount ?? 2) : 1;
}

/** Bundles, runs and analyses one scenario; writes its files under `<outDir>/load/`. */
export async function runScenario(run: ScenarioRun): Promise<ScenarioOutcome> {
  const { scenario, outDir, log } = run;
  const loadDir = join(outDir, 'load');
  mkdirSync(loadDir, { recursive: true });
  const settings = buildSettings(run.args, scenario, run.config, run.baseUrl, run.tokenCount, {
    schemasFile: await writeSchemaFile(run.config.spec, loadDir),
    summaryFile: join(loadDir, `${scenario}.json`),
  });
  const plan = buildPlan(scenario, settings);
  log.info({ scenario, maxRequests: plan.maxRequests, maxSeconds: plan.maxSeconds }, 'load plan');

  const bundle = await bundleScenario(scenario, loadDir);
  const countBefore = run.reference ? await targetRequestCount(run.reference) : undefined;
  const metricsFile = join(loadDir, `${scenario}.metrics.ndjson`);
  const result = await runK6({
    k6Path: run.k6Path,
    bundlePath: bundle.path,
    metricsFile,
    env: {
      ...loadSettingsEnv(settings),
      [ENV_TOKENS]: run.tokens.slice(0, Math.max(run.tokenCount, 1)).join('\n'),
      [ENV_EXTRA_HEADERS]: JSON.stringify(run.config.extraHeaders),
    },
    redactor: run.redactor,
    // The plan's own bound plus a minute for k6's start-up and summary.
    timeoutMs: (plan.maxSeconds + 60) * 1000,
    cwd: loadDir,
    ...(run.stdout ? { stdout: run.stdout } : {}),
    ...(run.stderr ? { stderr: run.stderr } : {}),
  });
  if (result.timedOut) log.error({ scenario }, 'k6 exceeded the plan duration and was stopped');

  const summary = readSummaryOrUndefined(settings.summaryFile!, log);
  const stream = await readMetricStream(metricsFile);
  const analysis = analyzeLoad(plan, stream, summary, result.exitCode);
  const countAfter = run.reference ? await targetRequestCount(run.reference) : undefined;
  const targetRequests =
    countBefore !== undefined && countAfter !== undefined ? countAfter - countBefore : undefined;
  const checks = [
    ...loadChecks(analysis, { p95Ms: settings.p95Ms }),
    requestCountCheck(scenario, stream.requests.length + stream.setupRequests, targetRequests),
  ];
  writeFileSync(
    join(loadDir, `${scenario}.analysis.json`),
    `${JSON.stringify(run.redactor.json(analysis), null, 2)}\n`,
  );
  const chart = loadChartData(analysis, plan);
  return {
    plan,
    analysis,
    checks,
    chart,
    record: toLoadRecord(chart),
    exitCode: result.exitCode,
    timedOut: result.timedOut,
  };
}

/**
 * Builds the checks of a scenario that could not run because k6 is missing: one skipped check with
 * the install hint, so the gate lists it instead of failing the whole verify run.
 */
export function k6MissingChecks(scenario: string): CheckResult[] {
  return [
    {
      id: `load.${scenario}.run`,
      title: `${scenario}: k6 load scenario runs`,
      status: 'skipped',
      severity: 'normal',
      reason: `k6 not found, so the ${scenario} scenario did not run. ${K6_INSTALL_HINT}`,
      enableWith: 'K6_BIN=/path/to/k6 or k6 on PATH',
    },
  ];
}

/**
 * Settings for the scenario from flags and config, checked by the same reader the scenario uses.
 */
export function buildSettings(
  args: ScenarioArgs,
  scenario: ScenarioName,
  config: Config,
  baseUrl: string,
  tokenCount: number,
  files: { schemasFile?: string; summaryFile?: string },
): LoadSettings {
  const duration =
    args.duration !== undefined
      ? secondsOption('--duration', args.duration)
      : scenario === 'soak'
        ? SOAK_DEFAULT_SECONDS
        : DEFAULT_LOAD_SETTINGS.durationSeconds;
  const env: Record<string, string | undefined> = {
    ...loadSettingsEnv({
      ...DEFAULT_LOAD_SETTINGS,
      baseUrl,
      rateLimitPerSecond: config.rateLimitPerSecond,
      durationSeconds: duration,
      tokenCount,
      ...files,
    }),
  };
  // An unset rate falls back to 14/15 of the configured limit inside readLoadSettings.
  delete env.EXTO_LOAD_RATE;
  if (args.rate !== undefined) env.EXTO_LOAD_RATE = String(args.rate);
  if (args.stageDuration !== undefined) {
    env.EXTO_LOAD_STAGE_DURATION = String(secondsOption('--stage-duration', args.stageDuration));
  }
  if (args.p95Ms !== undefined) env.EXTO_LOAD_P95_MS = String(args.p95Ms);
  if (args.p99Ms !== undefined) env.EXTO_LOAD_P99_MS = String(args.p99Ms);
  try {
    return readLoadSettings(env);
  } catch (error) {
    throw new ConfigError((error as Error).message, 'load');
  }
}

function secondsOption(flag: string, text: string): number {
  const seconds = parseDurationSeconds(text);
  if (seconds === undefined || seconds <= 0 || seconds > MAX_PHASE_SECONDS) {
    throw new ConfigError(
      `${flag} must be a duration between 1s and ${MAX_PHASE_SECONDS / 60}m, such as 30s or 2m, got ${JSON.stringify(text)}.`,
      flag.slice(2),
    );
  }
  return seconds;
}

/**
 * Mints load tokens on the reference server, a few per tenant because each tenant has a key cap.
 * `prefix` keeps the tenants of a second scenario in one run apart from the first one's.
 */
export async function mintLoadTokens(
  reference: ReferenceTarget,
  count: number,
  prefix = 'load',
): Promise<string[]> {
  const tokens: string[] = [];
  for (let i = 0; i < count; i++) {
    const tenantId = `${prefix}-tenant-${Math.floor(i / REFERENCE_TOKENS_PER_TENANT) + 1}`;
    tokens.push(
      await mintToken(reference.adminUrl, reference.adminSecret, `${prefix}-${i + 1}`, {
        tenantId,
      }),
    );
  }
  return tokens;
}

/** Returns the number of Data API requests the reference server has served (`GET /_admin/stats`). */
export async function targetRequestCount(reference: ReferenceTarget): Promise<number | undefined> {
  const stats = (await adminCall(reference.adminUrl, reference.adminSecret, 'GET', '/stats')) as {
    requests?: unknown;
  };
  return typeof stats.requests === 'number' ? stats.requests : undefined;
}

/** Writes the part of the OpenAPI document that the scenario's validators read with open(). */
async function writeSchemaFile(specSource: string, loadDir: string): Promise<string> {
  const spec = await loadSpec(specSource);
  const path = join(loadDir, 'spec.bundled.json');
  writeFileSync(path, loadSchemaFile(spec));
  return path;
}

function readSummaryOrUndefined(path: string, log: Logger): K6Summary | undefined {
  try {
    return readSummaryFile(path);
  } catch (error) {
    log.warn(
      { err: (error as Error).message },
      'k6 summary missing; the thresholds check is broken',
    );
    return undefined;
  }
}
