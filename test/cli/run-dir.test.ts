import assert from 'node:assert/strict';
import {
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { test } from 'node:test';
import { formatProgress } from '../../scripts/cli/progress.ts';
import { createRunDir, runId, updateLatest } from '../../scripts/lib/run-dir.ts';

test('run id starts with UTC stamp', () => {
  const id = runId(new Date('2026-12-04T15:44:19.123Z'));
  assert.match(id, /^20261204T154419Z-[0-9a-f]{6}$/);
});

test('latest points at newest run', () => {
  const root = mkdtempSync(join(tmpdir(), 'exto-runs-'));
  const first = createRunDir(root);
  updateLatest(first);
  const second = createRunDir(root);
  writeFileSync(join(second, 'gate.json'), '{}');
  const latest = updateLatest(second);
  assert.equal(readlinkSync(latest), basename(second));
  assert.equal(readFileSync(join(latest, 'gate.json'), 'utf8'), '{}');
});

const refuseSymlinks = (): void => {
  throw Object.assign(new Error('EPERM: operation not permitted, symlink'), { code: 'EPERM' });
};

test('latest is a copy without symlinks', () => {
  const root = mkdtempSync(join(tmpdir(), 'exto-runs-'));
  const run = createRunDir(root);
  mkdirSync(join(run, 'load'));
  writeFileSync(join(run, 'load', 'at-limit.json'), '{"metrics":{}}');
  const latest = updateLatest(run, refuseSymlinks);
  assert.equal(lstatSync(latest).isSymbolicLink(), false);
  assert.equal(readFileSync(join(latest, 'load', 'at-limit.json'), 'utf8'), '{"metrics":{}}');
});

test('copied latest is replaced whole', () => {
  const root = mkdtempSync(join(tmpdir(), 'exto-runs-'));
  const first = createRunDir(root);
  writeFileSync(join(first, 'only-in-first.txt'), 'old');
  updateLatest(first, refuseSymlinks);
  const second = createRunDir(root);
  writeFileSync(join(second, 'gate.json'), '{"verdict":"pass"}');
  const latest = updateLatest(second, refuseSymlinks);
  assert.equal(existsSync(join(latest, 'only-in-first.txt')), false);
  assert.equal(readFileSync(join(latest, 'gate.json'), 'utf8'), '{"verdict":"pass"}');
});

test('symlink replaces a copied latest', () => {
  const root = mkdtempSync(join(tmpdir(), 'exto-runs-'));
  updateLatest(createRunDir(root), refuseSymlinks);
  const second = createRunDir(root);
  const latest = updateLatest(second);
  assert.equal(readlinkSync(latest), basename(second));
});

test('progress shows time left', () => {
  const line = formatProgress(
    { project: 'contract', testsDone: 10, testsTotal: 40, checksDone: 55 },
    20_000,
  );
  assert.equal(line, '[contract] 10/40 tests, 55 checks, about 1m00s left at the current rate');
});

test('progress omits estimate at start', () => {
  const line = formatProgress(
    { project: 'auth', testsDone: 0, testsTotal: 5, checksDone: 0 },
    1000,
  );
  assert.equal(line, '[auth] 0/5 tests, 0 checks');
});
