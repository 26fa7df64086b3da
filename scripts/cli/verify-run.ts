/**
 * The `verify` flow: settings, target, reachability, spec, tokens, run-settings.json, Playwright,
 * gate and reports. Returns the exit code; only main.ts exits the process.
 */
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redactor } from '../core/redact.ts';
import {
  ENV_ADMIN_SECRET,
  ENV_EXTRA_HEADERS,
  ENV_RUN_SETTINGS,
  ENV_TOKENS,
  type RunSettings,
} from '../core/run-settings.ts';
import { isSpecError } from '../core/spec/errors.ts';
import {
  ConfigError,
  configFromEnv,
  findConfigFile,
  mergeConfig,
  readConfigFile,
  readTokens,
  type Config,
} from '../lib/config.ts';
import { createLogger, type Logger } from '../lib/logger.ts';
import { startReferenceTarget, type ReferenceTarget } from '../lib/reference-target.ts';
import { createRunDir, updateLatest } from '../lib/run-dir.ts';
import { loadSpec } from '../lib/spec-loader.ts';
import type { GateSpec } from '../report/gate.ts';
import { mergeJunitFiles } from '../report/junit-merge.ts';
import { ENV_RESULTS_APPEND } from '../report/results-reporter.ts';
import { readResults, type RunResults } from '../report/results.ts';
import { writeReports, type RunMeta } from '../report/write-reports.ts';
import { CliError, EXIT, InterruptedError } from './exit-codes.ts';
import { flagsToConfig, type TargetArgs } from './options.ts';
import { grepPattern, runPlaywright } from './playwright-run.ts';
import { preflight } from './preflight.ts';
import { startProgress } from './progress.ts';
import { printVerdict } from './verdict.ts';

const projectRoot = fileURLToPath(new URL('../..', import.meta.url));

export interface VerifyContext {
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Aborted on SIGINT or SIGTERM. */
  signal: AbortSignal;
}

/** Reads every settings source into one Config; errors are ConfigError (exit 2). */
export function loadConfig(args: TargetArgs, env: NodeJS.ProcessEnv, cwd: string): Config {
  const flags = flagsToConfig(args, env);
  const file = findConfigFile(args.config, cwd);
  const fromFile = file ? readConfigFile(file, env) : {};
  return mergeConfig(flags, configFromEnv(env), fromFile);
}

export async function verify(args: TargetArgs, context: VerifyContext): Promise<number> {
  const config = loadConfig(args, context.env, context.cwd);
  let redactor = new Redactor(Object.values(config.extraHeaders));
  const logger = createLogger(config.logLevel, () => redactor);
  const log = logger.child({ name: 'verify' });

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

  // The spec loads before anything starts, so a bad spec exits 2 without a run folder.
  const spec = await loadRunSpec(config.spec);
  log.info(
    { title: spec.title, version: spec.version, operations: spec.operationCount },
    'spec loaded',
  );

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
    log.info({ outDir }, 'run folder created');

    const specPath = spec.downloaded ? join(outDir, basename(spec.path)) : spec.path;
    if (spec.downloaded) copyFileSync(spec.path, specPath);
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
    const playwrightCode = await runSuites(config, settings, settingsPath, tokens, reference, {
      redactor,
      logger,
      signal: context.signal,
    });
    const results = resultsOrEmpty(outDir, playwrightCode, log);
    const interrupted = context.signal.aborted
      ? 'The run was interrupted before it finished.'
      : undefined;
    const written = await writeReports(outDir, results, { ...meta, interrupted }, redactor);
    if (!written.allure.built)
      log.warn({ reason: written.allure.reason }, 'Allure HTML report not built');
    const latest = updateLatest(outDir);
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

interface RunSpec {
  path: string;
  title: string;
  version: string;
  operationCount: number;
  operationTags: Record<string, string[]>;
  /** True when `path` is a temporary copy of a URL; it is copied into the run folder. */
  downloaded: boolean;
  gate: GateSpec;
}

/** Loads the spec. A URL is downloaded to a temporary file first, because suites read a file. */
async function loadRunSpec(source: string): Promise<RunSpec> {
  let path = source;
  let downloaded = false;
  if (/^https?:\/\//i.test(source)) {
    const response = await fetch(source, { signal: AbortSignal.timeout(30_000) }).catch(
      (error: unknown) => {
        throw new ConfigError(
          `Spec ${source} could not be downloaded: ${String(error)}. Check --spec.`,
          'spec',
        );
      },
    );
    if (!response.ok) {
      throw new ConfigError(`Spec ${source} returned ${response.status}. Check --spec.`, 'spec');
    }
    const extension = extname(new URL(source).pathname) || '.yaml';
    path = join(mkdtempSync(join(tmpdir(), 'exto-spec-')), `spec${extension}`);
    writeFileSync(path, await response.text());
    downloaded = true;
  }
  try {
    const spec = await loadSpec(path);
    return {
      path: resolve(path),
      title: spec.title,
      version: spec.version,
      operationCount: spec.operations.length,
      operationTags: Object.fromEntries(spec.operations.map((o) => [o.operationId, o.tags])),
      downloaded,
      gate: { title: spec.title, version: spec.version, sha256: spec.sha256 },
    };
  } catch (error) {
    if (isSpecError(error)) throw new CliError(error.message, EXIT.usage);
    throw error;
  }
}

function buildRunSettings(
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
    scratchMaster: config.scratchMaster,
    scratchModule: config.scratchModule,
    allowDestructive: reference ? true : config.allowDestructive,
    rotateKeyCommand: config.rotateKeyCommand,
    expiredTokenFile: config.expiredTokenFile,
    revokedTokenFile: config.revokedTokenFile,
    disabledTokenFile: config.disabledTokenFile,
    extraHeaderNames: Object.keys(config.extraHeaders),
    revocationBoundSeconds: config.revocationBoundSeconds,
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
  // The destructive project rotates keys, so it runs only where that is allowed.
  const projects = settings.allowDestructive
    ? ['contract', 'auth', 'rate-limit', 'destructive']
    : ['contract', 'auth', 'rate-limit'];
  const grep = grepPattern(config.tags, config.grep);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    [ENV_RUN_SETTINGS]: settingsPath,
    [ENV_TOKENS]: tokens.join('\n'),
    [ENV_EXTRA_HEADERS]: JSON.stringify(config.extraHeaders),
    [ENV_RESULTS_APPEND]: '1',
    FORCE_COLOR: '0',
  };
  if (reference) env[ENV_ADMIN_SECRET] = reference.adminSecret;
  else delete env[ENV_ADMIN_SECRET];
  mkdirSync(join(settings.outDir, 'allure-results'), { recursive: true });

  const log = io.logger.child({ name: 'verify' });
  const junitFiles: string[] = [];
  const progress = startProgress(settings.outDir);
  let worst = 0;
  try {
    for (const project of projects) {
      if (io.signal.aborted) break;
      const args = ['--project', project, '--no-deps', '--pass-with-no-tests'];
      if (grep) args.push('--grep', grep);
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
      log.info({ project, code }, 'playwright finished');
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
function resultsOrEmpty(outDir: string, playwrightCode: number, log: Logger): RunResults {
  try {
    return readResults(join(outDir, 'results.json'));
  } catch (error) {
    log.error(
      { err: error, playwrightCode },
      'no results.json: Playwright ended before its reporters ran; see playwright-*.log in the run folder',
    );
    const now = new Date().toISOString();
    return {
      startedAt: now,
      finishedAt: now,
      checks: [],
      data: [],
      tests: { passed: 0, failed: 0, skipped: 0 },
    };
  }
}

function throwIfAborted(signal: AbortSignal): void {
  if (signal.aborted) throw new InterruptedError();
}
