import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import yargs from 'yargs';
import { flagsToConfig, targetOptions } from '../../scripts/cli/options.ts';
import { grepPattern } from '../../scripts/cli/playwright-run.ts';
import { parseTargetArgs, withoutCamelCaseTwins } from '../../scripts/cli/parser.ts';
import { loadConfig } from '../../scripts/cli/verify-run.ts';

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
  assert.throws(() => parseTargetArgs(['--rate-limt', '3']), /Unknown argument: rate-limt$/);
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
