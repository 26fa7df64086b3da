/**
 * Options shared by the commands, defined once. No option has a default here: defaults live in
 * scripts/lib/config.ts, so an absent flag never hides a config-file or environment value.
 * No option name starts with `no-`, because yargs reads `--no-x` as the negation of `x`.
 */
import { resolve } from 'node:path';
import type { Argv } from 'yargs';
import { LOG_LEVELS, type LogLevel } from '../lib/logger.ts';
import { parseExtraHeader, type PartialConfig } from '../lib/config.ts';

export interface CommonArgs {
  config?: string;
  out?: string;
  logLevel?: LogLevel;
}

export interface TargetArgs extends CommonArgs {
  baseUrl?: string;
  spec?: string;
  tokensFile?: string;
  tag?: string[];
  grep?: string;
  allowWrites?: boolean;
  scratchMaster?: string;
  scratchModule?: string;
  hierarchyMaster?: string;
  allowDestructive?: boolean;
  rotateKeyCommand?: string;
  restartCommand?: string;
  foreignTenantId?: string;
  expiredTokenFile?: string;
  revokedTokenFile?: string;
  disabledTokenFile?: string;
  extraHeader?: string[];
  workers?: number;
  referenceFault?: string[];
  rateLimitPerSecond?: number;
  pacingPerSecond?: number;
  revocationBoundSeconds?: number;
  latencyBoundMs?: number;
  timeoutSeconds?: number;
}

export function commonOptions<T>(yargs: Argv<T>): Argv<T & CommonArgs> {
  return yargs
    .option('config', {
      type: 'string',
      describe: 'Config file (JSON or YAML); default: exto-conformance.config.{json,yaml} here',
    })
    .option('out', { type: 'string', describe: 'Folder for run reports (default: reports)' })
    .option('log-level', {
      choices: LOG_LEVELS,
      describe: 'Log level of the JSON logs on stderr (default: warn)',
    }) as Argv<T & CommonArgs>;
}

export function targetOptions<T>(yargs: Argv<T>): Argv<T & TargetArgs> {
  return commonOptions(yargs)
    .option('base-url', {
      type: 'string',
      describe:
        'Data API base URL ending in /data (warned otherwise); without it the embedded reference ' +
        'server runs',
    })
    .option('spec', { type: 'string', describe: 'OpenAPI document, file or URL' })
    .option('tokens-file', {
      type: 'string',
      describe: 'File with one bearer token per line (or set EXTO_TOKENS / EXTO_TOKEN)',
    })
    .option('tag', {
      type: 'string',
      array: true,
      describe: 'Run only tests with this tag, e.g. @auth',
    })
    .option('grep', { type: 'string', describe: 'Run only tests whose title matches this regex' })
    .option('allow-writes', {
      type: 'boolean',
      describe: 'Allow write checks, only on --scratch-master and --scratch-module',
    })
    .option('scratch-master', { type: 'string', describe: 'Master the suite may write to' })
    .option('scratch-module', { type: 'string', describe: 'Module the suite may write to' })
    .option('hierarchy-master', {
      type: 'string',
      describe:
        'Hierarchy master to read in the /hierarchy checks (no operation lists them); on the ' +
        'reference server its seeded one',
    })
    .option('allow-destructive', {
      type: 'boolean',
      describe: 'Allow key rotation and revocation checks (needs --rotate-key-command)',
    })
    .option('rotate-key-command', {
      type: 'string',
      describe:
        'Shell command that rotates the Access Token Private Key; it may print ' +
        'EXTO_NEW_TOKEN=<token issued after the rotation> on a line of stdout',
    })
    .option('restart-command', {
      type: 'string',
      describe: 'Shell command that restarts the Data API without rotating the key',
    })
    .option('foreign-tenant-id', {
      type: 'string',
      describe: 'A tenant the tokens cannot reach, for the 403 check (an id, not a secret)',
    })
    .option('expired-token-file', { type: 'string', describe: 'File with an expired token' })
    .option('revoked-token-file', { type: 'string', describe: 'File with a revoked token' })
    .option('disabled-token-file', { type: 'string', describe: 'File with a disabled token' })
    .option('extra-header', {
      type: 'string',
      array: true,
      describe:
        "Header for every request, 'Name: value'; ${VAR} reads the value from the environment",
    })
    .option('workers', {
      type: 'number',
      describe:
        'Tokens minted on the reference server for the suites (default: 2, plus one for the ' +
        'rate-limit suite); one Playwright worker runs per token, so with --base-url the ' +
        'number of tokens in EXTO_TOKENS sets the workers',
    })
    .option('reference-fault', {
      type: 'string',
      array: true,
      describe: 'Start the reference server with this fault profile (repeatable)',
    })
    .option('rate-limit-per-second', {
      type: 'number',
      describe: 'Documented limit per token (default: 3)',
    })
    .option('pacing-per-second', {
      type: 'number',
      describe: 'Request rate per token for non-rate-limit checks (default: 2.8)',
    })
    .option('revocation-bound-seconds', {
      type: 'number',
      describe:
        'Maximum revocation delay in seconds before auth.revocation.delay fails (default: 5)',
    })
    .option('latency-bound-ms', {
      type: 'number',
      describe:
        'Maximum p95 latency of successful list requests in milliseconds before ' +
        'performance.list-latency fails (default: 750)',
    })
    .option('timeout-seconds', {
      type: 'number',
      describe: 'Timeout of the reachability check in seconds (default: 5)',
    }) as Argv<T & TargetArgs>;
}

/** Turns parsed flags into the flags layer of the config, keeping only what was given. */
export function flagsToConfig(args: TargetArgs, env: NodeJS.ProcessEnv): PartialConfig {
  const out: PartialConfig = {};
  const set = <K extends keyof PartialConfig>(
    key: K,
    value: PartialConfig[K] | undefined,
  ): void => {
    if (value !== undefined) out[key] = value;
  };
  set('baseUrl', args.baseUrl);
  set('spec', args.spec);
  set('tokensFile', args.tokensFile);
  set('tags', args.tag);
  set('grep', args.grep);
  set('allowWrites', args.allowWrites);
  set('scratchMaster', args.scratchMaster);
  set('scratchModule', args.scratchModule);
  set('hierarchyMaster', args.hierarchyMaster);
  set('allowDestructive', args.allowDestructive);
  set('rotateKeyCommand', args.rotateKeyCommand);
  set('restartCommand', args.restartCommand);
  set('foreignTenantId', args.foreignTenantId);
  set('expiredTokenFile', absolute(args.expiredTokenFile));
  set('revokedTokenFile', absolute(args.revokedTokenFile));
  set('disabledTokenFile', absolute(args.disabledTokenFile));
  set('out', args.out);
  set('logLevel', args.logLevel);
  set('workers', args.workers);
  set('referenceFaults', args.referenceFault);
  set('rateLimitPerSecond', args.rateLimitPerSecond);
  set('pacingPerSecond', args.pacingPerSecond);
  set('revocationBoundSeconds', args.revocationBoundSeconds);
  set('latencyBoundMs', args.latencyBoundMs);
  set('timeoutSeconds', args.timeoutSeconds);
  if (args.extraHeader) {
    out.extraHeaders = Object.fromEntries(
      args.extraHeader.map((text) => parseExtraHeader(text, env)),
    );
  }
  return out;
}

/** Resolves a file flag against the working directory, because Playwright runs elsewhere. */
function absolute(path: string | undefined): string | undefined {
  return path === undefined ? undefined : resolve(path);
}

/** Options that would put a secret in the process list; main.ts rejects them with a pointer. */
export const SECRET_FLAGS: Record<string, string> = {
  '--token': 'EXTO_TOKEN or --tokens-file',
  '--tokens': 'EXTO_TOKENS or --tokens-file',
  '--admin-secret': 'the reference server, which generates its own',
};
