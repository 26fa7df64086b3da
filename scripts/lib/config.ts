/**
 * Settings of one run, from four sources. Precedence, highest first:
 *
 *   1. command-line flags
 *   2. EXTO_* environment variables (EXTO_BASE_URL, EXTO_SPEC, EXTO_TOKENS_FILE, EXTO_OUT, ...)
 *   3. the config file (`--config FILE`, else exto-conformance.config.json / .yaml / .yml in the
 *      working directory), validated by schemas/config.schema.json, `${VAR}` placeholders expanded
 *   4. the defaults in `DEFAULTS`
 *
 * A source sets a key only when it names it: an absent flag never hides a config-file value.
 * Tokens are never a setting: they come from EXTO_TOKENS, EXTO_TOKEN or the file named by
 * `tokensFile` (see `readTokens`).
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv, type ErrorObject } from 'ajv';
import { parse as parseYaml } from 'yaml';
import type { LogLevel } from './logger.ts';
import { closestMatch } from '../core/suggest.ts';

export interface Config {
  baseUrl?: string;
  spec: string;
  tokensFile?: string;
  tags: string[];
  grep?: string;
  allowWrites: boolean;
  scratchMaster?: string;
  scratchModule?: string;
  allowDestructive: boolean;
  rotateKeyCommand?: string;
  /** Restarts the Data API without rotating the key, for the token-restart check. */
  restartCommand?: string;
  /** A tenant the tokens cannot reach (not a secret), for the 403-not-401 check. */
  foreignTenantId?: string;
  expiredTokenFile?: string;
  revokedTokenFile?: string;
  disabledTokenFile?: string;
  extraHeaders: Record<string, string>;
  out: string;
  logLevel: LogLevel;
  rateLimitPerSecond: number;
  pacingPerSecond: number;
  revocationBoundSeconds: number;
  workers: number;
  timeoutSeconds: number;
  referenceFaults: string[];
}

export type PartialConfig = Partial<Config>;

const projectRoot = fileURLToPath(new URL('../..', import.meta.url));

export const DEFAULTS: Config = {
  spec: resolve(projectRoot, 'schemas/exto-data-api.openapi.yaml'),
  tags: [],
  allowWrites: false,
  allowDestructive: false,
  extraHeaders: {},
  out: 'reports',
  logLevel: 'warn',
  rateLimitPerSecond: 3,
  // NOTE: 2.8 rather than 3 leaves headroom for network jitter between the pacer and the limiter,
  // which can squeeze four evenly paced requests into one second at exactly 3 per second.
  pacingPerSecond: 2.8,
  revocationBoundSeconds: 5,
  workers: 2,
  timeoutSeconds: 5,
  referenceFaults: [],
};

export const CONFIG_FILE_NAMES = [
  'exto-conformance.config.json',
  'exto-conformance.config.yaml',
  'exto-conformance.config.yml',
];

/** A bad setting: `key` names it (a config-file key path, flag or variable); exit code 2. */
export class ConfigError extends Error {
  constructor(
    message: string,
    readonly key?: string,
  ) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** Returns the config file to read: the explicit one, else the first default name in `cwd`. */
export function findConfigFile(explicit: string | undefined, cwd: string): string | undefined {
  if (explicit) {
    const path = resolve(cwd, explicit);
    if (!existsSync(path)) {
      throw new ConfigError(
        `Config file ${path} not found. Check the --config path or remove the option.`,
        'config',
      );
    }
    return path;
  }
  return CONFIG_FILE_NAMES.map((name) => resolve(cwd, name)).find((path) => existsSync(path));
}

/** Reads, expands and validates a config file. Relative paths in it resolve against its folder. */
export function readConfigFile(path: string, env: NodeJS.ProcessEnv): PartialConfig {
  const text = readFileSync(path, 'utf8');
  let raw: unknown;
  try {
    raw = /\.ya?ml$/i.test(path) ? parseYaml(text) : JSON.parse(text);
  } catch (error) {
    throw new ConfigError(
      `Config file ${path} is not valid ${/\.ya?ml$/i.test(path) ? 'YAML' : 'JSON'}: ` +
        `${firstLine(error)}. Fix the syntax and run again.`,
    );
  }
  const expanded = expandPlaceholders(raw ?? {}, env, '');
  validateConfig(expanded, path);
  return resolvePaths(expanded as PartialConfig, resolve(path, '..'));
}

const PLACEHOLDER = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

/** Replaces `${VAR}` in every string; an unset or empty variable is an error naming the key. */
export function expandPlaceholders(
  value: unknown,
  env: NodeJS.ProcessEnv,
  keyPath: string,
): unknown {
  if (typeof value === 'string') {
    return value.replace(PLACEHOLDER, (_match, name: string) => {
      const found = env[name];
      if (found === undefined || found === '') {
        throw new ConfigError(
          `Config key ${keyPath || '(root)'} uses \${${name}}, but environment variable ${name} ` +
            `is not set. Set ${name} or remove the placeholder.`,
          keyPath,
        );
      }
      return found;
    });
  }
  if (Array.isArray(value)) {
    return value.map((item, index) => expandPlaceholders(item, env, `${keyPath}[${index}]`));
  }
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      out[key] = expandPlaceholders(item, env, keyPath ? `${keyPath}.${key}` : key);
    }
    return out;
  }
  return value;
}

let compiledSchema: ReturnType<Ajv['compile']> | undefined;

function validateConfig(value: unknown, path: string): void {
  if (!compiledSchema) {
    const schema = JSON.parse(
      readFileSync(resolve(projectRoot, 'schemas/config.schema.json'), 'utf8'),
    );
    compiledSchema = new Ajv({ allErrors: true, strict: true }).compile(schema);
  }
  if (compiledSchema(value)) return;
  const error = compiledSchema.errors?.[0];
  if (!error) throw new ConfigError(`Config file ${path} is invalid.`);
  throw describeSchemaError(error, path);
}

/** Turns one ajv error into a sentence naming the key and the fix, with "Did you mean" for typos. */
function describeSchemaError(error: ErrorObject, path: string): ConfigError {
  const where = error.instancePath.replace(/^\//, '').replace(/\//g, '.');
  if (error.keyword === 'additionalProperties') {
    const key = String(error.params.additionalProperty);
    const full = where ? `${where}.${key}` : key;
    const suggestion = closestKey(key, KNOWN_KEYS);
    const hint = suggestion ? ` Did you mean "${suggestion}"?` : ' Remove it.';
    return new ConfigError(`Config file ${path}: unknown key "${full}".${hint}`, full);
  }
  if (error.keyword === 'type' && !where) {
    return new ConfigError(`Config file ${path} must contain an object of settings.`);
  }
  const allowed =
    error.keyword === 'enum'
      ? ` Use one of: ${(error.params.allowedValues as unknown[]).join(', ')}.`
      : '';
  return new ConfigError(
    `Config file ${path}: key "${where}" ${error.message ?? 'is invalid'}.${allowed || ' Fix the value.'}`,
    where,
  );
}

const KNOWN_KEYS = [
  ...Object.keys(DEFAULTS),
  'baseUrl',
  'tokensFile',
  'grep',
  'scratchMaster',
  'scratchModule',
  'rotateKeyCommand',
  'restartCommand',
  'foreignTenantId',
  'expiredTokenFile',
  'revokedTokenFile',
  'disabledTokenFile',
];

/** Returns the known key closest to `key` when it is within an edit distance of 3. */
export function closestKey(key: string, known: readonly string[]): string | undefined {
  return closestMatch(key, known, 3);
}

const PATH_KEYS = [
  'spec',
  'tokensFile',
  'expiredTokenFile',
  'revokedTokenFile',
  'disabledTokenFile',
  'out',
] as const;

function resolvePaths(config: PartialConfig, base: string): PartialConfig {
  const out: PartialConfig = { ...config };
  for (const key of PATH_KEYS) {
    const value = out[key];
    if (typeof value === 'string' && !/^https?:\/\//.test(value)) out[key] = resolve(base, value);
  }
  return out;
}

/** Reads the EXTO_* variables that mirror settings. Secrets (EXTO_TOKENS, ...) are not settings. */
export function configFromEnv(env: NodeJS.ProcessEnv): PartialConfig {
  const out: PartialConfig = {};
  const text = (name: string): string | undefined => (env[name] ? env[name] : undefined);
  const assign = <K extends keyof Config>(key: K, value: Config[K] | undefined): void => {
    if (value !== undefined) out[key] = value;
  };
  assign('baseUrl', text('EXTO_BASE_URL'));
  assign('spec', text('EXTO_SPEC'));
  assign('tokensFile', text('EXTO_TOKENS_FILE'));
  assign('grep', text('EXTO_GREP'));
  assign('scratchMaster', text('EXTO_SCRATCH_MASTER'));
  assign('scratchModule', text('EXTO_SCRATCH_MODULE'));
  assign('rotateKeyCommand', text('EXTO_ROTATE_KEY_COMMAND'));
  assign('restartCommand', text('EXTO_RESTART_COMMAND'));
  assign('foreignTenantId', text('EXTO_FOREIGN_TENANT_ID'));
  assign('out', text('EXTO_OUT'));
  assign('logLevel', text('EXTO_LOG_LEVEL') as LogLevel | undefined);
  assign('allowWrites', envBoolean(env, 'EXTO_ALLOW_WRITES'));
  assign('allowDestructive', envBoolean(env, 'EXTO_ALLOW_DESTRUCTIVE'));
  assign('workers', envNumber(env, 'EXTO_WORKERS'));
  assign(
    'tags',
    text('EXTO_TAGS')
      ?.split(',')
      .map((tag) => tag.trim())
      .filter(Boolean),
  );
  const headers = text('EXTO_EXTRA_HEADERS');
  if (headers) out.extraHeaders = parseHeaderJson(headers, 'EXTO_EXTRA_HEADERS');
  return out;
}

function envBoolean(env: NodeJS.ProcessEnv, name: string): boolean | undefined {
  const value = env[name];
  if (value === undefined || value === '') return undefined;
  if (/^(1|true|yes)$/i.test(value)) return true;
  if (/^(0|false|no)$/i.test(value)) return false;
  throw new ConfigError(
    `Environment variable ${name} must be true or false; got "${value}".`,
    name,
  );
}

function envNumber(env: NodeJS.ProcessEnv, name: string): number | undefined {
  const value = env[name];
  if (value === undefined || value === '') return undefined;
  const number = Number(value);
  if (!Number.isFinite(number) || number <= 0) {
    throw new ConfigError(
      `Environment variable ${name} must be a positive number; got "${value}".`,
      name,
    );
  }
  return number;
}

function parseHeaderJson(text: string, name: string): Record<string, string> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new ConfigError(`${name} must be a JSON object such as {"Header-Name": "value"}.`, name);
  }
  const valid =
    parsed !== null &&
    typeof parsed === 'object' &&
    !Array.isArray(parsed) &&
    Object.values(parsed).every((value) => typeof value === 'string');
  if (!valid) {
    throw new ConfigError(
      `${name} must be a JSON object of string values such as {"Header-Name": "value"}.`,
      name,
    );
  }
  return parsed as Record<string, string>;
}

/**
 * Parses one `--extra-header "Name: value"`. `${VAR}` in the value is read from the environment,
 * so a subscription key can stay out of the process list: `--extra-header 'Key: ${APIM_KEY}'`.
 */
export function parseExtraHeader(text: string, env: NodeJS.ProcessEnv): [string, string] {
  const match = /^([A-Za-z0-9!#$%&'*+.^_`|~-]+)\s*:\s*(.*)$/.exec(text);
  if (!match) {
    throw new ConfigError(
      `--extra-header "${text.split(':')[0]}..." is not "Name: value". ` +
        `Write it as --extra-header 'Ocp-Apim-Subscription-Key: \${APIM_KEY}'.`,
      'extra-header',
    );
  }
  const value = expandPlaceholders(match[2]!, env, `--extra-header ${match[1]}`) as string;
  return [match[1]!, value];
}

/** Layers the sources: later arguments lose to earlier ones, as the file header describes. */
export function mergeConfig(flags: PartialConfig, env: PartialConfig, file: PartialConfig): Config {
  const merged: Config = { ...DEFAULTS };
  for (const source of [file, env, flags]) {
    for (const [key, value] of Object.entries(source)) {
      if (value !== undefined) (merged as unknown as Record<string, unknown>)[key] = value;
    }
  }
  // Extra headers merge by name, so a flag adds one header without dropping the file's others.
  merged.extraHeaders = { ...file.extraHeaders, ...env.extraHeaders, ...flags.extraHeaders };
  checkCombinations(merged);
  return merged;
}

function checkCombinations(config: Config): void {
  if (config.allowWrites && config.baseUrl && (!config.scratchMaster || !config.scratchModule)) {
    throw new ConfigError(
      '--allow-writes needs --scratch-master and --scratch-module: the only master and module the ' +
        'suite may write to. Name both, or drop --allow-writes.',
      'allowWrites',
    );
  }
  if (config.allowDestructive && config.baseUrl && !config.rotateKeyCommand) {
    throw new ConfigError(
      '--allow-destructive needs --rotate-key-command: the shell command that rotates the Access ' +
        'Token Private Key on the deployment. Name it, or drop --allow-destructive.',
      'allowDestructive',
    );
  }
  if (config.pacingPerSecond > config.rateLimitPerSecond) {
    throw new ConfigError(
      `pacingPerSecond (${config.pacingPerSecond}) is above rateLimitPerSecond ` +
        `(${config.rateLimitPerSecond}), so checks would trip the limiter. Lower pacingPerSecond.`,
      'pacingPerSecond',
    );
  }
}

/**
 * Reads the bearer tokens for a real deployment. Precedence: `--tokens-file` flag, then
 * EXTO_TOKENS (one per line), then EXTO_TOKEN, then `tokensFile` from env or the config file.
 */
export function readTokens(
  flagsTokensFile: string | undefined,
  config: Config,
  env: NodeJS.ProcessEnv,
): string[] {
  if (flagsTokensFile) return readTokenFile(flagsTokensFile);
  if (env.EXTO_TOKENS) return splitTokens(env.EXTO_TOKENS);
  if (env.EXTO_TOKEN) return splitTokens(env.EXTO_TOKEN);
  if (config.tokensFile) return readTokenFile(config.tokensFile);
  return [];
}

function readTokenFile(path: string): string[] {
  if (!existsSync(path)) {
    throw new ConfigError(
      `Tokens file ${path} not found. Check the --tokens-file path.`,
      'tokensFile',
    );
  }
  const tokens = splitTokens(readFileSync(path, 'utf8'));
  if (tokens.length === 0) {
    throw new ConfigError(
      `Tokens file ${path} contains no token. Put one token per line.`,
      'tokensFile',
    );
  }
  return tokens;
}

function splitTokens(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim().replace(/^Bearer\s+/i, ''))
    .filter((line) => line && !line.startsWith('#'));
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
}
