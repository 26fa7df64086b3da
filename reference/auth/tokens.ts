import { randomBytes, timingSafeEqual, type webcrypto } from 'node:crypto';
import { SignJWT, compactVerify, errors as joseErrors } from 'jose';
import type { Database } from 'better-sqlite3';
import type { FaultName } from '../faults.ts';
import type { Logger } from '../log.ts';
import { TENANT_ID } from '../store/catalog.ts';
import { SEED_USERS } from '../store/seed.ts';
import { parseAuthorization } from './authorization-header.ts';
import {
  InvalidMintRequestError,
  KeyLimitError,
  KeyNotFoundError,
  KeyStateError,
} from './errors.ts';
import { KeyStore, randomPrivateKey, sha256Hex, toSummary, type KeyRow } from './key-store.ts';
import type {
  AuthFailureReason,
  KeyState,
  KeySummary,
  LoginSubject,
  LoginTokenKind,
  MintRequest,
  MintedToken,
  TokenService,
  VerifyResult,
} from './types.ts';

/** Keys per tenant that may be enabled or disabled at one time; revoked and expired keys are free. */
export const MAX_LIVE_KEYS_PER_TENANT = 5;
export const MAX_LIFETIME_SECONDS = 180 * 86_400;
/** Lifetime under the token-lifetime-365d fault, which also lifts the 180-day cap. */
export const FAULT_LIFETIME_SECONDS = 365 * 86_400;
/** How long a revoked key keeps working under the revoked-token-stale-60s fault. */
export const STALE_REVOCATION_MS = 60_000;
/** Lifetime of the login flow's ID and access tokens; the product does not document one. */
export const LOGIN_TOKEN_LIFETIME_SECONDS = 3_600;
/** The seeded tenant and its first acting user, used when a mint request names none. */
export const DEFAULT_TENANT_ID = TENANT_ID;
export const DEFAULT_USER_NAME = SEED_USERS[0].userName;

/** HS256 needs a key at least as long as its 256-bit hash output (RFC 7518 §3.2). */
const MIN_PRIVATE_KEY_BYTES = 32;
const MAX_TEXT_FIELD_LENGTH = 200;
/**
 * Largest lifetime a request may name (100 years), so that `exp` stays a valid date even when the
 * token-lifetime-365d fault lifts the 180-day cap.
 */
const MAX_REQUESTED_LIFETIME_SECONDS = 100 * 365 * 86_400;

export interface TokenServiceOptions {
  faults: readonly FaultName[];
  /** Access Token Private Key at start. When it differs from the stored key, it replaces it. */
  accessTokenPrivateKey?: string;
  logger: Logger;
}

/** Claims of a verified token; the types are checked before anything reads them. */
interface TokenClaims {
  jti: string;
  sub: string;
  tid: string;
  iat: number;
  exp: number;
  token_use?: string;
}

type Rejection = Extract<VerifyResult, { ok: false }>;

/**
 * Creates the token service: personal access tokens are HS256 JWTs signed with the Access Token
 * Private Key, with claims `jti` (the Key ID), `tid` (tenant), `sub` (user), and `iat` and `exp`
 * in seconds. Creates its tables in `db` when they do not exist.
 */
export function createTokenService(db: Database, options: TokenServiceOptions): TokenService {
  return new ReferenceTokenService(new KeyStore(db), options);
}

class ReferenceTokenService implements TokenService {
  private readonly faults: ReadonlySet<FaultName>;
  private readonly logger: Logger;
  /** Signing keys, newest first; more than one only under the rotation-ignored fault. */
  private signingKeys;
  private readonly configuredKey: string | undefined;

  constructor(
    private readonly store: KeyStore,
    options: TokenServiceOptions,
  ) {
    this.faults = new Set(options.faults);
    this.logger = options.logger.child({ component: 'tokens' });
    this.configuredKey = options.accessTokenPrivateKey;
    this.signingKeys = this.initSigningKeys(this.configuredKey);
  }

  async mint(request: MintRequest): Promise<MintedToken> {
    const fields = validateMintRequest(request);
    const nowMs = Date.now();
    const issuedAt = fields.issuedAtMs === undefined ? nowMs : fields.issuedAtMs;
    const iat = Math.floor(issuedAt / 1000);
    const exp = iat + this.lifetimeSeconds(fields.lifetimeSeconds);
    const keyId = `key_${randomBytes(9).toString('base64url')}`;
    const jti = randomBytes(16).toString('base64url');

    const token = await new SignJWT({ tid: fields.tenantId })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setJti(jti)
      .setSubject(fields.userName)
      .setIssuedAt(iat)
      .setExpirationTime(exp)
      .sign(await this.currentSigningKey());

    const row: KeyRow & { jtiSha256: string } = {
      keyId,
      jtiSha256: sha256Hex(jti),
      tenantId: fields.tenantId,
      userName: fields.userName,
      name: fields.name ?? keyId,
      state: 'enabled',
      issuedAt: iat,
      expiresAt: exp,
      stateChangedAtMs: nowMs,
    };
    const nowSeconds = Math.floor(nowMs / 1000);
    if (!this.store.insertWithinLimit(row, MAX_LIVE_KEYS_PER_TENANT, nowSeconds)) {
      this.logger.info({ tenantId: fields.tenantId }, 'mint rejected: key limit reached');
      throw new KeyLimitError(fields.tenantId, MAX_LIVE_KEYS_PER_TENANT);
    }
    const summary = toSummary(row);
    this.logger.info(
      { keyId, tenantId: row.tenantId, expiresAt: summary.expiresAt },
      'minted personal access token',
    );
    return { token, keyId, issuedAt: summary.issuedAt, expiresAt: summary.expiresAt };
  }

  setState(keyId: string, state: KeyState): KeySummary {
    const row = this.store.byKeyId(keyId);
    if (!row) throw new KeyNotFoundError(keyId);
    if (row.state === state) return toSummary(row);
    if (row.state === 'revoked') {
      throw new KeyStateError(
        `Key ${JSON.stringify(keyId)} is revoked, and a revoked key cannot become ${state}. ` +
          'Mint a new key instead.',
      );
    }
    const nowMs = Date.now();
    this.store.setState(keyId, state, nowMs);
    this.logger.info({ keyId, from: row.state, to: state }, 'changed key state');
    if (state === 'revoked' && this.faults.has('revoke-whole-tenant')) {
      for (const other of this.store.all()) {
        if (other.tenantId === row.tenantId && other.state !== 'revoked') {
          this.store.setState(other.keyId, 'revoked', nowMs);
        }
      }
    }
    return toSummary({ ...row, state, stateChangedAtMs: nowMs });
  }

  list(): KeySummary[] {
    return this.store.all().map(toSummary);
  }

  rotateKey(): { rotatedAt: string } {
    const nowMs = Date.now();
    const keepOlder = this.faults.has('rotation-ignored');
    this.store.addSigningKey(randomPrivateKey(), nowMs, keepOlder);
    this.signingKeys = this.store.signingKeys();
    this.logger.info({ keptOlderKeys: keepOlder }, 'rotated Access Token Private Key');
    return { rotatedAt: new Date(nowMs).toISOString() };
  }

  restart(): { restartedAt: string } {
    const nowMs = Date.now();
    if (this.faults.has('ephemeral-key')) {
      // A server that keeps its key in memory only starts with a new one.
      this.store.addSigningKey(randomPrivateKey(), nowMs, false);
      this.signingKeys = this.store.signingKeys();
    } else {
      this.signingKeys = this.initSigningKeys(this.configuredKey);
    }
    this.logger.info({ ephemeralKey: this.faults.has('ephemeral-key') }, 'restarted token service');
    return { restartedAt: new Date(nowMs).toISOString() };
  }

  async verify(
    authorization: string | readonly string[] | undefined,
    nowMs: number,
  ): Promise<VerifyResult> {
    try {
      return await this.verifyOrReject(authorization, nowMs);
    } catch (error) {
      // Verification must never turn into a 5xx, so an unexpected failure is a rejected token.
      this.logger.error({ err: error }, 'token verification failed unexpectedly');
      return reject('malformed', 'Token could not be verified. Use a token minted by this server.');
    }
  }

  async issueLoginToken(
    kind: LoginTokenKind,
    subject: LoginSubject,
    nowMs: number,
  ): Promise<string> {
    const iat = Math.floor(nowMs / 1000);
    return new SignJWT({ tid: subject.tenantId, token_use: kind })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setJti(randomBytes(16).toString('base64url'))
      .setSubject(subject.userName)
      .setIssuedAt(iat)
      .setExpirationTime(iat + LOGIN_TOKEN_LIFETIME_SECONDS)
      .sign(await this.currentSigningKey());
  }

  async verifyLoginToken(
    kind: LoginTokenKind,
    token: string,
    nowMs: number,
  ): Promise<LoginSubject | undefined> {
    try {
      const claims = await this.verifySignature(token);
      if (!isClaims(claims) || claims.token_use !== kind) return undefined;
      if (nowMs >= claims.exp * 1000) return undefined;
      return { userName: claims.sub, tenantId: claims.tid };
    } catch (error) {
      this.logger.error({ err: error }, 'login token verification failed unexpectedly');
      return undefined;
    }
  }

  private async verifyOrReject(
    authorization: string | readonly string[] | undefined,
    nowMs: number,
  ): Promise<VerifyResult> {
    const parsed = parseAuthorization(authorization);
    if (!parsed.ok) return reject(parsed.reason, parsed.detail);

    const claims = await this.verifySignature(parsed.credential);
    if (claims === 'malformed') {
      return reject(
        'malformed',
        'Token is not a well-formed signed JWT. Use a token minted by this server.',
      );
    }
    if (claims === 'invalid-signature') {
      return reject(
        'invalid-signature',
        'Token signature does not match the current Access Token Private Key, which may have been ' +
          'rotated. Use a token issued after the last rotation.',
      );
    }
    if (!isClaims(claims)) {
      return reject(
        'malformed',
        'Token lacks the claims jti, sub, tid, iat or exp. Mint a new token.',
      );
    }
    if (claims.token_use !== undefined) {
      return reject(
        'wrong-token-type',
        'Token is an ID or access token from the login flow. The Data API accepts personal access ' +
          'tokens only.',
      );
    }

    const row = this.store.byJti(claims.jti);
    if (!row) {
      return reject('unknown-key', 'Token belongs to no key on this server. Mint a new token.');
    }
    const stateRejection = this.checkState(row, nowMs);
    if (stateRejection) return stateRejection;
    // RFC 7519 §4.1.4: the token is valid only *before* exp, so it fails at exp exactly.
    if (nowMs >= claims.exp * 1000 && !this.faults.has('expired-token-accepted')) {
      const expiredAt = new Date(claims.exp * 1000).toISOString();
      return reject('expired', `Token expired at ${expiredAt}. Mint a new token.`);
    }
    return {
      ok: true,
      context: { keyId: row.keyId, tenantId: row.tenantId, userName: row.userName },
    };
  }

  private checkState(row: KeyRow, nowMs: number): Rejection | undefined {
    if (row.state === 'disabled') {
      return reject(
        'disabled',
        'Token belongs to a disabled key. Enable the key or use another token.',
      );
    }
    if (row.state === 'revoked') {
      const staleCacheHit =
        this.faults.has('revoked-token-stale-60s') &&
        nowMs - row.stateChangedAtMs < STALE_REVOCATION_MS;
      if (!staleCacheHit) {
        return reject('revoked', 'Token belongs to a revoked key. Use another token.');
      }
    }
    return undefined;
  }

  /** Returns the payload when one signing key verifies the token, else why not. */
  private async verifySignature(
    credential: string,
  ): Promise<unknown | 'malformed' | 'invalid-signature'> {
    for (const key of this.signingKeys) {
      try {
        const { payload } = await compactVerify(credential, await key.key, {
          algorithms: ['HS256'],
        });
        return parseJson(payload);
      } catch (error) {
        if (error instanceof joseErrors.JWSSignatureVerificationFailed) continue;
        if (error instanceof joseErrors.JOSEError) return 'malformed';
        throw error;
      }
    }
    return 'invalid-signature';
  }

  private lifetimeSeconds(requested: number | undefined): number {
    if (this.faults.has('token-lifetime-365d')) return requested ?? FAULT_LIFETIME_SECONDS;
    return Math.min(requested ?? MAX_LIFETIME_SECONDS, MAX_LIFETIME_SECONDS);
  }

  private currentSigningKey(): Promise<webcrypto.CryptoKey> {
    const [current] = this.signingKeys;
    if (!current) throw new Error('The token service has no Access Token Private Key.');
    return current.key;
  }

  /** Loads the stored signing keys, replacing the current one when the configured key differs. */
  private initSigningKeys(configured: string | undefined) {
    if (configured !== undefined) checkPrivateKey(configured);
    const stored = this.store.signingKeys();
    const current = stored[0]?.secret;
    const keepOlder = this.faults.has('rotation-ignored');
    if (configured !== undefined && (!current || !sameBytes(current, configured))) {
      this.store.addSigningKey(configured, Date.now(), keepOlder);
      if (current) this.logger.info('configured Access Token Private Key replaced the stored one');
    } else if (!current) {
      this.store.addSigningKey(randomPrivateKey(), Date.now(), keepOlder);
    }
    return this.store.signingKeys();
  }
}

function reject(reason: AuthFailureReason, detail: string): Rejection {
  return { ok: false, status: 401, reason, detail };
}

function parseJson(payload: Uint8Array): unknown {
  try {
    return JSON.parse(new TextDecoder().decode(payload));
  } catch {
    return undefined;
  }
}

function isClaims(value: unknown): value is TokenClaims {
  if (!value || typeof value !== 'object') return false;
  const claims = value as Record<string, unknown>;
  return (
    typeof claims.jti === 'string' &&
    typeof claims.sub === 'string' &&
    typeof claims.tid === 'string' &&
    Number.isFinite(claims.iat) &&
    Number.isFinite(claims.exp) &&
    (claims.token_use === undefined || typeof claims.token_use === 'string')
  );
}

function sameBytes(stored: Uint8Array, configured: string): boolean {
  const other = new TextEncoder().encode(configured);
  return stored.length === other.length && timingSafeEqual(stored, other);
}

function checkPrivateKey(key: string): void {
  const bytes = new TextEncoder().encode(key).length;
  if (bytes < MIN_PRIVATE_KEY_BYTES) {
    // The message gives the length only: the key itself is a secret.
    throw new Error(
      `accessTokenPrivateKey is ${bytes} bytes long; HS256 needs at least ${MIN_PRIVATE_KEY_BYTES}. ` +
        'Use a longer key, for example 64 random hex characters, or leave it out to get a random one.',
    );
  }
}

interface MintFields {
  tenantId: string;
  userName: string;
  name?: string;
  lifetimeSeconds?: number;
  issuedAtMs?: number;
}

const MINT_FIELDS = ['tenantId', 'userName', 'name', 'lifetimeSeconds', 'issuedAt'];

/** Checks a mint request that may come straight from JSON, so nothing about its types is trusted. */
function validateMintRequest(request: unknown): MintFields {
  if (request === undefined || request === null) request = {};
  if (typeof request !== 'object' || Array.isArray(request)) {
    throw new InvalidMintRequestError(
      `The mint request must be a JSON object with the fields ${MINT_FIELDS.join(', ')}.`,
    );
  }
  const body = request as Record<string, unknown>;
  const unknown = Object.keys(body).filter((key) => !MINT_FIELDS.includes(key));
  if (unknown.length > 0) {
    throw new InvalidMintRequestError(
      `The mint request has unknown fields ${unknown.map((k) => JSON.stringify(k)).join(', ')}. ` +
        `Use only ${MINT_FIELDS.join(', ')}.`,
    );
  }
  const fields: MintFields = {
    tenantId: textField(body, 'tenantId') ?? DEFAULT_TENANT_ID,
    userName: textField(body, 'userName') ?? DEFAULT_USER_NAME,
  };
  const name = textField(body, 'name');
  if (name !== undefined) fields.name = name;

  const lifetime = body.lifetimeSeconds;
  if (lifetime !== undefined) {
    const valid = typeof lifetime === 'number' && Number.isSafeInteger(lifetime);
    if (!valid || lifetime < 1 || lifetime > MAX_REQUESTED_LIFETIME_SECONDS) {
      throw new InvalidMintRequestError(
        `lifetimeSeconds must be a whole number of seconds from 1 to ` +
          `${MAX_REQUESTED_LIFETIME_SECONDS}; received ${JSON.stringify(lifetime)}.`,
      );
    }
    fields.lifetimeSeconds = lifetime;
  }

  const issuedAt = body.issuedAt;
  if (issuedAt !== undefined) {
    const ms = typeof issuedAt === 'string' ? Date.parse(issuedAt) : Number.NaN;
    if (typeof issuedAt !== 'string' || !/^\d{4}-\d{2}-\d{2}T/.test(issuedAt) || Number.isNaN(ms)) {
      throw new InvalidMintRequestError(
        `issuedAt must be an ISO 8601 date-time such as "2026-01-01T00:00:00Z"; received ` +
          `${JSON.stringify(issuedAt)}.`,
      );
    }
    fields.issuedAtMs = ms;
  }
  return fields;
}

function textField(body: Record<string, unknown>, field: string): string | undefined {
  const value = body[field];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.trim() === '' || value.length > MAX_TEXT_FIELD_LENGTH) {
    throw new InvalidMintRequestError(
      `${field} must be a non-empty string of at most ${MAX_TEXT_FIELD_LENGTH} characters; received ` +
        `${JSON.stringify(value)?.slice(0, 80)}.`,
    );
  }
  return value;
}
