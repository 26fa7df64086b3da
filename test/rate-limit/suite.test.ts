/**
 * Runs the rate-limit suite against the reference server with each limiter algorithm, at limits 3
 * and 5, and against the rate-limit fault profiles. Each run takes about 35 s of wall time, so the
 * runs share a pool of three concurrent servers.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';

import type { RateLimitAlgorithm } from '../../reference/options.ts';
import { checksWith, runPlaywright, type PlaywrightRun } from '../suites/run-playwright.ts';
import { pool } from './pool.ts';

interface Case {
  name: string;
  algorithm: RateLimitAlgorithm;
  perSecond: number;
  fault?: 'no-rate-limit' | 'rate-limit-6' | 'rate-limit-per-forwarded-for';
}

const CLEAN: Case[] = (['fixed-window', 'sliding-window', 'token-bucket'] as const).flatMap(
  (algorithm) =>
    [3, 5].map((perSecond) => ({ name: `${algorithm} at ${perSecond}`, algorithm, perSecond })),
);
const FAULTS: (Case & { expectFailed: string })[] = [
  {
    name: 'no-rate-limit',
    algorithm: 'fixed-window',
    perSecond: 3,
    fault: 'no-rate-limit',
    expectFailed: 'rate-limit.enforced',
  },
  {
    name: 'rate-limit-6',
    algorithm: 'fixed-window',
    perSecond: 3,
    fault: 'rate-limit-6',
    expectFailed: 'rate-limit.beyond.accepted-throughput',
  },
  {
    name: 'rate-limit-per-forwarded-for',
    algorithm: 'sliding-window',
    perSecond: 3,
    fault: 'rate-limit-per-forwarded-for',
    expectFailed: 'rate-limit.forwarded-for.no-reset',
  },
];

/** As on a real deployment: no admin interface, so the probes share the last configured token. */
const SHARED: Case = { name: 'shared token', algorithm: 'sliding-window', perSecond: 3 };

const run = pool(3);
const runs = new Map<string, Promise<PlaywrightRun>>();
for (const entry of [...FAULTS, SHARED, ...CLEAN]) {
  runs.set(
    entry.name,
    run(() =>
      runPlaywright({
        projects: ['rate-limit'],
        noDeps: true,
        tokens: 2,
        faults: entry.fault ? [entry.fault] : [],
        rateLimit: { algorithm: entry.algorithm, perSecond: entry.perSecond },
        settings: {
          rateLimitPerSecond: entry.perSecond,
          ...(entry === SHARED ? { referenceAdminUrl: undefined } : {}),
        },
        timeoutMs: 240_000,
      }),
    ),
  );
}

function describeRun(result: PlaywrightRun): string {
  const lines = result.checks.map(
    (check) => `${check.status} ${check.id}: ${check.message ?? check.reason ?? ''}`,
  );
  return lines.length > 0
    ? lines.join('\n')
    : `${result.stdout.slice(-2000)}\n${result.stderr.slice(-2000)}`;
}

for (const entry of CLEAN) {
  test(`clean ${entry.name} passes`, async () => {
    const result = await runs.get(entry.name)!;
    assert.deepEqual(checksWith(result, 'failed', 'broken'), [], describeRun(result));
    assert.equal(result.exitCode, 0, describeRun(result));
  });

  test(`clean ${entry.name} ignores X-Forwarded-For`, async () => {
    const result = await runs.get(entry.name)!;
    const spoof = result.checks.find((check) => check.id === 'rate-limit.forwarded-for.no-reset');
    assert.equal(spoof?.status, 'passed', describeRun(result));
  });

  test(`clean ${entry.name} measures its limit`, async () => {
    const result = await runs.get(entry.name)!;
    const measured = result.checks.find((check) => check.id === 'rate-limit.measured-limit');
    assert.equal(measured?.status, 'passed', describeRun(result));
    const estimate = (measured.data as { estimate: { perSecond: number; algorithms: string[] } })
      .estimate;
    assert.ok(
      Math.abs(estimate.perSecond - entry.perSecond) / entry.perSecond <= 0.05,
      `estimate ${estimate.perSecond}`,
    );
    assert.ok(
      estimate.algorithms.includes(entry.algorithm),
      `best fit ${estimate.algorithms.join(', ')}`,
    );
  });
}

for (const entry of FAULTS) {
  test(`fault ${entry.name} fails ${entry.expectFailed}`, async () => {
    const result = await runs.get(entry.name)!;
    const failed = checksWith(result, 'failed').map((check) => check.id);
    assert.ok(failed.includes(entry.expectFailed), describeRun(result));
    assert.equal(result.exitCode, 1);
  });
}

test('shared token passes and measures', async () => {
  const result = await runs.get(SHARED.name)!;
  assert.deepEqual(checksWith(result, 'failed', 'broken'), [], describeRun(result));
  const measured = result.checks.find((check) => check.id === 'rate-limit.measured-limit');
  const estimate = (measured?.data as { estimate?: { perSecond: number } } | undefined)?.estimate;
  assert.equal(estimate?.perSecond, SHARED.perSecond, describeRun(result));
  const isolation = result.checks.find((check) => check.id === 'rate-limit.isolation');
  assert.equal(isolation?.status, 'passed', describeRun(result));
});
