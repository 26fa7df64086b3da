/**
 * The seam between the HTTP core of the reference server and its token and rate-limit services.
 * The HTTP core calls `TokenService.verify` for every protected operation and
 * `RateLimiter.consume` for every request that carries a valid token.
 */

/** Who a valid token belongs to. */
export interface AuthContext {
  keyId: string;
  tenantId: string;
  userName: string;
}

export type VerifyResult =
  | { ok: true; context: AuthContext }
  /** `detail` goes into `error.detail` of the 401 body; it never contains the token. */
  | { ok: false; status: 401; detail: string };

export type KeyState = 'enabled' | 'disabled' | 'revoked';

export interface MintRequest {
  tenantId?: string;
  userName?: string;
  name?: string;
  /** Capped at 180 days (365 under the token-lifetime-365d fault). */
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
  state: KeyState;
  issuedAt: string;
  expiresAt: string;
}

export interface TokenService {
  /** Throws `KeyLimitError` when the tenant already has 5 enabled or disabled keys. */
  mint(request: MintRequest): Promise<MintedToken>;
  setState(keyId: string, state: KeyState): KeySummary;
  list(): KeySummary[];
  /** Replaces the Access Token Private Key: every token issued before fails from now on. */
  rotateKey(): { rotatedAt: string };
  /** Checks an `Authorization` header value (undefined when the header is absent). */
  verify(authorization: string | undefined, nowMs: number): Promise<VerifyResult>;
}

export type ConsumeResult =
  | { allowed: true; limit: number; remaining: number }
  | { allowed: false; limit: number; retryAfterSeconds: number };

export interface RateLimiter {
  /** Counts one request for `key` (the token's key id) at `nowMs` (a monotonic clock). */
  consume(key: string, nowMs: number): ConsumeResult;
}
