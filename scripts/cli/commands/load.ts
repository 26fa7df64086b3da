/**
 * `exto-conformance load --scenario NAME`: bundles a k6 scenario, runs it against the target (or
 * the embedded reference server), analyses k6's summary and metric stream, and writes gate.json
 * and the reports. With `--distributed N` it writes k6-operator manifests instead of running.
 * Exit codes: k6's own 99, 104, 107 and 108 pass through. Otherwise the gate decides 0 or 1, a
 * missing k6 or an invalid option exits 2, and an unreachable target exits 3.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';

import { buildPlan, type LoadPlan } from '../../core/load/plan.ts';
import {
  DEFAULT_LOAD_SETTINGS,
  isScenarioName,
  loadSettingsEnv,
  MAX_PHASE_SECONDS,
  parseDurationSeconds,
  readLoadSettings,
  SCENARIO_NAMES,
  type LoadSettings,
  type ScenarioName,
} from '../../core/load/settings.ts';
import { Redactor } from '../../core/redact.ts';
import { ENV_EXTRA_HEADERS, ENV_TOKENS } from '../../core/run-settings.ts';
import { ConfigError, readTokens, type Config } from '../../lib/config.ts';
import { analyzeLoad } from '../../lib/k6/analysis.ts';
import { bundleScenario } from '../../lib/k6/bundle.ts';
import { loadChartData, loadChecks, requestCountCheck } from '../../lib/k6/checks.ts';
import { findK6, k6MissingMessage } from '../../lib/k6/find.ts';
import { buildOperatorManifests } from '../../lib/k6/operator.ts';
import { loadSchemaFile } from '../../lib/k6/spec-subset.ts';
import { K6_EXIT, runK6 } from '../../lib/k6/run.ts';
import { readMetricStream } from '../../lib/k6/stream.ts';
import { readSummaryFile, type K6Summary } from '../../lib/k6/summary.ts';
import { createLogger, type Logger } from '../../lib/logger.ts';
import {
  adminCall,
  mintToken,
  startReferenceTarget,
  type ReferenceTarget,
} from '../../lib/reference-target.ts';
import { createRunDir, updateLatest } from '../../lib/run-dir.ts';
import { loadSpec } from '../../lib/spec-loader.ts';
import type { RunResults } from '../../report/results.ts';
import { writeReports } from '../../report/write-reports.ts';
import { CliError, EXIT } from '../exit-codes.ts';
import { interruptSignal } from '../interrupt.ts';
import { targetOptions, type TargetArgs } from '../options.ts';
import { preflight } from '../preflight.ts';
import { printVerdict } from '../verdict.ts';
import { loadConfig } from '../verify-run.ts';

export interface LoadArgs extends TargetArgs {
  scenario: string;
  rate?: number;
  duration?: string;
  stageDuration?: string;
  tokenCount?: number;
  p95Ms?: number;
  p99Ms?: number;
  distributed?: number;
  namespace?: string;
  tokensSecret?: string;
  runnerImage?: string;
}

/** soak is the long shape; every other scenario defaults to 30 s. */
const SOAK_DEFAULT_SECONDS = 600;
/** k6 exit codes passed through unchanged. */
const PASS_THROUGH = new Set<number>(Object.values(K6_EXIT));
/** The reference server allows 5 live keys per tenant, so minting 4 leaves one for an operator. */
const REFERENCE_TOKENS_PER_TENANT = 4;

export const loadCommand: CommandModule<object, LoadArgs> = {
  command: 'load',
  describe: 'Run a k6 load scenario against a deployment (or the embedded reference server)',
  builder: (yargs: Argv) =>
    targetOptions(yargs)
      .option('scenario', {
        choices: SCENARIO_NAMES,
        demandOption: true,
        describe: 'Load shape to run',
      })
      .option('rate', {
        type: 'number',
        describe:
          'Requests per second per token for at-limit, multi-token and soak (default: 14/15 of the limit)',
      })
      .option('duration', {
        type: 'string',
        describe: 'Main phase duration, seconds or 30s/2m/1h (default: 30s, soak 10m)',
      })
      .option('stage-duration', {
        type: 'string',
        describe: 'Duration of each beyond-limit and spike stage (default: 10s)',
      })
      .option('token-count', {
        type: 'number',
        describe: 'Tokens multi-token uses, each at --rate (default: 2)',
      })
      .option('p95-ms', { type: 'number', describe: 'p95 latency threshold in ms (default: 500)' })
      .option('p99-ms', {
        type: 'number',
        describe: 'Expected p99 latency in ms, sizes the VU pool (default: 1000)',
      })
      .option('distributed', {
        type: 'number',
        describe: 'Write a k6-operator TestRun for N runner pods instead of running locally',
      })
      .option('namespace', { type: 'string', describe: 'Kubernetes namespace of the manifests' })
      .option('tokens-secret', {
        type: 'string',
        describe:
          'Kubernetes Secret with key EXTO_TOKENS for --distributed (default: exto-load-tokens)',
      })
      .option('runner-image', { type: 'string', describe: 'k6 image of the runner pods' })
      .example('$0 load --scenario at-limit --duration 20s', 'One token just under the limit')
      .example(
        'EXTO_TOKENS="$(cat tokens.txt)" $0 load --scenario multi-token --token-count 4 --base-url https://exto.example.com/data',
        'Capacity test of a deployment',
      ) as unknown as Argv<LoadArgs>,
  handler: async (args: ArgumentsCamelCase<LoadArgs>) => {
    process.exitCode = await runLoad(args, {
      env: process.env,
      cwd: process.cwd(),
      signal: interruptSignal(),
    });
  },
};

export interface LoadContext {
  env: NodeJS.ProcessEnv;
  cwd: string;
  signal: AbortSignal;
}

/** The whole `load` flow; returns the exit code. */
export async function runLoad(args: LoadArgs, context: LoadContext): Promise<number> {
  if (!isScenarioName(args.scenario)) {
    throw new ConfigError(
      `Unknown scenario ${JSON.stringify(args.scenario)}. Use one of: ${SCENARIO_NAMES.join(', ')}.`,
      'scenario',
    );
  }
  const scenario = args.scenario;
  const config = loadConfig(args, context.env, context.cwd);
  let redactor = new Redactor(Object.values(config.extraHeaders));
  const logger = createLogger(config.logLevel, () => redactor);
  const log = logger.child({ name: 'load' });
  const tokenCount = scenario === 'multi-token' ? (args.tokenCount ?? 2) : 1;

  if (args.distributed !== undefined) return writeDistributed(args, scenario, config, context, log);

  const k6Path = findK6(context.env);
  if (!k6Path) throw new CliError(k6MissingMessage(context.env), EXIT.usage);

  const operatorTokens = config.baseUrl ? readTokens(args.tokensFile, config, context.env) : [];
  if (config.baseUrl && operatorTokens.length < tokenCount) {
    throw new ConfigError(
      `${scenario} needs ${tokenCount} bearer token(s), got ${operatorTokens.length}. Set EXTO_TOKENS ` +
        '(one per line) or pass --tokens-file FILE; tokens are never accepted as command-line values.',
      'tokens',
    );
  }
  redactor = redactor.with(operatorTokens);

  let reference: ReferenceTarget | undefined;
  try {
    let tokens = operatorTokens;
    if (!config.baseUrl) {
      reference = await startReferenceTarget({ faults: config.referenceFaults, workers: 1 });
      tokens = await mintLoadTokens(reference, tokenCount);
      redactor = redactor.with([...reference.tokens, ...tokens, reference.adminSecret]);
      log.info({ baseUrl: reference.baseUrl, tokens: tokens.length }, 'reference server started');
    }
    const baseUrl = (config.baseUrl ?? reference!.baseUrl).replace(/\/+$/, '');
    const health = await preflight(baseUrl, config.timeoutSeconds, config.extraHeaders);
    if (health.warning) log.warn({ status: health.status }, health.warning);

    const outDir = createRunDir(resolve(context.cwd, config.out));
    const loadDir = join(outDir, 'load');
    mkdirSync(loadDir, { recursive: true });
    const settings = buildSettings(args, scenario, config, baseUrl, tokenCount, {
      schemasFile: await writeSchemaFile(config.spec, loadDir),
      summaryFile: join(loadDir, `${scenario}.json`),
    });
    const plan = buildPlan(scenario, settings);
    log.info({ scenario, maxRequests: plan.maxRequests, maxSeconds: plan.maxSeconds }, 'load plan');

    const bundle = await bundleScenario(scenario, loadDir);
    const countBefore = reference ? await targetRequestCount(reference) : undefined;
    const metricsFile = join(loadDir, `${scenario}.metrics.ndjson`);
    const result = await runK6({
      k6Path,
      bundlePath: bundle.path,
      metricsFile,
      env: {
        ...loadSettingsEnv(settings),
        [ENV_TOKENS]: tokens.slice(0, Math.max(tokenCount, 1)).join('\n'),
        [ENV_EXTRA_HEADERS]: JSON.stringify(config.extraHeaders),
      },
      redactor,
      // The plan's own bound plus a minute for k6's start-up and summary.
      timeoutMs: (plan.maxSeconds + 60) * 1000,
      cwd: loadDir,
      stdout: process.stdout,
      stderr: process.stderr,
    });
    if (result.timedOut) log.error({ scenario }, 'k6 exceeded the plan duration and was stopped');

    const summary = readSummaryOrUndefined(settings.summaryFile!, log);
    const stream = await readMetricStream(metricsFile);
    const analysis = analyzeLoad(plan, stream, summary, result.exitCode);
    const countAfter = reference ? await targetRequestCount(reference) : undefined;
    const targetRequests =
      countBefore !== undefined && countAfter !== undefined ? countAfter - countBefore : undefined;
    const checks = [
      ...loadChecks(analysis, { p95Ms: settings.p95Ms }),
      requestCountCheck(scenario, stream.requests.length + stream.setupRequests, targetRequests),
    ];
    writeFileSync(
      join(loadDir, `${scenario}.analysis.json`),
      `${JSON.stringify(redactor.json(analysis), null, 2)}\n`,
    );
    const gate = await writeGate(
      outDir,
      plan,
      checks,
      analysis,
      baseUrl,
      tokenCount,
      reference,
      redactor,
    );
    printVerdict(gate, outDir, updateLatest(outDir));

    if (context.signal.aborted) return EXIT.interrupted;
    if (PASS_THROUGH.has(result.exitCode)) return result.exitCode;
    if (result.exitCode !== 0) return EXIT.checkFailed;
    return gate.verdict === 'pass' ? EXIT.conformant : EXIT.checkFailed;
  } finally {
    if (reference) {
      await reference
        .close()
        .catch((error: unknown) => log.error({ err: error }, 'reference server did not stop'));
    }
  }
}

/**
 * Settings for the scenario from flags and config, checked by the same reader the scenario uses.
 */
export function buildSettings(
  args: LoadArgs,
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
 */
async function mintLoadTokens(reference: ReferenceTarget, count: number): Promise<string[]> {
  const tokens: string[] = [];
  for (let i = 0; i < count; i++) {
    const tenantId = `load-tenant-${Math.floor(i / REFERENCE_TOKENS_PER_TENANT) + 1}`;
    tokens.push(
      await mintToken(reference.adminUrl, reference.adminSecret, `load-${i + 1}`, { tenantId }),
    );
  }
  return tokens;
}

/** Data API requests the reference server has answered so far (`GET /_admin/stats`). */
async function targetRequestCount(reference: ReferenceTarget): Promise<number | undefined> {
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

async function writeGate(
  outDir: string,
  plan: LoadPlan,
  checks: ReturnType<typeof loadChecks>,
  analysis: ReturnType<typeof analyzeLoad>,
  baseUrl: string,
  tokenCount: number,
  reference: ReferenceTarget | undefined,
  redactor: Redactor,
) {
  const now = new Date().toISOString();
  const results: RunResults = {
    startedAt: now,
    finishedAt: now,
    checks,
    data: [{ ...loadChartData(analysis, plan) }],
    tests: { passed: 0, failed: 0, skipped: 0 },
  };
  const written = await writeReports(
    outDir,
    results,
    {
      target: {
        baseUrl,
        reference: !!reference,
        ...(reference ? { referenceFaults: reference.faults } : {}),
      },
      spec: null,
      tokenCount,
      rateLimitPerSecond: plan.rateLimitPerSecond,
    },
    redactor,
    { allure: false },
  );
  return written.gate;
}

/** `--distributed N`: bundles compactly and writes the ConfigMap and TestRun; runs nothing. */
async function writeDistributed(
  args: LoadArgs,
  scenario: ScenarioName,
  config: Config,
  context: LoadContext,
  log: Logger,
): Promise<number> {
  if (!config.baseUrl) {
    throw new ConfigError(
      '--distributed needs --base-url: runner pods cannot reach the embedded reference server.',
      'baseUrl',
    );
  }
  const tokenCount = scenario === 'multi-token' ? (args.tokenCount ?? 2) : 1;
  const outDir = createRunDir(resolve(context.cwd, config.out));
  const k8sDir = join(outDir, 'load', 'k8s');
  mkdirSync(k8sDir, { recursive: true });
  const settings = buildSettings(
    args,
    scenario,
    config,
    config.baseUrl.replace(/\/+$/, ''),
    tokenCount,
    {},
  );
  const bundle = await bundleScenario(scenario, k8sDir, { compact: true });
  const spec = await loadSpec(config.spec);
  const manifests = buildOperatorManifests({
    scenario,
    parallelism: args.distributed!,
    settings,
    bundle: readFileSync(bundle.path, 'utf8'),
    schemas: loadSchemaFile(spec),
    secretName: args.tokensSecret ?? 'exto-load-tokens',
    ...(args.namespace ? { namespace: args.namespace } : {}),
    ...(args.runnerImage ? { image: args.runnerImage } : {}),
  });
  const path = join(k8sDir, `${scenario}.yaml`);
  writeFileSync(path, manifests.yaml);
  log.info({ path }, 'k6-operator manifests written');
  process.stdout.write(
    `Wrote ${path}\nCreate the token Secret, then apply:\n` +
      `  kubectl create secret generic ${args.tokensSecret ?? 'exto-load-tokens'} --from-file=${ENV_TOKENS}=tokens.txt\n` +
      `  kubectl apply -f ${path}\n`,
  );
  return EXIT.conformant;
}
