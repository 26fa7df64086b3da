import { readJson } from '../http/body.ts';
import { badRequest } from '../http/errors.ts';
import type { Route } from '../http/router.ts';
import { findCollection, type FieldKind } from '../store/catalog.ts';
import type { Doc } from '../store/entities.ts';
import { newObjectId, newShortId } from '../store/ids.ts';
import { buildRecord, nextRecordNumber } from '../store/records.ts';
import {
  checkScope,
  envelopeReply,
  readItems,
  readPage,
  STANDARD_PAGE,
  type App,
  type Context,
  pageSlice,
} from './common.ts';
import { validateFields } from './records.ts';

interface SubTableTarget {
  collection: string;
  parent: Doc;
  fields: Record<string, FieldKind>;
}

/**
 * Resolves `tableID`, `moduleName` and `recordId` to the parent record's sub-table. Every problem
 * is a 400, the only client error these operations document.
 */
function resolveSubTable(context: Context): SubTableTarget {
  checkScope(context);
  const tableID = context.params.tableID ?? '';
  const moduleName = context.query.get('moduleName');
  const recordId = context.query.get('recordId');
  if (!moduleName || !recordId || !tableID)
    throw badRequest('Missing moduleName, recordId, or tableID.');
  const definition = findCollection('module', moduleName);
  if (!definition)
    throw badRequest(`Module ${moduleName.toUpperCase()} not found; check moduleName`);
  const table = definition.subTables?.[tableID];
  if (!table) {
    const known = Object.keys(definition.subTables ?? {}).join(', ') || 'none';
    throw badRequest(
      `Sub-table ${tableID} not found in ${definition.name}; its sub-tables are ${known}`,
    );
  }
  const parent = context.app.store.find('module', definition.name, recordId);
  if (!parent)
    throw badRequest(`Record ${recordId} not found in ${definition.name}; check recordId`);
  return { collection: `${definition.name}/${recordId}/${tableID}`, parent, fields: table.fields };
}

export const subTableRoutes: Route<App>[] = [
  {
    method: 'GET',
    pattern: '/api/v1/sub-table/{tableID}',
    operationId: 'getSubTableRows',
    auth: true,
    list: true,
    handler: (context) => {
      const { page, pageSize } = readPage(context.query, STANDARD_PAGE, context.faults);
      const target = resolveSubTable(context);
      const json = context.app.store.collection('subrow', target.collection).json;
      return envelopeReply(
        pageSlice(json, page, pageSize),
        json.length,
        page,
        pageSize,
        context.faults,
      );
    },
  },
  {
    method: 'POST',
    pattern: '/api/v1/sub-table/{tableID}',
    operationId: 'writeSubTableRows',
    auth: true,
    handler: async (context) => {
      const target = resolveSubTable(context);
      const items = readItems(await readJson(context.req));
      items.forEach((item, index) => {
        const problem = validateFields(item, target.fields);
        if (problem) throw badRequest(`Item ${index}: ${problem}`);
      });
      const store = context.app.store;
      const existing = store.collection('subrow', target.collection).docs;
      let number = nextRecordNumber(existing);
      const now = Date.now();
      const at = new Date(now).toISOString();
      // Rows are appended, as the sub-table documentation describes.
      const rows = items.map((item) =>
        buildRecord({
          id: newObjectId(now),
          refId: newShortId(),
          recordNumber: `${String(target.parent.recordNumber)}-R${number++}`,
          customFields: item,
          projectID: String(target.parent.projectID),
          createdBy: context.auth?.userName ?? 'api',
          createdAt: at,
          parentID: target.parent.id,
        }),
      );
      store.write('subrow', target.collection, { insert: rows });
      return {
        status: 201,
        json: {
          insertedIds: rows.map((row) => row.id),
          insertedCount: rows.length,
          updatedCount: 0,
        },
      };
    },
  },
  {
    method: 'DELETE',
    pattern: '/api/v1/sub-table/{tableID}',
    operationId: 'deleteSubTableRows',
    auth: true,
    handler: async (context) => {
      const target = resolveSubTable(context);
      const body = await readJson(context.req);
      const message = 'Request body must be a non-empty array of objects with "recordNumber"';
      if (!Array.isArray(body) || body.length === 0) throw badRequest(message);
      const items = readItems(body);
      const numbers = new Set(
        items.map((item, index) => {
          if (typeof item.recordNumber !== 'string' || item.recordNumber === '') {
            throw badRequest(message, `Item ${index} has no "recordNumber"`);
          }
          return item.recordNumber;
        }),
      );
      const store = context.app.store;
      const remove = store
        .collection('subrow', target.collection)
        .docs.filter((row) => numbers.has(String(row.recordNumber)))
        .map((row) => row.id);
      if (remove.length > 0) store.write('subrow', target.collection, { remove });
      return { status: 200, json: { success: true, deletedCount: remove.length } };
    },
  },
];
