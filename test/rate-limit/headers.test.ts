import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
  checkHeaderConsistency,
  readRateLimitHeaders,
  type HeaderSample,
} from '../../scripts/core/rate-limit/index.ts';

const DOCUMENTED = { limit: 3, windowMs: 1000 };

function one(status: number, headers: Record<string, string>, tMs = 0): HeaderSample {
  return { tMs, status, headers };
}

test('epoch-second reset is flagged', () => {
  const result = checkHeaderConsistency(
    [one(429, { 'x-ratelimit-reset': '1372700873', date: 'Mon, 01 Jul 2013 17:27:06 GMT' })],
    DOCUMENTED,
  );
  assert.equal(result.findings.length, 1);
  assert.match(result.findings[0]!.message, /epoch seconds/);
});

test('delta-second reset of 1 passes', () => {
  const result = checkHeaderConsistency([one(200, { 'ratelimit-reset': '1' })], DOCUMENTED);
  assert.equal(result.present, true);
  assert.deepEqual(result.findings, []);
});

test('epoch-millisecond reset is flagged', () => {
  const result = checkHeaderConsistency(
    [one(200, { 'x-ratelimit-reset': '1562287945706' })],
    DOCUMENTED,
  );
  assert.match(result.findings[0]!.message, /epoch milliseconds/);
});

test('structured fields read quota and window', () => {
  const values = readRateLimitHeaders({
    'ratelimit-policy': '"default";q=3;w=1',
    ratelimit: '"default";r=0;t=1',
  });
  assert.deepEqual(values, {
    family: 'ratelimit-structured',
    limit: 3,
    remaining: 0,
    reset: 1,
    windowSeconds: 1,
  });
});

test('remaining counts down to the 429', () => {
  const samples = [
    one(200, { 'x-ratelimit-limit': '3', 'x-ratelimit-remaining': '2' }, 0),
    one(200, { 'x-ratelimit-limit': '3', 'x-ratelimit-remaining': '1' }, 60),
    one(200, { 'x-ratelimit-limit': '3', 'x-ratelimit-remaining': '0' }, 130),
    one(
      429,
      { 'x-ratelimit-limit': '3', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '1' },
      200,
    ),
  ];
  assert.deepEqual(checkHeaderConsistency(samples, DOCUMENTED).findings, []);
});

test('remaining above zero on 429 is flagged', () => {
  const result = checkHeaderConsistency([one(429, { 'x-ratelimit-remaining': '2' })], DOCUMENTED);
  assert.match(result.findings[0]!.message, /claims Remaining 2/);
});

test('429 right after promised capacity is flagged', () => {
  const samples = [one(200, { 'x-ratelimit-remaining': '2' }, 0), one(429, {}, 20)];
  const result = checkHeaderConsistency(samples, DOCUMENTED);
  assert.equal(result.findings.length, 1);
  assert.match(result.findings[0]!.message, /after a response with Remaining 2/);
});

test('remaining equal to the limit is flagged', () => {
  const result = checkHeaderConsistency(
    [one(200, { 'x-ratelimit-limit': '3', 'x-ratelimit-remaining': '3' })],
    DOCUMENTED,
  );
  assert.match(result.findings[0]!.message, /not below the limit/);
});

test('limit other than documented is flagged', () => {
  const result = checkHeaderConsistency([one(200, { 'x-ratelimit-limit': '6' })], DOCUMENTED);
  assert.match(result.findings[0]!.message, /documented limit is 3/);
});

test('no headers means not present', () => {
  assert.equal(checkHeaderConsistency([one(200, {})], DOCUMENTED).present, false);
});
