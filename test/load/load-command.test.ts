import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';

const cli = new URL('../../scripts/bin/exto-conformance.mjs', import.meta.url).pathname;
const outRoot = mkdtempSync(join(tmpdir(), 'exto-load-cli-'));
after(() => rmSync(outRoot, { recursive: true, force: true }));

function runCli(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [cli, ...args], {
    env: { ...process.env, K6_BIN: '', EXTO_TOKENS: '', ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

test('missing k6 exits 2 with hint', () => {
  const result = runCli(['load', '--scenario', 'smoke', '--out', outRoot], {
    K6_BIN: join(outRoot, 'no-k6'),
  });
  assert.equal(result.code, 2);
  assert.match(result.stderr, /k6 not found: K6_BIN=.* is not an executable file/);
  assert.match(result.stderr, /set K6_BIN/);
});

test('unknown scenario exits 2', () => {
  const result = runCli(['load', '--scenario', 'flood']);
  assert.equal(result.code, 2);
  assert.match(result.stderr, /scenario/);
});

test('distributed writes manifests', () => {
  const result = runCli([
    'load',
    '--scenario',
    'multi-token',
    '--token-count',
    '3',
    '--distributed',
    '2',
    '--base-url',
    'https://exto.example.com/data',
    '--out',
    outRoot,
  ]);
  assert.equal(result.code, 0, result.stderr);
  const run = readdirSync(outRoot).find((name) => existsSync(join(outRoot, name, 'load', 'k8s')));
  assert.ok(run, 'no run folder with load/k8s');
  const yaml = readFileSync(join(outRoot, run, 'load', 'k8s', 'multi-token.yaml'), 'utf8');
  assert.match(yaml, /kind: TestRun/);
  assert.match(yaml, /parallelism: 2/);
  assert.match(result.stdout, /kubectl apply -f/);
});

test('distributed needs a base URL', () => {
  const result = runCli(['load', '--scenario', 'smoke', '--distributed', '2', '--out', outRoot]);
  assert.equal(result.code, 2);
  assert.match(result.stderr, /--distributed needs --base-url/);
});
