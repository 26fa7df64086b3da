import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { after, before, test } from 'node:test';
import Database from 'better-sqlite3';
import { decodeJwt } from 'jose';
import { pino } from 'pino';

import { ACCESS_TOKEN_PATH, handleAuthRoutes, LOGIN_PATH } from '../../reference/auth/login.ts';
import { createTokenService } from '../../reference/auth/tokens.ts';
import type { TokenService } from '../../reference/auth/types.ts';
import { createUserStore, hashPassword, verifyPassword } from '../../reference/auth/users.ts';

const PASSWORD = 'correct horse battery';
const logLines: string[] = [];

// Response bodies are parsed JSON read field by field; each assertion checks the field it reads.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type JsonBody = any;

let server: Server;
let tokens: TokenService;
let origin: string;
let db: Database.Database;

before(async () => {
  // A debug-level logger that keeps its output, to prove that no password or token reaches it.
  const sink = new Writable({
    write(chunk, _encoding, done) {
      logLines.push(String(chunk));
      done();
    },
  });
  const logger = pino({ level: 'debug' }, sink);
  db = new Database(':memory:');
  tokens = createTokenService(db, { faults: [], logger });
  const users = createUserStore(db, [
    { username: 'ann@example.com', password: PASSWORD, tenantId: 't-ann', fullName: 'Ann Lee' },
    { username: 'bob@example.com', password: 'another password', tenantId: 't-bob' },
  ]);
  server = createServer((req, res) => {
    void handleAuthRoutes(req, res, { users, tokens, logger }).then((handled) => {
      if (!handled) {
        res.writeHead(418);
        res.end();
      }
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(() => {
  server.close();
});

async function post(
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Headers; body: JsonBody }> {
  const response = await fetch(`${origin}${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: text ? JSON.parse(text) : undefined,
  };
}

async function idTokenOf(username = 'ann@example.com', password = PASSWORD): Promise<string> {
  const response = await post(LOGIN_PATH, { username, password });
  assert.equal(response.status, 200);
  return response.body.id_token;
}

test('login returns ID token and user', async () => {
  const response = await post(LOGIN_PATH, { username: 'ann@example.com', password: PASSWORD });
  assert.equal(response.status, 200);
  assert.equal(typeof response.body.id_token, 'string');
  assert.deepEqual(response.body.user, {
    id: 'user-1',
    username: 'ann@example.com',
    fullName: 'Ann Lee',
    email: 'ann@example.com',
    company: 'Exto',
    role: 'PME',
    tenantId: 't-ann',
  });
  assert.equal(decodeJwt(response.body.id_token).token_use, 'id');
});

test('wrong password gets 401', async () => {
  const response = await post(LOGIN_PATH, { username: 'ann@example.com', password: 'nope' });
  assert.equal(response.status, 401);
  assert.equal(response.body.code, 401);
  assert.equal(response.body.path, LOGIN_PATH);
});

test('unknown user gets 401', async () => {
  const response = await post(LOGIN_PATH, { username: 'eve@example.com', password: PASSWORD });
  assert.equal(response.status, 401);
});

test('missing fields get 422', async () => {
  for (const body of [{}, { username: 'ann@example.com' }, { username: '', password: PASSWORD }]) {
    const response = await post(LOGIN_PATH, body);
    assert.equal(response.status, 422, JSON.stringify(body));
    assert.equal(response.body.error.summary, 'Validation exception');
  }
});

test('invalid input gets 400', async () => {
  const bodies = ['{"username":', '[1,2]', '"text"', { username: 1, password: PASSWORD }];
  for (const body of bodies) {
    const response = await post(LOGIN_PATH, body);
    assert.equal(response.status, 400, JSON.stringify(body));
    assert.equal(response.body.error.summary, 'Invalid input');
  }
});

test('login rejects GET with 405', async () => {
  const response = await fetch(`${origin}${LOGIN_PATH}`);
  assert.equal(response.status, 405);
  assert.equal(response.headers.get('allow'), 'POST');
});

test('other paths are not handled', async () => {
  const response = await post('/data/api/v1/health/liveness', {});
  assert.equal(response.status, 418);
});

test('access token for bearer ID token', async () => {
  const idToken = await idTokenOf();
  const response = await post(
    ACCESS_TOKEN_PATH,
    { tenantId: 't-ann' },
    {
      Authorization: `Bearer ${idToken}`,
    },
  );
  assert.equal(response.status, 200);
  assert.equal(response.body.id_token, idToken);
  const claims = decodeJwt(response.body.access_token);
  assert.equal(claims.token_use, 'access');
  assert.equal(claims.tid, 't-ann');
  assert.equal(claims.sub, 'ann@example.com');
});

test('access token for ID token in body', async () => {
  const response = await post(ACCESS_TOKEN_PATH, { id_token: await idTokenOf() });
  assert.equal(response.status, 200);
});

test('access token needs an ID token', async () => {
  const response = await post(ACCESS_TOKEN_PATH, { tenantId: 't-ann' });
  assert.equal(response.status, 401);
  assert.equal(response.headers.get('www-authenticate'), 'Bearer');
});

test('invalid ID token gets 401', async () => {
  const response = await post(ACCESS_TOKEN_PATH, {}, { Authorization: 'Bearer a.b.c' });
  assert.equal(response.status, 401);
  assert.equal(response.headers.get('www-authenticate'), 'Bearer error="invalid_token"');
});

test('access token cannot get access token', async () => {
  const idToken = await idTokenOf();
  const first = await post(ACCESS_TOKEN_PATH, {}, { Authorization: `Bearer ${idToken}` });
  const second = await post(
    ACCESS_TOKEN_PATH,
    {},
    {
      Authorization: `Bearer ${first.body.access_token}`,
    },
  );
  assert.equal(second.status, 401);
});

test('foreign tenant gets 403', async () => {
  const idToken = await idTokenOf();
  const response = await post(
    ACCESS_TOKEN_PATH,
    { tenantId: 't-bob' },
    {
      Authorization: `Bearer ${idToken}`,
    },
  );
  assert.equal(response.status, 403);
});

test('empty tenantId gets 422', async () => {
  const idToken = await idTokenOf();
  const response = await post(
    ACCESS_TOKEN_PATH,
    { tenantId: '' },
    {
      Authorization: `Bearer ${idToken}`,
    },
  );
  assert.equal(response.status, 422);
});

test('wrongly typed tenantId gets 400', async () => {
  const idToken = await idTokenOf();
  const response = await post(
    ACCESS_TOKEN_PATH,
    { tenantId: 1234 },
    {
      Authorization: `Bearer ${idToken}`,
    },
  );
  assert.equal(response.status, 400);
});

test('rotation invalidates ID tokens', async () => {
  const idToken = await idTokenOf('bob@example.com', 'another password');
  tokens.rotateKey();
  const response = await post(ACCESS_TOKEN_PATH, {}, { Authorization: `Bearer ${idToken}` });
  assert.equal(response.status, 401);
});

test('Data API rejects login tokens', async () => {
  const idToken = await idTokenOf();
  const access = await post(ACCESS_TOKEN_PATH, {}, { Authorization: `Bearer ${idToken}` });
  for (const token of [idToken, access.body.access_token]) {
    const result = await tokens.verify(`Bearer ${token}`, Date.now());
    assert.equal(result.ok ? 'ok' : result.reason, 'wrong-token-type');
  }
});

test('passwords are stored hashed', () => {
  const rows = db.prepare('SELECT password_hash FROM auth_users').all() as {
    password_hash: string;
  }[];
  assert.equal(rows.length, 2);
  for (const row of rows) {
    assert.match(row.password_hash, /^scrypt\$16384\$8\$1\$[\w-]+\$[\w-]+$/);
    assert.equal(row.password_hash.includes(PASSWORD), false);
  }
});

test('password hash verifies', async () => {
  const hash = hashPassword('s3cret!');
  assert.equal(await verifyPassword('s3cret!', hash), true);
  assert.equal(await verifyPassword('s3cret?', hash), false);
  assert.equal(await verifyPassword('s3cret!', 'md5$abc'), false);
});

test('seed user needs a password', () => {
  assert.throws(
    () => createUserStore(new Database(':memory:'), [{ username: 'x', password: '' }]),
    /Seed user "x" has no password/,
  );
});

test('logs hold no password or token', async () => {
  const idToken = await idTokenOf();
  const access = await post(ACCESS_TOKEN_PATH, {}, { Authorization: `Bearer ${idToken}` });
  await post(LOGIN_PATH, { username: 'ann@example.com', password: 'wrong guess' });
  const output = logLines.join('');
  assert.ok(output.includes('login succeeded'));
  assert.equal(output.includes(PASSWORD), false);
  assert.equal(output.includes('wrong guess'), false);
  assert.equal(output.includes(idToken), false);
  assert.equal(output.includes(access.body.access_token), false);
});
