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

import { isScenarioName, SCENARIO_NAMES, type ScenarioName } from '../../core/load/settings.ts';
import { Redactor } from '../../core/redact.ts';
import { ENV_TOKENS } from '../../core/run-settings.ts';
import type { CheckResult } from '../../core/types.ts';
import { ConfigError, readTokens, unknownEnvWarnings, type Config } from '../../lib/config.ts';
import type { LoadChartData } from '../../lib/k6/checks.ts';
import { findK6, k6MissingMessage } from '../../lib/k6/find.ts';
import { bundleScenario } from '../../lib/k6/bundle.ts';
import { buildOperatorManifests } from '../../lib/k6/operator.ts';
import { loadSchemaFile } from '../../lib/k6/spec-subset.ts';
import { K6_EXIT } from '../../lib/k6/run.ts';
import { createLogger, type Logger } from '../../lib/logger.ts';
import { startReferenceTarget, type ReferenceTarget } from '../../lib/reference-target.ts';
import { createRunDir, updateLatest } from '../../lib/run-dir.ts';
import { loadSpec } from '../../lib/spec-loader.ts';
import type { DataRecord, RunResults } from '../../report/results.ts';
import { writeReports } from '../../report/write-reports.ts';
import { CliError, EXIT } from '../exit-codes.ts';
import { interruptSignal } from '../interrupt.ts';
import {
  buildSettings,
  mintLoadTokens,
  runScenario,
  scenarioTokenCount,
  type ScenarioArgs,
} from '../load-run.ts';
import { targetOptions, type TargetArgs } from '../options.ts';
import { preflight } from '../preflight.ts';
import { printVerdict } from '../verdict.ts';
import { loadConfig } from '../verify-run.ts';

export { buildSettings } from '../load-run.ts';

export interface LoadArgs extends TargetArgs, ScenarioArgs {
  scenario: string;
  distributed?: number;
  namespace?: string;
  tokensSecret?: string;
  runnerImage?: string;
}

/** k6 exit codes passed through unchanged. */
const PASS_THROUGH = new Set<number>(Object.values(K6_EXIT));

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
  for (const warning of unknownEnvWarnings(context.env)) log.warn(warning);
  const tokenCount = scenarioTokenCount(scenario, args);

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
    const startedAt = new Date();
    const outcome = await runScenario({
      scenario,
      args,
      config,
      baseUrl,
      tokens,
      tokenCount,
      ...(reference ? { reference } : {}),
      outDir,
      k6Path,
      redactor,
      log,
      stdout: process.stdout,
      stderr: process.stderr,
    });
    const gate = await writeGate(outDir, {
      startedAt,
      checks: outcome.checks,
      chart: outcome.chart,
      record: outcome.record,
      baseUrl,
      tokenCount,
      reference,
      redactor,
    });
    printVerdict(gate, outDir, updateLatest(outDir));

    if (context.signal.aborted) return EXIT.interrupted;
    if (PASS_THROUGH.has(outcome.exitCode)) return outcome.exitCode;
    if (outcome.exitCode !== 0) return EXIT.checkFailed;
    return gate.verdict === 'pass' ? EXIT.conformant : EXIT.checkFailed;
  } finally {
    if (reference) {
      await reference
        .close()
        .catch((error: unknown) => log.error({ err: error }, 'reference server did not stop'));
    }
  }
}

interface GateParts {
  startedAt: Date;
  checks: CheckResult[];
  chart: LoadChartData;
  record: DataRecord;
  baseUrl: string;
  tokenCount: number;
  reference: ReferenceTarget | undefined;
  redactor: Redactor;
}

/** Writes results.json too, so `exto-conformance report` can rebuild a load run's reports. */
async function writeGate(outDir: string, parts: GateParts) {
  const results: RunResults = {
    startedAt: parts.startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    checks: parts.checks,
    data: [parts.record],
    tests: { passed: 0, failed: 0, skipped: 0 },
  };
  writeFileSync(
    join(outDir, 'results.json'),
    `${JSON.stringify(parts.redactor.json(results), null, 2)}\n`,
  );
  const written = await writeReports(
    outDir,
    results,
    {
      target: {
        baseUrl: parts.baseUrl,
        reference: !!parts.reference,
        ...(parts.reference ? { referenceFaults: parts.reference.faults } : {}),
      },
      spec: null,
      tokenCount: parts.tokenCount,
      rateLimitPerSecond: parts.chart.rateLimitPerSecond,
    },
    parts.redactor,
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
  const tokenCount = scenarioTokenCount(scenario, args);
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
