/**
 * Reads bearer tokens that are JWTs and judges their lifetime. Runtime-neutral (no Buffer, no
 * atob), so k6 scenarios can warn about expiring tokens too. Nothing here verifies a signature:
 * the suite only reads the claims of tokens it was given.
 */

/** Documented maximum token lifetime: 180 days. */
export const MAX_LIFETIME_SECONDS = 180 * 24 * 60 * 60;
/** A configured token that expires within this time breaks nightly runs soon: 14 days. */
export const EXPIRY_WARNING_SECONDS = 14 * 24 * 60 * 60;

export interface JwtClaims {
  iat?: number;
  exp?: number;
  nbf?: number;
  [claim: string]: unknown;
}

/** Decodes the payload of a compact JWS; undefined when the token is not one (an opaque key). */
export function decodeJwtClaims(token: string): JwtClaims | undefined {
  const parts = token.trim().split('.');
  if (parts.length !== 3) return undefined;
  try {
    const header = JSON.parse(base64UrlToText(parts[0]!)) as unknown;
    const payload = JSON.parse(base64UrlToText(parts[1]!)) as unknown;
    if (!isObject(header) || !isObject(payload)) return undefined;
    return payload as JwtClaims;
  } catch {
    return undefined;
  }
}

export type LifetimeVerdict =
  | { kind: 'ok'; lifetimeSeconds: number }
  | { kind: 'too-long'; lifetimeSeconds: number; message: string }
  /** `exp` or `iat` is missing or not a number of seconds. */
  | { kind: 'unreadable'; message: string };

/**
 * Checks `exp - iat` against the 180-day maximum. An `exp` in milliseconds shows up here as a
 * lifetime of thousands of years, which is reported as too long with the likely cause.
 */
export function checkLifetime(
  claims: JwtClaims,
  maxSeconds: number = MAX_LIFETIME_SECONDS,
): LifetimeVerdict {
  const { iat, exp } = claims;
  if (typeof exp !== 'number' || !Number.isFinite(exp)) {
    return {
      kind: 'unreadable',
      message: 'the token has no numeric exp claim, so it never expires',
    };
  }
  if (typeof iat !== 'number' || !Number.isFinite(iat)) {
    return {
      kind: 'unreadable',
      message: 'the token has no numeric iat claim, so its lifetime is unknown',
    };
  }
  const lifetimeSeconds = exp - iat;
  if (lifetimeSeconds <= maxSeconds) return { kind: 'ok', lifetimeSeconds };
  const hint = exp > 1e12 ? ' (exp looks like milliseconds; JWT NumericDate is seconds)' : '';
  return {
    kind: 'too-long',
    lifetimeSeconds,
    message: `lifetime is ${formatDuration(lifetimeSeconds)}, longer than ${formatDuration(maxSeconds)}${hint}`,
  };
}

/**
 * Seconds until `exp` as seen from `nowMs` (take it from the server's Date header to avoid the
 * runner's clock skew); negative once expired, undefined without `exp`.
 */
export function secondsUntilExpiry(claims: JwtClaims, nowMs: number): number | undefined {
  if (typeof claims.exp !== 'number' || !Number.isFinite(claims.exp)) return undefined;
  return claims.exp - nowMs / 1000;
}

/** True when the token expires within `withinSeconds` from `nowMs` (or has expired). */
export function expiresSoon(
  claims: JwtClaims,
  nowMs: number,
  withinSeconds: number = EXPIRY_WARNING_SECONDS,
): boolean {
  const left = secondsUntilExpiry(claims, nowMs);
  return left !== undefined && left < withinSeconds;
}

/** `15552000` seconds reads as `180 d`; shorter spans keep hours, minutes or seconds. */
export function formatDuration(seconds: number): string {
  const abs = Math.abs(seconds);
  const sign = seconds < 0 ? '-' : '';
  if (abs >= 86_400) return `${sign}${round(abs / 86_400)} d`;
  if (abs >= 3_600) return `${sign}${round(abs / 3_600)} h`;
  if (abs >= 60) return `${sign}${round(abs / 60)} min`;
  return `${sign}${round(abs)} s`;
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}

const BASE64_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** Decodes base64url (padding optional) and then UTF-8, without Node's Buffer or the DOM's atob. */
export function base64UrlToText(input: string): string {
  const clean = input.replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
  const bytes: number[] = [];
  let buffer = 0;
  let bits = 0;
  for (const char of clean) {
    const value = BASE64_ALPHABET.indexOf(char);
    if (value === -1) throw new Error(`invalid base64url character ${JSON.stringify(char)}`);
    buffer = (buffer << 6) | value;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes.push((buffer >> bits) & 0xff);
    }
  }
  return utf8Decode(bytes);
}

function utf8Decode(bytes: readonly number[]): string {
  let out = '';
  for (let i = 0; i < bytes.length;) {
    const byte = bytes[i]!;
    const length = utf8SequenceLength(byte);
    if (length === 0 || i + length > bytes.length)
      throw new Error('invalid UTF-8 in token payload');
    let code = length === 1 ? byte : byte & (0xff >> (length + 1));
    for (let k = 1; k < length; k += 1) code = (code << 6) | (bytes[i + k]! & 0x3f);
    out += String.fromCodePoint(code);
    i += length;
  }
  return out;
}

/** Returns the byte count of the UTF-8 sequence that `lead` starts, or 0 for a continuation byte. */
function utf8SequenceLength(lead: number): number {
  if (lead < 0x80) return 1;
  if (lead >= 0xf0) return 4;
  if (lead >= 0xe0) return 3;
  if (lead >= 0xc0) return 2;
  return 0;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** One challenge of a `WWW-Authenticate` header: its scheme and auth-params (RFC 9110 §11.6.1). */
export interface Challenge {
  scheme: string;
  /** Parameter names in lower case, values unquoted. */
  params: Record<string, string>;
  /** A token68 credential in place of parameters (`Negotiate abc==`), when there is one. */
  token68?: string;
}

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/**
 * Parses a `WWW-Authenticate` value into its challenges. Several header lines may arrive joined
 * with commas or newlines, so both separate items. Never throws: an unreadable item is skipped.
 */
export function parseChallenges(value: string): Challenge[] {
  const challenges: Challenge[] = [];
  for (const item of splitOutsideQuotes(value.replace(/\r?\n/g, ','))) {
    const param = /^([^\s=]+)\s*=\s*(.*)$/s.exec(item);
    const current = challenges[challenges.length - 1];
    // `name=value` continues the challenge before it; anything else starts a new challenge.
    if (param && current && TOKEN.test(param[1]!)) {
      current.params[param[1]!.toLowerCase()] = unquote(param[2]!);
      continue;
    }
    const [scheme = '', ...rest] = item.split(/\s+/);
    if (!TOKEN.test(scheme)) continue;
    const challenge: Challenge = { scheme, params: {} };
    const tail = rest.join(' ');
    const first = /^([^\s=]+)\s*=\s*(.*)$/s.exec(tail);
    if (first && TOKEN.test(first[1]!) && !/^=*$/.test(first[2]!)) {
      challenge.params[first[1]!.toLowerCase()] = unquote(first[2]!);
    } else if (tail !== '') {
      challenge.token68 = tail;
    }
    challenges.push(challenge);
  }
  return challenges;
}

/**
 * The challenge a 401 must carry (RFC 6750 §3.1): `no-error` when the request carried no
 * credentials (a bare `Bearer`, no error code), `invalid-token` when its token was expired,
 * revoked, or signed with another key (`Bearer error="invalid_token"`).
 */
export type ChallengeExpectation = 'no-error' | 'invalid-token';

export interface ChallengeVerdict {
  ok: boolean;
  /** The reason the header misses the expectation, in one sentence. */
  problem?: string;
  /** The Bearer challenge found, if any. */
  bearer?: Challenge;
}

export function judgeBearerChallenge(
  header: string | undefined,
  expected: ChallengeExpectation,
): ChallengeVerdict {
  if (header === undefined || header.trim() === '') {
    return { ok: false, problem: 'the 401 has no WWW-Authenticate header' };
  }
  const challenges = parseChallenges(header);
  const bearer = challenges.find((challenge) => challenge.scheme.toLowerCase() === 'bearer');
  if (!bearer) {
    const schemes = challenges.map((challenge) => challenge.scheme).join(', ') || 'none readable';
    return {
      ok: false,
      problem: `WWW-Authenticate names no Bearer-scheme challenge (schemes: ${schemes})`,
    };
  }
  const error = bearer.params.error;
  if (expected === 'no-error' && error !== undefined) {
    return {
      ok: false,
      bearer,
      problem: `the Bearer-scheme challenge carries error="${error}", but a request without credentials gets no error code`,
    };
  }
  if (expected === 'invalid-token' && error !== 'invalid_token') {
    return {
      ok: false,
      bearer,
      problem:
        error === undefined
          ? 'the Bearer-scheme challenge has no error code; a rejected token needs error="invalid_token"'
          : `the Bearer-scheme challenge carries error="${error}" instead of error="invalid_token"`,
    };
  }
  return { ok: true, bearer };
}

/**
 * Describes a WWW-Authenticate value as `Bearer (error="invalid_token")`. A scheme is never
 * followed by a space and a word here, because redaction masks `Bearer <word>` as a credential.
 */
export function describeChallenges(header: string | undefined): string {
  if (header === undefined || header.trim() === '') return '(no WWW-Authenticate header)';
  const challenges = parseChallenges(header);
  if (challenges.length === 0) return '(unreadable WWW-Authenticate header)';
  return challenges
    .map(({ scheme, params, token68 }) => {
      const parts = Object.entries(params).map(([name, value]) => `${name}="${value}"`);
      if (token68 !== undefined) parts.push('token68');
      return parts.length > 0 ? `${scheme} (${parts.join(', ')})` : scheme;
    })
    .join('; ');
}

function splitOutsideQuotes(value: string): string[] {
  const items: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < value.length; i += 1) {
    const char = value[i]!;
    if (quoted && char === '\\' && i + 1 < value.length) {
      current += char + value[i + 1]!;
      i += 1;
      continue;
    }
    if (char === '"') quoted = !quoted;
    if (char === ',' && !quoted) {
      items.push(current);
      current = '';
      continue;
    }
    current += char;
  }
  items.push(current);
  return items.map((item) => item.trim()).filter((item) => item !== '');
}

function unquote(value: string): string {
  const trimmed = value.trim();
  if (trimmed.length >= 2 && trimmed.startsWith('"') && trimmed.endsWith('"')) {
    return trimmed.slice(1, -1).replace(/\\(.)/g, '$1');
  }
  return trimmed;
}
