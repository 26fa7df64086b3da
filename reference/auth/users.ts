import { randomBytes, scrypt, scryptSync, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import { TENANT_ID } from '../store/catalog.ts';

/**
 * Users of the ID/access-token login flow, stored in the `auth_users` table with scrypt password
 * hashes. The users are seeded from a list at start; there is no sign-up.
 */

export interface SeedUser {
  username: string;
  password: string;
  fullName?: string;
  email?: string;
  company?: string;
  role?: string;
  tenantId?: string;
}

/** The `user` object of the login response. */
export interface UserProfile {
  id: string;
  username: string;
  fullName: string;
  email: string;
  company: string;
  role: string;
  tenantId: string;
}

/**
 * The user of the product's published login example, in the seeded tenant. The password is the
 * example's too: fine for a loopback test server, and for nothing else.
 */
export const DEFAULT_USERS: readonly SeedUser[] = [
  {
    username: 'john@exto360.com',
    password: 'secure',
    fullName: 'John James',
    email: 'john@email.com',
    company: 'Exto',
    role: 'PME',
    tenantId: TENANT_ID,
  },
];

/** scrypt cost parameters: N = 2^14, r = 8, p = 1 (the parameters RFC 7914 §2 gives for interactive logins). */
const SCRYPT: Required<Pick<ScryptOptions, 'N' | 'r' | 'p'>> = { N: 16_384, r: 8, p: 1 };
const KEY_LENGTH = 32;

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS auth_users (
    id TEXT PRIMARY KEY,
    username TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    full_name TEXT NOT NULL,
    email TEXT NOT NULL,
    company TEXT NOT NULL,
    role TEXT NOT NULL,
    tenant_id TEXT NOT NULL
  )
`;

interface UserRow extends UserProfile {
  passwordHash: string;
}

export class UserStore {
  private readonly byUsername;
  /**
   * Hash compared against when the user does not exist, so both cases take the same time. Made on
   * first use, because hashing costs tens of milliseconds at every server start otherwise.
   */
  private decoyHash: string | undefined;

  constructor(db: Database, users: readonly SeedUser[]) {
    db.exec(SCHEMA);
    const upsert = db.prepare(
      `INSERT INTO auth_users (id, username, password_hash, full_name, email, company, role, tenant_id)
       VALUES (@id, @username, @passwordHash, @fullName, @email, @company, @role, @tenantId)
       ON CONFLICT (username) DO UPDATE SET password_hash = excluded.password_hash,
         full_name = excluded.full_name, email = excluded.email, company = excluded.company,
         role = excluded.role, tenant_id = excluded.tenant_id`,
    );
    db.transaction(() => {
      users.forEach((user, index) => upsert.run(toRow(user, index)));
    })();
    this.byUsername = db.prepare(
      `SELECT id, username, password_hash AS passwordHash, full_name AS fullName, email, company,
         role, tenant_id AS tenantId
       FROM auth_users WHERE username = ?`,
    );
  }

  /** Returns the user's profile when the password matches, else undefined. */
  async authenticate(username: string, password: string): Promise<UserProfile | undefined> {
    const row = this.byUsername.get(username) as UserRow | undefined;
    this.decoyHash ??= hashPassword(randomBytes(16).toString('hex'));
    const matches = await verifyPassword(password, row?.passwordHash ?? this.decoyHash);
    if (!row || !matches) return undefined;
    const { passwordHash: _hash, ...profile } = row;
    return profile;
  }
}

export function createUserStore(
  db: Database,
  users: readonly SeedUser[] = DEFAULT_USERS,
): UserStore {
  return new UserStore(db, users);
}

function toRow(user: SeedUser, index: number): UserRow {
  if (typeof user.username !== 'string' || user.username === '') {
    throw new Error(
      `Seed user #${index + 1} has no username. Give every user a non-empty username.`,
    );
  }
  if (typeof user.password !== 'string' || user.password === '') {
    throw new Error(
      `Seed user ${JSON.stringify(user.username)} has no password. Give every user a non-empty password.`,
    );
  }
  return {
    id: `user-${index + 1}`,
    username: user.username,
    passwordHash: hashPassword(user.password),
    fullName: user.fullName ?? user.username,
    email: user.email ?? user.username,
    company: user.company ?? 'Exto',
    role: user.role ?? 'PME',
    tenantId: user.tenantId ?? TENANT_ID,
  };
}

/** Hash format: `scrypt$N$r$p$salt$hash`, salt and hash in base64url. */
export function hashPassword(password: string): string {
  const salt = randomBytes(16);
  const hash = scryptSync(password, salt, KEY_LENGTH, SCRYPT);
  const { N, r, p } = SCRYPT;
  return ['scrypt', N, r, p, salt.toString('base64url'), hash.toString('base64url')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  const options = { N: Number(n), r: Number(r), p: Number(p) };
  const actual = await new Promise<Buffer>((resolve, reject) => {
    scrypt(password, Buffer.from(salt, 'base64url'), expected.length, options, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
  return timingSafeEqual(actual, expected);
}
