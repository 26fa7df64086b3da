import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import {
  DEFAULT_REQUESTS_PER_TEST,
  estimateSecondsLeft,
  formatProgress,
  startProgress,
} from '../../scripts/cli/progress.ts';

const paced = { project: 'contract', pacingPerSecond: 2.5, tokens: 2 };

test('counter sets requests per test', () => {
  // 10 tests took 80 requests: 8 each; 30 left are 240 requests at 5 per second.
  const seconds = estimateSecondsLeft({
    ...paced,
    testsDone: 10,
    testsTotal: 40,
    elapsedMs: 99_000,
    requestsDone: 80,
  });
  assert.equal(seconds, 48);
});

test('elapsed time stands in for the counter', () => {
  // 20 s at 5 per second is 100 requests over 10 tests: 30 tests left take 60 s.
  const seconds = estimateSecondsLeft({
    ...paced,
    testsDone: 10,
    testsTotal: 40,
    elapsedMs: 20_000,
  });
  assert.equal(seconds, 60);
});

test('default applies before the first test', () => {
  const seconds = estimateSecondsLeft({ ...paced, testsDone: 0, testsTotal: 10, elapsedMs: 0 });
  assert.equal(seconds, (10 * DEFAULT_REQUESTS_PER_TEST) / 5);
});

test('more tokens shorten the estimate', () => {
  const one = estimateSecondsLeft({
    ...paced,
    tokens: 1,
    testsDone: 0,
    testsTotal: 10,
    elapsedMs: 0,
  });
  const four = estimateSecondsLeft({
    ...paced,
    tokens: 4,
    testsDone: 0,
    testsTotal: 10,
    elapsedMs: 0,
  });
  assert.equal(one! / four!, 4);
});

test('unpaced suite extrapolates time per test', () => {
  const seconds = estimateSecondsLeft({
    ...paced,
    project: 'rate-limit',
    testsDone: 2,
    testsTotal: 6,
    elapsedMs: 30_000,
  });
  assert.equal(seconds, 60);
});

test('unpaced suite waits for a test', () => {
  const seconds = estimateSecondsLeft({
    ...paced,
    project: 'rate-limit',
    testsDone: 0,
    testsTotal: 6,
    elapsedMs: 5000,
  });
  assert.equal(seconds, undefined);
});

test('finished project has nothing left', () => {
  assert.equal(estimateSecondsLeft({ ...paced, testsDone: 5, testsTotal: 5, elapsedMs: 1 }), 0);
});

test('line names the rate budget', () => {
  const line = formatProgress(
    { project: 'contract', testsDone: 10, testsTotal: 40, checksDone: 55 },
    20_000,
    { pacingPerSecond: 2.5, tokens: 2 },
  );
  assert.equal(line, '[contract] 10/40 tests, 55 checks, about 1m00s left at 5 requests/s');
});

test('progress is quiet without a TTY', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'exto-progress-'));
  writeFileSync(
    join(dir, 'progress.json'),
    JSON.stringify({ project: 'contract', testsDone: 1, testsTotal: 2, checksDone: 1 }),
  );
  let written = '';
  const stream = {
    isTTY: false,
    columns: 80,
    write: (text: string) => ((written += text), true),
  } as unknown as NodeJS.WriteStream;
  const line = startProgress(dir, { pacingPerSecond: 2.8, tokens: 2, stream });
  await new Promise((resolve) => setTimeout(resolve, 700));
  line.stop();
  assert.equal(written, '');
});

test('progress writes a line on a TTY', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'exto-progress-'));
  writeFileSync(
    join(dir, 'progress.json'),
    JSON.stringify({ project: 'contract', testsDone: 0, testsTotal: 4, checksDone: 0 }),
  );
  let written = '';
  const stream = {
    isTTY: true,
    columns: 120,
    write: (text: string) => ((written += text), true),
  } as unknown as NodeJS.WriteStream;
  const line = startProgress(dir, { pacingPerSecond: 2, tokens: 1, stream });
  await new Promise((resolve) => setTimeout(resolve, 700));
  line.stop();
  assert.match(written, /\[contract\] 0\/4 tests, 0 checks, about 5s left at 2 requests\/s/);
});

test('progress uses the request counter', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'exto-progress-'));
  writeFileSync(
    join(dir, 'progress.json'),
    JSON.stringify({ project: 'contract', testsDone: 2, testsTotal: 4, checksDone: 2 }),
  );
  // 20 requests over 2 tests: the 2 tests left take 20 requests, 10 s at 2 per second.
  const counts = [100, 120];
  const requestCount = () => Promise.resolve(counts.length > 1 ? counts.shift() : counts[0]);
  let written = '';
  const stream = {
    isTTY: true,
    columns: 120,
    write: (text: string) => ((written += text), true),
  } as unknown as NodeJS.WriteStream;
  const line = startProgress(dir, { pacingPerSecond: 2, tokens: 1, requestCount, stream });
  // Ticks come every 500 ms; the counter needs two of them, and a busy machine may delay both.
  for (let i = 0; i < 20 && !/about 10s left/.test(written); i++) {
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  line.stop();
  assert.match(written, /\[contract\] 2\/4 tests, 2 checks, about 10s left at 2 requests\/s/);
});

test('line names a starting project', () => {
  const line = formatProgress(
    { project: 'rate-limit', testsDone: 0, testsTotal: 0, checksDone: 0 },
    0,
  );
  assert.equal(line, '[rate-limit] starting');
});
