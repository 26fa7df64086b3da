/**
 * The headers AuthTarget sends: the operator's extra headers on every request to the target, and
 * Authorization only as each check sets it.
 */
import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';

import { request, type APIRequestContext } from '@playwright/test';

import { Redactor } from '../../scripts/core/redact.ts';
import type { RunSettings } from '../../scripts/core/run-settings.ts';
import { AuthTarget } from '../../suites/auth/target.ts';

const GATEWAY_KEY = 'gateway-subscription-key-1234';
const TOKEN = 'worker-token-abcdef123456';

let server: Server;
let context: APIRequestContext;
let target: AuthTarget;
const seen: IncomingHttpHeaders[] = [];

before(async () => {
  server = createServer((req, res) => {
    seen.push(req.headers);
    req.resume();
    res.writeHead(200, { 'Content-Type': 'application/json', Date: new Date().toUTCString() });
    res.end('{}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/data`;
  context = await request.newContext();
  const settings = { baseUrl, extraHeaderNames: ['Ocp-Apim-Subscription-Key'] } as RunSettings;
  const secrets = {
    tokens: [TOKEN],
    extraHeaders: { 'Ocp-Apim-Subscription-Key': GATEWAY_KEY, Authorization: 'Bearer extra' },
  };
  target = new AuthTarget(settings, secrets, context, new Redactor([GATEWAY_KEY, TOKEN]));
});

after(async () => {
  await context.dispose();
  await new Promise((resolve) => server.close(resolve));
});

test('token request carries extra headers', async () => {
  seen.length = 0;
  await target.send(TOKEN);
  assert.equal(seen[0]?.['ocp-apim-subscription-key'], GATEWAY_KEY);
  assert.equal(seen[0]?.authorization, `Bearer ${TOKEN}`);
});

test('tokenless request carries extra headers', async () => {
  seen.length = 0;
  await target.send(undefined);
  assert.equal(seen[0]?.['ocp-apim-subscription-key'], GATEWAY_KEY);
  assert.equal(seen[0]?.authorization, undefined);
});

test('clock request carries extra headers', async () => {
  seen.length = 0;
  const clock = await target.serverNow();
  assert.equal(clock.source, 'server Date header');
  assert.equal(seen[0]?.['ocp-apim-subscription-key'], GATEWAY_KEY);
  assert.equal(seen[0]?.authorization, undefined);
});

test('extra headers leave out Authorization', () => {
  assert.deepEqual(target.extraHeaders, { 'Ocp-Apim-Subscription-Key': GATEWAY_KEY });
});

test('curl line masks the gateway key', () => {
  assert.ok(!target.curl().includes(GATEWAY_KEY), target.curl());
});
