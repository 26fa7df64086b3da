import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import Database from 'better-sqlite3';
import { decodeJwt } from 'jose';

import { handleAdmin, type AdminStats } from '../../reference/admin/handler.ts';
import { createTokenService } from '../../reference/auth/tokens.ts';
import type { TokenService } from '../../reference/auth/types.ts';
import { createLogger } from '../../reference/log.ts';

const SECRET = 'admin-secret-for-tests';
const stats: AdminStats = { requests: 7, byStatus: { '200': 6, '429': 1 } };

// Response bodies are parsed JSON read field by field; each assertion checks the field it reads.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type JsonBody = any;

let server: Server;
let tokens: TokenService;
let base: string;

before(async () => {
  const logger = createLogger('silent');
  tokens = createTokenService(new Database(':memory:'), { faults: [], logger });
  server = createServer((req, res) => {
    void handleAdmin(req, res, { tokens, adminSecret: SECRET, stats: () => stats, logger });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/_admin`;
});

after(() => {
  server.close();
});

async function call(
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = { 'X-Admin-Secret': SECRET },
): Promise<{ status: number; headers: Headers; body: JsonBody }> {
  let requestBody: string | undefined;
  if (typeof body === 'string') requestBody = body;
  else if (body !== undefined) requestBody = JSON.stringify(body);
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { 'Content-Type': 'application/json', ...headers },
    body: requestBody,
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: text ? JSON.parse(text) : undefined,
  };
}

function assertErrorBody(body: JsonBody, status: number, path: string): void {
  assert.equal(body.code, status);
  assert.equal(body.path, path);
  assert.equal(typeof body.timestamp, 'string');
  assert.equal(Number.isNaN(Date.parse(body.timestamp)), false);
  assert.equal(typeof body.error.summary, 'string');
  assert.equal(Array.isArray(body.error.detail), true);
  assert.equal(typeof body.error.detail[0], 'string');
}

test('missing secret gets 401', async () => {
  const response = await call('GET', '/tokens', undefined, {});
  assert.equal(response.status, 401);
  assertErrorBody(response.body, 401, '/_admin/tokens');
});

test('wrong secret gets 401', async () => {
  for (const secret of ['wrong', `${SECRET}x`, SECRET.slice(0, -1)]) {
    const response = await call('GET', '/tokens', undefined, { 'X-Admin-Secret': secret });
    assert.equal(response.status, 401, secret.length.toString());
  }
});

test('secret is checked before routing', async () => {
  const response = await call('GET', '/nothing-here', undefined, {});
  assert.equal(response.status, 401);
});

test('mint returns 201 and a token', async () => {
  const response = await call('POST', '/tokens', { tenantId: 'mint', lifetimeSeconds: 600 });
  assert.equal(response.status, 201);
  assert.match(response.body.keyId, /^key_/);
  assert.equal(typeof response.body.token, 'string');
  const claims = decodeJwt(response.body.token);
  assert.equal(Number(claims.exp) - Number(claims.iat), 600);
  assert.equal(response.headers.get('cache-control'), 'no-store');
  const verified = await tokens.verify(`Bearer ${response.body.token}`, Date.now());
  assert.equal(verified.ok, true);
});

test('mint without body uses defaults', async () => {
  const response = await fetch(`${base}/tokens`, {
    method: 'POST',
    headers: { 'X-Admin-Secret': SECRET },
  });
  assert.equal(response.status, 201);
});

test('mint with past issuedAt is expired', async () => {
  const response = await call('POST', '/tokens', {
    tenantId: 'past',
    issuedAt: '2026-01-01T00:00:00Z',
    lifetimeSeconds: 2,
  });
  assert.equal(response.status, 201);
  assert.equal(response.body.expiresAt, '2026-01-01T00:00:02.000Z');
  const verified = await tokens.verify(`Bearer ${response.body.token}`, Date.now());
  assert.equal(verified.ok ? 'ok' : verified.reason, 'expired');
});

test('invalid mint body gets 400', async () => {
  const response = await call('POST', '/tokens', { lifetimeSeconds: 'long' });
  assert.equal(response.status, 400);
  assertErrorBody(response.body, 400, '/_admin/tokens');
  assert.match(response.body.error.detail[0], /lifetimeSeconds .* received "long"/);
});

test('malformed JSON gets 400', async () => {
  const response = await call('POST', '/tokens', '{"tenantId":');
  assert.equal(response.status, 400);
  assert.match(response.body.error.detail[0], /not valid JSON/);
});

test('oversized body gets 413', async () => {
  const response = await call('POST', '/tokens', JSON.stringify({ name: 'x'.repeat(70_000) }));
  assert.equal(response.status, 413);
});

test('sixth key gets 409', async () => {
  for (let i = 0; i < 5; i += 1) {
    assert.equal((await call('POST', '/tokens', { tenantId: 'limit' })).status, 201);
  }
  const response = await call('POST', '/tokens', { tenantId: 'limit' });
  assert.equal(response.status, 409);
  assertErrorBody(response.body, 409, '/_admin/tokens');
  assert.match(response.body.error.detail[0], /Tenant "limit" already has 5/);
});

test('concurrent mints respect the limit', async () => {
  const responses = await Promise.all(
    Array.from({ length: 10 }, () => call('POST', '/tokens', { tenantId: 'race' })),
  );
  const statuses = responses.map((response) => response.status).sort();
  assert.deepEqual(statuses, [201, 201, 201, 201, 201, 409, 409, 409, 409, 409]);
});

test('revoke, disable and enable', async () => {
  const { body: minted } = await call('POST', '/tokens', { tenantId: 'states' });
  const path = `/tokens/${minted.keyId}`;
  const disabled = await call('POST', `${path}/disable`);
  assert.deepEqual(disabled.body, { keyId: minted.keyId, state: 'disabled' });
  const enabled = await call('POST', `${path}/enable`);
  assert.deepEqual(enabled.body, { keyId: minted.keyId, state: 'enabled' });
  const revoked = await call('POST', `${path}/revoke`);
  assert.equal(revoked.status, 200);
  assert.deepEqual(revoked.body, { keyId: minted.keyId, state: 'revoked' });
  const verified = await tokens.verify(`Bearer ${minted.token}`, Date.now());
  assert.equal(verified.ok ? 'ok' : verified.reason, 'revoked');
});

test('enabling a revoked key gets 409', async () => {
  const { body: minted } = await call('POST', '/tokens', { tenantId: 'final' });
  await call('POST', `/tokens/${minted.keyId}/revoke`);
  const response = await call('POST', `/tokens/${minted.keyId}/enable`);
  assert.equal(response.status, 409);
});

test('unknown key gets 404', async () => {
  const response = await call('POST', '/tokens/key_nope/revoke');
  assert.equal(response.status, 404);
  assertErrorBody(response.body, 404, '/_admin/tokens/key_nope/revoke');
});

test('list shows keys without tokens', async () => {
  const { body: minted } = await call('POST', '/tokens', { tenantId: 'list', name: 'listed' });
  const response = await call('GET', '/tokens');
  assert.equal(response.status, 200);
  const entry = response.body.find((item: { keyId: string }) => item.keyId === minted.keyId);
  assert.equal(entry.name, 'listed');
  assert.equal(entry.state, 'enabled');
  assert.equal(entry.expiresAt, minted.expiresAt);
  assert.equal(JSON.stringify(response.body).includes(minted.token), false);
  assert.equal('token' in entry, false);
});

test('rotate-key invalidates earlier tokens', async () => {
  const { body: before } = await call('POST', '/tokens', { tenantId: 'rotate' });
  const response = await call('POST', '/rotate-key');
  assert.equal(response.status, 200);
  assert.equal(Number.isNaN(Date.parse(response.body.rotatedAt)), false);
  const old = await tokens.verify(`Bearer ${before.token}`, Date.now());
  assert.equal(old.ok ? 'ok' : old.reason, 'invalid-signature');
  const { body: fresh } = await call('POST', '/tokens', { tenantId: 'rotate' });
  assert.equal((await tokens.verify(`Bearer ${fresh.token}`, Date.now())).ok, true);
});

test('stats returns the counts', async () => {
  const response = await call('GET', '/stats');
  assert.equal(response.status, 200);
  assert.deepEqual(response.body, stats);
});

test('wrong method gets 405 with Allow', async () => {
  const response = await call('DELETE', '/tokens');
  assert.equal(response.status, 405);
  assert.equal(response.headers.get('allow'), 'GET, POST');
  const rotate = await call('GET', '/rotate-key');
  assert.equal(rotate.status, 405);
  assert.equal(rotate.headers.get('allow'), 'POST');
});

test('unknown admin path gets 404', async () => {
  const response = await call('GET', '/users');
  assert.equal(response.status, 404);
  assertErrorBody(response.body, 404, '/_admin/users');
});
