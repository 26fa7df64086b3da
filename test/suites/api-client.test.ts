import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';

import { request, type APIRequestContext } from '@playwright/test';

import { Redactor } from '../../scripts/core/redact.ts';
import { ApiClient, type ThrottleEvent } from '../../suites/support/api.ts';
import { Pacer } from '../../suites/support/pacer.ts';

const TOKEN = 'valid-token-1234567890';

let server: Server;
let baseUrl: string;
let context: APIRequestContext;
const seen: IncomingHttpHeaders[] = [];
/** Number of 429 responses the server sends before it sends 200. */
let throttleNext = 0;

before(async () => {
  server = createServer((req, res) => {
    seen.push(req.headers);
    if (throttleNext > 0) {
      throttleNext -= 1;
      res.writeHead(429, { 'Retry-After': '0', 'Content-Type': 'application/json' });
      res.end('{"code":429}');
      return;
    }
    res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8' });
    res.end(JSON.stringify({ ok: true }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/data`;
  context = await request.newContext();
});

after(async () => {
  await context.dispose();
  await new Promise((resolve) => server.close(resolve));
});

function client(events: ThrottleEvent[] = []): ApiClient {
  return new ApiClient({
    context,
    baseUrl,
    pacer: new Pacer({ perSecond: 1000 }),
    redactor: new Redactor([TOKEN]),
    token: TOKEN,
    extraHeaders: { 'X-Gateway-Key': 'gateway-secret', Authorization: 'Bearer leaked-extra' },
    onThrottled: async (event) => void events.push(event),
  });
}

test('no-token request sends no Authorization', async () => {
  seen.length = 0;
  await client().get('/api/v1/health/liveness', undefined, 'none');
  assert.equal(seen[0]!.authorization, undefined);
});

test('no-token request keeps extra headers', async () => {
  seen.length = 0;
  await client().get('/api/v1/health/liveness', undefined, 'none');
  assert.equal(seen[0]!['x-gateway-key'], 'gateway-secret');
});

test('token request sends the bearer token', async () => {
  seen.length = 0;
  await client().get('/api/v1/build/info');
  assert.equal(seen[0]!.authorization, `Bearer ${TOKEN}`);
});

test('raw header is sent unchanged', async () => {
  seen.length = 0;
  await client().get('/api/v1/build/info', undefined, { header: 'bearer  x' });
  assert.equal(seen[0]!.authorization, 'bearer  x');
});

test('curl line masks the token', async () => {
  const response = await client().get('/api/v1/build/info');
  assert.ok(!response.curl.includes(TOKEN), response.curl);
});

test('throttled request is retried once', async () => {
  seen.length = 0;
  throttleNext = 1;
  const events: ThrottleEvent[] = [];
  const response = await client(events).get('/api/v1/build/info');
  assert.equal(response.status, 200);
  assert.equal(seen.length, 2);
  assert.equal(events.length, 1);
});

test('second 429 is returned, not retried', async () => {
  seen.length = 0;
  throttleNext = 2;
  const response = await client().get('/api/v1/build/info');
  assert.equal(response.status, 429);
  assert.equal(seen.length, 2);
});

test('JSON body is parsed with charset', async () => {
  const response = await client().get('/api/v1/health/liveness');
  assert.deepEqual(response.json, { ok: true });
  assert.equal(response.mediaType, 'application/json');
});
