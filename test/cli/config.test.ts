import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import {
  ConfigError,
  DEFAULTS,
  configFromEnv,
  expandPlaceholders,
  mergeConfig,
  readConfigFile,
  readTokens,
} from '../../scripts/lib/config.ts';

function writeTemp(name: string, text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'exto-config-'));
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

test('precedence is flags, env, file, defaults', () => {
  const config = mergeConfig(
    { workers: 4 },
    { workers: 3, grep: 'env-grep' },
    { workers: 2, grep: 'file-grep', logLevel: 'debug' },
  );
  assert.equal(config.workers, 4);
  assert.equal(config.grep, 'env-grep');
  assert.equal(config.logLevel, 'debug');
  assert.equal(config.pacingPerSecond, DEFAULTS.pacingPerSecond);
});

test('extra headers merge by name', () => {
  const config = mergeConfig(
    { extraHeaders: { A: 'flag' } },
    {},
    { extraHeaders: { A: 'file', B: 'file' } },
  );
  assert.deepEqual(config.extraHeaders, { A: 'flag', B: 'file' });
});

test('env variables map to settings', () => {
  const config = configFromEnv({
    EXTO_BASE_URL: 'http://127.0.0.1:1/data',
    EXTO_ALLOW_WRITES: 'true',
    EXTO_TAGS: '@auth, @contract',
  });
  assert.equal(config.baseUrl, 'http://127.0.0.1:1/data');
  assert.equal(config.allowWrites, true);
  assert.deepEqual(config.tags, ['@auth', '@contract']);
});

test('bad env boolean names variable', () => {
  assert.throws(
    () => configFromEnv({ EXTO_ALLOW_WRITES: 'maybe' }),
    /EXTO_ALLOW_WRITES must be true or false; got "maybe"/,
  );
});

test('placeholders expand from env', () => {
  const value = expandPlaceholders({ a: ['x-${NAME}-y'] }, { NAME: 'v' }, '');
  assert.deepEqual(value, { a: ['x-v-y'] });
});

test('unset placeholder names key path', () => {
  assert.throws(
    () => expandPlaceholders({ extraHeaders: { Key: '${MISSING_VAR}' } }, {}, ''),
    (error: unknown) => error instanceof ConfigError && error.key === 'extraHeaders.Key',
  );
});

test('yaml file paths resolve beside it', () => {
  const path = writeTemp('exto-conformance.config.yaml', 'spec: ./api.yaml\nworkers: 3\n');
  const config = readConfigFile(path, {});
  assert.equal(config.spec, join(path, '..', 'api.yaml'));
  assert.equal(config.workers, 3);
});

test('invalid enum lists allowed values', () => {
  const path = writeTemp('c.json', JSON.stringify({ logLevel: 'loud' }));
  assert.throws(
    () => readConfigFile(path, {}),
    /key "logLevel" must be equal to one of the allowed values; got "loud"\. Use one of: fatal/,
  );
});

test('syntax error names the format', () => {
  const path = writeTemp('c.json', '{ "workers": ');
  assert.throws(() => readConfigFile(path, {}), /is not valid JSON/);
});

test('writes need scratch names', () => {
  assert.throws(
    () => mergeConfig({ allowWrites: true, baseUrl: 'http://127.0.0.1:1/data' }, {}, {}),
    /--allow-writes needs --scratch-master and --scratch-module/,
  );
});

test('destructive needs rotate command', () => {
  assert.throws(
    () => mergeConfig({ allowDestructive: true, baseUrl: 'http://127.0.0.1:1/data' }, {}, {}),
    /--allow-destructive needs --rotate-key-command/,
  );
});

test('tokens file flag wins over env', () => {
  const path = writeTemp('tokens.txt', '# comment\nfile-token-1\n\nBearer file-token-2\n');
  const tokens = readTokens(path, { ...DEFAULTS }, { EXTO_TOKENS: 'env-token' });
  assert.deepEqual(tokens, ['file-token-1', 'file-token-2']);
});

test('EXTO_TOKENS splits lines', () => {
  const tokens = readTokens(undefined, { ...DEFAULTS }, { EXTO_TOKENS: 'a-token\nb-token\n' });
  assert.deepEqual(tokens, ['a-token', 'b-token']);
});

test('empty tokens file is an error', () => {
  const path = writeTemp('tokens.txt', '\n# none\n');
  assert.throws(() => readTokens(path, { ...DEFAULTS }, {}), /contains no token/);
});

test('example config validates', () => {
  const path = new URL('../../examples/exto-conformance.config.yaml', import.meta.url).pathname;
  const config = readConfigFile(path, { APIM_SUBSCRIPTION_KEY: 'example-key' });
  assert.equal(config.extraHeaders?.['Ocp-Apim-Subscription-Key'], 'example-key');
});

test('config file sets latency bound', () => {
  const path = writeTemp('c.yaml', 'latencyBoundMs: 1500\nhierarchyMaster: SITES\n');
  const config = mergeConfig({}, {}, readConfigFile(path, {}));
  assert.deepEqual([config.latencyBoundMs, config.hierarchyMaster], [1500, 'SITES']);
});

test('latency bound defaults to 750', () => {
  assert.equal(DEFAULTS.latencyBoundMs, 750);
});

test('invalid grep pattern is rejected', () => {
  assert.throws(
    () => mergeConfig({ grep: '(' }, {}, {}),
    (error: unknown) =>
      error instanceof ConfigError &&
      error.key === 'grep' &&
      /grep "\(" is not a valid regular expression/.test(error.message),
  );
});

test('valid grep pattern is kept', () => {
  assert.equal(mergeConfig({ grep: 'health|filters' }, {}, {}).grep, 'health|filters');
});
