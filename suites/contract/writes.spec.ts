/**
 * Write operations, only with --allow-writes and only on the scratch master named for it. Every
 * record the test creates is deleted in a `finally` block, so a failed check leaves nothing behind.
 */
import { test } from '../fixtures.ts';
import type { ApiClient } from '../support/api.ts';
import type { CheckDef } from '../support/checks.ts';
import { preview } from '../support/expectations.ts';

const ITEMS = 2;

const COUNTS: CheckDef = {
  id: 'writes.upsertMasterRecord.201.counts',
  title: 'POST master records returns 201 with insertedIds and counts that add up',
  severity: 'critical',
  operationId: 'upsertMasterRecord',
  method: 'POST',
  path: '/api/v1/master-record/{masterName}',
};
const CLEANUP: CheckDef = {
  id: 'writes.cleanup.removed',
  title: 'Records created by the suite are deleted again',
  severity: 'critical',
  operationId: 'deleteMasterRecord',
  method: 'DELETE',
  path: '/api/v1/master-record/{masterName}',
};

test(
  'POST /api/v1/master-record/{masterName} creates records and the suite removes them',
  { tag: '@contract' },
  async ({ api, settings, discovery, checks }) => {
    if (!settings.allowWrites) {
      await checks.skip(CLEANUP, 'Writes are off.', '--allow-writes');
      await checks.skipTest(
        COUNTS,
        'Writes are off; the suite writes only when allowed.',
        '--allow-writes',
      );
    }
    if (!settings.scratchMaster) {
      await checks.skip(CLEANUP, 'No scratch master is named.', '--scratch-master');
      await checks.skipTest(
        COUNTS,
        'Writes go only to the master named for them.',
        '--scratch-master',
      );
    }
    const path = `/api/v1/master-record/${encodeURIComponent(settings.scratchMaster!)}`;
    const template = (await discovery.masterRows(1))[0]?.customFields as
      Record<string, unknown> | undefined;
    // A marker in every string field makes the created records easy to find and to tell apart.
    const marker = `exto-conformance-${Date.now().toString(36)}`;
    const items = Array.from({ length: ITEMS }, (_, index) =>
      markedItem(template ?? {}, `${marker}-${index}`),
    );

    const created: string[] = [];
    try {
      const response = await api.send({ method: 'POST', path, body: items });
      const body = response.json as
        { insertedIds?: unknown; insertedCount?: unknown; updatedCount?: unknown } | undefined;
      const ids = Array.isArray(body?.insertedIds) ? (body.insertedIds as string[]) : [];
      created.push(...ids);
      const problems: string[] = [];
      if (response.status !== 201) problems.push(`status ${response.status}`);
      if (!ids.every((id) => /^[0-9a-f]{24}$/.test(id)))
        problems.push('insertedIds are not all 24-hex ids');
      if (body?.insertedCount !== ids.length)
        problems.push(
          `insertedCount ${String(body?.insertedCount)} differs from ${ids.length} insertedIds`,
        );
      if (Number(body?.insertedCount) + Number(body?.updatedCount) !== ITEMS) {
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
    } finally {
      await removeCreated(api, path, created, discovery, checks);
    }
  },
);

function markedItem(template: Record<string, unknown>, marker: string): Record<string, unknown> {
  const item: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(template)) {
    item[field] = typeof value === 'string' && !/^\d{4}-\d{2}-\d{2}/.test(value) ? marker : value;
  }
  if (Object.keys(item).length === 0) item.name = marker;
  return item;
}

/** Deletes the created records by refId (one of the two documented delete keys), then verifies. */
async function removeCreated(
  api: ApiClient,
  path: string,
  ids: string[],
  discovery: import('../support/discovery.ts').Discovery,
  checks: import('../support/checks.ts').CheckRecorder,
): Promise<void> {
  if (ids.length === 0) {
    await checks.pass(CLEANUP, { message: 'Nothing was created.' });
    return;
  }
  const user = await discovery.userName();
  // NOTE: descending sort with `-` is not documented; on a target that ignores it, records created
  // on a master of more than 1000 rows may be missed here and reported as not removed.
  const listing = await api.get(path, { page: 1, pageSize: 1000, sort: '-createdAt' });
  const rows = (
    (listing.json as { rows?: Record<string, unknown>[] } | undefined)?.rows ?? []
  ).filter((row) => ids.includes(String(row._id)));
  const keys = rows.map((row) => ({ refId: row.refId }));
  const response = await api.send({
    method: 'DELETE',
    path,
    ...(user ? { query: { userName: user.value } } : {}),
    body: keys,
  });
  const after = await api.get(path, { page: 1, pageSize: 1000, sort: '-createdAt' });
  const left = (
    (after.json as { rows?: Record<string, unknown>[] } | undefined)?.rows ?? []
  ).filter((row) => ids.includes(String(row._id)));
  await checks.verdict(
    CLEANUP,
    left.length === 0 && rows.length === ids.length
      ? undefined
      : {
          message: `${left.length} of ${ids.length} created record(s) are still on the target; delete them by hand.`,
          received: `${response.status} ${preview(response.text)}; remaining ids ${left.map((row) => String(row._id)).join(', ')}`,
          documented: '200 {success: true} and the records gone',
          curl: response.curl,
          httpStatus: response.status,
        },
    { curl: response.curl, httpStatus: response.status },
  );
}
