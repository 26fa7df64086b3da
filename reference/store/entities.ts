import type { Db } from './database.ts';

export type EntityKind =
  | 'master'
  | 'module'
  | 'hierarchy'
  | 'subrow'
  | 'user'
  | 'group'
  | 'workspace'
  | 'job'
  | 'workflow'
  | 'document';

export type Doc = Record<string, unknown> & { id: string };

/** One collection in memory: documents in insertion order, each with its JSON text. */
export interface CachedCollection {
  docs: Doc[];
  /** `json[i]` is the stored text of `docs[i]`, reused as is in responses. */
  json: string[];
  byId: Map<string, number>;
}

/**
 * Documents stored in SQLite, read through a per-collection cache. SQLite is the store of record:
 * every write commits first and then drops the collection's cache, so the next read loads what was
 * committed. A list page is then a slice of cached JSON text, with no query or JSON parse per row.
 */
export class EntityStore {
  private readonly cache = new Map<string, CachedCollection>();
  private readonly selectCollection;
  private readonly insertStatement;
  private readonly updateStatement;
  private readonly deleteStatement;

  constructor(readonly db: Db) {
    this.selectCollection = db.prepare<[string, string], { doc: string }>(
      'SELECT doc FROM entities WHERE kind = ? AND collection = ? ORDER BY seq',
    );
    this.insertStatement = db.prepare(
      'INSERT INTO entities (kind, collection, id, doc) VALUES (?, ?, ?, ?)',
    );
    this.updateStatement = db.prepare('UPDATE entities SET doc = ? WHERE kind = ? AND id = ?');
    this.deleteStatement = db.prepare('DELETE FROM entities WHERE kind = ? AND id = ?');
  }

  collection(kind: EntityKind, collection: string = ''): CachedCollection {
    const key = `${kind}\u0000${collection}`;
    let cached = this.cache.get(key);
    if (!cached) {
      const json = this.selectCollection.all(kind, collection).map((row) => row.doc);
      const docs = json.map((text) => JSON.parse(text) as Doc);
      const byId = new Map(docs.map((doc, index) => [doc.id, index]));
      cached = { docs, json, byId };
      this.cache.set(key, cached);
    }
    return cached;
  }

  find(kind: EntityKind, collection: string, id: string): Doc | undefined {
    const cached = this.collection(kind, collection);
    const index = cached.byId.get(id);
    return index === undefined ? undefined : cached.docs[index];
  }

  /** Applies inserts, updates and deletes to one collection in a single transaction. */
  write(
    kind: EntityKind,
    collection: string,
    changes: { insert?: Doc[]; update?: Doc[]; remove?: string[] },
  ): void {
    this.db.transaction(() => {
      for (const doc of changes.insert ?? []) {
        this.insertStatement.run(kind, collection, doc.id, JSON.stringify(doc));
      }
      for (const doc of changes.update ?? []) {
        this.updateStatement.run(JSON.stringify(doc), kind, doc.id);
      }
      for (const id of changes.remove ?? []) this.deleteStatement.run(kind, id);
    })();
    this.cache.delete(`${kind}\u0000${collection}`);
  }
}
