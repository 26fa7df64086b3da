/**
 * The seam between the HTTP core of the reference server and its token and rate-limit services.
 * The HTTP core calls `TokenService.verify` for every protected operation and
 * `RateLimiter.consume` for every request that carries a valid token.
 */

/** Owner of a valid token. */
export interface AuthContext {
  /** The key's record id in the admin interface; also the rate limiter's key. */
  keyId: string;
  tenantId: string;
  userName: string;
}

/** Reason for rejecting a token. Only `missing` gets a challenge without `error="invalid_token"`. */
export type AuthFailureReason =
  | 'missing'
  | 'malformed'
  | 'invalid-signature'
  | 'unknown-key'
  | 'wrong-token-type'
  | 'expired'
  | 'revoked'
  | 'disabled';

export type VerifyResult =
  | { ok: true; context: AuthContext }
  /** `detail` goes into `error.detail` of the 401 body; it never contains the token. */
  | { ok: false; status: 401; reason: AuthFailureReason; detail: string };

export type KeyState = 'enabled' | 'disabled' | 'revoked';

export interface MintRequest {
  tenantId?: string;
  userName?: string;
  name?: string;
  /**
   * Seconds; 180 days when absent, and capped there. The token-lifetime-365d fault makes 365 days
   * the default and lifts the cap.
   */
  lifetimeSeconds?: number;
  /** ISO 8601; lets a test mint a token that is already expired. */
  issuedAt?: string;
}

export interface MintedToken {
  token: string;
  keyId: string;
  issuedAt: string;
  expiresAt: string;
}

export interface KeySummary {
  keyId: string;
  name: string;
  tenantId: string;
  userName: string;
  state: KeyState;
  issuedAt: string;
  expiresAt: string;
}

/** Subject of the tokens that the ID/access-token login flow issues. */
export interface LoginSubject {
  userName: string;
  tenantId: string;
}

/** `id` is the login flow's ID token, `access` the token that the access-token call returns. */
export type LoginTokenKind = 'id' | 'access';

export interface TokenService {
  /**
   * Mints a personal access token. Throws `KeyLimitError` when the tenant already has 5 enabled or
   * disabled keys, and `InvalidMintRequestError` for a bad field.
   */
  mint(request: MintRequest): Promise<MintedToken>;
  /** Throws `KeyNotFoundError` for an unknown key and `KeyStateError` when leaving `revoked`. */
  setState(keyId: string, state: KeyState): KeySummary;
  list(): KeySummary[];
  /** Replaces the Access Token Private Key: every token issued before fails from now on. */
  rotateKey(): { rotatedAt: string };
  /**
   * Does to tokens what a process restart does: drops the signing keys held in memory and loads
   * them again from the database, so tokens survive unless the key was never stored.
   */
  restart(): { restartedAt: string };
  /**
   * Checks an `Authorization` header value: undefined when the header is absent, an array when the
   * request repeated it (`req.headersDistinct.authorization`). `nowMs` is wall-clock time
   * (`Date.now()`), because `exp` is wall-clock time. Resolves to a rejection instead of
   * throwing, even on unexpected errors.
   */
  verify(
    authorization: string | readonly string[] | undefined,
    nowMs: number,
  ): Promise<VerifyResult>;
  /** Signs a login-flow token; the Data API rejects it (`wrong-token-type`). */
  issueLoginToken(kind: LoginTokenKind, subject: LoginSubject, nowMs: number): Promise<string>;
  /** Returns the subject of a valid, unexpired login-flow token of `kind`, or undefined. */
  verifyLoginToken(
    kind: LoginTokenKind,
    token: string,
    nowMs: number,
  ): Promise<LoginSubject | undefined>;
}

export type ConsumeResult =
  | { allowed: true; limit: number; remaining: number }
  | { allowed: false; limit: number; retryAfterSeconds: number };

export interface RateLimiter {
  /** Counts one request for `key` (the token's key id) at `nowMs` (a monotonic clock). */
  consume(key: string, nowMs: number): ConsumeResult;
}
