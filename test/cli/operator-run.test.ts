/**
 * `verify` against a deployment (the reference server started here, reached by --base-url):
 * destructive checks are reported as skipped with the option that enables them, and the operator's
 * commands stay out of the run folder.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Gate } from '../../scripts/report/gate.ts';
import { startReferenceTarget, type ReferenceTarget } from '../../scripts/lib/reference-target.ts';
import { runCli, type CliOutput } from './helpers.ts';

const RUN_TIMEOUT_MS = 4 * 60_000;
/** Stands for a credential inside the operator's command, which must not reach any file. */
const COMMAND_MARKER = 'cmd-credential-5e1f';

let reference: ReferenceTarget;
let cwd: string;
let result: CliOutput;

before(
  async () => {
    reference = await startReferenceTarget({ faults: [], workers: 1 });
    cwd = mkdtempSync(join(tmpdir(), 'exto-operator-'));
    result = await runCli(
      [
        'verify',
        '--base-url',
        reference.baseUrl,
        '--out',
        'reports',
        '--grep',
        'restart keeps tokens working|health',
        '--rotate-key-command',
        `echo ${COMMAND_MARKER}`,
        '--restart-command',
        `echo ${COMMAND_MARKER}`,
      ],
      { cwd, env: { EXTO_TOKENS: reference.tokens.join('\n') }, timeoutMs: RUN_TIMEOUT_MS },
    );
  },
  { timeout: RUN_TIMEOUT_MS + 30_000 },
);

after(async () => {
  await reference?.close();
  if (cwd) rmSync(cwd, { recursive: true, force: true });
});

function runFile(name: string): string {
  return readFileSync(join(cwd, 'reports', 'latest', name), 'utf8');
}

test('operator run exits 0', () => {
  assert.equal(result.code, 0, result.stdout + result.stderr);
});

test('restart check is reported skipped', () => {
  const gate = JSON.parse(runFile('gate.json')) as Gate;
  const check = gate.checks.find((c) => c.id === 'auth.restart.tokens-survive');
  assert.equal(check?.status, 'skipped');
});

test('skip names the enabling option', () => {
  const gate = JSON.parse(runFile('gate.json')) as Gate;
  const check = gate.checks.find((c) => c.id === 'auth.restart.tokens-survive');
  assert.match(check?.enableWith ?? '', /--allow-destructive/);
});

test('run settings omit the commands', () => {
  assert.doesNotMatch(runFile('run-settings.json'), new RegExp(COMMAND_MARKER));
});

test('no run file holds the commands', () => {
  const dir = join(cwd, 'reports', 'latest');
  const leaks = readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
    .filter((path) => readFileSync(path, 'utf8').includes(COMMAND_MARKER));
  assert.deepEqual(leaks, []);
});
