import assert from 'node:assert/strict';
import { test } from 'node:test';

import type { RunSettings } from '../../scripts/core/run-settings.ts';
import type { ApiClient, ApiRequest, ApiResponse } from '../../suites/support/api.ts';
import {
  hasMarker,
  markedItem,
  markedItems,
  newMarker,
  removeLeftovers,
} from '../../suites/support/scratch.ts';

const SETTINGS = {
  baseUrl: 'http://127.0.0.1:1/data',
  allowWrites: true,
  scratchMaster: 'SCRATCH',
  scratchModule: 'SCRATCH_MODULE',
} as RunSettings;

function response(json: unknown, status = 200): ApiResponse {
  return {
    method: 'GET',
    url: '',
    path: '',
    status,
    headers: {},
    mediaType: 'application/json',
    text: JSON.stringify(json),
    json,
    sentAt: 0,
    durationMs: 0,
    curl: '',
  };
}

/** Builds a client that lists `rows` for every GET and records every request it is sent. */
function fakeClient(rows: Record<string, unknown>[]): { client: ApiClient; sent: ApiRequest[] } {
  const sent: ApiRequest[] = [];
  const client = {
    get: (path: string, query?: ApiRequest['query']) => {
      sent.push({ method: 'GET', path, ...(query ? { query } : {}) });
      return Promise.resolve(response({ rows, total: rows.length }));
    },
    send: (request: ApiRequest) => {
      sent.push(request);
      return Promise.resolve(response({ success: true }));
    },
  } as unknown as ApiClient;
  return { client, sent };
}

test('marked item replaces strings and integers', () => {
  const item = markedItem(
    { code: 'L-1', name: 'Depot', since: '2024-01-02', level: 3, ratio: 0.5, ok: true },
    'm',
    7,
  );
  assert.deepEqual(item, {
    code: 'm',
    name: 'm',
    since: '2024-01-02',
    level: 7,
    ratio: 0.5,
    ok: true,
  });
});

test('empty template gets a name', () => {
  assert.deepEqual(markedItem({}, 'm', 1), { name: 'm' });
});

test('marked items differ from each other', () => {
  const items = markedItems({ code: 'x', serial: 1 }, 'm', 3);
  assert.equal(new Set(items.map((item) => item.code)).size, 3);
  assert.equal(new Set(items.map((item) => item.serial)).size, 3);
});

test('marker is found in custom fields', () => {
  const marker = newMarker(2);
  assert.ok(marker.startsWith('exto-conformance-w2-'));
  assert.equal(hasMarker({ customFields: { code: `${marker}-0` } }, marker), true);
  assert.equal(hasMarker({ customFields: { code: 'other' } }, marker), false);
  assert.equal(hasMarker({ refId: marker }, marker), false);
});

test('teardown deletes marked leftovers only', async () => {
  const rows = [
    { _id: 'a', refId: 'r-a', recordNumber: 'SCR-1', customFields: { code: 'mk-0' } },
    { _id: 'b', refId: 'r-b', recordNumber: 'SCR-2', customFields: { code: 'seeded' } },
  ];
  const { client, sent } = fakeClient(rows);
  const outcome = await removeLeftovers(client, SETTINGS, 'mk', 'user@example.com');
  const deletes = sent.filter((request) => request.method === 'DELETE');
  assert.deepEqual(
    outcome.map((entry) => entry.found),
    [1, 1],
  );
  assert.equal(deletes.length, 2);
  assert.deepEqual(deletes[0]!.body, [{ refId: 'r-a' }]);
  assert.deepEqual(deletes[1]!.body, [{ recordNumber: 'SCR-1' }]);
  assert.deepEqual(deletes[0]!.query, { userName: 'user@example.com' });
});

test('teardown sends nothing without leftovers', async () => {
  const { client, sent } = fakeClient([{ _id: 'b', customFields: { code: 'seeded' } }]);
  await removeLeftovers(client, SETTINGS, 'mk', undefined);
  assert.equal(sent.filter((request) => request.method === 'DELETE').length, 0);
});
