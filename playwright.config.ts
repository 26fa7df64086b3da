/**
 * Playwright Test configuration for API conformance suites (no browser). The CLI writes
 * run-settings.json and passes its path in EXTO_RUN_SETTINGS; without it, reports go to
 * reports/adhoc and one worker runs, which is enough for `playwright test --list`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

import { defineConfig, type ReporterDescription } from '@playwright/test';

import { ENV_RUN_SETTINGS, type RunSettings } from './scripts/core/run-settings.ts';

function readSettings(): Partial<RunSettings> {
  const path = process.env[ENV_RUN_SETTINGS];
  if (!path) return {};
  return JSON.parse(readFileSync(path, 'utf8')) as RunSettings;
}

const settings = readSettings();
const outDir = settings.outDir ?? resolve('reports', 'adhoc');
// One worker per token: each worker paces its own token, so workers never share a budget.
const workers = Math.max(1, settings.tokenCount ?? 1);
const pacingPerSecond = settings.pacingPerSecond ?? 2.8;

const reporters: ReporterDescription[] = [
  [process.stdout.isTTY ? 'line' : 'list'],
  ['junit', { outputFile: join(outDir, 'junit.xml') }],
  ['allure-playwright', { resultsDir: join(outDir, 'allure-results'), detail: false }],
];
const resultsReporter = resolve('scripts/report/results-reporter.ts');
if (existsSync(resultsReporter)) reporters.push([resultsReporter, { outDir }]);
// The JSON reporter is what the project's own tests read checks from.
if (process.env.EXTO_PLAYWRIGHT_JSON) {
  reporters.push(['json', { outputFile: process.env.EXTO_PLAYWRIGHT_JSON }]);
}

export default defineConfig({
  testDir: 'suites',
  outputDir: join(outDir, 'test-results'),
  forbidOnly: true,
  retries: 0,
  workers,
  reporter: reporters,
  // Each request waits for its pacing slot, so a test of 20 requests takes about 20 / rate seconds.
  timeout: Math.ceil((60 / pacingPerSecond) * 1000) + 30_000,
  globalTimeout: 60 * 60 * 1000,
  expect: { timeout: 10_000 },
  use: { trace: 'off' },
  projects: [
    { name: 'contract', testDir: 'suites/contract', fullyParallel: true },
    { name: 'auth', testDir: 'suites/auth', dependencies: ['contract'], fullyParallel: true },
    {
      name: 'rate-limit',
      testDir: 'suites/rate-limit',
      dependencies: ['auth'],
      fullyParallel: false,
    },
    {
      name: 'destructive',
      testDir: 'suites/destructive',
      dependencies: ['rate-limit'],
      fullyParallel: false,
    },
  ],
});
