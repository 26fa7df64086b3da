import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Writable } from 'node:stream';
import Database from 'better-sqlite3';
import { decodeJwt } from 'jose';
import { pino } from 'pino';

import { wwwAuthenticate } from '../../reference/auth/challenge.ts';
import {
  InvalidMintRequestError,
  KeyLimitError,
  KeyNotFoundError,
  KeyStateError,
} from '../../reference/auth/errors.ts';
import {
  createTokenService,
  MAX_LIFETIME_SECONDS,
  STALE_REVOCATION_MS,
  type TokenServiceOptions,
} from '../../reference/auth/tokens.ts';
import type { TokenService, VerifyResult } from '../../reference/auth/types.ts';
import type { FaultName } from '../../reference/faults.ts';
import { createLogger } from '../../reference/log.ts';

const logger = createLogger('silent');
const PRIVATE_KEY = 'k'.repeat(40);
/** A fixed past issue time, so expiry instants are known to the second. */
const PAST = '2026-01-01T00:00:00.000Z';
const PAST_SECONDS = Date.parse(PAST) / 1000;

function service(
  faults: FaultName[] = [],
  db = new Database(':memory:'),
  extra: Partial<TokenServiceOptions> = {},
): TokenService {
  return createTokenService(db, { faults, logger, ...extra });
}

function bearer(token: string): string {
  return `Bearer ${token}`;
}

function reasonOf(result: VerifyResult): string {
  return result.ok ? 'ok' : result.reason;
}

test('minted token verifies', async () => {
  const tokens = service();
  const minted = await tokens.mint({ tenantId: 't1', userName: 'ann' });
  const result = await tokens.verify(bearer(minted.token), Date.now());
  assert.deepEqual(result, {
    ok: true,
    context: { keyId: minted.keyId, tenantId: 't1', userName: 'ann' },
  });
});

test('token claims use seconds', async () => {
  const tokens = service();
  const minted = await tokens.mint({ lifetimeSeconds: 3600, issuedAt: PAST });
  const claims = decodeJwt(minted.token);
  assert.equal(claims.iat, PAST_SECONDS);
  assert.equal(claims.exp, PAST_SECONDS + 3600);
  assert.equal(typeof claims.jti, 'string');
  assert.equal(minted.issuedAt, PAST);
  assert.equal(minted.expiresAt, new Date((PAST_SECONDS + 3600) * 1000).toISOString());
});

test('token carries no key id', async () => {
  const tokens = service();
  const minted = await tokens.mint({});
  assert.notEqual(decodeJwt(minted.token).jti, minted.keyId);
  assert.equal(minted.token.includes(minted.keyId), false);
});

test('database stores no token or jti', async () => {
  const db = new Database(':memory:');
  const tokens = service([], db);
  const minted = await tokens.mint({});
  const jti = String(decodeJwt(minted.token).jti);
  const dump = JSON.stringify(db.prepare('SELECT * FROM access_keys').all());
  assert.equal(dump.includes(jti), false);
  assert.equal(dump.includes(minted.token), false);
});

test('default lifetime is 180 days', async () => {
  const claims = decodeJwt((await service().mint({})).token);
  assert.equal(Number(claims.exp) - Number(claims.iat), MAX_LIFETIME_SECONDS);
  assert.equal(MAX_LIFETIME_SECONDS, 15_552_000);
});

test('lifetime is capped at 180 days', async () => {
  const claims = decodeJwt((await service().mint({ lifetimeSeconds: 400 * 86_400 })).token);
  assert.equal(Number(claims.exp) - Number(claims.iat), MAX_LIFETIME_SECONDS);
});

test('365-day fault lifts the cap', async () => {
  const tokens = service(['token-lifetime-365d']);
  const byDefault = decodeJwt((await tokens.mint({})).token);
  assert.equal(Number(byDefault.exp) - Number(byDefault.iat), 365 * 86_400);
  const short = decodeJwt((await tokens.mint({ lifetimeSeconds: 5 })).token);
  assert.equal(Number(short.exp) - Number(short.iat), 5);
});

test('token expires at exp exactly', async () => {
  const tokens = service();
  const minted = await tokens.mint({ issuedAt: PAST, lifetimeSeconds: 100 });
  const expMs = (PAST_SECONDS + 100) * 1000;
  assert.equal(reasonOf(await tokens.verify(bearer(minted.token), expMs - 1)), 'ok');
  assert.equal(reasonOf(await tokens.verify(bearer(minted.token), expMs)), 'expired');
  assert.equal(reasonOf(await tokens.verify(bearer(minted.token), expMs + 1000)), 'expired');
});

test('expired detail names the instant', async () => {
  const tokens = service();
  const minted = await tokens.mint({ issuedAt: PAST, lifetimeSeconds: 1 });
  const result = await tokens.verify(bearer(minted.token), Date.now());
  assert.equal(result.ok, false);
  assert.match(result.ok ? '' : result.detail, /expired at 2026-01-01T00:00:01\.000Z/);
});

test('expired-token fault accepts expired tokens', async () => {
  const tokens = service(['expired-token-accepted']);
  const minted = await tokens.mint({ issuedAt: PAST, lifetimeSeconds: 1 });
  assert.equal(reasonOf(await tokens.verify(bearer(minted.token), Date.now())), 'ok');
});

test('revoked token is rejected at once', async () => {
  const tokens = service();
  const minted = await tokens.mint({});
  tokens.setState(minted.keyId, 'revoked');
  assert.equal(reasonOf(await tokens.verify(bearer(minted.token), Date.now())), 'revoked');
});

test('stale-revocation fault accepts for 60 s', async () => {
  const tokens = service(['revoked-token-stale-60s']);
  const minted = await tokens.mint({});
  const revokedAt = Date.now();
  tokens.setState(minted.keyId, 'revoked');
  const early = await tokens.verify(bearer(minted.token), revokedAt + STALE_REVOCATION_MS - 1000);
  assert.equal(reasonOf(early), 'ok');
  const late = await tokens.verify(bearer(minted.token), revokedAt + STALE_REVOCATION_MS + 1000);
  assert.equal(reasonOf(late), 'revoked');
});

test('disabled token fails until enabled', async () => {
  const tokens = service();
  const minted = await tokens.mint({});
  assert.equal(tokens.setState(minted.keyId, 'disabled').state, 'disabled');
  assert.equal(reasonOf(await tokens.verify(bearer(minted.token), Date.now())), 'disabled');
  assert.equal(tokens.setState(minted.keyId, 'enabled').state, 'enabled');
  assert.equal(reasonOf(await tokens.verify(bearer(minted.token), Date.now())), 'ok');
});

test('revoked key cannot be enabled', async () => {
  const tokens = service();
  const minted = await tokens.mint({});
  tokens.setState(minted.keyId, 'revoked');
  assert.throws(() => tokens.setState(minted.keyId, 'enabled'), KeyStateError);
  assert.throws(() => tokens.setState(minted.keyId, 'disabled'), KeyStateError);
  assert.equal(tokens.setState(minted.keyId, 'revoked').state, 'revoked');
});

test('unknown key id is not found', () => {
  assert.throws(() => service().setState('key_missing', 'revoked'), KeyNotFoundError);
});

test('sixth live key is rejected', async () => {
  const tokens = service();
  for (let i = 0; i < 5; i += 1) await tokens.mint({ tenantId: 'full' });
  await assert.rejects(tokens.mint({ tenantId: 'full' }), KeyLimitError);
  await tokens.mint({ tenantId: 'other' });
});

test('disabled keys count toward the limit', async () => {
  const tokens = service();
  const keys = [];
  for (let i = 0; i < 5; i += 1) keys.push(await tokens.mint({ tenantId: 't' }));
  tokens.setState(keys[0]!.keyId, 'disabled');
  await assert.rejects(tokens.mint({ tenantId: 't' }), KeyLimitError);
});

test('revoked and expired keys free places', async () => {
  const tokens = service();
  const keys = [];
  for (let i = 0; i < 4; i += 1) keys.push(await tokens.mint({ tenantId: 't' }));
  await tokens.mint({ tenantId: 't', issuedAt: PAST, lifetimeSeconds: 1 });
  await tokens.mint({ tenantId: 't' });
  await assert.rejects(tokens.mint({ tenantId: 't' }), KeyLimitError);
  tokens.setState(keys[0]!.keyId, 'revoked');
  await tokens.mint({ tenantId: 't' });
});

test('already-expired mint ignores the limit', async () => {
  const tokens = service();
  for (let i = 0; i < 5; i += 1) await tokens.mint({ tenantId: 't' });
  const expired = await tokens.mint({ tenantId: 't', issuedAt: PAST, lifetimeSeconds: 1 });
  assert.equal(expired.expiresAt, '2026-01-01T00:00:01.000Z');
});

test('mint rejects bad fields', async () => {
  const tokens = service();
  const bad: unknown[] = [
    { lifetimeSeconds: 0 },
    { lifetimeSeconds: 1.5 },
    { lifetimeSeconds: '60' },
    { lifetimeSeconds: 2 ** 52 },
    { issuedAt: 'yesterday' },
    { issuedAt: 1700000000 },
    { tenantId: '' },
    { userName: 42 },
    { lifetime: 60 },
    [],
  ];
  for (const request of bad) {
    await assert.rejects(
      tokens.mint(request as never),
      InvalidMintRequestError,
      JSON.stringify(request),
    );
  }
});

test('mint error names the value', async () => {
  await assert.rejects(service().mint({ lifetimeSeconds: -3 }), /received -3/);
});

test('rotation rejects earlier tokens', async () => {
  const tokens = service();
  const before = await tokens.mint({});
  tokens.rotateKey();
  const after = await tokens.mint({});
  const old = await tokens.verify(bearer(before.token), Date.now());
  assert.equal(reasonOf(old), 'invalid-signature');
  assert.equal(reasonOf(await tokens.verify(bearer(after.token), Date.now())), 'ok');
});

test('rotation-ignored fault keeps old tokens', async () => {
  const tokens = service(['rotation-ignored']);
  const before = await tokens.mint({});
  tokens.rotateKey();
  const after = await tokens.mint({});
  assert.equal(reasonOf(await tokens.verify(bearer(before.token), Date.now())), 'ok');
  assert.equal(reasonOf(await tokens.verify(bearer(after.token), Date.now())), 'ok');
});

test('restart keeps tokens valid', async () => {
  const db = new Database(':memory:');
  const minted = await service([], db).mint({});
  const restarted = service([], db);
  assert.equal(reasonOf(await restarted.verify(bearer(minted.token), Date.now())), 'ok');
});

test('configured key survives restart', async () => {
  const db = new Database(':memory:');
  const minted = await service([], db, { accessTokenPrivateKey: PRIVATE_KEY }).mint({});
  const restarted = service([], db, { accessTokenPrivateKey: PRIVATE_KEY });
  assert.equal(reasonOf(await restarted.verify(bearer(minted.token), Date.now())), 'ok');
});

test('changed configured key rotates', async () => {
  const db = new Database(':memory:');
  const minted = await service([], db, { accessTokenPrivateKey: PRIVATE_KEY }).mint({});
  const changed = service([], db, { accessTokenPrivateKey: 'z'.repeat(40) });
  const result = await changed.verify(bearer(minted.token), Date.now());
  assert.equal(reasonOf(result), 'invalid-signature');
});

test('short private key is rejected', () => {
  assert.throws(
    () => service([], new Database(':memory:'), { accessTokenPrivateKey: 'short-key' }),
    /9 bytes long; HS256 needs at least 32/,
  );
});

test('foreign signature is invalid', async () => {
  const other = service([], new Database(':memory:'), { accessTokenPrivateKey: PRIVATE_KEY });
  const foreign = await other.mint({});
  const result = await service().verify(bearer(foreign.token), Date.now());
  assert.equal(reasonOf(result), 'invalid-signature');
});

test('login tokens are not personal tokens', async () => {
  const tokens = service();
  const subject = { userName: 'ann', tenantId: 't' };
  const idToken = await tokens.issueLoginToken('id', subject, Date.now());
  const result = await tokens.verify(bearer(idToken), Date.now());
  assert.equal(reasonOf(result), 'wrong-token-type');
});

test('login token verifies by kind', async () => {
  const tokens = service();
  const subject = { userName: 'ann', tenantId: 't' };
  const idToken = await tokens.issueLoginToken('id', subject, Date.now());
  assert.deepEqual(await tokens.verifyLoginToken('id', idToken, Date.now()), subject);
  assert.equal(await tokens.verifyLoginToken('access', idToken, Date.now()), undefined);
  assert.equal(await tokens.verifyLoginToken('id', idToken, Date.now() + 3_601_000), undefined);
  assert.equal(await tokens.verifyLoginToken('id', 'garbage', Date.now()), undefined);
});

test('list shows no token values', async () => {
  const tokens = service();
  const minted = await tokens.mint({ name: 'ci' });
  const [entry] = tokens.list();
  assert.equal(entry?.keyId, minted.keyId);
  assert.equal(entry?.name, 'ci');
  assert.equal(entry?.state, 'enabled');
  assert.equal(JSON.stringify(tokens.list()).includes(minted.token.split('.')[2]!), false);
});

// Authorization header variants. Expected outcomes: scheme case-insensitive and 1*SP accepted;
// everything else is a 401 with a reason, never an exception.
test('header variants verify or reject', async () => {
  const tokens = service();
  const { token } = await tokens.mint({});
  const cases: [string | string[] | undefined, string][] = [
    [`Bearer ${token}`, 'ok'],
    [`bearer ${token}`, 'ok'],
    [`BEARER ${token}`, 'ok'],
    [`Bearer  ${token}`, 'ok'],
    [`Bearer ${token} `, 'ok'],
    [undefined, 'missing'],
    [[], 'missing'],
    ['', 'malformed'],
    ['Bearer', 'malformed'],
    ['Bearer ', 'malformed'],
    ['Bearer None', 'malformed'],
    [token, 'malformed'],
    ['Basic dXNlcjpwYXNz', 'malformed'],
    [`Bearer ${token}\n`, 'malformed'],
    [`Bearer ${token} extra`, 'malformed'],
    [`Token ${token}`, 'malformed'],
    [[`Bearer ${token}`, `Bearer ${token}`], 'malformed'],
    [[`Bearer ${token}`], 'ok'],
    ['Bearer a.b.c', 'malformed'],
    [`Bearer ${token.slice(0, -4)}AAAA`, 'invalid-signature'],
  ];
  for (const [header, expected] of cases) {
    const result = await tokens.verify(header, Date.now());
    assert.equal(reasonOf(result), expected, JSON.stringify(header)?.slice(0, 40));
  }
});

test('unsigned and foreign algorithms fail', async () => {
  const tokens = service();
  const { token } = await tokens.mint({});
  const [, payload] = token.split('.');
  const header = (alg: string) =>
    Buffer.from(JSON.stringify({ alg, typ: 'JWT' })).toString('base64url');
  const unsigned = `${header('none')}.${payload}.`;
  const hs512 = `${header('HS512')}.${payload}.${'A'.repeat(86)}`;
  assert.equal(reasonOf(await tokens.verify(bearer(unsigned), Date.now())), 'malformed');
  assert.equal(reasonOf(await tokens.verify(bearer(hs512), Date.now())), 'malformed');
});

test('tab separator is named', async () => {
  const result = await service().verify('Bearer\tabc', Date.now());
  assert.match(result.ok ? '' : result.detail, /character other than a space/);
});

test('failure details omit the token', async () => {
  const tokens = service();
  const minted = await tokens.mint({});
  tokens.setState(minted.keyId, 'disabled');
  const headers = [`Bearer ${minted.token}`, `Token ${minted.token}`, `${minted.token} x`];
  for (const header of headers) {
    const result = await tokens.verify(header, Date.now());
    assert.equal(result.ok, false);
    assert.equal(result.ok ? '' : result.detail.includes(minted.token), false);
  }
});

test('challenge has no error when missing', async () => {
  const tokens = service();
  assert.equal(wwwAuthenticate(await tokens.verify(undefined, Date.now())), 'Bearer');
  const invalid = await tokens.verify('Bearer None', Date.now());
  assert.equal(wwwAuthenticate(invalid), 'Bearer error="invalid_token"');
  const { token } = await tokens.mint({});
  assert.equal(wwwAuthenticate(await tokens.verify(bearer(token), Date.now())), undefined);
});

test('logs hold no token', async () => {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  const tokens = createTokenService(new Database(':memory:'), {
    faults: [],
    logger: pino({ level: 'debug' }, sink),
  });
  const minted = await tokens.mint({});
  tokens.setState(minted.keyId, 'revoked');
  await tokens.verify(bearer(minted.token), Date.now());
  tokens.rotateKey();
  await tokens.verify(`Token ${minted.token}`, Date.now());
  const output = lines.join('');
  assert.ok(output.includes(minted.keyId));
  assert.equal(output.includes(minted.token), false);
  assert.equal(output.includes(String(decodeJwt(minted.token).jti)), false);
});
