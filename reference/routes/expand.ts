import { badRequest } from '../http/errors.ts';
import type { Reply } from '../http/respond.ts';
import type { CollectionDefinition } from '../store/catalog.ts';
import type { Doc } from '../store/entities.ts';
import { checkScope, isObject, readPage, totalPages, type Context } from './common.ts';

const EXPAND_PAGE = { defaultPageSize: 50, maxPageSize: 100 };
const MAX_RECORD_IDS = 100;

interface SubTablePage {
  page: number;
  pageSize: number;
}

/**
 * `GET /api/v1/module-record/{moduleName}/expand`: module records with their sub-table rows, each
 * paginated on its own.
 * NOTE: the documented per-record visibility rule (active workflow, creator or responsible user)
 * is not applied: every record of the module is visible to every token.
 */
export function expandModuleRecords(context: Context, definition: CollectionDefinition): Reply {
  const { query, faults, app } = context;
  const project = checkScope(context);
  const { page, pageSize } = readPage(query, EXPAND_PAGE, faults);
  const defaultSubPageSize = readSubTablePageSize(query.get('subTablePageSize'));
  const paging = readSubTablePaging(query.get('subTablePaging'), definition);
  const match = readQuery(query.get('query'));
  const recordIds = readRecordIds(query.get('recordIds'));

  const docs = app.store.collection('module', definition.name).docs.filter((doc) => {
    if (recordIds && !recordIds.has(doc.id)) return false;
    if (project && doc.projectID !== project) return false;
    return Object.entries(match).every(([key, value]) => doc[key] === value);
  });
  const total = docs.length;
  const start = (page - 1) * pageSize;
  const pages = totalPages(total, pageSize);
  const fields = readFieldList(query.get('fields'));
  const subFields = readFieldList(query.get('subTableFields'));
  const tables = Object.entries(definition.subTables ?? {});

  const records = docs.slice(start, start + pageSize).map((doc) => {
    const subTableData: Record<string, unknown> = {};
    for (const [tableID] of tables) {
      const rows = app.store.collection('subrow', `${definition.name}/${doc.id}/${tableID}`).docs;
      const { page: subPage, pageSize: subSize } = paging[tableID] ?? {
        page: 1,
        pageSize: defaultSubPageSize,
      };
      const subPages = totalPages(rows.length, subSize);
      subTableData[tableID] = {
        rows: rows
          .slice((subPage - 1) * subSize, subPage * subSize)
          .map((row) => selectFields(row, subFields)),
        page: subPage,
        pageSize: subSize,
        total: rows.length,
        totalPages: subPages,
        nextPage: subPage < subPages ? { page: subPage + 1, pageSize: subSize } : null,
      };
    }
    return { ...selectFields(doc, fields), subTableData };
  });
  return {
    status: 200,
    json: {
      moduleName: definition.name,
      page,
      pageSize,
      total,
      totalPages: faults.has('total-pages-string') ? String(pages) : pages,
      nextPage: page < pages ? { page: page + 1, pageSize } : null,
      subTables: tables.map(([tableID, table]) => ({ tableID, name: table.name })),
      records,
    },
  };
}

function readSubTablePageSize(text: string | null): number {
  if (text === null || text === '') return EXPAND_PAGE.defaultPageSize;
  const value = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!(value >= 1 && value <= 100)) throw badRequest('subTablePageSize must be between 1 and 100');
  return value;
}

function readSubTablePaging(
  text: string | null,
  definition: CollectionDefinition,
): Record<string, SubTablePage> {
  if (text === null || text === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw badRequest(
      `subTablePaging is not valid JSON; send an object such as {"Signatures":{"page":2,"pageSize":30}}`,
    );
  }
  if (!isObject(parsed)) throw badRequest('subTablePaging must be a JSON object keyed by tableID');
  const result: Record<string, SubTablePage> = {};
  for (const [tableID, entry] of Object.entries(parsed)) {
    if (!definition.subTables?.[tableID]) {
      throw badRequest(`subTablePaging names unknown sub-table ${tableID}`);
    }
    const { page = 1, pageSize = EXPAND_PAGE.defaultPageSize } = isObject(entry) ? entry : {};
    if (!Number.isInteger(page) || (page as number) < 1) {
      throw badRequest(`subTablePaging for ${tableID}: page must be greater than 0`);
    }
    if (!Number.isInteger(pageSize) || (pageSize as number) < 1 || (pageSize as number) > 100) {
      throw badRequest(`subTablePaging for ${tableID}: pageSize must be between 1 and 100`);
    }
    result[tableID] = { page: page as number, pageSize: pageSize as number };
  }
  return result;
}

/** Reads the `query` parameter: a JSON object of top-level fields and the values they must equal. */
function readQuery(text: string | null): Record<string, unknown> {
  if (text === null || text === '') return {};
  try {
    const parsed: unknown = JSON.parse(text);
    if (isObject(parsed)) return parsed;
  } catch {
    // Rejected below with the same message as a non-object.
  }
  throw badRequest('query must be a JSON object such as {"projectID":"Vx6-j2Z"}');
}

function readRecordIds(text: string | null): Set<string> | undefined {
  if (text === null || text === '') return undefined;
  const ids = text.split(',').map((id) => id.trim());
  if (ids.length > MAX_RECORD_IDS) {
    throw badRequest(`recordIds has ${ids.length} ids; send at most ${MAX_RECORD_IDS}`);
  }
  const bad = ids.find((id) => !/^[0-9a-f]{24}$/.test(id));
  if (bad !== undefined)
    throw badRequest(`recordIds contains "${bad}", which is not a 24-hex record id`);
  return new Set(ids);
}

function readFieldList(text: string | null): string[] | undefined {
  if (text === null || text === '') return undefined;
  return text
    .split(',')
    .map((field) => field.trim())
    .filter(Boolean);
}

/** Applies a sparse fieldset: listed fields only, or every field but those with a leading `-`. */
function selectFields(doc: Doc, fields: string[] | undefined): Record<string, unknown> {
  if (!fields) return doc;
  const excluded = fields.filter((field) => field.startsWith('-')).map((field) => field.slice(1));
  const included = fields.filter((field) => !field.startsWith('-'));
  const strip = (record: Record<string, unknown>): Record<string, unknown> =>
    Object.fromEntries(Object.entries(record).filter(([key]) => !excluded.includes(key)));
  if (included.length === 0) {
    return { ...strip(doc), customFields: strip(doc.customFields as Record<string, unknown>) };
  }
  const picked: Record<string, unknown> = { _id: doc._id };
  const custom = doc.customFields as Record<string, unknown>;
  for (const field of included) {
    if (field in doc) picked[field] = doc[field];
    else if (field in custom) picked[field] = custom[field];
  }
  return picked;
}
