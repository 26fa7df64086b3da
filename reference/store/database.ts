import Database from 'better-sqlite3';
import { seedDatabase } from './seed.ts';

export type Db = Database.Database;

/**
 * Opens (and on first start creates and seeds) the reference server's SQLite database, in `file`
 * or in memory when `file` is undefined.
 *
 * Durability: WAL with synchronous=NORMAL. Each commit is written to the WAL file before
 * better-sqlite3 returns, so a killed process (even SIGKILL) loses no committed write, because the
 * data already sits in the operating system's page cache. Only an operating-system crash or power
 * loss can drop the last commits, since NORMAL syncs the WAL at checkpoints instead of on every
 * commit. test/reference/server-durability.test.ts kills the server during writes to check this.
 */
export function openDatabase(file?: string): Db {
  const db = new Database(file ?? ':memory:');
  if (file) db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.exec(`
    CREATE TABLE IF NOT EXISTS entities (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
      kind TEXT NOT NULL,
      collection TEXT NOT NULL,
      id TEXT NOT NULL,
      doc TEXT NOT NULL,
      UNIQUE (kind, id)
    );
    CREATE INDEX IF NOT EXISTS entities_by_collection ON entities (kind, collection, seq);
    CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
  `);
  const seeded = db.prepare(`SELECT value FROM meta WHERE key = 'seeded'`).get();
  if (!seeded) {
    db.transaction(() => {
      seedDatabase(db);
      db.prepare(`INSERT INTO meta (key, value) VALUES ('seeded', ?)`).run(
        new Date().toISOString(),
      );
    })();
  }
  return db;
}
