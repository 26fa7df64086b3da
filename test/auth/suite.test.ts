/**
 * Runs the token-lifecycle and key-rotation suites against the reference server, clean and with
 * each token fault profile, and requires the check that names the fault to fail. The
 * revoked-token-stale-60s run takes about 70 s, because the suite measures the whole delay.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';

import type { FaultName } from '../../reference/faults.ts';
import type { RunSettings } from '../../scripts/core/run-settings.ts';
import { pool } from '../rate-limit/pool.ts';
import { checksWith, runPlaywright, type PlaywrightRun } from '../suites/run-playwright.ts';

interface Case {
  name: string;
  faults: FaultName[];
  projects: string[];
  settings?: Partial<RunSettings>;
  /** The check that must fail; undefined for a clean run that must pass. */
  expectFailed?: string;
}

/**
 * A rotation hook like an operator's: it calls the reference server's admin interface (found next
 * to the Data API) to rotate, mints a token and prints it on the line EXTO_NEW_TOKEN=<token>, then
 * prints the rotation's JSON reply last, as `exto-conformance token rotate` does.
 */
const ROTATE_COMMAND = `node -e '${[
  'const s = require(process.env.EXTO_RUN_SETTINGS);',
  'const admin = s.baseUrl.replace(/\\/data$/, "/_admin");',
  'const headers = { "X-Admin-Secret": process.env.EXTO_ADMIN_SECRET, "Content-Type": "application/json" };',
  'fetch(admin + "/rotate-key", { method: "POST", headers }).then((r) => r.text())',
  '.then((rotated) => fetch(admin + "/tokens", { method: "POST", headers, body: "{}" })',
  '.then((r) => r.json()).then((j) => console.log("EXTO_NEW_TOKEN=" + j.token + "\\n" + rotated)));',
].join(' ')}'`;

/** A rotation hook that prints only the rotation's JSON reply, as `token rotate` does alone. */
const ROTATE_JSON_COMMAND = `node -e '${[
  'const s = require(process.env.EXTO_RUN_SETTINGS);',
  'const admin = s.baseUrl.replace(/\\/data$/, "/_admin");',
  'fetch(admin + "/rotate-key", { method: "POST", headers: { "X-Admin-Secret": process.env.EXTO_ADMIN_SECRET } })',
  '.then((r) => r.text()).then((text) => console.log(text));',
].join(' ')}'`;

/** A restart hook like an operator's: it restarts the reference server's token service. */
const RESTART_COMMAND = `node -e '${[
  'const s = require(process.env.EXTO_RUN_SETTINGS);',
  'const admin = s.baseUrl.replace(/\\/data$/, "/_admin");',
  'fetch(admin + "/restart", { method: "POST", headers: { "X-Admin-Secret": process.env.EXTO_ADMIN_SECRET } })',
  '.then((r) => { if (r.status !== 200) process.exit(1); console.log("restarted"); });',
].join(' ')}'`;

/**
 * A token file as an operator supplies it: a JWT the target did not sign, which it must reject
 * like an expired, revoked or disabled key.
 */
const TOKEN_FILE = join(mkdtempSync(join(tmpdir(), 'exto-token-file-')), 'token.txt');
const encode = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
writeFileSync(
  TOKEN_FILE,
  `\n${encode({ alg: 'HS256', typ: 'JWT' })}.${encode({ sub: 'nobody', iat: 1, exp: 2 })}.c2lnbmF0dXJl\n`,
);

const CASES: Case[] = [
  {
    name: 'revoked-token-stale-60s',
    faults: ['revoked-token-stale-60s'],
    projects: ['auth'],
    expectFailed: 'auth.revocation.delay',
  },
  { name: 'clean auth', faults: [], projects: ['auth'] },
  { name: 'clean rotation', faults: [], projects: ['destructive'] },
  {
    name: 'expired-token-accepted',
    faults: ['expired-token-accepted'],
    projects: ['auth'],
    expectFailed: 'auth.expired-token.rejected',
  },
  {
    name: 'token-lifetime-365d',
    faults: ['token-lifetime-365d'],
    projects: ['auth'],
    expectFailed: 'auth.token-lifetime.max-180d',
  },
  // As on a real deployment: no admin interface, no token files, no rotation allowed.
  {
    name: 'without capabilities',
    faults: [],
    projects: ['auth', 'destructive'],
    settings: { referenceAdminUrl: undefined, allowDestructive: false },
  },
  // As on a real deployment with token files for each state and a tenant the tokens cannot use.
  {
    name: 'token files',
    faults: [],
    projects: ['auth'],
    settings: {
      referenceAdminUrl: undefined,
      expiredTokenFile: TOKEN_FILE,
      revokedTokenFile: TOKEN_FILE,
      disabledTokenFile: TOKEN_FILE,
      foreignTenantId: 'conformance-foreign-tenant',
    },
  },
  // As on a real deployment with a rotation hook: the command rotates and prints a new token.
  {
    name: 'rotation command',
    faults: [],
    projects: ['destructive'],
    settings: {
      referenceAdminUrl: undefined,
      rotateKeyCommand: ROTATE_COMMAND,
      restartCommand: RESTART_COMMAND,
    },
  },
  // The same without the EXTO_NEW_TOKEN line: the JSON reply must not be taken as a token.
  {
    name: 'rotation command without new token',
    faults: [],
    projects: ['destructive'],
    settings: { referenceAdminUrl: undefined, rotateKeyCommand: ROTATE_JSON_COMMAND },
  },
  // Both in one run: the tenant check fails, and the challenge checks only warn.
  {
    name: 'tenant-denied-401',
    faults: ['tenant-denied-401', 'bearer-challenge-missing'],
    projects: ['auth'],
    expectFailed: 'auth.tenant-access.forbidden',
  },
  {
    name: 'revoke-whole-tenant',
    faults: ['revoke-whole-tenant'],
    projects: ['auth'],
    expectFailed: 'auth.revocation.control-token',
  },
  {
    name: 'ephemeral-key',
    faults: ['ephemeral-key'],
    projects: ['destructive'],
    expectFailed: 'auth.restart.tokens-survive',
  },
  {
    name: 'rotation-ignored',
    faults: ['rotation-ignored'],
    projects: ['destructive'],
    expectFailed: 'auth.key-rotation.old-tokens-rejected',
  },
];

const run = pool(3);
const runs = new Map(
  CASES.map((entry) => [
    entry.name,
    run(() =>
      runPlaywright({
        projects: entry.projects,
        noDeps: true,
        tokens: 2,
        faults: entry.faults,
        settings: { allowDestructive: true, ...entry.settings },
        timeoutMs: 240_000,
      }),
    ),
  ]),
);

function describeRun(result: PlaywrightRun): string {
  const lines = result.checks.map(
    (check) => `${check.status} ${check.id}: ${check.message ?? check.reason ?? ''}`,
  );
  return lines.length > 0
    ? lines.join('\n')
    : `${result.stdout.slice(-2000)}\n${result.stderr.slice(-2000)}`;
}

for (const entry of CASES) {
  if (entry.expectFailed) {
    test(`fault ${entry.name} fails ${entry.expectFailed}`, async () => {
      const result = await runs.get(entry.name)!;
      const failed = checksWith(result, 'failed').map((check) => check.id);
      assert.ok(failed.includes(entry.expectFailed!), describeRun(result));
      assert.equal(result.exitCode, 1, describeRun(result));
    });
  } else {
    test(`${entry.name} passes`, async () => {
      const result = await runs.get(entry.name)!;
      assert.deepEqual(checksWith(result, 'failed', 'broken'), [], describeRun(result));
      assert.equal(result.exitCode, 0, describeRun(result));
      assert.ok(result.checks.length > 0, describeRun(result));
    });
  }
}

test('clean rotation reports old-token delay', async () => {
  const result = await runs.get('clean rotation')!;
  const rotation = result.checks.find(
    (check) => check.id === 'auth.key-rotation.old-tokens-rejected',
  );
  assert.equal(rotation?.status, 'passed', describeRun(result));
  assert.equal((rotation.data as { kind?: string }).kind, 'token-timing');
});

test('clean auth measures revocation delay', async () => {
  const result = await runs.get('clean auth')!;
  const delay = result.checks.find((check) => check.id === 'auth.revocation.delay');
  assert.equal(delay?.status, 'passed', describeRun(result));
  assert.equal((delay.data as { lastAcceptedMs: number | null }).lastAcceptedMs, null);
});

test('without capabilities skips with options', async () => {
  const result = await runs.get('without capabilities')!;
  assert.equal(result.exitCode, 0, describeRun(result));
  const skipped = new Map(
    checksWith(result, 'skipped').map((check) => [check.id, check.enableWith]),
  );
  assert.equal(skipped.get('auth.expired-token.rejected'), '--expired-token-file');
  assert.equal(skipped.get('auth.revoked-token.rejected'), '--revoked-token-file');
  assert.equal(skipped.get('auth.disabled-token.rejected'), '--disabled-token-file');
  assert.equal(
    skipped.get('auth.key-rotation.old-tokens-rejected'),
    '--allow-destructive --rotate-key-command',
  );
  assert.equal(skipped.get('auth.restart.tokens-survive'), '--allow-destructive --restart-command');
  assert.equal(skipped.get('auth.tenant-access.forbidden'), '--foreign-tenant-id');
});

test('login flow skips without credentials', async () => {
  const result = await runs.get('without capabilities')!;
  const login = result.checks.find((check) => check.id === 'auth.login.flow');
  assert.equal(login?.status, 'skipped', describeRun(result));
  assert.match(login.reason ?? '', /user name and password/);
});

test('clean auth passes the new checks', async () => {
  const result = await runs.get('clean auth')!;
  const passed = checksWith(result, 'passed').map((check) => check.id);
  for (const id of [
    'auth.challenge.missing-token',
    'auth.challenge.invalid-token',
    'auth.foreign-signature.rejected',
    'auth.tenant-access.forbidden',
    'auth.revocation.control-token',
    'auth.login.flow',
  ]) {
    assert.ok(passed.includes(id), `${id}\n${describeRun(result)}`);
  }
});

test('revocation polls several requests', async () => {
  const result = await runs.get('clean auth')!;
  const delay = result.checks.find((check) => check.id === 'auth.revocation.delay');
  const attempts = (delay?.data as { attempts: { statuses: number[] }[] } | undefined)?.attempts;
  assert.equal(attempts?.[0]?.statuses.length, 3, describeRun(result));
});

test('clean rotation keeps tokens on restart', async () => {
  const result = await runs.get('clean rotation')!;
  const restart = result.checks.find((check) => check.id === 'auth.restart.tokens-survive');
  assert.equal(restart?.status, 'passed', describeRun(result));
});

test('rotation command ends old tokens', async () => {
  const result = await runs.get('rotation command')!;
  const passed = checksWith(result, 'passed').map((check) => check.id);
  assert.ok(passed.includes('auth.key-rotation.old-tokens-rejected'), describeRun(result));
  assert.ok(passed.includes('auth.key-rotation.new-token-accepted'), describeRun(result));
  assert.ok(passed.includes('auth.restart.tokens-survive'), describeRun(result));
});

test('rotation JSON output is no token', async () => {
  const result = await runs.get('rotation command without new token')!;
  const newToken = result.checks.find(
    (check) => check.id === 'auth.key-rotation.new-token-accepted',
  );
  assert.equal(newToken?.status, 'skipped', describeRun(result));
  assert.match(newToken.enableWith ?? '', /EXTO_NEW_TOKEN=/);
  const oldTokens = result.checks.find(
    (check) => check.id === 'auth.key-rotation.old-tokens-rejected',
  );
  assert.equal(oldTokens?.status, 'passed', describeRun(result));
});

test('token files are checked', async () => {
  const result = await runs.get('token files')!;
  const passed = checksWith(result, 'passed').map((check) => check.id);
  assert.ok(passed.includes('auth.expired-token.rejected'), describeRun(result));
  assert.ok(passed.includes('auth.revoked-token.rejected'), describeRun(result));
  assert.ok(passed.includes('auth.disabled-token.rejected'), describeRun(result));
  assert.ok(passed.includes('auth.tenant-access.forbidden'), describeRun(result));
  assert.ok(passed.includes('auth.challenge.invalid-token'), describeRun(result));
});

test('missing challenge only warns', async () => {
  const result = await runs.get('tenant-denied-401')!;
  const warned = checksWith(result, 'warning').map((check) => check.id);
  assert.ok(warned.includes('auth.challenge.missing-token'), describeRun(result));
  assert.ok(warned.includes('auth.challenge.invalid-token'), describeRun(result));
});
