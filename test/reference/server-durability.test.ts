import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { test } from 'node:test';
import Database from 'better-sqlite3';

const MAIN = new URL('../../reference/main.ts', import.meta.url).pathname;
/** Writes sent in all; the kill comes after KILL_AFTER of them were acknowledged. */
const MAX_WRITES = 400;
const KILL_AFTER = 80;
const CONCURRENCY = 8;

test('SIGKILL during writes keeps acknowledged writes', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'exto-durability-'));
  const dbFile = join(dir, 'reference.db');
  const secretFile = join(dir, 'admin-secret');
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      MAIN,
      '--port',
      '0',
      '--db',
      dbFile,
      '--rate-limit',
      '100000',
      '--admin-secret-file',
      secretFile,
      '--log-level',
      'silent',
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    const baseUrl = await new Promise<string>((resolve, reject) => {
      const lines = createInterface({ input: child.stdout! });
      // Log lines may come first at other log levels; the base URL line starts with `listening`.
      lines.on('line', (line) => {
        if (line.startsWith('listening ')) resolve(line.slice('listening '.length));
      });
      child.once('exit', (code) =>
        reject(new Error(`main.ts exited with ${code} before listening`)),
      );
    });
    const origin = baseUrl.replace(/\/data$/, '');
    const minted = await fetch(`${origin}/_admin/tokens`, {
      method: 'POST',
      headers: {
        'X-Admin-Secret': readFileSync(secretFile, 'utf8'),
        'Content-Type': 'application/json',
      },
      body: '{}',
    });
    const { token } = (await minted.json()) as { token: string };

    const acknowledged: string[] = [];
    let sent = 0;
    let killed = false;
    const worker = async (): Promise<void> => {
      while (!killed && sent < MAX_WRITES) {
        const n = sent++;
        try {
          const response = await fetch(`${baseUrl}/api/v1/master-record/VENDOR`, {
            method: 'POST',
            headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
            body: JSON.stringify([{ vendor_code: `DUR-${n}`, vendor_name: `Durable ${n}` }]),
          });
          if (response.status === 201) {
            const body = (await response.json()) as { insertedIds: string[] };
            acknowledged.push(...body.insertedIds);
          }
        } catch {
          // Requests cut off by the kill have no acknowledgement, so nothing is expected of them.
        }
        if (!killed && acknowledged.length >= KILL_AFTER) {
          killed = true;
          child.kill('SIGKILL');
        }
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    await exited;
    assert.ok(killed, 'the server was not killed during writes');
    assert.ok(acknowledged.length >= KILL_AFTER);

    const db = new Database(dbFile);
    try {
      assert.equal(db.pragma('integrity_check', { simple: true }), 'ok');
      const stored = new Set(
        db
          .prepare<[], { id: string }>(
            `SELECT id FROM entities WHERE kind = 'master' AND collection = 'VENDOR'`,
          )
          .all()
          .map((row) => row.id),
      );
      const lost = acknowledged.filter((id) => !stored.has(id));
      assert.deepEqual(lost, []);
    } finally {
      db.close();
    }
  } finally {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
    rmSync(dir, { recursive: true, force: true });
  }
});
