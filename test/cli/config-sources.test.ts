/**
 * Every settings source is checked the same way (flags, EXTO_* variables, the config file), no
 * message repeats a pasted token, and unknown names get a "Did you mean".
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { parseTargetArgs } from '../../scripts/cli/parser.ts';
import yargs from 'yargs';
import { flagsToConfig, targetOptions } from '../../scripts/cli/options.ts';
import {
  baseUrlWarning,
  checkTokenStateFiles,
  ConfigError,
  configFromEnv,
  DEFAULTS,
  ENV_NAMES,
  mergeConfig,
  parseExtraHeader,
  readConfigFile,
  readTokens,
  unknownEnvWarnings,
} from '../../scripts/lib/config.ts';

const JWT =
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJjb25mb3JtYW5jZSJ9.c2lnbmF0dXJlLXBhcnQtaGVyZQ';
const folder = mkdtempSync(join(tmpdir(), 'exto-config-sources-'));
after(() => rmSync(folder, { recursive: true, force: true }));

function writeTemp(name: string, text: string): string {
  const path = join(folder, name);
  writeFileSync(path, text);
  return path;
}

/** Returns the ConfigError message `run` throws, failing the test when it throws nothing. */
function configError(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof ConfigError, `expected ConfigError, got ${String(error)}`);
    return error.message;
  }
  assert.fail('no ConfigError was thrown');
}

function fromFlags(args: string[]): ReturnType<typeof mergeConfig> {
  return mergeConfig(flagsToConfig(parseTargetArgs(args), {}), {}, {});
}

test('non-number flag names the flag', () => {
  const message = configError(() => fromFlags(['--rate-limit-per-second', 'abc']));
  assert.match(message, /^--rate-limit-per-second is not a number\. Pass a number such as 3\./);
});

test('zero timeout flag is rejected', () => {
  const message = configError(() => fromFlags(['--timeout-seconds', '0']));
  assert.equal(message, '--timeout-seconds must be > 0; got 0. Use a number above 0.');
});

test('base URL without scheme is rejected', () => {
  const message = configError(() => fromFlags(['--base-url', '127.0.0.1:9/data']));
  assert.match(
    message,
    /^--base-url must start with http:\/\/ or https:\/\/; got "127\.0\.0\.1:9\/data"/,
  );
});

test('workers flag above maximum is rejected', () => {
  const message = configError(() => fromFlags(['--workers', '99']));
  assert.match(message, /^--workers must be <= 32; got 99\. Use 32 or less\.$/);
});

test('env number out of range names variable', () => {
  const message = configError(() => configFromEnv({ EXTO_WORKERS: '0' }));
  assert.match(message, /^EXTO_WORKERS must be >= 1; got 0/);
});

test('env non-number names variable', () => {
  const message = configError(() => configFromEnv({ EXTO_TIMEOUT_SECONDS: 'soon' }));
  assert.match(message, /EXTO_TIMEOUT_SECONDS must be a number; got "soon"/);
});

test('rate and pacing variables map', () => {
  const config = configFromEnv({
    EXTO_RATE_LIMIT_PER_SECOND: '6',
    EXTO_PACING_PER_SECOND: '5.5',
    EXTO_REVOCATION_BOUND_SECONDS: '30',
    EXTO_TIMEOUT_SECONDS: '9',
  });
  assert.deepEqual(config, {
    rateLimitPerSecond: 6,
    pacingPerSecond: 5.5,
    revocationBoundSeconds: 30,
    timeoutSeconds: 9,
  });
});

test('latency bound variable maps', () => {
  assert.equal(configFromEnv({ EXTO_LATENCY_BOUND_MS: '1500' }).latencyBoundMs, 1500);
});

test('hierarchy master variable maps', () => {
  assert.equal(configFromEnv({ EXTO_HIERARCHY_MASTER: 'SITES' }).hierarchyMaster, 'SITES');
});

test('negative latency bound names variable', () => {
  const message = configError(() => configFromEnv({ EXTO_LATENCY_BOUND_MS: '-5' }));
  assert.match(message, /^EXTO_LATENCY_BOUND_MS must be > 0; got -5/);
});

test('token-state file variables map', () => {
  const config = configFromEnv({ EXTO_EXPIRED_TOKEN_FILE: '/t/expired.txt' });
  assert.equal(config.expiredTokenFile, '/t/expired.txt');
});

test('reference faults variable splits commas', () => {
  const config = configFromEnv({ EXTO_REFERENCE_FAULTS: 'no-rate-limit, slow' });
  assert.deepEqual(config.referenceFaults, ['no-rate-limit', 'slow']);
});

test('every setting has a variable', () => {
  const schema = JSON.parse(
    readFileSync(new URL('../../schemas/config.schema.json', import.meta.url), 'utf8'),
  ) as { properties: Record<string, unknown> };
  const keys = Object.keys(schema.properties).filter((key) => key !== '$schema');
  assert.deepEqual(
    keys.filter((key) => !(key in ENV_NAMES)),
    [],
  );
});

test('misspelt variable gets a suggestion', () => {
  const [warning] = unknownEnvWarnings({ EXTO_RATE_LIMT_PER_SECOND: '3' });
  assert.equal(
    warning,
    'Environment variable EXTO_RATE_LIMT_PER_SECOND is not a setting and is ignored. ' +
      'Did you mean EXTO_RATE_LIMIT_PER_SECOND?',
  );
});

test('unrelated variable gets no suggestion', () => {
  const [warning] = unknownEnvWarnings({ EXTO_FOO: '1' });
  assert.match(warning!, /EXTO_FOO is not a setting and is ignored\. Unset it\.$/);
});

test('secret and load variables are known', () => {
  const env = { EXTO_TOKENS: 'x', EXTO_ADMIN_SECRET: 'y', EXTO_LOAD_RATE: '2', PATH: '/bin' };
  assert.deepEqual(unknownEnvWarnings(env), []);
});

test('token as tokens-file is not echoed', () => {
  const message = configError(() => fromFlags(['--tokens-file', JWT]));
  assert.doesNotMatch(message, /eyJ/);
});

test('token as tokens-file says what to do', () => {
  const message = configError(() => readTokens(JWT, { ...DEFAULTS }, {}));
  assert.match(message, /looks like a token.*put it in a file or EXTO_TOKENS/);
});

test('opaque token as path is not echoed', () => {
  const opaque = 'a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8';
  const message = configError(() => fromFlags(['--expired-token-file', opaque]));
  assert.doesNotMatch(message, new RegExp(opaque));
});

test('ordinary file name is not a token', () => {
  const config = fromFlags(['--tokens-file', 'tokens-for-staging.txt']);
  assert.match(config.tokensFile!, /tokens-for-staging\.txt$/);
});

test('file type error shows the value', () => {
  const path = writeTemp('typed.yaml', 'workers: many\n');
  const message = configError(() => readConfigFile(path, {}));
  assert.match(message, /key "workers" must be integer; got "many"\./);
});

test('yaml error reads as a sentence', () => {
  const path = writeTemp('broken.yaml', 'workers: 3\nfoo: [1, 2\n');
  const message = configError(() => readConfigFile(path, {}));
  assert.doesNotMatch(message, /:\./);
});

test('yaml error leads with the line', () => {
  const path = writeTemp('broken2.yaml', 'workers: 3\nfoo: [1, 2\n');
  const message = configError(() => readConfigFile(path, {}));
  assert.match(message, /is not valid YAML: line \d+, column \d+: /);
});

test('extra header error names the flag', () => {
  const message = configError(() => parseExtraHeader('Key: ${UNSET_APIM_KEY}', {}));
  assert.match(message, /^--extra-header Key uses \$\{UNSET_APIM_KEY\}/);
});

test('extra header error avoids Config key', () => {
  const message = configError(() => parseExtraHeader('Key: ${UNSET_APIM_KEY}', {}));
  assert.doesNotMatch(message, /Config key/);
});

test('missing expired-token file names it', () => {
  const config = { ...DEFAULTS, expiredTokenFile: join(folder, 'no-such-expired.txt') };
  const message = configError(() => checkTokenStateFiles(config));
  assert.match(
    message,
    /^Expired-token file .*no-such-expired\.txt not found\. Check the --expired-token-file path\./,
  );
});

test('empty revoked-token file is an error', () => {
  const config = { ...DEFAULTS, revokedTokenFile: writeTemp('revoked.txt', '\n') };
  const message = configError(() => checkTokenStateFiles(config));
  assert.match(message, /^Revoked-token file .* contains no token/);
});

test('present token-state files pass', () => {
  const config = { ...DEFAULTS, disabledTokenFile: writeTemp('disabled.txt', 'a-token\n') };
  assert.doesNotThrow(() => checkTokenStateFiles(config));
});

test('base URL ending in api warns', () => {
  const warning = baseUrlWarning('https://exto.example.com/api', 'Exto Data API');
  assert.match(warning ?? '', /does not end in \/data.*\/api\/api\/v1\/\.\.\./);
});

test('base URL ending in data is quiet', () => {
  assert.equal(baseUrlWarning('https://exto.example.com/data/', 'Exto Data API'), undefined);
});

test('other documents skip the data check', () => {
  assert.equal(baseUrlWarning('https://api.example.com/v2', 'Petstore'), undefined);
});

test('misspelt flag suggests the option', () => {
  assert.throws(
    () => parseTargetArgs(['--rate-limt', '3']),
    /Did you mean --rate-limit-per-second for --rate-limt\?/,
  );
});

test('example config shows every key', () => {
  const schema = JSON.parse(
    readFileSync(new URL('../../schemas/config.schema.json', import.meta.url), 'utf8'),
  ) as { properties: Record<string, unknown> };
  const example = readFileSync(
    new URL('../../examples/exto-conformance.config.yaml', import.meta.url),
    'utf8',
  );
  const missing = Object.keys(schema.properties)
    .filter((key) => key !== '$schema')
    .filter((key) => !new RegExp(`^(# )?${key}:`, 'm').test(example));
  assert.deepEqual(missing, []);
});

test('every option has a variable', () => {
  const lists: Record<string, string> = {
    tag: 'EXTO_TAGS',
    'extra-header': 'EXTO_EXTRA_HEADERS',
    'reference-fault': 'EXTO_REFERENCE_FAULTS',
  };
  const parser = yargs([]);
  targetOptions(parser);
  // NOTE: getOptions is public in yargs but missing from @types/yargs.
  const keys = (
    parser as unknown as { getOptions(): { key: Record<string, unknown> } }
  ).getOptions().key;
  const known = new Set<string>(Object.values(ENV_NAMES));
  const missing = Object.keys(keys)
    .filter((name) => /^[a-z]+(-[a-z]+)*$/.test(name) && !['help', 'version'].includes(name))
    .map((name) => lists[name] ?? `EXTO_${name.toUpperCase().replace(/-/g, '_')}`)
    .filter((variable) => !known.has(variable));
  assert.deepEqual(missing, []);
});
