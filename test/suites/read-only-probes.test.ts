/**
 * One bounded run of the workspace operations against the reference server with writes off: the
 * suite probes the read operation and sends nothing to the write operations.
 */
import assert from 'node:assert/strict';
import { before, test } from 'node:test';

import type { CheckResult } from '../../scripts/core/types.ts';
import { runPlaywright, type PlaywrightRun } from './run-playwright.ts';

let run: PlaywrightRun;

before(async () => {
  run = await runPlaywright({ tokens: 1, grep: 'api/v1/workspace ', timeoutMs: 120_000 });
});

function check(id: string): CheckResult | undefined {
  return run.checks.find((result) => result.id === id);
}

test('read-only run exits 0', () => {
  assert.equal(run.exitCode, 0, run.stderr.slice(0, 2000));
});

test('write operation gets no token probe', () => {
  assert.equal(check('auth.createWorkspace.no-token.rejected')?.enableWith, '--allow-writes');
});

test('write operation gets no header probe', () => {
  assert.equal(
    check('auth.createWorkspace.malformed-header.rejected')?.enableWith,
    '--allow-writes',
  );
});

test('write coverage probe is skipped', () => {
  assert.equal(check('coverage.createWorkspace.served')?.status, 'skipped');
});

test('read operation is still probed', () => {
  assert.equal(check('auth.listWorkspaces.no-token.rejected')?.status, 'passed');
});

test('write status skip names no option', () => {
  const status = check('contract.createWorkspace.status');
  assert.deepEqual([status?.status, status?.enableWith], ['skipped', undefined]);
});
