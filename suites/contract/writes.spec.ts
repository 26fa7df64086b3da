/**
 * Write operations, only with --allow-writes and only on the scratch master and module named for
 * them. Every record a test creates carries the worker's marker and is deleted in a `finally`
 * block, and the `writeMarker` fixture deletes whatever still carries the marker when the worker
 * stops, so a failed check leaves nothing behind.
 */
import { test } from '../fixtures.ts';
import type { Operation } from '../../scripts/core/spec/types.ts';
import type { ApiClient, ApiResponse } from '../support/api.ts';
import type { CheckDef, CheckRecorder } from '../support/checks.ts';
import { checkMessage, checkRejected } from '../support/contract-checks.ts';
import type { Discovery } from '../support/discovery.ts';
import { preview } from '../support/expectations.ts';
import { findOperation } from '../support/lists.ts';
import { documentedMessages, fillMessage } from '../support/messages.ts';
import {
  deleteMasterRows,
  deleteModuleRows,
  findMarked,
  markedItems,
  masterPath,
  modulePath,
  rowsOf,
} from '../support/scratch.ts';
import type { SuiteSpec } from '../support/spec.ts';

/** Items per write: more than one, so the counts can disagree with each other. */
const ITEMS = 2;
/** One item above the documented maximum of 1000 per write body. */
const OVERSIZED_ITEMS = 1001;
/** One id above the documented maximum of 100 per workflow v1 action. */
const OVERSIZED_WORKFLOW_IDS = 101;
/** A 24-hex id that no record has, so a server that ignores the limits still changes nothing. */
const UNKNOWN_ID = '000000000000000000000000';
const UNKNOWN_USER = 'exto-conformance-no-such-user@example.invalid';

const MASTER = '/api/v1/master-record/{masterName}';
const MODULE = '/api/v1/module-record/{moduleName}';
const SUB_TABLE = '/api/v1/sub-table/{tableID}';
const WORKFLOW_V1 = '/api/v1/workflow/{moduleName}';

function writeDef(
  operationId: string,
  method: string,
  path: string,
  suffix: string,
  title: string,
  severity: CheckDef['severity'] = 'critical',
): CheckDef {
  return { id: `writes.${operationId}.${suffix}`, title, severity, operationId, method, path };
}

const COUNTS = writeDef(
  'upsertMasterRecord',
  'POST',
  MASTER,
  '201.counts',
  'POST master records returns 201 with insertedIds and counts that add up',
);
const RESEND = writeDef(
  'upsertMasterRecord',
  'POST',
  MASTER,
  'resend.updated',
  'POST master records again with the same unique values updates every item',
);
const PATCH_COUNTS = writeDef(
  'updateMasterRecord',
  'PATCH',
  MASTER,
  '200.counts',
  'PATCH master records updates every item sent by refId',
);
const DELETE_RESULT = writeDef(
  'deleteMasterRecord',
  'DELETE',
  MASTER,
  '200.success',
  'DELETE master records returns 200 with success true',
);
const DELETE_BY_REF_ID = writeDef(
  'deleteMasterRecord',
  'DELETE',
  MASTER,
  'by-refId.deleted',
  'DELETE master records deletes the records named by refId',
  'minor',
);
const DELETE_BY_NUMBER = writeDef(
  'deleteMasterRecord',
  'DELETE',
  MASTER,
  'by-recordNumber.deleted',
  'DELETE master records deletes the records named by recordNumber',
  'minor',
);
const CLEANUP: CheckDef = {
  id: 'writes.cleanup.removed',
  title: 'Records created by the suite are deleted again',
  severity: 'critical',
  operationId: 'deleteMasterRecord',
  method: 'DELETE',
  path: MASTER,
};

/** Skips the whole test, recording `defs` as skipped, unless writes are on and `names` are set. */
async function requireWrites(
  checks: CheckRecorder,
  settings: { allowWrites: boolean; scratchMaster?: string; scratchModule?: string },
  needs: ('scratchMaster' | 'scratchModule')[],
  defs: CheckDef[],
): Promise<void> {
  const missing = !settings.allowWrites
    ? { reason: 'Writes are off; the suite writes only when allowed.', flag: '--allow-writes' }
    : needs.includes('scratchMaster') && !settings.scratchMaster
      ? { reason: 'Writes go only to the master named for them.', flag: '--scratch-master' }
      : needs.includes('scratchModule') && !settings.scratchModule
        ? { reason: 'Writes go only to the module named for them.', flag: '--scratch-module' }
        : undefined;
  if (!missing) return;
  for (const def of defs.slice(1)) await checks.skip(def, missing.reason, missing.flag);
  await checks.skipTest(defs[0]!, missing.reason, missing.flag);
}

/**
 * Checks a write response against the document: a documented status, content type and schema, in
 * one check per operation and case, so the write checks do not repeat the read checks' ids.
 */
async function checkDocumented(
  checks: CheckRecorder,
  spec: SuiteSpec,
  operation: Operation | undefined,
  response: ApiResponse,
  suffix: string,
): Promise<void> {
  if (!operation) return;
  const method = operation.method.toUpperCase();
  const def = writeDef(
    operation.operationId,
    method,
    operation.path,
    `${suffix}.documented`,
    `${method} ${operation.path} answers ${suffix} with a documented status, content type and body`,
  );
  const verdict = spec.validators.validateResponse(
    operation.operationId,
    response.status,
    response.headers['content-type'],
    response.json,
  );
  const problems: string[] = [];
  if (!verdict.statusDocumented) problems.push(`status ${response.status} is not documented`);
  else {
    if (response.text.length > 0 && verdict.documentedContentTypes.length > 0) {
      if (!verdict.contentTypeDocumented)
        problems.push(`Content-Type ${response.headers['content-type'] ?? '(none)'}`);
    }
    problems.push(...verdict.schemaErrors.slice(0, 5).map((error) => error.message));
  }
  const base = { curl: response.curl, httpStatus: response.status };
  await checks.verdict(
    def,
    problems.length === 0
      ? undefined
      : {
          message: problems.join('; '),
          received: `${response.status} ${preview(response.text)}`,
          documented: verdict.documentedStatuses.join(', ') || '(no responses)',
          ...base,
        },
    base,
  );
}

async function templateFrom(api: ApiClient, path: string): Promise<Record<string, unknown>> {
  const first = rowsOf(await api.get(path, { page: 1, pageSize: 1 }))[0];
  return (first?.customFields as Record<string, unknown> | undefined) ?? {};
}

function writeCounts(response: ApiResponse): {
  ids: string[];
  inserted: unknown;
  updated: unknown;
} {
  const body = response.json as
    { insertedIds?: unknown; insertedCount?: unknown; updatedCount?: unknown } | undefined;
  const ids = Array.isArray(body?.insertedIds) ? body.insertedIds.map(String) : [];
  return { ids, inserted: body?.insertedCount, updated: body?.updatedCount };
}

test(
  'POST /api/v1/master-record/{masterName} creates records and the suite removes them',
  { tag: '@contract' },
  async ({ api, settings, spec, discovery, checks, writeMarker }) => {
    await requireWrites(
      checks,
      settings,
      ['scratchMaster'],
      [COUNTS, RESEND, PATCH_COUNTS, DELETE_RESULT, DELETE_BY_REF_ID, DELETE_BY_NUMBER, CLEANUP],
    );
    const path = masterPath(settings.scratchMaster!);
    const operation = (method: string) => findOperation(spec, method, MASTER);
    const marker = `${writeMarker}-master`;
    const items = markedItems(await templateFrom(api, path), marker, ITEMS);

    const created: string[] = [];
    try {
      const response = await api.send({ method: 'POST', path, body: items });
      await checkDocumented(checks, spec, operation('post'), response, `${response.status}`);
      const { ids, inserted, updated } = writeCounts(response);
      created.push(...ids);
      const problems: string[] = [];
      if (response.status !== 201) problems.push(`status ${response.status}`);
      if (!ids.every((id) => /^[0-9a-f]{24}$/.test(id)))
        problems.push('insertedIds are not all 24-hex ids');
      if (inserted !== ids.length)
        problems.push(`insertedCount ${String(inserted)} differs from ${ids.length} insertedIds`);
      if (Number(inserted) + Number(updated) !== ITEMS) {
        problems.push(`insertedCount + updatedCount is not the ${ITEMS} items sent`);
      }
      await checks.verdict(
        COUNTS,
        problems.length === 0
          ? undefined
          : {
              message: problems.join('; '),
              received: `${response.status} ${preview(response.text)}`,
              documented: `201 {insertedIds: 24-hex ids, insertedCount == insertedIds.length, insertedCount + updatedCount == ${ITEMS}}`,
              curl: response.curl,
              httpStatus: response.status,
            },
        { curl: response.curl, httpStatus: response.status },
      );

      // The same items again: their unique field now matches the records just created.
      const again = await api.send({ method: 'POST', path, body: items });
      await checkDocumented(checks, spec, operation('post'), again, `resend.${again.status}`);
      const resend = writeCounts(again);
      created.push(...resend.ids);
      await checks.verdict(
        RESEND,
        again.status === 201 && resend.updated === ITEMS && Number(resend.inserted) === 0
          ? undefined
          : {
              message: `Re-sending ${ITEMS} items with the same unique values must update all of them.`,
              received: `${again.status} ${preview(again.text)}`,
              documented: `201 {insertedCount: 0, updatedCount: ${ITEMS}}`,
              curl: again.curl,
              httpStatus: again.status,
            },
        { curl: again.curl, httpStatus: again.status },
      );

      const rows = await findMarked(api, path, marker);
      const patchBody = rows.map((row) => ({ refId: row.refId }));
      const patched = await api.send({ method: 'PATCH', path, body: patchBody });
      await checkDocumented(checks, spec, operation('patch'), patched, `${patched.status}`);
      const patch = writeCounts(patched);
      await checks.verdict(
        PATCH_COUNTS,
        patched.status === 200 && patch.updated === rows.length && rows.length === ITEMS
          ? undefined
          : {
              message: `PATCH of the ${rows.length} created record(s) by refId must update each.`,
              received: `${patched.status} ${preview(patched.text)}`,
              documented: `200 {updatedCount: ${ITEMS}}`,
              curl: patched.curl,
              httpStatus: patched.status,
            },
        { curl: patched.curl, httpStatus: patched.status },
      );
    } finally {
      await removeCreatedMasterRows(api, spec, path, marker, created, discovery, checks);
    }
  },
);

/**
 * Deletes the created records, the first by refId and the others by recordNumber, since the
 * sources disagree on the key. Then checks the DELETE body, which keys deleted, and that every
 * created record is gone (retrying leftovers by refId first).
 */
async function removeCreatedMasterRows(
  api: ApiClient,
  spec: SuiteSpec,
  path: string,
  marker: string,
  ids: string[],
  discovery: Discovery,
  checks: CheckRecorder,
): Promise<void> {
  const rows = await findMarked(api, path, marker);
  if (rows.length === 0 && ids.length === 0) {
    for (const def of [DELETE_RESULT, DELETE_BY_REF_ID, DELETE_BY_NUMBER])
      await checks.skip(def, 'Nothing was created, so nothing was deleted.');
    await checks.pass(CLEANUP, { message: 'Nothing was created.' });
    return;
  }
  const user = (await discovery.userName())?.value;
  const [first, ...rest] = rows;
  const byRefId = first ? await deleteMasterRows(api, path, [first], user, 'refId') : undefined;
  const byNumber =
    rest.length > 0 ? await deleteMasterRows(api, path, rest, user, 'recordNumber') : undefined;
  const response = byRefId ?? byNumber;
  if (response) {
    await checkDocumented(checks, spec, findOperation(spec, 'delete', MASTER), response, '200');
    await checkDeleteBody(checks, spec, response, user);
  }
  const left = await findMarked(api, path, marker);
  const leftIds = new Set(left.map((row) => String(row._id)));
  await reportDeleteKey(checks, DELETE_BY_REF_ID, byRefId, first ? [first] : [], leftIds);
  await reportDeleteKey(checks, DELETE_BY_NUMBER, byNumber, rest, leftIds);

  // Records one key did not delete get one more try with the other key before the verdict.
  if (left.length > 0) {
    await deleteMasterRows(api, path, left, user, 'refId');
    const still = await findMarked(api, path, marker);
    if (still.length > 0) await deleteMasterRows(api, path, still, user, 'recordNumber');
  }
  const remaining = left.length > 0 ? await findMarked(api, path, marker) : [];
  const createdCount = Math.max(rows.length, new Set(ids).size);
  const base = response ? { curl: response.curl, httpStatus: response.status } : {};
  await checks.verdict(
    CLEANUP,
    remaining.length === 0
      ? undefined
      : {
          message: `${remaining.length} of ${createdCount} created record(s) are still on the target; delete records marked ${marker} by hand.`,
          received: `remaining ids ${remaining.map((row) => String(row._id)).join(', ')}`,
          documented: '200 {success: true} and the records gone',
          ...base,
        },
    base,
  );
}

/** `200 {success: true}`; the documented `success: false` for a user without permission is reported. */
async function checkDeleteBody(
  checks: CheckRecorder,
  spec: SuiteSpec,
  response: ApiResponse,
  user: string | undefined,
): Promise<void> {
  const body = response.json as { success?: unknown; message?: unknown } | undefined;
  const base = { curl: response.curl, httpStatus: response.status };
  const operation = findOperation(spec, 'delete', MASTER);
  const denied = operation
    ? documentedMessages(spec.loaded.document, operation, 200).filter((message) =>
        /permission/i.test(message),
      )
    : [];
  if (response.status === 200 && body?.success === false && denied.includes(String(body.message))) {
    await checks.warn(
      DELETE_RESULT,
      `The acting user ${user ?? '(none)'} may not delete records: ${String(body.message)}.`,
      base,
    );
    return;
  }
  await checks.verdict(
    DELETE_RESULT,
    response.status === 200 && body?.success === true
      ? undefined
      : {
          message: 'Deleting the created records must answer 200 with success true.',
          received: `${response.status} ${preview(response.text)}`,
          documented: '200 {success: true, message: "Records deleted successfully"}',
          ...base,
        },
    base,
  );
}

/** Reports whether one delete key removed its records (a documentation conflict, never a failure). */
async function reportDeleteKey(
  checks: CheckRecorder,
  def: CheckDef,
  response: ApiResponse | undefined,
  rows: Record<string, unknown>[],
  leftIds: Set<string>,
): Promise<void> {
  if (!response || rows.length === 0) {
    await checks.skip(def, 'No created record was left to delete with this key.');
    return;
  }
  const base = { curl: response.curl, httpStatus: response.status };
  const kept = rows.filter((row) => leftIds.has(String(row._id)));
  if (kept.length === 0) await checks.pass(def, base);
  else
    await checks.warn(
      def,
      `${kept.length} of ${rows.length} record(s) named by this key are still there: the target does not delete by it.`,
      { ...base, data: { status: response.status, body: preview(response.text) } },
    );
}

const OVERSIZED: Record<'master' | 'module' | 'subTable', CheckDef> = {
  master: writeDef(
    'upsertMasterRecord',
    'POST',
    MASTER,
    '1001-items.rejected',
    'POST master records rejects a body of 1001 items with 400',
  ),
  module: writeDef(
    'upsertModuleRecord',
    'POST',
    MODULE,
    '1001-items.rejected',
    'POST module records rejects a body of 1001 items with 400',
  ),
  subTable: writeDef(
    'writeSubTableRows',
    'POST',
    SUB_TABLE,
    '1001-items.rejected',
    'POST sub-table rows rejects a body of 1001 items with 400',
  ),
};

test(
  'write bodies of 1001 items are rejected',
  { tag: '@contract' },
  async ({ api, settings, discovery, checks, writeMarker }) => {
    await requireWrites(checks, settings, ['scratchMaster'], Object.values(OVERSIZED));
    const user = await discovery.userName();
    const master = masterPath(settings.scratchMaster!);
    const marker = `${writeMarker}-oversized`;
    const masterItems = markedItems(await templateFrom(api, master), marker, OVERSIZED_ITEMS);
    try {
      const response = await api.send({ method: 'POST', path: master, body: masterItems });
      await checkRejected(checks, OVERSIZED.master, response, [400], '400: at most 1000 items');
    } finally {
      // A server that accepted the body created 1001 records; they carry the marker.
      const rows = await findMarked(api, master, marker);
      if (rows.length > 0) await deleteMasterRows(api, master, rows, user?.value);
    }

    if (!settings.scratchModule) {
      const reason = 'Writes go only to the module named for them.';
      await checks.skip(OVERSIZED.module, reason, '--scratch-module');
      await checks.skip(OVERSIZED.subTable, reason, '--scratch-module');
      return;
    }
    const module = modulePath(settings.scratchModule);
    const moduleItems = markedItems(await templateFrom(api, module), marker, OVERSIZED_ITEMS);
    try {
      const response = await api.send({
        method: 'POST',
        path: module,
        ...(user ? { query: { userName: user.value } } : {}),
        body: moduleItems,
      });
      await checkRejected(checks, OVERSIZED.module, response, [400], '400: at most 1000 items');
    } finally {
      const rows = await findMarked(api, module, marker);
      if (rows.length > 0) await deleteModuleRows(api, module, rows, user?.value);
    }

    // Sub-table rows are written only below a record of the scratch module, never elsewhere.
    const scratchIsDiscovered = discovery.moduleName()?.value === settings.scratchModule;
    const tableID = scratchIsDiscovered ? await discovery.subTableId() : undefined;
    const recordId = scratchIsDiscovered ? await discovery.moduleRecordId() : undefined;
    if (!tableID || !recordId) {
      await checks.skip(
        OVERSIZED.subTable,
        'The scratch module has no sub-table with a record the suite found, so no sub-table rows are written.',
      );
      return;
    }
    const rows = Array.from({ length: OVERSIZED_ITEMS }, () => ({}));
    const response = await api.send({
      method: 'POST',
      path: `/api/v1/sub-table/${encodeURIComponent(tableID.value)}`,
      query: { moduleName: settings.scratchModule, recordId: recordId.value },
      body: rows,
    });
    // NOTE: rows a non-conformant server appended carry no marker, so they are not removed here.
    await checkRejected(checks, OVERSIZED.subTable, response, [400], '400: at most 1000 items');
  },
);

const MODULE_USER: Record<string, CheckDef> = {
  noUser: writeDef(
    'upsertModuleRecord',
    'POST',
    MODULE,
    'no-user.rejected',
    'POST module records without userName is rejected with 400',
  ),
  unknownUser: writeDef(
    'upsertModuleRecord',
    'POST',
    MODULE,
    'unknown-user.rejected',
    'POST module records with an unknown userName is rejected with 400',
  ),
  unknownUserMessage: writeDef(
    'upsertModuleRecord',
    'POST',
    MODULE,
    'unknown-user.message',
    'POST module records names an unknown user with the documented message',
    'normal',
  ),
  patchId: writeDef(
    'updateModuleRecord',
    'PATCH',
    MODULE,
    'id-field.rejected',
    'PATCH module records rejects an item with _id with 400',
  ),
  patchIdMessage: writeDef(
    'updateModuleRecord',
    'PATCH',
    MODULE,
    'id-field.message',
    'PATCH module records names the _id problem with the documented message',
    'normal',
  ),
};

test(
  'module writes reject missing users and _id updates',
  { tag: '@contract' },
  async ({ api, settings, spec, discovery, checks, writeMarker }) => {
    await requireWrites(checks, settings, ['scratchModule'], Object.values(MODULE_USER));
    const user = await discovery.userName();
    const path = modulePath(settings.scratchModule!);
    const marker = `${writeMarker}-module`;
    const [item] = markedItems(await templateFrom(api, path), marker, 1);
    const post = findOperation(spec, 'post', MODULE);
    const patch = findOperation(spec, 'patch', MODULE);
    try {
      const noUser = await api.send({ method: 'POST', path, body: [item] });
      await checkRejected(checks, MODULE_USER.noUser!, noUser, [400], '400: userName is required');
      await checkDocumented(checks, spec, post, noUser, 'no-user');

      const unknown = await api.send({
        method: 'POST',
        path,
        query: { userName: UNKNOWN_USER },
        body: [item],
      });
      await checkRejected(checks, MODULE_USER.unknownUser!, unknown, [400], '400');
      await checkDocumented(checks, spec, post, unknown, 'unknown-user');
      await checkDocumentedMessage(
        checks,
        spec,
        post,
        MODULE_USER.unknownUserMessage!,
        unknown,
        /^User not found/,
      );

      // An _id that no record has: a server that ignores the rule still updates nothing.
      const patched = await api.send({
        method: 'PATCH',
        path,
        ...(user ? { query: { userName: user.value } } : {}),
        body: [{ _id: UNKNOWN_ID, ...item }],
      });
      await checkRejected(
        checks,
        MODULE_USER.patchId!,
        patched,
        [400],
        "400: an item must not carry '_id'",
      );
      await checkDocumented(checks, spec, patch, patched, 'id-field');
      await checkDocumentedMessage(
        checks,
        spec,
        patch,
        MODULE_USER.patchIdMessage!,
        patched,
        /_id/,
      );
    } finally {
      const rows = await findMarked(api, path, marker);
      if (rows.length > 0) await deleteModuleRows(api, path, rows, user?.value);
    }
  },
);

/** Checks the 400 message the document lists for the operation that matches `pick`. */
async function checkDocumentedMessage(
  checks: CheckRecorder,
  spec: SuiteSpec,
  operation: Operation | undefined,
  def: CheckDef,
  response: ApiResponse,
  pick: RegExp,
  values: Record<string, string | number> = {},
): Promise<void> {
  const documented = operation
    ? documentedMessages(spec.loaded.document, operation, 400).find((message) => pick.test(message))
    : undefined;
  if (!documented) {
    await checks.skip(def, 'The document lists no message for this case.');
    return;
  }
  await checkMessage(checks, def, response, 400, fillMessage(documented, values));
}

const BODY_LIMITS: Record<string, CheckDef> = {
  emptyDelete: writeDef(
    'deleteSubTableRows',
    'DELETE',
    SUB_TABLE,
    'empty-body.rejected',
    'DELETE sub-table rows rejects an empty array with 400',
  ),
  emptyDeleteMessage: writeDef(
    'deleteSubTableRows',
    'DELETE',
    SUB_TABLE,
    'empty-body.message',
    'DELETE sub-table rows names the empty body with the documented message',
    'normal',
  ),
  workflowIds: writeDef(
    'takeWorkflowAction',
    'POST',
    WORKFLOW_V1,
    '101-ids.rejected',
    'Workflow v1 rejects 101 record ids with 400',
  ),
  workflowIdsMessage: writeDef(
    'takeWorkflowAction',
    'POST',
    WORKFLOW_V1,
    '101-ids.message',
    'Workflow v1 names the id limit with the documented message',
    'normal',
  ),
};

test(
  'sub-table delete and workflow v1 reject oversized bodies',
  { tag: '@contract' },
  async ({ api, settings, spec, discovery, checks }) => {
    await requireWrites(checks, settings, ['scratchModule'], Object.values(BODY_LIMITS));
    const user = await discovery.userName();

    // An empty delete names no row, so it changes nothing even where it is accepted.
    const module = discovery.moduleName();
    const tableID = await discovery.subTableId();
    const recordId = await discovery.moduleRecordId();
    if (!module || !tableID || !recordId) {
      const reason = 'No module record with a sub-table was found.';
      await checks.skip(BODY_LIMITS.emptyDelete!, reason);
      await checks.skip(BODY_LIMITS.emptyDeleteMessage!, reason);
    } else {
      const response = await api.send({
        method: 'DELETE',
        path: `/api/v1/sub-table/${encodeURIComponent(tableID.value)}`,
        query: { moduleName: module.value, recordId: recordId.value },
        body: [],
      });
      const operation = findOperation(spec, 'delete', SUB_TABLE);
      await checkRejected(
        checks,
        BODY_LIMITS.emptyDelete!,
        response,
        [400],
        '400: a non-empty array',
      );
      await checkDocumented(checks, spec, operation, response, 'empty-body');
      await checkDocumentedMessage(
        checks,
        spec,
        operation,
        BODY_LIMITS.emptyDeleteMessage!,
        response,
        /non-empty/,
      );
    }

    // Ids that no record has: a server that ignores the limit finds no record to act on.
    const ids = Array.from({ length: OVERSIZED_WORKFLOW_IDS }, () => UNKNOWN_ID);
    const response = await api.send({
      method: 'POST',
      path: `/api/v1/workflow/${encodeURIComponent(settings.scratchModule!)}`,
      query: { actionName: 'Approve', ...(user ? { userName: user.value } : {}) },
      body: ids,
    });
    const operation = findOperation(spec, 'post', WORKFLOW_V1);
    await checkRejected(checks, BODY_LIMITS.workflowIds!, response, [400], '400: at most 100 ids');
    await checkDocumented(checks, spec, operation, response, '101-ids');
    await checkDocumentedMessage(
      checks,
      spec,
      operation,
      BODY_LIMITS.workflowIdsMessage!,
      response,
      /^Maximum/,
      {
        N: OVERSIZED_WORKFLOW_IDS,
      },
    );
  },
);
