/**
 * The login-flow probe behind a gateway like Azure API Management, which responds with 401 to
 * any request without its subscription key, and against targets without the flow or with a broken one.
 */
import assert from 'node:assert/strict';
import {
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';

import { request, type APIRequestContext } from '@playwright/test';

import { startReferenceServer, type RunningReferenceServer } from '../../reference/index.ts';
import { Redactor } from '../../scripts/core/redact.ts';
import {
  EXAMPLE_LOGIN,
  probeLoginFlow,
  type LoginFlowOptions,
} from '../../suites/auth/login-flow.ts';

const GATEWAY_HEADER = 'Ocp-Apim-Subscription-Key';
const GATEWAY_KEY = 'gateway-subscription-key-1234';

let reference: RunningReferenceServer;
let context: APIRequestContext;
const servers: Server[] = [];
/** Login requests the gateway passed on, with the header it checked. */
const forwarded: { path: string; key: string | undefined }[] = [];

/** Starts a loopback server with `handler` and returns its origin. */
async function serve(
  handler: (req: IncomingMessage, res: ServerResponse) => void,
): Promise<string> {
  const server = createServer(handler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(body));
}

/** Builds a gateway handler that rejects requests without its key with 401 and proxies the rest. */
function gateway(upstream: string): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const key = req.headers[GATEWAY_HEADER.toLowerCase()];
    if (key !== GATEWAY_KEY) {
      sendJson(res, 401, {
        statusCode: 401,
        message: 'Access denied due to missing subscription key.',
      });
      req.resume();
      return;
    }
    forwarded.push({ path: req.url ?? '', key });
    const target = new URL(req.url ?? '/', upstream);
    const proxied = httpRequest(
      target,
      { method: req.method, headers: { ...req.headers, host: target.host } },
      (reply) => {
        res.writeHead(reply.statusCode ?? 502, reply.headers);
        reply.pipe(res);
      },
    );
    req.pipe(proxied);
  };
}

function options(origin: string, overrides: Partial<LoginFlowOptions> = {}): LoginFlowOptions {
  return {
    origin,
    headers: {},
    credentials: EXAMPLE_LOGIN,
    redactor: new Redactor([GATEWAY_KEY]),
    ...overrides,
  };
}

let gatewayOrigin: string;
let referenceOrigin: string;

before(async () => {
  reference = await startReferenceServer({ logLevel: 'silent' });
  referenceOrigin = new URL(reference.baseUrl).origin;
  gatewayOrigin = await serve(gateway(referenceOrigin));
  context = await request.newContext();
});

after(async () => {
  await context.dispose();
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  await reference.close();
});

test('reference server runs the flow', async () => {
  const outcome = await probeLoginFlow(context, options(referenceOrigin));
  assert.equal(outcome.status, 'passed', JSON.stringify(outcome));
  assert.equal(outcome.data.prefix, '/rest/api/auth');
});

test('gateway 401 without key skips', async () => {
  const outcome = await probeLoginFlow(context, options(gatewayOrigin));
  assert.equal(outcome.status, 'skipped', JSON.stringify(outcome));
  assert.match(
    outcome.status === 'skipped' ? outcome.reason : '',
    /does not expose the login flow at \/rest\/api\/auth/,
  );
});

test('gateway 401 never passes', async () => {
  const outcome = await probeLoginFlow(context, options(gatewayOrigin, { credentials: undefined }));
  assert.notEqual(outcome.status, 'passed', JSON.stringify(outcome));
});

test('gateway key reaches the flow', async () => {
  forwarded.length = 0;
  const outcome = await probeLoginFlow(
    context,
    options(gatewayOrigin, { headers: { [GATEWAY_HEADER]: GATEWAY_KEY } }),
  );
  assert.equal(outcome.status, 'passed', JSON.stringify(outcome));
  assert.ok(
    forwarded.some(({ path }) => path === '/rest/api/auth/access-token'),
    JSON.stringify(forwarded),
  );
});

test('exposed flow without credentials skips', async () => {
  const outcome = await probeLoginFlow(
    context,
    options(gatewayOrigin, { headers: { [GATEWAY_HEADER]: GATEWAY_KEY }, credentials: undefined }),
  );
  assert.equal(outcome.status, 'skipped', JSON.stringify(outcome));
  assert.match(outcome.status === 'skipped' ? outcome.reason : '', /user name and password/);
});

test('missing endpoints skip', async () => {
  const origin = await serve((req, res) => {
    req.resume();
    sendJson(res, 404, { code: 404 });
  });
  const outcome = await probeLoginFlow(context, options(origin));
  assert.equal(outcome.status, 'skipped', JSON.stringify(outcome));
  assert.deepEqual(outcome.data.answers, { '/rest/api/auth': 404, '/api/auth': 404 });
});

test('draft prefix is found', async () => {
  const origin = await serve((req, res) => {
    req.resume();
    if (req.url === '/api/auth/login') sendJson(res, 422, { code: 422 });
    else sendJson(res, 404, { code: 404 });
  });
  const outcome = await probeLoginFlow(context, options(origin, { credentials: undefined }));
  assert.equal(outcome.data.prefix, '/api/auth');
});

test('broken access-token call warns', async () => {
  const secrets: string[] = [];
  const origin = await serve((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      if (req.url !== '/rest/api/auth/login') sendJson(res, 500, { code: 500 });
      else if (body.includes('password')) sendJson(res, 200, { id_token: 'issued-id-token-9876' });
      else sendJson(res, 422, { code: 422 });
    });
  });
  const outcome = await probeLoginFlow(
    context,
    options(origin, { onSecret: (secret) => secrets.push(secret) }),
  );
  assert.equal(outcome.status, 'warning', JSON.stringify(outcome));
  assert.equal(outcome.status === 'warning' ? outcome.httpStatus : undefined, 500);
  assert.deepEqual(secrets, ['issued-id-token-9876']);
  assert.ok(!JSON.stringify(outcome).includes('issued-id-token-9876'), JSON.stringify(outcome));
});

test('warning curl masks the password', async () => {
  const origin = await serve((req, res) => {
    req.resume();
    if (req.url === '/rest/api/auth/login') sendJson(res, 422, { code: 422 });
    else sendJson(res, 404, { code: 404 });
  });
  const outcome = await probeLoginFlow(context, options(origin));
  assert.equal(outcome.status, 'warning', JSON.stringify(outcome));
  assert.ok(!JSON.stringify(outcome).includes(EXAMPLE_LOGIN.password), JSON.stringify(outcome));
});

test('server error to empty body warns', async () => {
  const origin = await serve((req, res) => {
    req.resume();
    sendJson(res, 500, { code: 500 });
  });
  const outcome = await probeLoginFlow(context, options(origin, { credentials: undefined }));
  assert.equal(outcome.status, 'warning', JSON.stringify(outcome));
});
