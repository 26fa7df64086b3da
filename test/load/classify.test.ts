import assert from 'node:assert/strict';
import { test } from 'node:test';

import { checkErrorBody, classifyStatus, parseJsonBody } from '../../scripts/core/load/classify.ts';

const body = {
  code: 429,
  timestamp: '2026-12-04T15:04:47.029Z',
  path: '/api/v1/build/info',
  error: { summary: 'Too Many Requests', detail: ['Rate limit exceeded'] },
};

test('statuses map to outcomes', () => {
  assert.equal(classifyStatus(200), 'accepted');
  assert.equal(classifyStatus(201), 'accepted');
  assert.equal(classifyStatus(429), 'rejected');
  assert.equal(classifyStatus(503), 'server-error');
  assert.equal(classifyStatus(401), 'client-error');
  assert.equal(classifyStatus(0), 'network-error');
});

test('error body passes when complete', () => {
  assert.deepEqual(checkErrorBody(429, body), { ok: true });
});

test('error body names the broken rule', () => {
  assert.match(checkErrorBody(503, body).problem!, /code is 429, not 503/);
  assert.match(checkErrorBody(429, { ...body, timestamp: '2026-12-04' }).problem!, /timestamp/);
  assert.match(
    checkErrorBody(429, { ...body, error: { summary: 'x', detail: 'y' } }).problem!,
    /error.detail/,
  );
  assert.match(checkErrorBody(429, '<html>').problem!, /not a JSON object/);
});

test('malformed JSON parses as undefined', () => {
  assert.equal(parseJsonBody('<html>'), undefined);
  assert.equal(parseJsonBody(''), undefined);
  assert.deepEqual(parseJsonBody('{"ok":true}'), { ok: true });
});
