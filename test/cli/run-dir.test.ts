import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
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
