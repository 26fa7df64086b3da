/**
 * `verify --load`: k6 scenarios after the suites, in the same run folder and gate. The k6 run is
 * skipped unless K6_BIN names a k6 binary, because it adds about a minute.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import type { Gate } from '../../scripts/report/gate.ts';
import type { RunResults } from '../../scripts/report/results.ts';
import { runCli } from './helpers.ts';

const K6_BIN = process.env.K6_BIN;

function readRun(cwd: string): { gate: Gate; results: RunResults } {
  const latest = join(cwd, 'reports', 'latest');
  return {
    gate: JSON.parse(readFileSync(join(latest, 'gate.json'), 'utf8')) as Gate,
    results: JSON.parse(readFileSync(join(latest, 'results.json'), 'utf8')) as RunResults,
  };
}

describe('verify --load without k6', { timeout: 180_000 }, () => {
  let cwd: string;
  let code: number | null;

  test('run exits 0', async () => {
    cwd = mkdtempSync(join(tmpdir(), 'exto-verify-load-'));
    const result = await runCli(
      ['verify', '--out', 'reports', '--grep', 'health', '--load', 'at-limit'],
      { cwd, env: { K6_BIN: join(cwd, 'no-k6-here') }, timeoutMs: 170_000 },
    );
    code = result.code;
    assert.equal(code, 0, result.stderr);
  });

  test('load check is skipped with the hint', () => {
    const { gate } = readRun(cwd);
    const skipped = gate.skipped.find((s) => s.id === 'load.at-limit.run');
    assert.match(skipped?.reason ?? '', /k6 not found.*set K6_BIN/);
  });

  test('results.json keeps the load check', () => {
    const { results } = readRun(cwd);
    assert.ok(results.checks.some((c) => c.id === 'load.at-limit.run'));
  });
});

test('unknown load scenario exits 2', async () => {
  const cwd = mkdtempSync(join(tmpdir(), 'exto-verify-load-'));
  const result = await runCli(['verify', '--out', 'reports', '--load', 'beyond'], { cwd });
  assert.equal(result.code, 2);
});

describe(
  'verify --load with k6',
  { skip: !K6_BIN && 'K6_BIN is not set', timeout: 400_000 },
  () => {
    let cwd: string;

    test('run exits 0', async () => {
      cwd = mkdtempSync(join(tmpdir(), 'exto-verify-load-'));
      const result = await runCli(
        ['verify', '--out', 'reports', '--grep', 'health', '--load', 'beyond-limit'],
        { cwd, env: { K6_BIN: K6_BIN! }, timeoutMs: 390_000 },
      );
      assert.equal(result.code, 0, result.stderr);
    });

    test('gate holds suite and load checks', () => {
      const { gate } = readRun(cwd);
      assert.ok(gate.checks.some((c) => c.id.startsWith('contract.')));
      assert.ok(gate.checks.some((c) => c.id === 'load.beyond-limit.accepted-throughput'));
    });

    test('gate totals the scenario', () => {
      const { gate } = readRun(cwd);
      assert.equal(gate.load?.[0]?.scenario, 'beyond-limit');
    });

    test('report draws the throughput chart', () => {
      const html = readFileSync(join(cwd, 'reports', 'latest', 'report.html'), 'utf8');
      assert.match(html, /<svg[^>]+class="load-chart"/);
    });
  },
);
