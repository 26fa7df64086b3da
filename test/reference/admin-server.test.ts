import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { decodeJwt } from 'jose';

import { startReferenceServer, type RunningReferenceServer } from '../../reference/index.ts';

// The admin interface, the token lifecycle and the rate limit, through the assembled reference
// server: what the conformance suite receives on the wire.

const BUILD_INFO = '/api/v1/build/info';

interface Reply {
  status: number;
  headers: Headers;
  text: string;
}

async function admin(
  server: RunningReferenceServer,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: Record<string, string> }> {
  const response = await fetch(`${server.adminUrl}${path}`, {
    method,
    headers: { 'X-Admin-Secret': server.adminSecret, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, string> };
}

/** Mints a token in its own tenant, so tests never meet the limit of 5 keys per tenant. */
async function mint(
  server: RunningReferenceServer,
  fields: Record<string, unknown> = {},
): Promise<{ token: string; keyId: string }> {
  const tenantId = `tenant-${Math.random().toString(36).slice(2)}`;
  const minted = await admin(server, 'POST', '/tokens', { tenantId, ...fields });
  assert.equal(minted.status, 201);
  return { token: minted.body.token ?? '', keyId: minted.body.keyId ?? '' };
}

async function get(server: RunningReferenceServer, authorization?: string): Promise<Reply> {
  const headers: Record<string, string> = authorization === undefined ? {} : { authorization };
  const response = await fetch(`${server.baseUrl}${BUILD_INFO}`, { headers });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

/**
 * Sends a request with the given header lines over a plain socket, because fetch merges repeated
 * headers into one, and returns the status line's code.
 */
function getWithHeaderLines(server: RunningReferenceServer, lines: string[]): Promise<number> {
  const { hostname, port } = new URL(server.baseUrl);
  const head = [
    `GET /data${BUILD_INFO} HTTP/1.1`,
    `Host: ${hostname}`,
    'Connection: close',
    ...lines,
  ];
  return new Promise((resolve, reject) => {
    let received = '';
    const socket = connect(Number(port), hostname, () =>
      socket.end(`${head.join('\r\n')}\r\n\r\n`),
    );
    socket.on('data', (chunk) => (received += String(chunk)));
    socket.on('error', reject);
    socket.on('close', () => resolve(Number(/^HTTP\/1\.1 (\d{3})/.exec(received)?.[1] ?? 0)));
  });
}

describe('clean server', () => {
  let server: RunningReferenceServer;

  before(async () => {
    server = await startReferenceServer();
  });

  after(async () => {
    await server.close();
  });

  test('admin needs its secret', async () => {
    const response = await fetch(`${server.adminUrl}/tokens`);
    assert.equal(response.status, 401);
    const body = (await response.json()) as { code: number };
    assert.equal(body.code, 401);
  });

  test('minted token reaches the Data API', async () => {
    const { token } = await mint(server);
    const reply = await get(server, `Bearer ${token}`);
    assert.equal(reply.status, 200);
    assert.equal(reply.headers.get('x-ratelimit-limit'), '3');
  });

  test('missing header gets bare challenge', async () => {
    const reply = await get(server);
    assert.equal(reply.status, 401);
    assert.equal(reply.headers.get('www-authenticate'), 'Bearer');
    const body = JSON.parse(reply.text) as { error: { detail: string[] } };
    assert.match(body.error.detail[0] ?? '', /Authorization header is missing/);
  });

  test('rejected tokens get invalid_token', async () => {
    const expired = await mint(server, { issuedAt: '2026-01-01T00:00:00Z', lifetimeSeconds: 1 });
    const revoked = await mint(server);
    const disabled = await mint(server);
    assert.equal((await admin(server, 'POST', `/tokens/${revoked.keyId}/revoke`)).status, 200);
    assert.equal((await admin(server, 'POST', `/tokens/${disabled.keyId}/disable`)).status, 200);
    const cases: [string, string][] = [
      [expired.token, 'expired at 2026-01-01T00:00:01.000Z'],
      [revoked.token, 'revoked'],
      [disabled.token, 'disabled'],
    ];
    for (const [token, detail] of cases) {
      const reply = await get(server, `Bearer ${token}`);
      assert.equal(reply.status, 401, detail);
      assert.equal(reply.headers.get('www-authenticate'), 'Bearer error="invalid_token"', detail);
      assert.ok(reply.text.includes(detail), detail);
      assert.equal(reply.text.includes(token), false, detail);
    }
  });

  test('header variants never get 5xx', async () => {
    const accepted = ['bearer', 'BEARER', 'Bearer '];
    for (const scheme of accepted) {
      const { token } = await mint(server);
      assert.equal((await get(server, `${scheme} ${token}`)).status, 200, scheme);
    }
    const { token } = await mint(server);
    const rejected = ['Bearer', 'Bearer None', token, 'Basic dXNlcjpwYXNz', `Bearer ${token} x`];
    for (const header of rejected) {
      const reply = await get(server, header);
      assert.equal(reply.status, 401, header.slice(0, 20));
      assert.equal(reply.headers.get('www-authenticate'), 'Bearer error="invalid_token"');
    }
  });

  test('repeated Authorization gets 401', async () => {
    const { token } = await mint(server);
    const status = await getWithHeaderLines(server, [
      `Authorization: Bearer ${token}`,
      `Authorization: Bearer ${token}`,
    ]);
    assert.equal(status, 401);
  });

  test('rotation kills old tokens at once', async () => {
    const old = await mint(server);
    assert.equal((await get(server, `Bearer ${old.token}`)).status, 200);
    assert.equal((await admin(server, 'POST', '/rotate-key')).status, 200);
    const reply = await get(server, `Bearer ${old.token}`);
    assert.equal(reply.status, 401);
    assert.equal(reply.headers.get('www-authenticate'), 'Bearer error="invalid_token"');
    const fresh = await mint(server);
    assert.equal((await get(server, `Bearer ${fresh.token}`)).status, 200);
  });

  test('fourth request gets 429', async () => {
    const { token } = await mint(server);
    // Sent together, so all four arrive well inside one second even on a loaded machine.
    const replies = await Promise.all([1, 2, 3, 4].map(() => get(server, `Bearer ${token}`)));
    const statuses = replies.map((reply) => reply.status).sort();
    assert.deepEqual(statuses, [200, 200, 200, 429]);
    const limited = replies.find((reply) => reply.status === 429);
    assert.equal(limited?.headers.get('retry-after'), '1');
    const body = JSON.parse(limited?.text ?? '{}') as { code: number };
    assert.equal(body.code, 429);

    await sleep(1000);
    assert.equal((await get(server, `Bearer ${token}`)).status, 200);
  });

  test('stats count Data API requests', async () => {
    const before = await admin(server, 'GET', '/stats');
    await get(server);
    const after = (await admin(server, 'GET', '/stats')).body as unknown as {
      requests: number;
      byStatus: Record<string, number>;
    };
    const earlier = before.body as unknown as {
      requests: number;
      byStatus: Record<string, number>;
    };
    assert.equal(after.requests, earlier.requests + 1);
    assert.equal(after.byStatus['401'], (earlier.byStatus['401'] ?? 0) + 1);
  });

  test('default token fits seeded tenant', async () => {
    const minted = await admin(server, 'POST', '/tokens', {});
    assert.equal(minted.status, 201);
    const response = await fetch(
      `${server.baseUrl}/api/v1/master-record/LOCATION?page=1&pageSize=1`,
      {
        headers: { Authorization: `Bearer ${minted.body.token}`, 'x-tenant-id': 'cwWdTZK' },
      },
    );
    assert.equal(response.status, 200);
  });

  test('default lifetime is 180 days', async () => {
    const { token } = await mint(server);
    const claims = decodeJwt(token);
    assert.equal(Number(claims.exp) - Number(claims.iat), 15_552_000);
  });

  test('login flow works with seeded user', async () => {
    const origin = new URL(server.baseUrl).origin;
    const login = await fetch(`${origin}/rest/api/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: 'john@exto360.com', password: 'secure' }),
    });
    assert.equal(login.status, 200);
    const { id_token: idToken } = (await login.json()) as { id_token: string };
    const access = await fetch(`${origin}/rest/api/auth/access-token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${idToken}` },
      body: JSON.stringify({ tenantId: 'cwWdTZK' }),
    });
    assert.equal(access.status, 200);
    const { access_token: accessToken } = (await access.json()) as { access_token: string };
    assert.equal((await get(server, `Bearer ${accessToken}`)).status, 401);
  });
});

describe('server with token faults', () => {
  let server: RunningReferenceServer;

  before(async () => {
    server = await startReferenceServer({
      faults: [
        'no-rate-limit',
        'expired-token-accepted',
        'revoked-token-stale-60s',
        'rotation-ignored',
        'token-lifetime-365d',
      ],
    });
  });

  after(async () => {
    await server.close();
  });

  test('faults accept what they name', async () => {
    const expired = await mint(server, { issuedAt: '2026-01-01T00:00:00Z', lifetimeSeconds: 1 });
    assert.equal((await get(server, `Bearer ${expired.token}`)).status, 200);

    const revoked = await mint(server);
    await admin(server, 'POST', `/tokens/${revoked.keyId}/revoke`);
    assert.equal((await get(server, `Bearer ${revoked.token}`)).status, 200);

    const rotated = await mint(server);
    await admin(server, 'POST', '/rotate-key');
    assert.equal((await get(server, `Bearer ${rotated.token}`)).status, 200);
  });

  test('no-rate-limit never sends 429', async () => {
    const { token } = await mint(server);
    const replies = await Promise.all(
      Array.from({ length: 8 }, () => get(server, `Bearer ${token}`)),
    );
    assert.deepEqual(
      replies.map((reply) => reply.status),
      Array.from({ length: 8 }, () => 200),
    );
  });

  test('tokens live 365 days', async () => {
    const claims = decodeJwt((await mint(server)).token);
    assert.equal(Number(claims.exp) - Number(claims.iat), 365 * 86_400);
  });
});

describe('server with rate-limit-6', () => {
  test('seventh request gets 429', async () => {
    const server = await startReferenceServer({ faults: ['rate-limit-6'] });
    try {
      const { token } = await mint(server);
      const replies = await Promise.all(
        Array.from({ length: 7 }, () => get(server, `Bearer ${token}`)),
      );
      const statuses = replies.map((reply) => reply.status).sort();
      assert.deepEqual(statuses, [200, 200, 200, 200, 200, 200, 429]);
    } finally {
      await server.close();
    }
  });
});
