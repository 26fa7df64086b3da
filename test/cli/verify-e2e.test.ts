/**
 * End-to-end runs of `verify` against the embedded reference server: the whole pipeline from
 * settings to gate. Each run takes about a minute on two cores.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, lstatSync, mkdtempSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import type { Gate } from '../../scripts/report/gate.ts';
import { cliPath, runCli, type CliOutput } from './helpers.ts';

const ADMIN_SECRET = 'e2e-known-admin-secret-4f1c';
const HEADER_SECRET = 'e2e-known-subscription-key-9b2d';
/** A JWT-shaped string: the reference server's tokens, wherever a suite minted them. */
const JWT = /eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/;
const RUN_TIMEOUT_MS = 8 * 60_000;

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return listFiles(path);
    return entry.isFile() ? [path] : [];
  });
}

describe('verify on the clean reference server', { timeout: RUN_TIMEOUT_MS }, () => {
  let cwd: string;
  let result: CliOutput;
  let latest: string;

  before(async () => {
    cwd = mkdtempSync(join(tmpdir(), 'exto-e2e-'));
    result = await runCli(
      ['verify', '--out', 'reports', '--extra-header', 'Ocp-Apim-Subscription-Key: ${E2E_HEADER}'],
      {
        cwd,
        env: { EXTO_ADMIN_SECRET: ADMIN_SECRET, E2E_HEADER: HEADER_SECRET },
        timeoutMs: RUN_TIMEOUT_MS,
      },
    );
    latest = join(cwd, 'reports', 'latest');
  });

  test('verdict is pass', () => {
    assert.ok(existsSync(join(latest, 'gate.json')), `no gate.json; stderr: ${result.stderr}`);
    const gate = JSON.parse(readFileSync(join(latest, 'gate.json'), 'utf8')) as Gate;
    assert.equal(
      gate.verdict,
      'pass',
      `failures: ${gate.failures.join(', ')}; ${gate.reasons.join(' ')}`,
    );
    assert.match(result.stdout, /^Verdict: PASS/);
  });

  test('exit code is 0', () => {
    assert.equal(result.code, 0, result.stderr);
  });

  test('every report file is present', () => {
    for (const name of [
      'results.json',
      'run-settings.json',
      'junit.xml',
      'report.html',
      'summary.md',
    ]) {
      assert.ok(
        existsSync(join(latest, name)) && statSync(join(latest, name)).size > 0,
        `${name} missing or empty`,
      );
    }
    assert.ok(readdirSync(join(latest, 'allure-results')).length > 0, 'allure-results is empty');
    assert.ok(existsSync(join(latest, 'allure-report', 'index.html')), 'no Allure HTML report');
    assert.ok(lstatSync(latest).isSymbolicLink() || lstatSync(latest).isDirectory());
  });

  test('no secret in any artifact', () => {
    const leaks: string[] = [];
    for (const file of listFiles(join(cwd, 'reports'))) {
      const text = readFileSync(file, 'latin1');
      if (text.includes(ADMIN_SECRET)) leaks.push(`${file}: admin secret`);
      if (text.includes(HEADER_SECRET)) leaks.push(`${file}: extra header value`);
      if (JWT.test(text)) leaks.push(`${file}: bearer token ${JWT.exec(text)![0].slice(0, 12)}...`);
    }
    assert.deepEqual(leaks, []);
  });

  test('no secret on the terminal', () => {
    const output = result.stdout + result.stderr;
    assert.ok(!output.includes(ADMIN_SECRET), 'admin secret printed');
    assert.ok(!output.includes(HEADER_SECRET), 'extra header value printed');
    assert.doesNotMatch(output, JWT);
  });
});

test('no-rate-limit fault fails the gate', { timeout: RUN_TIMEOUT_MS }, async () => {
  const cwd = mkdtempSync(join(tmpdir(), 'exto-e2e-'));
  const result = await runCli(
    ['verify', '--out', 'reports', '--reference-fault', 'no-rate-limit', '--tag', '@rate-limit'],
    { cwd, timeoutMs: RUN_TIMEOUT_MS },
  );
  assert.equal(result.code, 1, result.stderr);
  const gate = JSON.parse(
    readFileSync(join(cwd, 'reports', 'latest', 'gate.json'), 'utf8'),
  ) as Gate;
  assert.equal(gate.verdict, 'fail');
  assert.deepEqual(gate.target.referenceFaults, ['no-rate-limit']);
  assert.ok(
    gate.failures.some((id) => id.startsWith('rate-limit.')),
    `no rate-limit check among failures: ${gate.failures.join(', ') || gate.reasons.join(' ')}`,
  );
});

test('unknown fault exits 2', async () => {
  const cwd = mkdtempSync(join(tmpdir(), 'exto-e2e-'));
  const result = await runCli(['verify', '--reference-fault', 'no-such-fault'], { cwd });
  assert.equal(result.code, 2);
  assert.match(result.stderr, /Unknown fault profile "no-such-fault"\. Use one of: no-rate-limit/);
});

test('interrupted verify exits 130', { timeout: RUN_TIMEOUT_MS }, async () => {
  const cwd = mkdtempSync(join(tmpdir(), 'exto-e2e-'));
  const child = spawn(process.execPath, [cliPath, 'verify', '--out', 'reports'], {
    cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  const exited = new Promise<number | null>((resolveExit) => child.on('close', resolveExit));
  // Waits (at most a minute) until Playwright runs, then interrupts as Ctrl-C would.
  for (let i = 0; i < 240 && !findRunFile(cwd, 'progress.json'); i++) await sleep(250);
  child.kill('SIGINT');
  const killer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  const code = await exited;
  clearTimeout(killer);
  assert.equal(code, 130);
  assert.match(stdout, /^Verdict: FAIL/m);
  const gatePath = findRunFile(cwd, 'gate.json');
  assert.ok(gatePath, 'no gate.json after interruption');
  const gate = JSON.parse(readFileSync(gatePath, 'utf8')) as Gate;
  assert.ok(gate.reasons.some((reason) => /interrupted/.test(reason)));
});

function findRunFile(cwd: string, name: string): string | undefined {
  const root = join(cwd, 'reports');
  if (!existsSync(root)) return undefined;
  for (const run of readdirSync(root)) {
    const path = join(root, run, name);
    if (run !== 'latest' && existsSync(path)) return path;
  }
  return undefined;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolveSleep) => setTimeout(resolveSleep, ms));
}
