/**
 * The reference server's `POST /_admin/restart`, which the destructive suite uses to check that a
 * restart without a key change leaves tokens working (D-04 step 1), and its ephemeral-key fault.
 */
import assert from 'node:assert/strict';
import { after, test } from 'node:test';

import { startReferenceServer, type FaultName } from '../../reference/index.ts';
import { runPlaywright } from '../suites/run-playwright.ts';

const servers: { close(): Promise<void> }[] = [];
after(() => Promise.all(servers.map((server) => server.close())));

/** Mints a token, restarts, and returns the token's status before and after the restart. */
async function statusesAroundRestart(faults: FaultName[]): Promise<number[]> {
  const server = await startReferenceServer({ faults, logLevel: 'silent' });
  servers.push(server);
  const admin = (path: string, body?: unknown) =>
    fetch(`${server.adminUrl}${path}`, {
      method: 'POST',
      headers: { 'X-Admin-Secret': server.adminSecret, 'Content-Type': 'application/json' },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
  const { token } = (await (await admin('/tokens', { tenantId: 'restart-test' })).json()) as {
    token: string;
  };
  const probe = async () =>
    (
      await fetch(`${server.baseUrl}/api/v1/build/info`, {
        headers: { Authorization: `Bearer ${token}` },
      })
    ).status;
  const before = await probe();
  const restart = await admin('/restart');
  assert.equal(restart.status, 200);
  return [before, await probe()];
}

test('restart keeps tokens working', async () => {
  assert.deepEqual(await statusesAroundRestart([]), [200, 200]);
});

test('ephemeral key ends tokens on restart', async () => {
  assert.deepEqual(await statusesAroundRestart(['ephemeral-key']), [200, 401]);
});

test('restart needs POST', async () => {
  const server = await startReferenceServer({ logLevel: 'silent' });
  servers.push(server);
  const response = await fetch(`${server.adminUrl}/restart`, {
    headers: { 'X-Admin-Secret': server.adminSecret },
  });
  assert.equal(response.status, 405);
});

test('restart timing lists each token unmasked', async () => {
  const result = await runPlaywright({
    projects: ['destructive'],
    noDeps: true,
    grep: 'restart keeps tokens working',
    tokens: 2,
    settings: { allowDestructive: true },
    timeoutMs: 120_000,
  });
  const check = result.checks.find((entry) => entry.id === 'auth.restart.tokens-survive');
  const perToken = (check?.data as { perToken?: unknown } | undefined)?.perToken;
  assert.ok(Array.isArray(perToken), JSON.stringify(check ?? result.stderr.slice(-2000)));
});
