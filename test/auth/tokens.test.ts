import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
  base64UrlToText,
  checkLifetime,
  decodeJwtClaims,
  expiresSoon,
  formatDuration,
  MAX_LIFETIME_SECONDS,
  secondsUntilExpiry,
} from '../../scripts/core/tokens.ts';

function jwt(payload: Record<string, unknown>): string {
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${encode({ alg: 'HS256', typ: 'JWT' })}.${encode(payload)}.c2lnbmF0dXJl`;
}

test('180-day token passes', () => {
  const verdict = checkLifetime(decodeJwtClaims(jwt({ iat: 1700000000, exp: 1715552000 }))!);
  assert.deepEqual(verdict, { kind: 'ok', lifetimeSeconds: MAX_LIFETIME_SECONDS });
});

test('exp in milliseconds is too long', () => {
  const verdict = checkLifetime({ iat: 1700000000, exp: 1715552000000 });
  assert.equal(verdict.kind, 'too-long');
  assert.match(verdict.kind === 'too-long' ? verdict.message : '', /milliseconds/);
});

test('365-day token is too long', () => {
  const verdict = checkLifetime({ iat: 0, exp: 365 * 86_400 });
  assert.equal(verdict.kind, 'too-long');
  assert.match(verdict.kind === 'too-long' ? verdict.message : '', /365 d, longer than 180 d/);
});

test('token without exp is unreadable', () => {
  assert.equal(checkLifetime({ iat: 1700000000 }).kind, 'unreadable');
});

test('opaque key is not a JWT', () => {
  assert.equal(decodeJwtClaims('pat_3f9a8b7c6d5e4f'), undefined);
  assert.equal(decodeJwtClaims('a.b.c'), undefined);
});

test('exact expiry second counts as expired', () => {
  const claims = { exp: 1715552000 };
  assert.equal(secondsUntilExpiry(claims, 1715551999_000), 1);
  assert.equal(secondsUntilExpiry(claims, 1715552000_000), 0);
});

test('expiry within 14 days warns', () => {
  const now = Date.UTC(2026, 0, 1);
  assert.equal(expiresSoon({ exp: now / 1000 + 13 * 86_400 }, now), true);
  assert.equal(expiresSoon({ exp: now / 1000 + 15 * 86_400 }, now), false);
});

test('base64url decodes UTF-8 payloads', () => {
  const text = '{"name":"Zoë ✓ 😀"}';
  assert.equal(base64UrlToText(Buffer.from(text).toString('base64url')), text);
});

test('durations read in days and seconds', () => {
  assert.equal(formatDuration(15_552_000), '180 d');
  assert.equal(formatDuration(5), '5 s');
});
