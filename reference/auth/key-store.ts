import { createHash, randomBytes, webcrypto } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import type { KeyState, KeySummary } from './types.ts';

/**
 * SQLite storage of personal access keys and of the Access Token Private Key. A key row stores the
 * SHA-256 of the token's `jti` (what the product calls the Key ID), never the `jti` or the token.
 * `key_id` is a separate record id that names the key in the admin interface; it grants nothing.
 */

export interface KeyRow {
  keyId: string;
  tenantId: string;
  userName: string;
  name: string;
  state: KeyState;
  /** Seconds since the epoch, as in the token's `iat` and `exp`. */
  issuedAt: number;
  expiresAt: number;
  /** Milliseconds since the epoch of the last state change (for the stale-revocation fault). */
  stateChangedAtMs: number;
}

export interface SigningKey {
  generation: number;
  secret: Uint8Array;
  /**
   * The same secret imported once as an HMAC key, because jose imports raw bytes again on every
   * call, which doubled the time of a verification in a local measurement.
   */
  key: Promise<webcrypto.CryptoKey>;
}

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS access_keys (
    key_id TEXT PRIMARY KEY,
    jti_sha256 TEXT NOT NULL UNIQUE,
    tenant_id TEXT NOT NULL,
    user_name TEXT NOT NULL,
    name TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('enabled', 'disabled', 'revoked')),
    issued_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    state_changed_at_ms INTEGER NOT NULL
  );
  CREATE INDEX IF NOT EXISTS access_keys_tenant ON access_keys (tenant_id, state, expires_at);
  CREATE TABLE IF NOT EXISTS access_token_private_keys (
    generation INTEGER PRIMARY KEY AUTOINCREMENT,
    secret TEXT NOT NULL,
    created_at_ms INTEGER NOT NULL
  );
`;

const COLUMNS = `key_id AS keyId, tenant_id AS tenantId, user_name AS userName, name, state,
  issued_at AS issuedAt, expires_at AS expiresAt, state_changed_at_ms AS stateChangedAtMs`;

export function sha256Hex(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

export function toSummary(row: KeyRow): KeySummary {
  return {
    keyId: row.keyId,
    name: row.name,
    tenantId: row.tenantId,
    userName: row.userName,
    state: row.state,
    issuedAt: new Date(row.issuedAt * 1000).toISOString(),
    expiresAt: new Date(row.expiresAt * 1000).toISOString(),
  };
}

export class KeyStore {
  private readonly statements;

  constructor(private readonly db: Database) {
    db.exec(SCHEMA);
    this.statements = {
      insert: db.prepare(
        `INSERT INTO access_keys (key_id, jti_sha256, tenant_id, user_name, name, state, issued_at,
           expires_at, state_changed_at_ms)
         VALUES (@keyId, @jtiSha256, @tenantId, @userName, @name, 'enabled', @issuedAt, @expiresAt,
           @stateChangedAtMs)`,
      ),
      byKeyId: db.prepare(`SELECT ${COLUMNS} FROM access_keys WHERE key_id = ?`),
      byJtiHash: db.prepare(`SELECT ${COLUMNS} FROM access_keys WHERE jti_sha256 = ?`),
      all: db.prepare(`SELECT ${COLUMNS} FROM access_keys ORDER BY issued_at, key_id`),
      countLive: db.prepare(
        `SELECT COUNT(*) AS count FROM access_keys
         WHERE tenant_id = ? AND state IN ('enabled', 'disabled') AND expires_at > ?`,
      ),
      setState: db.prepare(
        'UPDATE access_keys SET state = ?, state_changed_at_ms = ? WHERE key_id = ?',
      ),
      signingKeys: db.prepare(
        'SELECT generation, secret FROM access_token_private_keys ORDER BY generation DESC',
      ),
      insertSigningKey: db.prepare(
        'INSERT INTO access_token_private_keys (secret, created_at_ms) VALUES (?, ?)',
      ),
      deleteOlderSigningKeys: db.prepare(
        'DELETE FROM access_token_private_keys WHERE generation < ?',
      ),
    };
  }

  /**
   * Inserts a key unless the tenant already has `limit` live keys, in one transaction so two
   * concurrent mints cannot both take the last place. Returns false when the limit is reached.
   */
  insertWithinLimit(
    row: KeyRow & { jtiSha256: string },
    limit: number,
    nowSeconds: number,
  ): boolean {
    return this.db.transaction(() => {
      const bornExpired = row.expiresAt <= nowSeconds;
      if (!bornExpired && this.countLive(row.tenantId, nowSeconds) >= limit) return false;
      this.statements.insert.run(row);
      return true;
    })();
  }

  /** Counts the tenant's enabled or disabled keys that have not expired. */
  countLive(tenantId: string, nowSeconds: number): number {
    return (this.statements.countLive.get(tenantId, nowSeconds) as { count: number }).count;
  }

  byKeyId(keyId: string): KeyRow | undefined {
    return this.statements.byKeyId.get(keyId) as KeyRow | undefined;
  }

  byJti(jti: string): KeyRow | undefined {
    return this.statements.byJtiHash.get(sha256Hex(jti)) as KeyRow | undefined;
  }

  all(): KeyRow[] {
    return this.statements.all.all() as KeyRow[];
  }

  setState(keyId: string, state: KeyState, nowMs: number): void {
    this.statements.setState.run(state, Math.floor(nowMs), keyId);
  }

  /** Signing keys, newest first. */
  signingKeys(): SigningKey[] {
    const rows = this.statements.signingKeys.all() as { generation: number; secret: string }[];
    return rows.map((row) => {
      const secret = new TextEncoder().encode(row.secret);
      const key = webcrypto.subtle.importKey(
        'raw',
        secret,
        { name: 'HMAC', hash: 'SHA-256' },
        false,
        ['sign', 'verify'],
      );
      return { generation: row.generation, secret, key };
    });
  }

  /** Makes `secret` the current signing key; older keys are deleted unless `keepOlder`. */
  addSigningKey(secret: string, nowMs: number, keepOlder: boolean): void {
    this.db.transaction(() => {
      const { lastInsertRowid } = this.statements.insertSigningKey.run(secret, Math.floor(nowMs));
      if (!keepOlder) this.statements.deleteOlderSigningKeys.run(lastInsertRowid);
    })();
  }
}

/** Generates an Access Token Private Key of 32 random bytes, the HS256 key size (RFC 7518 §3.2). */
export function randomPrivateKey(): string {
  return randomBytes(32).toString('base64url');
}
