import assert from 'node:assert/strict';
import { test } from 'node:test';
import { brokenCheckId } from '../../scripts/report/results-reporter.ts';

test('repeated words are left out', () => {
  const id = brokenCheckId('rate-limit', [
    'rate-limit/rate-limit.spec.ts',
    'rate limit @rate-limit',
    'limit holds at 3/s @rate-limit',
  ]);
  assert.equal(id, 'broken.rate-limit.limit-holds-at-3-s');
});

test('file name is kept when new', () => {
  const id = brokenCheckId('auth', ['auth/token-lifecycle.spec.ts', 'revoked token fails']);
  assert.equal(id, 'broken.auth.token-lifecycle.revoked-token-fails');
});

test('long titles are cut', () => {
  const id = brokenCheckId('contract', ['a.spec.ts', 'word '.repeat(40)]);
  assert.ok(id.split('.').every((part) => part.length <= 48));
});

test('cut titles stay distinct', () => {
  const prefix = 'GET /api/v1/documents/download/all/{recordId} rejects';
  const invalid = brokenCheckId('contract', ['a.spec.ts', `${prefix} invalid parameters`]);
  const malformed = brokenCheckId('contract', ['a.spec.ts', `${prefix} malformed headers`]);
  assert.notEqual(invalid, malformed);
  assert.ok(invalid.split('.').every((part) => part.length <= 48));
});

test('short titles keep no hash', () => {
  const id = brokenCheckId('auth', ['a.spec.ts', 'expired token gets 401']);
  assert.equal(id, 'broken.auth.a.expired-token-gets-401');
});
