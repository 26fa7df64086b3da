import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startReferenceServer } from '../../reference/index.ts';

test('protected operations get 429 past the limit', async () => {
  const server = await startReferenceServer({
    rateLimit: { perSecond: 3, algorithm: 'fixed-window' },
    logLevel: 'silent',
  });
  try {
    const minted = await fetch(`${server.adminUrl}/tokens`, {
      method: 'POST',
      headers: { 'X-Admin-Secret': server.adminSecret, 'Content-Type': 'application/json' },
      body: '{}',
    });
    const { token } = (await minted.json()) as { token: string };
    const headers = { Authorization: `Bearer ${token}` };
    // Ten requests at once: a fixed window of 3 per second cannot admit them all.
    const responses = await Promise.all(
      Array.from({ length: 10 }, () => fetch(`${server.baseUrl}/api/v1/build/info`, { headers })),
    );
    const limited = responses.filter((r) => r.status === 429);
    const served = responses.filter((r) => r.status === 200);
    assert.ok(limited.length > 0, 'no 429');
    assert.ok(served.length > 0, 'no 200');
    assert.equal(served[0]!.headers.get('x-ratelimit-limit'), '3');
    const rejected = limited[0]!;
    assert.match(rejected.headers.get('retry-after') ?? '', /^\d+$/);
    assert.equal(rejected.headers.get('x-ratelimit-remaining'), '0');
    const body = (await rejected.json()) as {
      code: number;
      path: string;
      error: { detail: string[] };
    };
    assert.equal(body.code, 429);
    assert.equal(body.path, '/api/v1/build/info');
    assert.equal(body.error.detail.length, 1);

    // Health probes are public and never counted.
    const probes = await Promise.all(
      Array.from({ length: 10 }, () =>
        fetch(`${server.baseUrl}/api/v1/health/readiness`, { headers }),
      ),
    );
    assert.deepEqual(new Set(probes.map((r) => r.status)), new Set([200]));
  } finally {
    await server.close();
  }
});
