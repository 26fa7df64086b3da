import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import yargs from 'yargs';
import { flagsToConfig, targetOptions } from '../../scripts/cli/options.ts';
import { grepPattern } from '../../scripts/cli/playwright-run.ts';
import { parseTargetArgs, withoutCamelCaseTwins } from '../../scripts/cli/parser.ts';
import {
  buildRunSettings,
  loadConfig,
  loadScenarios,
  REFERENCE_HIERARCHY_MASTER,
} from '../../scripts/cli/verify-run.ts';
import { mergeConfig } from '../../scripts/lib/config.ts';
import { SEED_COUNTS } from '../../reference/store/seed.ts';

test('negated boolean parses to false', () => {
  const args = parseTargetArgs(['--no-allow-writes']);
  assert.equal(args.allowWrites, false);
});

test('absent boolean stays undefined', () => {
  const args = parseTargetArgs([]);
  assert.equal(args.allowWrites, undefined);
  assert.equal(args.allowDestructive, undefined);
});

test('misspelt dashed option is rejected', () => {
  assert.throws(() => parseTargetArgs(['--rate-limt', '3']), /Unknown argument: rate-limt\./);
});

test('flag wins over config file', () => {
  const cwd = mkdtempSync(join(tmpdir(), 'exto-argv-'));
  writeFileSync(
    join(cwd, 'exto-conformance.config.json'),
    JSON.stringify({ baseUrl: 'https://a' }),
  );
  const args = parseTargetArgs(['--base-url', 'https://b']);
  const config = loadConfig(args, { EXTO_TOKEN: 'x' }, cwd);
  assert.equal(config.baseUrl, 'https://b');
  assert.equal(typeof config.baseUrl, 'string');
});

test('no option starts with no-', () => {
  // getOptions() is public in yargs 18 but missing from @types/yargs 17.
  const parser = targetOptions(yargs([])) as unknown as { getOptions(): { key: object } };
  const names = Object.keys(parser.getOptions().key);
  assert.ok(names.length > 10);
  assert.deepEqual(
    names.filter((name) => /^no(-|[A-Z])/.test(name)),
    [],
  );
});

test('repeated tag collects an array', () => {
  const args = parseTargetArgs(['--tag', '@auth', '--tag', '@contract']);
  assert.deepEqual(args.tag, ['@auth', '@contract']);
});

test('extra header reads placeholder from env', () => {
  const args = parseTargetArgs(['--extra-header', 'Ocp-Apim-Subscription-Key: ${APIM_KEY}']);
  const flags = flagsToConfig(args, { APIM_KEY: 'subscription-value' });
  assert.deepEqual(flags.extraHeaders, { 'Ocp-Apim-Subscription-Key': 'subscription-value' });
});

test('extra header without colon is rejected', () => {
  const args = parseTargetArgs(['--extra-header', 'Ocp-Apim-Subscription-Key']);
  assert.throws(() => flagsToConfig(args, {}), /is not "Name: value"/);
});

test('camel-case twins are dropped', () => {
  assert.equal(
    withoutCamelCaseTwins('Unknown arguments: rate-limt, rateLimt'),
    'Unknown argument: rate-limt',
  );
  assert.equal(withoutCamelCaseTwins('Unknown arguments: a, b'), 'Unknown arguments: a, b');
});

test('tags and grep combine', () => {
  assert.equal(grepPattern(['@auth'], undefined), '(@auth)');
  assert.equal(grepPattern(['rate-limit', '@contract'], undefined), '(@rate-limit|@contract)');
  assert.equal(grepPattern(['@auth'], 'expired'), '^(?=.*(@auth))(?=.*(expired))');
  assert.equal(grepPattern([], 'expired'), 'expired');
  assert.equal(grepPattern([], undefined), undefined);
});

test('restart command flag reaches config', () => {
  const cwd = mkdtempSync(join(tmpdir(), 'exto-argv-'));
  const args = parseTargetArgs(['--restart-command', 'kubectl rollout restart deploy/exto']);
  const config = loadConfig(args, {}, cwd);
  assert.equal(config.restartCommand, 'kubectl rollout restart deploy/exto');
});

test('restart command reads its env variable', () => {
  const cwd = mkdtempSync(join(tmpdir(), 'exto-argv-'));
  const config = loadConfig(parseTargetArgs([]), { EXTO_RESTART_COMMAND: './restart.sh' }, cwd);
  assert.equal(config.restartCommand, './restart.sh');
});

test('restart command config key is accepted', () => {
  const cwd = mkdtempSync(join(tmpdir(), 'exto-argv-'));
  writeFileSync(
    join(cwd, 'exto-conformance.config.json'),
    JSON.stringify({ restartCommand: './restart.sh', foreignTenantId: 'zzOther' }),
  );
  const config = loadConfig(parseTargetArgs([]), {}, cwd);
  assert.deepEqual([config.restartCommand, config.foreignTenantId], ['./restart.sh', 'zzOther']);
});

function settingsWithCommands(): ReturnType<typeof buildRunSettings> {
  const config = mergeConfig(
    { restartCommand: './restart.sh --password hunter22', rotateKeyCommand: './rotate.sh' },
    {},
    {},
  );
  return buildRunSettings(config, 'http://127.0.0.1:1/data', '/spec.yaml', '/out', 1, undefined);
}

test('run settings omit the commands', () => {
  const text = JSON.stringify(settingsWithCommands());
  assert.doesNotMatch(text, /restart\.sh|rotate\.sh/);
});

test('run settings say commands are set', () => {
  const settings = settingsWithCommands();
  assert.deepEqual([settings.hasRestartCommand, settings.hasRotateKeyCommand], [true, true]);
});

const reference = {
  baseUrl: 'http://127.0.0.1:1/data',
  adminUrl: 'http://127.0.0.1:1/_admin',
  adminSecret: 'unused',
  faults: [],
  tokens: ['a', 'b'],
  scratchMaster: 'SCRATCH',
  scratchModule: 'SCRATCH_MODULE',
  close: async () => {},
};

test('reference run writes to scratch collections', () => {
  const settings = buildRunSettings(
    mergeConfig({}, {}, {}),
    reference.baseUrl,
    '/s',
    '/o',
    2,
    reference,
  );
  assert.deepEqual([settings.scratchMaster, settings.scratchModule], ['SCRATCH', 'SCRATCH_MODULE']);
});

test('named scratch master wins on reference', () => {
  const config = mergeConfig({ scratchMaster: 'VENDOR' }, {}, {});
  const settings = buildRunSettings(config, reference.baseUrl, '/s', '/o', 2, reference);
  assert.equal(settings.scratchMaster, 'VENDOR');
});

test('deployment run names no scratch by itself', () => {
  const settings = buildRunSettings(
    mergeConfig({}, {}, {}),
    'https://x/data',
    '/s',
    '/o',
    1,
    undefined,
  );
  assert.equal(settings.scratchMaster, undefined);
});

test('unknown load scenario is a config error', () => {
  assert.throws(
    () => loadScenarios(['beyond']),
    /Unknown load scenario "beyond" in --load\. Use one of: /,
  );
});

test('repeated load scenario runs once', () => {
  assert.deepEqual(loadScenarios(['at-limit', 'at-limit', 'spike']), ['at-limit', 'spike']);
});

test('latency bound flag reaches run settings', () => {
  const config = loadConfig(parseTargetArgs(['--latency-bound-ms', '1200']), {}, tmpdir());
  const settings = buildRunSettings(config, 'https://x/data', '/s', '/o', 1, undefined);
  assert.equal(settings.latencyBoundMs, 1200);
});

test('run settings state the default latency bound', () => {
  const settings = buildRunSettings(
    mergeConfig({}, {}, {}),
    'https://x/data',
    '/s',
    '/o',
    1,
    undefined,
  );
  assert.equal(settings.latencyBoundMs, 750);
});

test('zero latency bound names the flag', () => {
  assert.throws(
    () => loadConfig(parseTargetArgs(['--latency-bound-ms', '0']), {}, tmpdir()),
    /^ConfigError: --latency-bound-ms must be > 0; got 0\. Use a number above 0\./,
  );
});

test('hierarchy master flag reaches run settings', () => {
  const config = loadConfig(parseTargetArgs(['--hierarchy-master', 'SITES']), {}, tmpdir());
  const settings = buildRunSettings(config, 'https://x/data', '/s', '/o', 1, undefined);
  assert.equal(settings.hierarchyMaster, 'SITES');
});

test('reference run names the seeded hierarchy master', () => {
  const settings = buildRunSettings(
    mergeConfig({}, {}, {}),
    reference.baseUrl,
    '/s',
    '/o',
    2,
    reference,
  );
  assert.equal(settings.hierarchyMaster, REFERENCE_HIERARCHY_MASTER);
});

test('seed holds the reference hierarchy master', () => {
  assert.ok(Object.keys(SEED_COUNTS).includes(REFERENCE_HIERARCHY_MASTER));
});

test('deployment run names no hierarchy master', () => {
  const settings = buildRunSettings(
    mergeConfig({}, {}, {}),
    'https://x/data',
    '/s',
    '/o',
    1,
    undefined,
  );
  assert.equal(settings.hierarchyMaster, undefined);
});

test('rotate-key-command help names the token line', async () => {
  // wrap(null) keeps each description on one line, so the sentence is found whole.
  const help = await targetOptions(yargs([]).wrap(null)).getHelp();
  assert.ok(
    help.includes(
      'Shell command that rotates the Access Token Private Key; it may print ' +
        'EXTO_NEW_TOKEN=<token issued after the rotation> on a line of stdout',
    ),
    help,
  );
});
