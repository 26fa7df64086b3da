import assert from 'node:assert/strict';
import { test } from 'node:test';

import type { TestInfo } from '@playwright/test';

import { Redactor } from '../../scripts/core/redact.ts';
import type { HttpMethod, Operation } from '../../scripts/core/spec/types.ts';
import { CheckRecorder } from '../../suites/support/checks.ts';
import {
  requireWritesForProbe,
  validCallSkipReason,
  writesData,
} from '../../suites/support/write-scope.ts';

function operation(method: HttpMethod, path: string): Operation {
  return {
    operationId: 'op',
    method,
    path,
    tags: [],
    deprecated: false,
    security: ['bearer'],
    parameters: [],
    responses: {},
  };
}

/** Builds a recorder whose skipTest throws `skipped` instead of ending a Playwright test. */
function recorder(): CheckRecorder {
  const info = {
    attach: () => Promise.resolve(),
    skip: () => {
      throw new Error('skipped');
    },
  } as unknown as TestInfo;
  return new CheckRecorder(info, new Redactor());
}

const DEF = {
  id: 'auth.createWorkspace.no-token.rejected',
  title: 't',
  severity: 'blocker' as const,
};
const SERVED = { id: 'coverage.createWorkspace.served', title: 't', severity: 'minor' as const };
const CREATE_WORKSPACE = operation('post', '/api/v1/workspace');

test('POST workspace writes data', () => {
  assert.equal(writesData(CREATE_WORKSPACE), true);
});

test('sign-in does not write data', () => {
  assert.equal(writesData(operation('post', '/api/auth/login')), false);
});

test('GET does not write data', () => {
  assert.equal(writesData(operation('get', '/api/v1/workspace')), false);
});

test('write probe skips when writes are off', async () => {
  const checks = recorder();
  await assert.rejects(
    requireWritesForProbe(checks, CREATE_WORKSPACE, { allowWrites: false }, [DEF, SERVED]),
    /skipped/,
  );
});

test('write probe skips every def', async () => {
  const checks = recorder();
  await requireWritesForProbe(checks, CREATE_WORKSPACE, { allowWrites: false }, [
    DEF,
    SERVED,
  ]).catch(() => undefined);
  assert.deepEqual(
    checks.results.map((result) => `${result.id} ${result.status} ${result.enableWith}`),
    [
      'coverage.createWorkspace.served skipped --allow-writes',
      'auth.createWorkspace.no-token.rejected skipped --allow-writes',
    ],
  );
});

test('write probe runs when writes are on', async () => {
  const checks = recorder();
  await requireWritesForProbe(checks, CREATE_WORKSPACE, { allowWrites: true }, [DEF]);
  assert.equal(checks.results.length, 0);
});

test('read probe runs when writes are off', async () => {
  const checks = recorder();
  const list = operation('get', '/api/v1/workspace');
  await requireWritesForProbe(checks, list, { allowWrites: false }, [DEF]);
  assert.equal(checks.results.length, 0);
});

test('master writes point to writes checks', () => {
  const reason = validCallSkipReason(operation('post', '/api/v1/master-record/{masterName}'));
  assert.match(reason, /writes\.\* checks/);
});

test('other writes name no scratch target', () => {
  assert.match(validCallSkipReason(CREATE_WORKSPACE), /has no scratch target/);
});

test('sign-in points to the auth suite', () => {
  assert.match(validCallSkipReason(operation('post', '/api/auth/login')), /auth\.login\.flow/);
});
