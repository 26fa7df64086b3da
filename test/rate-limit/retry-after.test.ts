import assert from 'node:assert/strict';
import { test } from 'node:test';

import { parseHttpDate, parseRetryAfter } from '../../scripts/core/rate-limit/index.ts';

test('delay-seconds of 1 is valid', () => {
  assert.deepEqual(parseRetryAfter('1'), { valid: true, form: 'delay-seconds', seconds: 1 });
});

test('HTTP-date counts from the Date header', () => {
  const parsed = parseRetryAfter('Wed, 21 Oct 2015 07:28:00 GMT', 'Wed, 21 Oct 2015 07:27:59 GMT');
  assert.deepEqual(parsed, { valid: true, form: 'http-date', seconds: 1 });
});

test('HTTP-date ignores the runner clock', () => {
  // The runner is an hour ahead; the server's Date header still gives a one-second wait.
  const runnerNow = Date.UTC(2015, 9, 21, 8, 28, 0);
  const parsed = parseRetryAfter(
    'Wed, 21 Oct 2015 07:28:00 GMT',
    'Wed, 21 Oct 2015 07:27:59 GMT',
    runnerNow,
  );
  assert.equal(parsed.seconds, 1);
});

test('fraction is invalid and rounds up', () => {
  const parsed = parseRetryAfter('0.333');
  assert.equal(parsed.valid, false);
  assert.equal(parsed.seconds, 1);
});

test('zero is valid delay-seconds', () => {
  assert.deepEqual(parseRetryAfter('0'), { valid: true, form: 'delay-seconds', seconds: 0 });
});

test('missing value is invalid', () => {
  const parsed = parseRetryAfter(undefined);
  assert.equal(parsed.valid, false);
  assert.equal(parsed.valid === false && parsed.problem, 'Retry-After is missing');
});

test('garbage is invalid', () => {
  assert.equal(parseRetryAfter('soon').valid, false);
});

test('HTTP-date without Date header uses fallback', () => {
  const parsed = parseRetryAfter(
    'Wed, 21 Oct 2015 07:28:05 GMT',
    undefined,
    Date.UTC(2015, 9, 21, 7, 28, 0),
  );
  assert.equal(parsed.seconds, 5);
});

test('HTTP-date without any clock is invalid', () => {
  assert.equal(parseRetryAfter('Wed, 21 Oct 2015 07:28:05 GMT').valid, false);
});

test('obsolete HTTP-date forms parse', () => {
  const expected = Date.UTC(1994, 10, 6, 8, 49, 37);
  assert.equal(parseHttpDate('Sun, 06 Nov 1994 08:49:37 GMT'), expected);
  assert.equal(parseHttpDate('Sunday, 06-Nov-94 08:49:37 GMT'), expected);
  assert.equal(parseHttpDate('Sun Nov  6 08:49:37 1994'), expected);
});
