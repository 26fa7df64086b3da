/**
 * Settings of one run, from four sources. Precedence, highest first:
 *
 *   1. command-line flags
 *   2. EXTO_* environment variables, one per flag (`ENV_NAMES`: EXTO_BASE_URL, EXTO_SPEC, ...)
 *   3. the config file (`--config FILE`, else exto-conformance.config.json / .yaml / .yml in the
 *      working directory), validated by schemas/config.schema.json, `${VAR}` placeholders expanded
 *   4. the defaults in `DEFAULTS`
 *
 * A source sets a key only when it names it: an absent flag never hides a config-file value.
 * Every source is checked against the same JSON Schema, so `--timeout-seconds 0`, EXTO_WORKERS=0
 * and `workers: 0` in the file fail alike, with exit code 2 and the value in the message.
 * Tokens are never a setting: they come from EXTO_TOKENS, EXTO_TOKEN or the file named by
 * `tokensFile` (see `readTokens`).
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv, type ErrorObject } from 'ajv';
import { parse as parseYaml } from 'yaml';
import { LOAD_ENV } from '../core/load/settings.ts';
import { closestMatch } from '../core/suggest.ts';
import type { LogLevel } from './logger.ts';

export interface Config {
  baseUrl?: string;
  spec: string;
  tokensFile?: string;
  tags: string[];
  grep?: string;
  allowWrites: boolean;
  scratchMaster?: string;
  scratchModule?: string;
  /**
   * A hierarchy master of the deployment, for the operations under /hierarchy: no operation of
   * the API lists hierarchy masters, so without it their checks skip.
   */
  hierarchyMaster?: string;
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
  /** Upper bound for the p95 latency of successful list requests (performance.list-latency). */
  latencyBoundMs: number;
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
  latencyBoundMs: 750,
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
    rejectTokenAsPath(explicit, '--config');
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
        `${syntaxProblem(error)}. Fix the syntax and run again.`,
    );
  }
  const expanded = expandPlaceholders(raw ?? {}, env, '');
  validateLayer(expanded, { kind: 'file', path });
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

/** Source of one layer of settings, so an error names what the operator typed. */
export type SettingSource = { kind: 'flags' } | { kind: 'env' } | { kind: 'file'; path: string };

/**
 * Checks one layer of settings against schemas/config.schema.json, then the checks a schema cannot
 * express (a parseable base URL, no token where a path belongs). Throws ConfigError (exit 2).
 */
export function validateLayer(value: unknown, source: SettingSource): void {
  if (!compiledSchema) {
    const schema = JSON.parse(
      readFileSync(resolve(projectRoot, 'schemas/config.schema.json'), 'utf8'),
    );
    compiledSchema = new Ajv({ allErrors: true, strict: true }).compile(schema);
  }
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    // NOTE: yargs turns `--workers abc` into NaN, which is typeof number, so the schema alone
    // would let it through.
    for (const [key, item] of Object.entries(value)) {
      if (typeof item === 'number' && !Number.isFinite(item)) {
        throw new ConfigError(
          `${settingLabel(key, source)} is not a number. ` +
            `Pass a number such as ${String(DEFAULTS[key as keyof Config] ?? 1)}.`,
          key,
        );
      }
    }
  }
  if (!compiledSchema(value)) {
    const error = compiledSchema.errors?.[0];
    if (!error) throw new ConfigError(`${sourceLabel(source)} is invalid.`);
    throw describeSchemaError(error, value, source);
  }
  const settings = value as PartialConfig;
  for (const key of [...PATH_KEYS, 'config'] as const) {
    const path = (settings as Record<string, unknown>)[key];
    if (typeof path === 'string') rejectTokenAsPath(path, settingLabel(key, source));
  }
  if (settings.baseUrl !== undefined && !URL.canParse(settings.baseUrl)) {
    throw new ConfigError(
      `${settingLabel('baseUrl', source)} is not a URL; got ${shownValue(settings.baseUrl)}. ` +
        'Use an absolute URL ending in /data, e.g. https://exto.example.com/data.',
      'baseUrl',
    );
  }
}

/** Flags by config key where the flag is not simply the key in kebab case. */
const FLAG_NAMES: Partial<Record<string, string>> = {
  tags: '--tag',
  extraHeaders: '--extra-header',
  referenceFaults: '--reference-fault',
};

/** The EXTO_* variable of each setting. Secrets (EXTO_TOKENS, ...) are not settings. */
export const ENV_NAMES: Record<keyof Config | 'config', string> = {
  config: 'EXTO_CONFIG',
  baseUrl: 'EXTO_BASE_URL',
  spec: 'EXTO_SPEC',
  tokensFile: 'EXTO_TOKENS_FILE',
  tags: 'EXTO_TAGS',
  grep: 'EXTO_GREP',
  allowWrites: 'EXTO_ALLOW_WRITES',
  scratchMaster: 'EXTO_SCRATCH_MASTER',
  scratchModule: 'EXTO_SCRATCH_MODULE',
  hierarchyMaster: 'EXTO_HIERARCHY_MASTER',
  allowDestructive: 'EXTO_ALLOW_DESTRUCTIVE',
  rotateKeyCommand: 'EXTO_ROTATE_KEY_COMMAND',
  restartCommand: 'EXTO_RESTART_COMMAND',
  foreignTenantId: 'EXTO_FOREIGN_TENANT_ID',
  expiredTokenFile: 'EXTO_EXPIRED_TOKEN_FILE',
  revokedTokenFile: 'EXTO_REVOKED_TOKEN_FILE',
  disabledTokenFile: 'EXTO_DISABLED_TOKEN_FILE',
  extraHeaders: 'EXTO_EXTRA_HEADERS',
  out: 'EXTO_OUT',
  logLevel: 'EXTO_LOG_LEVEL',
  rateLimitPerSecond: 'EXTO_RATE_LIMIT_PER_SECOND',
  pacingPerSecond: 'EXTO_PACING_PER_SECOND',
  revocationBoundSeconds: 'EXTO_REVOCATION_BOUND_SECONDS',
  latencyBoundMs: 'EXTO_LATENCY_BOUND_MS',
  workers: 'EXTO_WORKERS',
  timeoutSeconds: 'EXTO_TIMEOUT_SECONDS',
  referenceFaults: 'EXTO_REFERENCE_FAULTS',
};

/**
 * EXTO_* variables that are not settings but are still read: secrets, the reference admin URL,
 * the values the CLI hands to its children, and k6 tuning read by `load`.
 */
const OTHER_ENV_NAMES = [
  'EXTO_TOKENS',
  'EXTO_TOKEN',
  'EXTO_ADMIN_SECRET',
  'EXTO_ADMIN_URL',
  'EXTO_RUN_SETTINGS',
  'EXTO_RESULTS_APPEND',
  'EXTO_NEW_TOKEN',
  'EXTO_PLAYWRIGHT_JSON',
  ...Object.values(LOAD_ENV),
];

/**
 * Returns one warning per EXTO_* variable nothing reads, with the closest known name: a typo such
 * as EXTO_RATE_LIMT_PER_SECOND would otherwise be ignored without a word.
 */
export function unknownEnvWarnings(env: NodeJS.ProcessEnv): string[] {
  const known = [...Object.values(ENV_NAMES), ...OTHER_ENV_NAMES];
  const warnings: string[] = [];
  for (const name of Object.keys(env).sort()) {
    if (!name.startsWith('EXTO_') || known.includes(name)) continue;
    // A third of the name's own part, so EXTO_FOO suggests nothing but a dropped letter is found.
    const allowed = Math.max(2, Math.floor((name.length - 'EXTO_'.length) / 3));
    const suggestion = closestMatch(name, known, allowed);
    warnings.push(
      `Environment variable ${name} is not a setting and is ignored.` +
        (suggestion ? ` Did you mean ${suggestion}?` : ' Unset it.'),
    );
  }
  return warnings;
}

function settingLabel(key: string, source: SettingSource): string {
  if (source.kind === 'flags') {
    return FLAG_NAMES[key] ?? `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
  }
  if (source.kind === 'env') return ENV_NAMES[key as keyof Config] ?? key;
  return `Config file ${source.path}: key "${key}"`;
}

function sourceLabel(source: SettingSource): string {
  if (source.kind === 'file') return `Config file ${source.path}`;
  return source.kind === 'env' ? 'The EXTO_* environment variables' : 'The command-line flags';
}

/** Tells a JWT (three base64url parts) or a long base64-like run with no dot or slash. */
export function looksLikeToken(text: string): boolean {
  const value = text.trim().replace(/^Bearer\s+/i, '');
  if (/^[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*$/.test(value)) return true;
  return /^[A-Za-z0-9_+=-]{32,}$/.test(value) && /[0-9]/.test(value) && /[A-Za-z]/.test(value);
}

/** Stops a pasted token from being echoed back as a "file not found" path. */
function rejectTokenAsPath(path: string, label: string): void {
  if (looksLikeToken(path) || looksLikeToken(basename(path))) {
    throw new ConfigError(
      `${label} got a value that looks like a token, not a path; put it in a file or EXTO_TOKENS.`,
      label,
    );
  }
}

/** Formats a value for an error message: short, and never a token. */
function shownValue(value: unknown): string {
  if (typeof value === 'string' && looksLikeToken(value))
    return '(a value that looks like a token)';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

function valueAt(root: unknown, instancePath: string): unknown {
  let value = root;
  for (const part of instancePath.split('/').slice(1)) {
    const key = part.replace(/~1/g, '/').replace(/~0/g, '~');
    value =
      value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
  }
  return value;
}

/** Turns one ajv error into a sentence naming the setting, its value and the fix. */
function describeSchemaError(
  error: ErrorObject,
  root: unknown,
  source: SettingSource,
): ConfigError {
  const parts = error.instancePath.replace(/^\//, '').split('/');
  const where = parts.join('.');
  if (error.keyword === 'additionalProperties') {
    const key = String(error.params.additionalProperty);
    const full = where ? `${where}.${key}` : key;
    const suggestion = closestKey(key, KNOWN_KEYS);
    const hint = suggestion ? ` Did you mean "${suggestion}"?` : ' Remove it.';
    return new ConfigError(`${sourceLabel(source)}: unknown key "${full}".${hint}`, full);
  }
  if (error.keyword === 'type' && !where) {
    return new ConfigError(`${sourceLabel(source)} must contain an object of settings.`);
  }
  const topKey = parts[0]!;
  const label =
    source.kind === 'file'
      ? `${sourceLabel(source)}: key "${where}"`
      : settingLabel(topKey, source) + (parts.length > 1 ? ` (${parts.slice(1).join('.')})` : '');
  const got = `; got ${shownValue(valueAt(root, error.instancePath))}`;
  const problem =
    error.keyword === 'pattern' && topKey === 'baseUrl'
      ? 'must start with http:// or https://'
      : (error.message ?? 'is invalid');
  return new ConfigError(`${label} ${problem}${got}. ${fixFor(error, topKey)}`, where);
}

function fixFor(error: ErrorObject, key: string): string {
  const limit = error.params.limit as number | undefined;
  if (key === 'baseUrl')
    return 'Use an absolute URL ending in /data, e.g. https://exto.example.com/data.';
  switch (error.keyword) {
    case 'enum':
      return `Use one of: ${(error.params.allowedValues as unknown[]).join(', ')}.`;
    case 'type':
      return `Use a value of type ${String(error.params.type)}.`;
    case 'exclusiveMinimum':
      return `Use a number above ${limit}.`;
    case 'minimum':
      return `Use ${limit} or more.`;
    case 'maximum':
      return `Use ${limit} or less.`;
    case 'minLength':
      return 'Give a non-empty value or leave the setting out.';
    default:
      return 'Fix the value.';
  }
}

const KNOWN_KEYS = [
  ...Object.keys(DEFAULTS),
  'baseUrl',
  'tokensFile',
  'grep',
  'scratchMaster',
  'scratchModule',
  'hierarchyMaster',
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

/**
 * Reads the EXTO_* variables that mirror settings (`ENV_NAMES`) and checks them with the config
 * schema. Secrets (EXTO_TOKENS, ...) are not settings. Unknown names: see `unknownEnvWarnings`.
 */
export function configFromEnv(env: NodeJS.ProcessEnv): PartialConfig {
  const out: Record<string, unknown> = {};
  const list = (text: string): string[] =>
    text
      .split(',')
      .map((item) => item.trim())
      .filter(Boolean);
  for (const [key, name] of Object.entries(ENV_NAMES)) {
    const value = env[name];
    if (value === undefined || value === '' || key === 'config') continue;
    if (key === 'extraHeaders') out[key] = parseHeaderJson(value, name);
    else if (key === 'tags' || key === 'referenceFaults') out[key] = list(value);
    else if (key === 'allowWrites' || key === 'allowDestructive')
      out[key] = envBoolean(value, name);
    else if (typeof DEFAULTS[key as keyof Config] === 'number') out[key] = envNumber(value, name);
    else out[key] = value;
  }
  validateLayer(out, { kind: 'env' });
  return resolvePaths(out as PartialConfig, process.cwd());
}

function envBoolean(value: string, name: string): boolean {
  if (/^(1|true|yes)$/i.test(value)) return true;
  if (/^(0|false|no)$/i.test(value)) return false;
  throw new ConfigError(
    `Environment variable ${name} must be true or false; got "${value}".`,
    name,
  );
}

/** Parses a number; the schema then checks its range, as it does for flags and the file. */
function envNumber(value: string, name: string): number {
  const number = Number(value.trim());
  if (value.trim() === '' || !Number.isFinite(number)) {
    throw new ConfigError(
      `Environment variable ${name} must be a number; got ${shownValue(value)}. ` +
        `Set it to a number such as 3, or unset it.`,
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
  const name = match[1]!;
  // Not expandPlaceholders, whose message names a "Config key", because this value is a flag.
  const value = match[2]!.replace(PLACEHOLDER, (_match, variable: string) => {
    const found = env[variable];
    if (found === undefined || found === '') {
      throw new ConfigError(
        `--extra-header ${name} uses \${${variable}}, but environment variable ${variable} is ` +
          `not set. Set ${variable} or write the value in the flag.`,
        'extra-header',
      );
    }
    return found;
  });
  return [name, value];
}

/** Layers the sources: later arguments lose to earlier ones, as the file header describes. */
export function mergeConfig(flags: PartialConfig, env: PartialConfig, file: PartialConfig): Config {
  // The file and env layers were checked when read; flags come straight from yargs.
  validateLayer(flags, { kind: 'flags' });
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
  if (config.grep !== undefined) {
    // Playwright compiles --grep as a regular expression. Checking it here makes a bad pattern
    // fail before the target is touched, not as a run in which no check ran.
    try {
      new RegExp(config.grep);
    } catch (error) {
      throw new ConfigError(
        `grep ${JSON.stringify(config.grep)} is not a valid regular expression ` +
          `(${(error as Error).message}). Escape characters such as ( with a backslash.`,
        'grep',
      );
    }
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

function readTokenFile(path: string, key: TokenFileKey = 'tokensFile'): string[] {
  const label = TOKEN_FILE_LABELS[key];
  rejectTokenAsPath(path, label.flag);
  if (!existsSync(path)) {
    throw new ConfigError(`${label.what} ${path} not found. Check the ${label.flag} path.`, key);
  }
  const tokens = splitTokens(readFileSync(path, 'utf8'));
  if (tokens.length === 0) {
    throw new ConfigError(`${label.what} ${path} contains no token. ${label.fix}`, key);
  }
  return tokens;
}

type TokenFileKey = 'tokensFile' | 'expiredTokenFile' | 'revokedTokenFile' | 'disabledTokenFile';

const TOKEN_FILE_LABELS: Record<TokenFileKey, { what: string; flag: string; fix: string }> = {
  tokensFile: { what: 'Tokens file', flag: '--tokens-file', fix: 'Put one token per line.' },
  expiredTokenFile: {
    what: 'Expired-token file',
    flag: '--expired-token-file',
    fix: 'Put the expired token on the first line.',
  },
  revokedTokenFile: {
    what: 'Revoked-token file',
    flag: '--revoked-token-file',
    fix: 'Put the revoked token on the first line.',
  },
  disabledTokenFile: {
    what: 'Disabled-token file',
    flag: '--disabled-token-file',
    fix: 'Put the disabled token on the first line.',
  },
};

/**
 * Checks the token-state files before the run starts, as `--tokens-file` is checked, so a wrong
 * path exits 2 naming the file instead of breaking a check halfway through the run.
 */
export function checkTokenStateFiles(config: Config): void {
  for (const key of ['expiredTokenFile', 'revokedTokenFile', 'disabledTokenFile'] as const) {
    const path = config[key];
    if (path) readTokenFile(path, key);
  }
}

/**
 * Returns a warning when `baseUrl` does not end in /data, the Exto Data API's prefix: the
 * documented paths start with /api/v1, so a base ending in /api would request /api/api/v1/...
 */
export function baseUrlWarning(baseUrl: string, specTitle: string): string | undefined {
  if (!/exto/i.test(specTitle)) return undefined;
  if (/\/data\/?$/.test(new URL(baseUrl).pathname)) return undefined;
  return (
    `--base-url ${baseUrl} does not end in /data, where the Exto Data API is served; requests ` +
    `will go to ${baseUrl.replace(/\/+$/, '')}/api/v1/... Check the base URL.`
  );
}

function splitTokens(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim().replace(/^Bearer\s+/i, ''))
    .filter((line) => line && !line.startsWith('#'));
}

/**
 * The parser's first message line without the trailing location and colon ("at line 2, column 1:"),
 * which the yaml package appends; the location goes in front instead.
 */
function syntaxProblem(error: unknown): string {
  const line = firstLine(error);
  const located = /^(.*?)\s*at line (\d+), column (\d+):?\s*$/.exec(line);
  if (!located) return line.replace(/[.:]\s*$/, '');
  return `line ${located[2]}, column ${located[3]}: ${located[1]!.replace(/[.:]\s*$/, '')}`;
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
}
