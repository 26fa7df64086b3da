/**
 * Records the write checks create on the scratch master and module. Every created record carries
 * the worker's marker in each string field, so a worker-scoped teardown can find and delete what a
 * failed test left behind.
 */
import type { RunSettings } from '../../scripts/core/run-settings.ts';
import type { ApiClient, ApiResponse } from './api.ts';

type Row = Record<string, unknown>;

/** Prefix of every marker value, so an operator can also find leftovers by hand. */
export const MARKER_PREFIX = 'exto-conformance-';

/** Largest page the list operations document, used to find created records again. */
const LIST_PAGE_SIZE = 1000;

export function newMarker(workerIndex: number): string {
  return `${MARKER_PREFIX}w${workerIndex}-${Date.now().toString(36)}`;
}

export function masterPath(name: string): string {
  return `/api/v1/master-record/${encodeURIComponent(name)}`;
}

export function modulePath(name: string): string {
  return `/api/v1/module-record/${encodeURIComponent(name)}`;
}

/**
 * Copies a record's custom fields and puts `marker` in every string field that is not a date, so
 * the item passes the field types of the collection and its unique field (when a string) is new.
 * Numbers get `serial`, so a numeric unique field does not collide with existing records either.
 */
export function markedItem(template: Row, marker: string, serial: number): Row {
  const item: Row = {};
  for (const [field, value] of Object.entries(template)) {
    if (typeof value === 'string' && !/^\d{4}-\d{2}-\d{2}/.test(value)) item[field] = marker;
    else if (typeof value === 'number' && Number.isInteger(value)) item[field] = serial;
    else item[field] = value;
  }
  if (Object.keys(item).length === 0) item.name = marker;
  return item;
}

/** Builds `count` items from a template, each with its own marker suffix and serial number. */
export function markedItems(template: Row, marker: string, count: number, first = 0): Row[] {
  // Serial numbers far above seeded ones, derived from the clock so two runs rarely collide.
  const base = 900_000_000 + (Date.now() % 90_000_000);
  return Array.from({ length: count }, (_, index) =>
    markedItem(template, `${marker}-${first + index}`, base + first + index),
  );
}

export function rowsOf(response: ApiResponse): Row[] {
  const body = response.json as { rows?: unknown } | undefined;
  if (Array.isArray(body)) return body as Row[];
  return Array.isArray(body?.rows) ? (body.rows as Row[]) : [];
}

/** True when one of the row's custom fields is a string starting with `marker`. */
export function hasMarker(row: Row, marker: string): boolean {
  const fields = (row.customFields ?? {}) as Row;
  return Object.values(fields).some(
    (value) => typeof value === 'string' && value.startsWith(marker),
  );
}

/**
 * Lists the records of a collection that carry `marker`.
 * NOTE: descending sort with `-` is not documented. On a target that ignores it, marked records
 * on a collection of more than 1000 rows may be missed.
 */
export async function findMarked(api: ApiClient, path: string, marker: string): Promise<Row[]> {
  const response = await api.get(path, { page: 1, pageSize: LIST_PAGE_SIZE, sort: '-createdAt' });
  return rowsOf(response).filter((row) => hasMarker(row, marker));
}

/**
 * Deletes master records by `refId` or by `recordNumber`: the explorer page names the first key,
 * the draft's document the second.
 */
export function deleteMasterRows(
  api: ApiClient,
  path: string,
  rows: Row[],
  userName: string | undefined,
  key: 'refId' | 'recordNumber' = 'refId',
): Promise<ApiResponse> {
  return api.send({
    method: 'DELETE',
    path,
    ...(userName ? { query: { userName } } : {}),
    body: rows.map((row) => ({ [key]: row[key] })),
  });
}

/** Deletes module records by recordNumber, the key the document names for this delete. */
export function deleteModuleRows(
  api: ApiClient,
  path: string,
  rows: Row[],
  userName: string | undefined,
): Promise<ApiResponse> {
  return api.send({
    method: 'DELETE',
    path,
    ...(userName ? { query: { userName } } : {}),
    body: rows.map((row) => ({ recordNumber: row.recordNumber })),
  });
}

/**
 * Deletes every record carrying `marker` from the scratch master and module, for the worker's
 * teardown. Returns how many were found, so the caller can log leftovers.
 */
export async function removeLeftovers(
  api: ApiClient,
  settings: RunSettings,
  marker: string,
  userName: string | undefined,
): Promise<{ path: string; found: number; status?: number }[]> {
  const outcome: { path: string; found: number; status?: number }[] = [];
  if (settings.scratchMaster) {
    const path = masterPath(settings.scratchMaster);
    const rows = await findMarked(api, path, marker);
    const response =
      rows.length > 0 ? await deleteMasterRows(api, path, rows, userName) : undefined;
    outcome.push({ path, found: rows.length, ...(response ? { status: response.status } : {}) });
  }
  if (settings.scratchModule) {
    const path = modulePath(settings.scratchModule);
    const rows = await findMarked(api, path, marker);
    const response =
      rows.length > 0 ? await deleteModuleRows(api, path, rows, userName) : undefined;
    outcome.push({ path, found: rows.length, ...(response ? { status: response.status } : {}) });
  }
  return outcome;
}
