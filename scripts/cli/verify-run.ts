/**
 * The `verify` flow: settings, target, reachability, spec, tokens, run-settings.json, Playwright,
 * gate and reports. Returns the exit code; only main.ts exits the process.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redactor } from '../core/redact.ts';
import {
  ENV_ADMIN_SECRET,
  ENV_EXTRA_HEADERS,
  ENV_RESTART_COMMAND,
  ENV_ROTATE_KEY_COMMAND,
  ENV_RUN_SETTINGS,
  ENV_TOKENS,
  type RunSettings,
} from '../core/run-settings.ts';
import { isScenarioName, SCENARIO_NAMES, type ScenarioName } from '../core/load/settings.ts';
import { isSpecError } from '../core/spec/errors.ts';
import type { CheckResult } from '../core/types.ts';
import {
  baseUrlWarning,
  checkTokenStateFiles,
  ConfigError,
  configFromEnv,
  ENV_NAMES,
  findConfigFile,
  mergeConfig,
  readConfigFile,
  readTokens,
  unknownEnvWarnings,
  type Config,
} from '../lib/config.ts';
import { findK6 } from '../lib/k6/find.ts';
import { createLogger, type Logger } from '../lib/logger.ts';
import { startReferenceTarget, type ReferenceTarget } from '../lib/reference-target.ts';
import { createRunDir, updateLatest } from '../lib/run-dir.ts';
import { loadSpec } from '../lib/spec-loader.ts';
import type { Gate, GateSpec } from '../report/gate.ts';
import { mergeJunitFiles } from '../report/junit-merge.ts';
import { ENV_RESULTS_APPEND } from '../report/results-reporter.ts';
import { readResults, type RunResults } from '../report/results.ts';
import { writeReports, type RunMeta } from '../report/write-reports.ts';
import { CliError, EXIT, InterruptedError } from './exit-codes.ts';
import { onForcedExit } from './interrupt.ts';
import {
  k6MissingChecks,
  mintLoadTokens,
  runScenario,
  scenarioTokenCount,
  targetRequestCount,
} from './load-run.ts';
import { flagsToConfig, type TargetArgs } from './options.ts';
import { grepPattern, runPlaywright } from './playwright-run.ts';
import { preflight } from './preflight.ts';
import { startProgress } from './progress.ts';
import { printVerdict } from './verdict.ts';

const projectRoot = fileURLToPath(new URL('../..', import.meta.url));

/** `verify` adds k6 scenarios that run after the suites, in the same run folder. */
export interface VerifyArgs extends TargetArgs {
  load?: string[];
}

export interface VerifyContext {
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Aborted on SIGINT or SIGTERM. */
  signal: AbortSignal;
}

/** Reads every settings source into one Config; errors are ConfigError (exit 2). */
export function loadConfig(args: TargetArgs, env: NodeJS.ProcessEnv, cwd: string): Config {
  const flags = flagsToConfig(args, env);
  const file = findConfigFile(args.config ?? (env[ENV_NAMES.config] || undefined), cwd);
  const fromFile = file ? readConfigFile(file, env) : {};
  return mergeConfig(flags, configFromEnv(env), fromFile);
}

export async function verify(args: VerifyArgs, context: VerifyContext): Promise<number> {
  const config = loadConfig(args, context.env, context.cwd);
  const scenarios = loadScenarios(args.load);
  let redactor = new Redactor(Object.values(config.extraHeaders));
  const logger = createLogger(config.logLevel, () => redactor);
  const log = logger.child({ name: 'verify' });
  for (const warning of unknownEnvWarnings(context.env)) log.warn(warning);

  if (config.baseUrl && config.referenceFaults.length > 0) {
    throw new ConfigError(
      '--reference-fault applies to the embedded reference server only. Drop --base-url or the fault.',
      'referenceFaults',
    );
  }
  const operatorTokens = config.baseUrl ? readTokens(args.tokensFile, config, context.env) : [];
  if (config.baseUrl && operatorTokens.length === 0) {
    throw new ConfigError(
      'No bearer token for the target. Set EXTO_TOKENS (one per line) or EXTO_TOKEN, or pass ' +
        '--tokens-file FILE; tokens are never accepted as command-line values.',
      'tokens',
    );
  }
  redactor = redactor.with(operatorTokens);
  checkTokenStateFiles(config);

  // The spec loads before anything starts, so a bad spec exits 2 without a run folder.
  const spec = await loadRunSpec(config.spec);
  log.info(
    { title: spec.title, version: spec.version, operations: spec.operationCount },
    'spec loaded',
  );
  const urlWarning = config.baseUrl ? baseUrlWarning(config.baseUrl, spec.title) : undefined;
  if (urlWarning) log.warn(urlWarning);

  let reference: ReferenceTarget | undefined;
  try {
    if (!config.baseUrl) {
      log.info({ faults: config.referenceFaults }, 'starting the reference server');
      reference = await startReferenceTarget({
        faults: config.referenceFaults,
        workers: config.workers,
        // An operator-chosen secret lets them call the admin interface during the run.
        adminSecret: context.env[ENV_ADMIN_SECRET] || undefined,
      }).catch((error: unknown) => {
        if (error instanceof Error && /Unknown fault profile/.test(error.message)) {
          throw new ConfigError(error.message, 'referenceFaults');
        }
        throw error;
      });
      redactor = redactor.with([...reference.tokens, reference.adminSecret]);
      log.info(
        { baseUrl: reference.baseUrl, tokens: reference.tokens.length },
        'reference server started',
      );
    }
    throwIfAborted(context.signal);
    const baseUrl = (config.baseUrl ?? reference!.baseUrl).replace(/\/+$/, '');
    const health = await preflight(baseUrl, config.timeoutSeconds, config.extraHeaders);
    if (health.warning) log.warn({ status: health.status }, health.warning);
    throwIfAborted(context.signal);
    // Created after the reachability check, so an unreachable target leaves no empty run folder.
    const outDir = createRunDir(resolve(context.cwd, config.out));
    // Pointed at once, so even a run stopped by a second Ctrl-C is found under `latest`.
    let latest = updateLatest(outDir);
    log.info({ outDir }, 'run folder created');

    // A spec URL is loaded once, here; the suites read the bundled copy kept in the run folder.
    const specPath = spec.bundled ? join(outDir, 'spec.json') : spec.source;
    if (spec.bundled) writeFileSync(specPath, `${JSON.stringify(spec.bundled, null, 2)}\n`);
    const tokens = reference ? reference.tokens : operatorTokens;
    const settings = buildRunSettings(config, baseUrl, specPath, outDir, tokens.length, reference);
    const settingsPath = join(outDir, 'run-settings.json');
    writeFileSync(settingsPath, `${JSON.stringify(redactor.json(settings), null, 2)}\n`);

    const meta: RunMeta = {
      target: {
        baseUrl,
        reference: !!reference,
        ...(reference ? { referenceFaults: reference.faults } : {}),
      },
      spec: spec.gate,
      operationTags: spec.operationTags,
      tokenCount: tokens.length,
      rateLimitPerSecond: config.rateLimitPerSecond,
    };
    onForcedExit(() => lastWords(outDir, latest));
    const playwrightCode = await runSuites(config, settings, settingsPath, tokens, reference, {
      redactor,
      logger,
      signal: context.signal,
    });
    let results = resultsOrEmpty(outDir, playwrightCode, log, context.signal.aborted);
    if (scenarios.length > 0 && !context.signal.aborted) {
      const load = await runLoadPart(scenarios, {
        config,
        baseUrl,
        operatorTokens,
        reference,
        outDir,
        env: context.env,
        redactor,
        log,
      });
      redactor = load.redactor;
      results = {
        ...results,
        checks: [...results.checks, ...load.checks],
        data: [...results.data, ...load.data],
        finishedAt: new Date().toISOString(),
      };
      // results.json contains the load part too, so `exto-conformance report` rebuilds the same gate.
      writeFileSync(
        join(outDir, 'results.json'),
        `${JSON.stringify(redactor.json(results), null, 2)}\n`,
      );
    }
    const interrupted = context.signal.aborted
      ? 'The run was interrupted before it finished.'
      : undefined;
    const written = await writeReports(outDir, results, { ...meta, interrupted }, redactor);
    if (!written.allure.built)
      log.warn({ reason: written.allure.reason }, 'Allure HTML report not built');
    latest = updateLatest(outDir);
    printVerdict(written.gate, outDir, latest);
    if (context.signal.aborted) return EXIT.interrupted;
    return written.gate.verdict === 'pass' ? EXIT.conformant : EXIT.checkFailed;
  } finally {
    if (reference) {
      await reference
        .close()
        .catch((error: unknown) => log.error({ err: error }, 'reference server did not stop'));
    }
  }
}

/** Checks the scenario names before anything starts, so a typo exits 2 without a run folder. */
export function loadScenarios(names: readonly string[] | undefined): ScenarioName[] {
  const scenarios: ScenarioName[] = [];
  for (const name of names ?? []) {
    if (!isScenarioName(name)) {
      throw new ConfigError(
        `Unknown load scenario ${JSON.stringify(name)} in --load. Use one of: ${SCENARIO_NAMES.join(', ')}.`,
        'load',
      );
    }
    if (!scenarios.includes(name)) scenarios.push(name);
  }
  return scenarios;
}

interface LoadPartInput {
  config: Config;
  baseUrl: string;
  operatorTokens: string[];
  reference: ReferenceTarget | undefined;
  outDir: string;
  env: NodeJS.ProcessEnv;
  redactor: Redactor;
  log: Logger;
}

interface LoadPart {
  checks: CheckResult[];
  data: RunResults['data'];
  /** Extended with the load tokens minted on the reference server. */
  redactor: Redactor;
}

/**
 * Runs the k6 scenarios one after another with default settings. Without k6 each scenario's
 * checks are skipped with the install hint, and the suites' verdict still counts on its own.
 */
async function runLoadPart(scenarios: ScenarioName[], input: LoadPartInput): Promise<LoadPart> {
  const { log } = input;
  let redactor = input.redactor;
  const checks: CheckResult[] = [];
  const data: RunResults['data'] = [];
  const k6Path = findK6(input.env);
  for (const scenario of scenarios) {
    if (!k6Path) {
      log.warn({ scenario }, 'k6 not found; the load scenario is skipped');
      checks.push(...k6MissingChecks(scenario));
      continue;
    }
    const tokenCount = scenarioTokenCount(scenario, {});
    let tokens = input.operatorTokens;
    if (input.reference) {
      // Fresh tokens in tenants of their own: the suites' tokens may be revoked or rotated by now.
      tokens = await mintLoadTokens(input.reference, tokenCount, `load-${scenario}`);
      redactor = redactor.with(tokens);
    } else if (tokens.length < tokenCount) {
      checks.push(tooFewTokensCheck(scenario, tokenCount, tokens.length));
      continue;
    }
    log.info({ scenario }, 'running the k6 scenario');
    if (process.stderr.isTTY) process.stderr.write(`[load] ${scenario}: k6 is running...\n`);
    const outcome = await runScenario({
      scenario,
      args: {},
      config: input.config,
      baseUrl: input.baseUrl,
      tokens,
      tokenCount,
      ...(input.reference ? { reference: input.reference } : {}),
      outDir: input.outDir,
      k6Path,
      redactor,
      log,
      // k6's progress would interleave with the verdict; its summary is in the run folder.
      stderr: process.stderr,
    });
    checks.push(...outcome.checks);
    data.push(outcome.record);
  }
  return { checks, data, redactor };
}

function tooFewTokensCheck(scenario: string, needed: number, got: number): CheckResult {
  return {
    id: `load.${scenario}.run`,
    title: `${scenario}: k6 load scenario runs`,
    status: 'skipped',
    severity: 'normal',
    reason: `${scenario} needs ${needed} bearer tokens, but EXTO_TOKENS holds ${got}.`,
    enableWith: `EXTO_TOKENS with ${needed} tokens, one per line`,
  };
}

export interface RunSpec {
  /** The file path or URL as given. */
  source: string;
  title: string;
  version: string;
  operationCount: number;
  operationTags: Record<string, string[]>;
  /**
   * For a spec URL: the document with its references inlined, which the run folder keeps as
   * spec.json for the suites and the record. Undefined for a file, which the suites read as it is.
   */
  bundled?: Record<string, unknown>;
  gate: GateSpec;
}

/**
 * Loads the spec. A URL goes to loadSpec as a URL, so relative `$ref`s resolve against it and
 * errors name it; nothing is written to a temporary folder.
 */
export async function loadRunSpec(source: string): Promise<RunSpec> {
  const isUrl = /^https?:\/\//i.test(source);
  try {
    // A file keeps the spelling the operator typed, so spec errors name it that way.
    const spec = await loadSpec(source);
    return {
      source: isUrl ? source : resolve(source),
      title: spec.title,
      version: spec.version,
      operationCount: spec.operations.length,
      operationTags: Object.fromEntries(spec.operations.map((o) => [o.operationId, o.tags])),
      ...(isUrl ? { bundled: spec.bundled } : {}),
      gate: { title: spec.title, version: spec.version, sha256: spec.sha256 },
    };
  } catch (error) {
    if (isSpecError(error)) throw new CliError(error.message, EXIT.usage);
    throw error;
  }
}

/**
 * The hierarchy master the reference server seeds (reference/store/seed.ts, ASSET_TREE). Named here
 * because reference/index.ts does not export it and the CLI may import nothing else of reference/;
 * test/cli/argv.test.ts checks it against the seed.
 */
export const REFERENCE_HIERARCHY_MASTER = 'ASSET_TREE';

export function buildRunSettings(
  config: Config,
  baseUrl: string,
  specPath: string,
  outDir: string,
  tokenCount: number,
  reference: ReferenceTarget | undefined,
): RunSettings {
  return {
    baseUrl,
    specPath,
    outDir,
    rateLimitPerSecond: config.rateLimitPerSecond,
    pacingPerSecond: config.pacingPerSecond,
    tokenCount,
    // The reference server is disposable, so the suite may write and rotate keys there.
    allowWrites: reference ? true : config.allowWrites,
    // On the reference server writes go to its scratch collections unless the operator named others.
    scratchMaster: config.scratchMaster ?? reference?.scratchMaster,
    scratchModule: config.scratchModule ?? reference?.scratchModule,
    hierarchyMaster: config.hierarchyMaster ?? (reference ? REFERENCE_HIERARCHY_MASTER : undefined),
    allowDestructive: reference ? true : config.allowDestructive,
    // Commands often embed credentials, so the file records only whether one is set, and the command
    // itself reaches the suites in EXTO_ROTATE_KEY_COMMAND and EXTO_RESTART_COMMAND.
    hasRotateKeyCommand: !!config.rotateKeyCommand,
    hasRestartCommand: !!config.restartCommand,
    foreignTenantId: config.foreignTenantId,
    expiredTokenFile: config.expiredTokenFile,
    revokedTokenFile: config.revokedTokenFile,
    disabledTokenFile: config.disabledTokenFile,
    extraHeaderNames: Object.keys(config.extraHeaders),
    revocationBoundSeconds: config.revocationBoundSeconds,
    latencyBoundMs: config.latencyBoundMs,
    ...(reference
      ? { referenceAdminUrl: reference.adminUrl, referenceFaults: reference.faults }
      : {}),
  };
}

interface SuiteIo {
  redactor: Redactor;
  logger: Logger;
  signal: AbortSignal;
}

/**
 * Runs the suites as one Playwright run per project, in order. NOTE: Playwright skips a project
 * whose dependency project had a failing test, so one contract failure would silently drop the
 * auth and rate-limit suites. Separate runs with --no-deps keep the order and run every suite.
 */
async function runSuites(
  config: Config,
  settings: RunSettings,
  settingsPath: string,
  tokens: string[],
  reference: ReferenceTarget | undefined,
  io: SuiteIo,
): Promise<number> {
  // The destructive project always runs: without --allow-destructive its checks skip with the
  // reason and the option, so the report shows them instead of leaving them out.
  const projects = ['contract', 'auth', 'rate-limit', 'destructive'];
  const grep = grepPattern(config.tags, config.grep);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    [ENV_RUN_SETTINGS]: settingsPath,
    [ENV_TOKENS]: tokens.join('\n'),
    [ENV_EXTRA_HEADERS]: JSON.stringify(config.extraHeaders),
    [ENV_RESULTS_APPEND]: '1',
    FORCE_COLOR: '0',
  };
  delete env[ENV_ROTATE_KEY_COMMAND];
  delete env[ENV_RESTART_COMMAND];
  if (config.rotateKeyCommand) env[ENV_ROTATE_KEY_COMMAND] = config.rotateKeyCommand;
  if (config.restartCommand) env[ENV_RESTART_COMMAND] = config.restartCommand;
  if (reference) env[ENV_ADMIN_SECRET] = reference.adminSecret;
  else delete env[ENV_ADMIN_SECRET];
  mkdirSync(join(settings.outDir, 'allure-results'), { recursive: true });

  const log = io.logger.child({ name: 'verify' });
  const junitFiles: string[] = [];
  const requestCount = reference ? () => targetRequestCount(reference) : undefined;
  const progress = startProgress(settings.outDir, {
    pacingPerSecond: settings.pacingPerSecond,
    tokens: settings.tokenCount,
    ...(requestCount ? { requestCount } : {}),
  });
  let worst = 0;
  try {
    for (const project of projects) {
      if (io.signal.aborted) break;
      const args = ['--project', project, '--no-deps', '--pass-with-no-tests'];
      if (grep) args.push('--grep', grep);
      // The progress line shows the new project at once, not the last one until a test finishes.
      writeFileSync(
        join(settings.outDir, 'progress.json'),
        JSON.stringify({ project, testsDone: 0, testsTotal: 0, checksDone: 0 }),
      );
      const junit = join(settings.outDir, `junit-${project}.xml`);
      const code = await runPlaywright({
        projectRoot,
        outDir: settings.outDir,
        logName: `playwright-${project}.log`,
        args,
        env: { ...env, PLAYWRIGHT_JUNIT_OUTPUT_FILE: junit },
        redactor: io.redactor,
        logger: io.logger.child({ name: 'playwright', project }),
        signal: io.signal,
      });
      // playwright.config.ts may name junit.xml itself; keep each project's file apart.
      const sharedJunit = join(settings.outDir, 'junit.xml');
      if (existsSync(sharedJunit)) renameSync(sharedJunit, junit);
      junitFiles.push(junit);
      // The reference server counts requests, which calibrates the progress estimate.
      const requests = requestCount ? await requestCount().catch(() => undefined) : undefined;
      log.info({ project, code, requests }, 'playwright finished');
      worst = Math.max(worst, code);
    }
  } finally {
    progress.stop();
  }
  mergeJunitFiles(junitFiles, join(settings.outDir, 'junit.xml'));
  for (const file of junitFiles) rmSync(file, { force: true });
  return worst;
}

/** Reads results.json; without it the run checked nothing, which the gate turns into "fail". */
function resultsOrEmpty(
  outDir: string,
  playwrightCode: number,
  log: Logger,
  interrupted: boolean,
): RunResults {
  const path = join(outDir, 'results.json');
  try {
    // Interrupted before the first suite finished: nothing to read, and nothing went wrong.
    if (interrupted && !existsSync(path)) return emptyResults();
    return readResults(path);
  } catch (error) {
    log.error(
      { err: error, playwrightCode },
      'no results.json: Playwright ended before its reporters ran; see playwright-*.log in the run folder',
    );
    return emptyResults();
  }
}

function emptyResults(): RunResults {
  const now = new Date().toISOString();
  return {
    startedAt: now,
    finishedAt: now,
    checks: [],
    data: [],
    tests: { passed: 0, failed: 0, skipped: 0 },
  };
}

/**
 * Prints what a second Ctrl-C leaves before the process exits: the verdict when gate.json is already
 * written (the Allure build after it can take a while), else where the partial run is.
 */
function lastWords(outDir: string, latest: string): void {
  const gatePath = join(outDir, 'gate.json');
  if (existsSync(gatePath)) {
    try {
      printVerdict(JSON.parse(readFileSync(gatePath, 'utf8')) as Gate, outDir, latest);
      return;
    } catch {
      // Half written: fall through to the plain message.
    }
  }
  const rebuild = existsSync(join(outDir, 'results.json'))
    ? `Rebuild them with \`exto-conformance report ${outDir}\`.`
    : 'No results were recorded yet, so there is nothing to rebuild: run verify again.';
  process.stderr.write(`Stopped at once: the reports in ${outDir} may be incomplete. ${rebuild}\n`);
}

function throwIfAborted(signal: AbortSignal): void {
  if (signal.aborted) throw new InterruptedError();
}
