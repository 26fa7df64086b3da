import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Gate } from '../../scripts/report/gate.ts';
import { failedCheck, passedCheck, sampleResults } from '../report/fixtures.ts';
import { runCli } from './helpers.ts';

function runFolder(checks = [passedCheck, failedCheck]): string {
  const dir = mkdtempSync(join(tmpdir(), 'exto-report-cmd-'));
  writeFileSync(join(dir, 'results.json'), JSON.stringify(sampleResults(checks)));
  writeFileSync(
    join(dir, 'run-settings.json'),
    JSON.stringify({ baseUrl: 'http://127.0.0.1:1/data', tokenCount: 2, rateLimitPerSecond: 3 }),
  );
  return dir;
}

test('report rebuilds gate from results', async () => {
  const dir = runFolder();
  const result = await runCli(['report', dir, '--no-allure']);
  assert.equal(result.code, 1, result.stderr);
  assert.match(result.stdout, /^Verdict: FAIL/);
  const gate = JSON.parse(readFileSync(join(dir, 'gate.json'), 'utf8')) as Gate;
  assert.deepEqual(gate.failures, ['rate-limit.enforced']);
  assert.equal(gate.tokensUsed, 2);
  assert.ok(existsSync(join(dir, 'report.html')));
  assert.ok(existsSync(join(dir, 'summary.md')));
});

test('report of passing run exits 0', async () => {
  const dir = runFolder([passedCheck]);
  const result = await runCli(['report', dir, '--no-allure']);
  assert.equal(result.code, 0, result.stderr);
});

test('report without results exits 2', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'exto-report-cmd-'));
  const result = await runCli(['report', dir]);
  assert.equal(result.code, 2);
  assert.match(result.stderr, /results\.json not found\. Pass the folder of a run/);
});

test('report rebuilds a load chart', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'exto-report-cmd-'));
  const results = sampleResults([passedCheck]);
  results.data.push({
    kind: 'load',
    scenario: 'at-limit',
    rateLimitPerSecond: 3,
    perSecond: [{ t: 0, accepted: 3, rejected: 0 }],
    phases: [
      { name: 'at_limit', ratePerToken: 2.8, tokenCount: 1, startSeconds: 0, durationSeconds: 1 },
    ],
  });
  writeFileSync(join(dir, 'results.json'), JSON.stringify(results));
  writeFileSync(
    join(dir, 'run-settings.json'),
    JSON.stringify({ baseUrl: 'http://127.0.0.1:1/data', tokenCount: 1, rateLimitPerSecond: 3 }),
  );
  const result = await runCli(['report', dir, '--no-allure']);
  assert.equal(result.code, 0, result.stderr);
  const gate = JSON.parse(readFileSync(join(dir, 'gate.json'), 'utf8')) as Gate;
  assert.equal(gate.load?.[0]?.accepted, 3);
  assert.match(readFileSync(join(dir, 'report.html'), 'utf8'), /class="load-chart"/);
});
