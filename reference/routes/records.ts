import { buildPredicate, checkTimeZone, FilterError } from '../filter/index.ts';
import { ApiError, badRequest, serviceException } from '../http/errors.ts';
import type { Reply } from '../http/respond.ts';
import {
  filterTypeOf,
  findCollection,
  type CollectionDefinition,
  type CollectionKind,
  type FieldKind,
} from '../store/catalog.ts';
import type { Doc } from '../store/entities.ts';
import { newObjectId, newShortId } from '../store/ids.ts';
import { buildRecord, nextRecordNumber } from '../store/records.ts';
import {
  checkScope,
  envelopeReply,
  readItems,
  readPage,
  STANDARD_PAGE,
  type Context,
  type PageLimits,
} from './common.ts';

/**
 * Finds the master, module or hierarchy master named in the path (case-insensitive). A missing
 * name is a 400 with `missingMessage`; an unknown one is the documented 500 `Service Exception`.
 */
export function resolveCollection(
  kind: CollectionKind,
  name: string | undefined,
  missingMessage: string,
): CollectionDefinition {
  if (!name) throw badRequest(missingMessage);
  const collection = findCollection(kind, name);
  if (!collection) throw serviceException(`${name.toUpperCase()} not Found.`);
  return collection;
}

/** Selects, filters, sorts and pages records; shared by every record list operation. */
export function listRecords(
  context: Context,
  kind: CollectionKind,
  definition: CollectionDefinition,
  limits: PageLimits = STANDARD_PAGE,
): Reply {
  const { query, faults } = context;
  const project = checkScope(context);
  const { page, pageSize } = readPage(query, limits, faults);
  const cached = context.app.store.collection(kind, definition.name);
  let indexes: number[] | undefined;

  const filter = query.get('filter');
  const timeZone = query.get('localTimeZone') || undefined;
  const status = query.get('status');
  const sort = query.get('sort');
  if (filter || timeZone || status || project || sort) {
    const predicate = buildFilter(filter, definition.fields, timeZone, faults);
    indexes = [];
    cached.docs.forEach((doc, index) => {
      if (project && doc.projectID !== project) return;
      if (status && doc.status !== status) return;
      if (predicate && !predicate(doc)) return;
      indexes!.push(index);
    });
    if (sort) sortIndexes(indexes, cached.docs, sort, definition.fields);
  }
  const total = indexes ? indexes.length : cached.json.length;
  const start = (page - 1) * pageSize;
  const rows = indexes
    ? indexes.slice(start, start + pageSize).map((index) => cached.json[index]!)
    : cached.json.slice(start, start + pageSize);
  return envelopeReply(rows, total, page, pageSize, faults);
}

function buildFilter(
  filter: string | null,
  fields: Record<string, FieldKind>,
  timeZone: string | undefined,
  faults: Context['faults'],
): ((doc: Doc) => boolean) | undefined {
  try {
    if (timeZone) checkTimeZone(timeZone);
    if (!filter) return undefined;
    return buildPredicate(filter, (field) => filterTypeOf(fields, field), timeZone);
  } catch (error) {
    if (!(error instanceof FilterError)) throw error;
    // The invalid-filter-500 fault behaves like a server that lets the parser's exception escape.
    if (faults.has('invalid-filter-500'))
      throw new ApiError(500, [error.message], 'Service Exception');
    throw badRequest(error.message);
  }
}

/** Sorts by a custom or system field, ascending, or descending with a leading `-`. */
function sortIndexes(
  indexes: number[],
  docs: readonly Doc[],
  sort: string,
  fields: Record<string, FieldKind>,
): void {
  const descending = sort.startsWith('-');
  const field = descending ? sort.slice(1) : sort;
  if (!filterTypeOf(fields, field)) {
    throw badRequest(
      `Invalid sort "${sort}": unknown field "${field}"; use a field name, with - for descending`,
    );
  }
  const read = (doc: Doc): unknown => {
    const custom = doc.customFields as Record<string, unknown>;
    const value = field in custom ? custom[field] : doc[field];
    if (value && typeof value === 'object' && 'value' in value)
      return (value as { value: unknown }).value;
    return value;
  };
  const direction = descending ? -1 : 1;
  indexes.sort((a, b) => {
    const left = read(docs[a]!);
    const right = read(docs[b]!);
    // Blank values sort last in either direction.
    if (left === right) return a - b;
    if (left === null || left === undefined) return 1;
    if (right === null || right === undefined) return -1;
    return (left < right ? -1 : 1) * direction;
  });
}

/** Checks item values against the declared field kinds; returns the first problem found. */
export function validateFields(
  item: Record<string, unknown>,
  fields: Record<string, FieldKind>,
): string | undefined {
  for (const [name, value] of Object.entries(item)) {
    const kind = fields[name];
    if (!kind || value === null) continue;
    const problem = FIELD_CHECKS[kind](value);
    if (problem) return `field "${name}" ${problem}`;
  }
  return undefined;
}

const FIELD_CHECKS: Record<FieldKind, (value: unknown) => string | undefined> = {
  number: (v) => (typeof v === 'number' && Number.isFinite(v) ? undefined : 'must be a number'),
  string: (v) => (typeof v === 'string' ? undefined : 'must be a string'),
  select: (v) => (typeof v === 'string' ? undefined : 'must be a string'),
  boolean: (v) => (typeof v === 'boolean' ? undefined : 'must be true or false'),
  date: (v) =>
    typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v)
      ? undefined
      : 'must be a date in YYYY-MM-DD form',
  datetime: (v) =>
    typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?Z$/.test(v)
      ? undefined
      : 'must be a UTC date-time such as 2025-02-27T02:20:06.958Z',
  checkbox: (v) =>
    Array.isArray(v) && v.every((x) => typeof x === 'string')
      ? undefined
      : 'must be an array of strings',
  currency: (v) => {
    const c = v as { label?: unknown; value?: unknown; currency?: unknown };
    const ok =
      typeof v === 'object' &&
      typeof c.value === 'number' &&
      typeof c.currency === 'string' &&
      /^[A-Z]{3}$/.test(c.currency);
    return ok ? undefined : 'must be {label, value, currency} with a 3-letter currency code';
  },
};

export interface WriteResult {
  insertedIds: string[];
  insertedCount: number;
  updatedCount: number;
}

/**
 * Creates or updates records: an item whose unique field (or `refId`) matches an existing record
 * updates it, any other item creates a record. All items commit in one transaction.
 */
export function upsertRecords(
  context: Context,
  kind: CollectionKind,
  definition: CollectionDefinition,
  items: Record<string, unknown>[],
  options: { validationSummary?: string; createdBy: string; updateOnly?: boolean },
): WriteResult {
  const project = checkScope(context) ?? 'Vx6-j2Z';
  const store = context.app.store;
  const cached = store.collection(kind, definition.name);
  items.forEach((item, index) => {
    if ('_id' in item && options.updateOnly) throw badRequest("Updating '_id' is not allowed");
    const problem = validateFields(stripSystemKeys(item), definition.fields);
    if (problem) {
      throw new ApiError(
        400,
        options.validationSummary
          ? [options.validationSummary, `Item ${index}: ${problem}`]
          : [`Item ${index}: ${problem}`],
      );
    }
  });

  // Unique-field values of existing and newly inserted records, for matching within one request too.
  const byUnique = new Map<unknown, Doc>();
  const byRefId = new Map<string, Doc>();
  for (const doc of cached.docs) {
    const value = (doc.customFields as Record<string, unknown>)[definition.uniqueField];
    if (value !== undefined && value !== null) byUnique.set(value, doc);
    byRefId.set(String(doc.refId), doc);
  }
  const now = Date.now();
  const at = new Date(now).toISOString();
  let number = nextRecordNumber(cached.docs);
  const inserted: Doc[] = [];
  const updated = new Map<string, Doc>();
  let updatedCount = 0;
  for (const item of items) {
    const fields = stripSystemKeys(item);
    const refId = typeof item.refId === 'string' ? item.refId : undefined;
    const uniqueValue = fields[definition.uniqueField];
    const existing =
      (refId && byRefId.get(refId)) ||
      (uniqueValue !== undefined && uniqueValue !== null ? byUnique.get(uniqueValue) : undefined);
    if (existing) {
      const next: Doc = {
        ...existing,
        customFields: { ...(existing.customFields as Record<string, unknown>), ...fields },
        updatedBy: options.createdBy,
        updatedAt: at,
      };
      updated.set(next.id, next);
      updatedCount += 1;
      byRefId.set(String(next.refId), next);
      if (uniqueValue !== undefined) byUnique.set(uniqueValue, next);
      continue;
    }
    if (options.updateOnly) continue;
    const id = newObjectId(now);
    const doc = buildRecord({
      id,
      refId: newShortId(),
      recordNumber: `${definition.recordPrefix}-${number++}`,
      customFields: fields,
      projectID: project,
      createdBy: options.createdBy,
      createdAt: at,
      ...(definition.kind === 'module' ? { status: 'Draft' } : {}),
      ...(definition.kind === 'hierarchy' ? { extra: hierarchyFields(id, item) } : {}),
    });
    inserted.push(doc);
    byRefId.set(String(doc.refId), doc);
    if (uniqueValue !== undefined && uniqueValue !== null) byUnique.set(uniqueValue, doc);
  }
  // An item that updates a record inserted earlier in the same request changes that insert instead.
  const insertedIds = new Set(inserted.map((doc) => doc.id));
  const insert = inserted.map((doc) => updated.get(doc.id) ?? doc);
  const update = [...updated.values()].filter((doc) => !insertedIds.has(doc.id));
  store.write(kind, definition.name, { insert, update });
  return {
    insertedIds: inserted.map((doc) => doc.id),
    insertedCount: inserted.length,
    updatedCount,
  };
}

function hierarchyFields(id: string, item: Record<string, unknown>): Record<string, unknown> {
  const parentRow = typeof item.sys_parentRowID === 'string' ? item.sys_parentRowID : null;
  const rowID = `row-${id.slice(-8)}`;
  return {
    sys_rowID: rowID,
    sys_parentRowID: parentRow,
    sys_path: parentRow ? `/${parentRow}/${rowID}` : `/${rowID}`,
  };
}

/** Keys that address a record or are managed by the server, never stored as custom fields. */
const SYSTEM_KEYS = new Set([
  '_id',
  'id',
  'refId',
  'slug',
  'recordNumber',
  'sys_rowID',
  'sys_parentRowID',
  'sys_path',
]);

function stripSystemKeys(item: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(item).filter(([key]) => !SYSTEM_KEYS.has(key)));
}

/** Deletes records named by `recordNumber` or `refId`; returns how many matched. */
export function deleteRecords(
  context: Context,
  kind: CollectionKind,
  definition: CollectionDefinition,
  body: unknown,
): number {
  const items = readItems(body);
  const keys = items.map((item, index) => {
    const key = item.recordNumber ?? item.refId;
    if (typeof key !== 'string' || key === '') {
      throw badRequest(`Item ${index} must name a record with "recordNumber" or "refId"`);
    }
    return key;
  });
  const wanted = new Set(keys);
  const cached = context.app.store.collection(kind, definition.name);
  const remove = cached.docs
    .filter((doc) => wanted.has(String(doc.recordNumber)) || wanted.has(String(doc.refId)))
    .map((doc) => doc.id);
  if (remove.length > 0) context.app.store.write(kind, definition.name, { remove });
  return remove.length;
}

export function createdReply(result: WriteResult, status: number = 201): Reply {
  return { status, json: result };
}
