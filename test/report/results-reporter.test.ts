import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { RunResults } from '../../scripts/report/results.ts';

const projectRoot = fileURLToPath(new URL('../..', import.meta.url));
const reporterPath = join(projectRoot, 'scripts/report/results-reporter.ts');
const SECRET = 'reporter-test-secret-token';

const SPEC = `
import { test } from '@playwright/test';
const check = (status, extra = {}) => ({
  name: 'exto-check',
  contentType: 'application/vnd.exto.check+json',
  body: JSON.stringify({ id: 'sample.' + status, title: status, status, severity: 'normal', ...extra }),
});
test('records a passed check', async ({}, info) => {
  await info.attach(check('passed').name, check('passed'));
});
test('records a failed check', async ({}, info) => {
  await info.attach('exto-check', check('failed', { message: 'Received 200' }));
  throw new Error('check failed');
});
test('throws without a check', async () => {
  throw new Error('boom with ${SECRET} inside\\nsecond line');
});
test('records data', async ({}, info) => {
  await info.attach('exto-data', {
    contentType: 'application/vnd.exto.data+json',
    body: JSON.stringify({ kind: 'token-lifecycle', step: 'mint', ms: 5 }),
  });
});
test('is skipped', async () => {
  test.skip(true, 'not applicable');
});
`;

let results: RunResults;
let outDir: string;

before(() => {
  const dir = mkdtempSync(join(tmpdir(), 'exto-reporter-'));
  outDir = join(dir, 'out');
  symlinkSync(join(projectRoot, 'node_modules'), join(dir, 'node_modules'), 'dir');
  writeFileSync(join(dir, 'sample.spec.mjs'), SPEC);
  writeFileSync(
    join(dir, 'playwright.config.mjs'),
    `export default { testDir: '.', workers: 1, retries: 0, outputDir: ${JSON.stringify(join(dir, 'pw'))},
      reporter: [[${JSON.stringify(reporterPath)}, { outDir: ${JSON.stringify(outDir)} }]] };`,
  );
  const run = spawnSync(
    process.execPath,
    [
      join(projectRoot, 'node_modules/@playwright/test/cli.js'),
      'test',
      '-c',
      'playwright.config.mjs',
    ],
    { cwd: dir, env: { ...process.env, EXTO_TOKENS: SECRET }, encoding: 'utf8', timeout: 120_000 },
  );
  assert.notEqual(run.status, null, `playwright did not finish: ${run.stderr}`);
  results = JSON.parse(readFileSync(join(outDir, 'results.json'), 'utf8')) as RunResults;
});

test('collects check attachments', () => {
  const ids = results.checks.map((c) => c.id);
  assert.ok(ids.includes('sample.passed'));
  assert.ok(ids.includes('sample.failed'));
});

test('adds broken check for silent failure', () => {
  const broken = results.checks.filter((c) => c.status === 'broken');
  assert.equal(broken.length, 1);
  assert.match(broken[0]!.id, /^broken\..*throws-without-a-check$/);
  assert.equal(broken[0]!.message, 'Error: boom with *** inside');
});

test('recorded failure adds no broken check', () => {
  const broken = results.checks.filter(
    (c) => c.status === 'broken' && c.id.includes('records-a-failed'),
  );
  assert.deepEqual(broken, []);
});

test('collects data attachments', () => {
  assert.equal(results.data.length, 1);
  assert.equal(results.data[0]!.kind, 'token-lifecycle');
});

test('counts tests by outcome', () => {
  assert.deepEqual(results.tests, { passed: 2, failed: 2, skipped: 1 });
});

test('results contain no secret', () => {
  assert.doesNotMatch(readFileSync(join(outDir, 'results.json'), 'utf8'), new RegExp(SECRET));
});

test('writes progress file', () => {
  const progress = JSON.parse(readFileSync(join(outDir, 'progress.json'), 'utf8'));
  assert.equal(progress.testsDone, 5);
  assert.equal(progress.testsTotal, 5);
});

test('records tests for Allure labels', () => {
  const record = results.testRecords?.find((r) => r.title === 'records a passed check');
  assert.equal(record?.file, 'sample.spec.mjs');
  assert.deepEqual(record?.severities, ['normal']);
});
