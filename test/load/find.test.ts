import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';

import { findK6, k6MissingMessage } from '../../scripts/lib/k6/find.ts';

const dir = mkdtempSync(join(tmpdir(), 'exto-find-k6-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const fake = join(dir, 'k6');
writeFileSync(fake, '#!/bin/sh\n');
chmodSync(fake, 0o755);

test('K6_BIN wins over PATH', () => {
  assert.equal(findK6({ K6_BIN: fake, PATH: '/nonexistent' }), fake);
});

test('PATH search finds k6', () => {
  assert.equal(findK6({ PATH: `/nonexistent:${dir}` }), fake);
});

test('missing k6 returns undefined', () => {
  assert.equal(findK6({ PATH: '/nonexistent' }), undefined);
  assert.equal(findK6({ K6_BIN: join(dir, 'missing'), PATH: dir }), undefined);
});

test('hint names K6_BIN and install', () => {
  assert.match(k6MissingMessage({ PATH: '' }), /k6 not found: k6 is not on PATH\. Install k6/);
  assert.match(k6MissingMessage({ K6_BIN: '/x/k6' }), /K6_BIN=\/x\/k6 is not an executable file/);
});
