import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
  MAX_PROBE_REQUESTS,
  pollWithBackoff,
  sendBackToBack,
  sendOnSchedule,
  timedSend,
} from '../../scripts/lib/probe.ts';

function counter(
  statuses: number[],
): () => Promise<{ status: number; headers: Record<string, string> }> {
  let index = 0;
  return async () => ({ status: statuses[Math.min(index++, statuses.length - 1)]!, headers: {} });
}

test('schedule sends every offset', async () => {
  const samples = await sendOnSchedule(counter([200, 200, 429]), [0, 5, 10]);
  assert.equal(samples.length, 3);
  assert.deepEqual(
    samples.map((sample) => sample.status),
    [200, 200, 429],
  );
  assert.ok(samples[1]!.tMs >= samples[0]!.tMs);
});

test('back-to-back stops at the count', async () => {
  const samples = await sendBackToBack(counter([200]), 7);
  assert.equal(samples.length, 7);
});

test('probe above the request cap throws', async () => {
  await assert.rejects(sendBackToBack(counter([200]), MAX_PROBE_REQUESTS + 1), /out of range/);
});

test('transport error becomes status 0', async () => {
  const sample = await timedSend(async () => {
    throw new Error('connect ECONNREFUSED 127.0.0.1:1');
  });
  assert.equal(sample.status, 0);
  assert.match(sample.error ?? '', /ECONNREFUSED/);
});

test('error responses keep their body', async () => {
  const sample = await timedSend(async () => ({
    status: 401,
    headers: {},
    text: '{"code":401}',
    json: { code: 401 },
  }));
  assert.deepEqual(sample.body, { code: 401 });
  assert.equal(sample.text, '{"code":401}');
});

test('poll stops when the condition holds', async () => {
  const result = await pollWithBackoff(counter([200, 200, 401]), (r) => r.status === 401, {
    maxMs: 5_000,
    firstDelayMs: 1,
  });
  assert.equal(result.met?.status, 401);
  assert.equal(result.attempts.length, 3);
});

test('poll gives up after its time', async () => {
  const result = await pollWithBackoff(counter([200]), (r) => r.status === 401, {
    maxMs: 30,
    firstDelayMs: 5,
  });
  assert.equal(result.met, undefined);
  assert.ok(result.attempts.length >= 1);
});

test('poll longer than the cap throws', async () => {
  await assert.rejects(
    pollWithBackoff(counter([200]), () => true, { maxMs: 10_000_000 }),
    /out of range/,
  );
});
