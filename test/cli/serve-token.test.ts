import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { cliPath, runCli } from './helpers.ts';

const ADMIN_SECRET = 'serve-test-admin-secret-7c1e';
let adminUrl: string;
let stopServer: () => Promise<number | null>;

before(async () => {
  const cwd = mkdtempSync(join(tmpdir(), 'exto-serve-'));
  // The server stops by itself after 60 s in case the test dies before `after` runs.
  const child = spawn(
    process.execPath,
    [cliPath, 'serve', '--duration-seconds', '60', '--log-level', 'silent'],
    {
      cwd,
      env: { ...process.env, EXTO_ADMIN_SECRET: ADMIN_SECRET },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const exited = new Promise<number | null>((resolveExit) => child.on('close', resolveExit));
  let stdout = '';
  adminUrl = await new Promise<string>((resolveUrl, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = /Admin:\s+(\S+)/.exec(stdout);
      if (match) resolveUrl(match[1]!);
    });
    child.on('close', (code) =>
      reject(new Error(`serve exited ${code} before listening: ${stdout}`)),
    );
  });
  stopServer = () => {
    child.kill('SIGINT');
    return exited;
  };
});

after(async () => {
  await stopServer?.();
});

test('serve prints no admin secret', () => {
  assert.match(adminUrl, /^http:\/\/127\.0\.0\.1:\d+\/_admin$/);
});

test('token mint prints only token', async () => {
  const result = await runCli(['token', 'mint', '--admin-url', adminUrl, '--name', 'cli-test'], {
    env: { EXTO_ADMIN_SECRET: ADMIN_SECRET },
  });
  assert.equal(result.code, 0, result.stderr);
  assert.equal(result.stdout.trim().split('\n').length, 1);
  assert.ok(result.stdout.trim().length > 20);
  assert.match(result.stderr, /^Minted key \S+, expires /);
});

test('token list omits token values', async () => {
  const result = await runCli(['token', 'list', '--admin-url', adminUrl], {
    env: { EXTO_ADMIN_SECRET: ADMIN_SECRET },
  });
  assert.equal(result.code, 0, result.stderr);
  const keys = JSON.parse(result.stdout) as { name: string; token?: string }[];
  assert.ok(keys.some((key) => key.name === 'cli-test'));
  assert.ok(keys.every((key) => key.token === undefined));
});

test('wrong admin secret fails', async () => {
  const result = await runCli(['token', 'list', '--admin-url', adminUrl], {
    env: { EXTO_ADMIN_SECRET: 'not-the-admin-secret' },
  });
  assert.equal(result.code, 2);
  assert.match(
    result.stderr,
    /^GET \/_admin\/tokens was rejected with 40[13]: the admin secret is wrong/,
  );
  assert.doesNotMatch(result.stderr, /not-the-admin-secret/);
});

test('revoke needs a key id', async () => {
  const result = await runCli(['token', 'revoke', '--admin-url', adminUrl], {
    env: { EXTO_ADMIN_SECRET: ADMIN_SECRET },
  });
  assert.equal(result.code, 2);
  assert.match(result.stderr, /token revoke needs a key id/);
});

test('token against closed port exits 3', async () => {
  const result = await runCli(['token', 'list', '--admin-url', 'http://127.0.0.1:9/_admin'], {
    env: { EXTO_ADMIN_SECRET: ADMIN_SECRET },
  });
  assert.equal(result.code, 3);
  assert.match(result.stderr, /refused the connection|unreachable/);
});

test('serve rejects non-loopback host', async () => {
  const result = await runCli(['serve', '--host', '0.0.0.0', '--duration-seconds', '1']);
  assert.equal(result.code, 2);
  assert.match(result.stderr, /--host 0\.0\.0\.0 is not a loopback address/);
});

test('sixth key mint is one line', async () => {
  // Five keys fill the tenant; they are minted directly, which is quicker than five CLI runs.
  for (let i = 0; i < 5; i++) {
    const response = await fetch(`${adminUrl}/tokens`, {
      method: 'POST',
      headers: { 'X-Admin-Secret': ADMIN_SECRET, 'Content-Type': 'application/json' },
      body: JSON.stringify({ tenantId: 'cliLimitTenant', name: `fill-${i}` }),
    });
    assert.equal(response.status, 201);
  }
  const result = await runCli(
    ['token', 'mint', '--admin-url', adminUrl, '--tenant-id', 'cliLimitTenant'],
    { env: { EXTO_ADMIN_SECRET: ADMIN_SECRET } },
  );
  assert.equal(result.code, 2);
  assert.equal(result.stderr.trim().split('\n').length, 1);
  assert.match(result.stderr, /^Mint rejected: .*Revoking a key frees its slot/);
});
