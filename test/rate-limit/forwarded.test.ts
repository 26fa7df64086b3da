import assert from 'node:assert/strict';
import { test } from 'node:test';

import { judgeForwardedForSpoof } from '../../scripts/core/rate-limit/index.ts';

const policy = { limit: 3, windowMs: 1000 };
/** Twelve requests 20 ms apart, as a back-to-back probe sends them. */
const at = (statuses: number[]) => statuses.map((status, i) => ({ tMs: 1000 + i * 20, status }));

const times = (accepted: number) =>
  Array.from({ length: 12 }, (_, i) => (i < accepted ? 200 : 429));

test('one quota for all addresses holds', () => {
  assert.equal(judgeForwardedForSpoof(at(times(3)), policy).outcome, 'held');
});

test('a window edge inside holds', () => {
  const edge = [200, 200, 200, 429, 429, 200, 200, 200, 429, 429, 429, 429];
  assert.equal(judgeForwardedForSpoof(at(edge), policy).outcome, 'held');
});

test('a quota per address is a reset', () => {
  assert.equal(judgeForwardedForSpoof(at(times(12)), policy).outcome, 'reset');
});

test('seven accepted is a reset', () => {
  assert.equal(judgeForwardedForSpoof(at(times(7)), policy).outcome, 'reset');
});

test('reset reports the allowed maximum', () => {
  assert.equal(judgeForwardedForSpoof(at(times(12)), policy).maxAllowed, 6);
});

test('a slow probe is inconclusive', () => {
  const slow = times(12).map((status, i) => ({ tMs: i * 400, status }));
  assert.equal(judgeForwardedForSpoof(slow, policy).outcome, 'inconclusive');
});

test('a stricter limiter still holds', () => {
  assert.equal(judgeForwardedForSpoof(at(times(2)), policy).outcome, 'held');
});
