/**
 * Pagination of the list operations: the envelope's numbers agree with each other and with the
 * request, pages do not overlap, the last page holds the remainder, and pageSize is capped at 1000.
 */
import { test } from '../fixtures.ts';
import type { ApiResponse } from '../support/api.ts';
import type { CheckDef } from '../support/checks.ts';
import { checkRejected } from '../support/contract-checks.ts';
import { preview } from '../support/expectations.ts';
import {
  declaredListTargets,
  envelopeOf,
  resolveListTarget,
  type Envelope,
} from '../support/lists.ts';
import { loadSpecForCollection } from '../support/spec.ts';

const collected = await loadSpecForCollection();

/** Small pages, so that a few requests reach the last page of a collection of a few hundred rows. */
const PAGE_SIZE = 7;

for (const target of declaredListTargets(collected)) {
  const opId = target.operationId;
  const label = `GET ${target.template}`;
  const def = (
    suffix: string,
    title: string,
    severity: CheckDef['severity'] = 'critical',
  ): CheckDef => ({
    id: `pagination.${opId}.${suffix}`,
    title: `${label} ${title}`,
    severity,
    operationId: opId,
    method: 'GET',
    path: target.template,
  });
  const envelopeDef = def(
    'envelope-consistent',
    'returns an envelope whose total, totalPages, page and pageSize agree',
  );
  const overlapDef = def('pages-disjoint', 'returns pages that do not overlap');
  const lastPageDef = def('last-page-short', 'returns the remainder on the last page');
  const maxDef = def('page-size-max', 'accepts pageSize 1000 and rejects 1001');

  test(
    `${label} pages agree with the envelope`,
    { tag: '@contract' },
    async ({ api, discovery, checks }) => {
      const resolved = resolveListTarget(target, discovery);
      if (!resolved.path) {
        const reason = 'No collection name is known for this operation.';
        await checks.skip(overlapDef, reason, target.enableWith);
        await checks.skip(lastPageDef, reason, target.enableWith);
        await checks.skipTest(envelopeDef, reason, target.enableWith);
      }
      const path = resolved.path!;
      const first = await api.get(path, { page: 1, pageSize: PAGE_SIZE });
      const envelope = envelopeOf(first);
      if (!envelope) {
        await reportNotEnvelope(checks, envelopeDef, first);
        await checks.skip(overlapDef, 'The list is not a paginated envelope.');
        await checks.skipTest(lastPageDef, 'The list is not a paginated envelope.');
      }
      await checkEnvelope(checks, envelopeDef, first, envelope!, 1, PAGE_SIZE);

      const total = envelope!.total;
      const pages = Math.ceil(total / PAGE_SIZE);
      if (pages < 2) {
        const reason = `The collection has ${total} records, fewer than two pages of ${PAGE_SIZE}.`;
        await checks.skip(overlapDef, reason);
        await checks.skipTest(lastPageDef, reason);
      }
      const second = await api.get(path, { page: 2, pageSize: PAGE_SIZE });
      const secondEnvelope = envelopeOf(second);
      const firstIds = new Set(envelope!.rows.map(recordKey));
      const shared = (secondEnvelope?.rows ?? []).map(recordKey).filter((id) => firstIds.has(id));
      await checks.verdict(
        overlapDef,
        secondEnvelope && shared.length === 0 && secondEnvelope.rows.length > 0
          ? undefined
          : {
              message: secondEnvelope
                ? `${shared.length} record(s) appear on both page 1 and page 2.`
                : 'Page 2 is not an envelope.',
              received: secondEnvelope
                ? `shared ids ${shared.slice(0, 5).join(', ')}`
                : `${second.status} ${preview(second.text)}`,
              documented: 'page 2 holds the records after those of page 1',
              curl: second.curl,
              httpStatus: second.status,
            },
        { curl: second.curl, httpStatus: second.status },
      );

      const last = pages === 2 ? second : await api.get(path, { page: pages, pageSize: PAGE_SIZE });
      const lastEnvelope = envelopeOf(last);
      const expected = total - PAGE_SIZE * (pages - 1);
      await checks.verdict(
        lastPageDef,
        lastEnvelope?.rows.length === expected
          ? undefined
          : {
              message: `Page ${pages} of ${pages} must hold the remaining ${expected} of ${total} records.`,
              received: lastEnvelope
                ? `${lastEnvelope.rows.length} rows`
                : `${last.status} ${preview(last.text)}`,
              documented: `${expected} rows (total ${total} - pageSize ${PAGE_SIZE} x ${pages - 1} pages)`,
              curl: last.curl,
              httpStatus: last.status,
            },
        { curl: last.curl, httpStatus: last.status },
      );
    },
  );

  test(
    `${label} caps pageSize at 1000`,
    { tag: '@contract' },
    async ({ api, discovery, checks }) => {
      const resolved = resolveListTarget(target, discovery);
      if (!resolved.path)
        await checks.skipTest(
          maxDef,
          'No collection name is known for this operation.',
          target.enableWith,
        );
      const path = resolved.path!;
      const largest = await api.get(path, { page: 1, pageSize: 1000 });
      const envelope = envelopeOf(largest);
      const rows =
        envelope?.rows.length ?? (Array.isArray(largest.json) ? largest.json.length : -1);
      if (largest.status !== 200 || rows > 1000 || rows < 0) {
        await checks.fail(maxDef, {
          message: 'pageSize 1000 is documented as valid.',
          received: `${largest.status}, ${rows} rows`,
          documented: '200 with at most 1000 rows',
          curl: largest.curl,
          httpStatus: largest.status,
        });
        return;
      }
      const over = await api.get(path, { page: 1, pageSize: 1001 });
      await checkRejected(
        checks,
        maxDef,
        over,
        [400],
        '400 with the error body (Page size must be between 1 and 1000)',
      );
    },
  );
}

for (const target of declaredListTargets(collected)) {
  const label = `GET ${target.template}`;
  const caseDef: CheckDef = {
    id: `names.${target.operationId}.case-insensitive`,
    title: `${label} treats the collection name case-insensitively`,
    severity: 'normal',
    operationId: target.operationId,
    method: 'GET',
    path: target.template,
  };

  test(
    `${label} ignores the case of the name`,
    { tag: '@contract' },
    async ({ api, discovery, checks }) => {
      const resolved = resolveListTarget(target, discovery);
      if (!resolved.path || !resolved.collection) {
        await checks.skipTest(
          caseDef,
          'No collection name is known for this operation.',
          target.enableWith,
        );
      }
      const name = resolved.collection!;
      const lower = target.template.replace(/\{[^}]+\}/, encodeURIComponent(name.toLowerCase()));
      const upper = target.template.replace(/\{[^}]+\}/, encodeURIComponent(name.toUpperCase()));
      const first = await api.get(lower, { page: 1, pageSize: PAGE_SIZE });
      const second = await api.get(upper, { page: 1, pageSize: PAGE_SIZE });
      const ids = (response: ApiResponse): string =>
        (envelopeOf(response)?.rows ?? []).map(recordKey).join(',');
      const same = first.status === 200 && second.status === 200 && ids(first) === ids(second);
      await checks.verdict(
        caseDef,
        same
          ? undefined
          : {
              message: 'The lower-case and upper-case names must return the same records.',
              received: `${name.toLowerCase()}: ${first.status} [${ids(first).slice(0, 80)}]; ${name.toUpperCase()}: ${second.status} [${ids(second).slice(0, 80)}]`,
              documented: 'master and module names are upper-cased before lookup',
              curl: first.curl,
              httpStatus: first.status,
            },
        { curl: first.curl, httpStatus: first.status },
      );
    },
  );
}

async function checkEnvelope(
  checks: import('../support/checks.ts').CheckRecorder,
  def: CheckDef,
  response: ApiResponse,
  envelope: Envelope,
  page: number,
  pageSize: number,
): Promise<void> {
  const problems: string[] = [];
  const { total, totalPages } = envelope;
  if (!Number.isInteger(total) || total < 0)
    problems.push(`total ${JSON.stringify(total)} is not an integer >= 0`);
  if (!Number.isInteger(totalPages))
    problems.push(`totalPages ${JSON.stringify(totalPages)} is not an integer`);
  else if (Number.isInteger(total) && totalPages !== Math.ceil(total / pageSize)) {
    problems.push(`totalPages ${String(totalPages)} is not ceil(${total} / ${pageSize})`);
  }
  if (envelope.page !== page)
    problems.push(`page ${JSON.stringify(envelope.page)} does not echo ${page}`);
  if (envelope.pageSize !== pageSize)
    problems.push(`pageSize ${JSON.stringify(envelope.pageSize)} does not echo ${pageSize}`);
  if (envelope.rows.length > pageSize)
    problems.push(`${envelope.rows.length} rows on a page of ${pageSize}`);
  if (Number.isInteger(total) && total >= pageSize && envelope.rows.length !== pageSize) {
    problems.push(`${envelope.rows.length} rows on a full first page of ${pageSize}`);
  }
  const base = { curl: response.curl, httpStatus: response.status };
  await checks.verdict(
    def,
    problems.length === 0
      ? undefined
      : {
          message: problems.join('; '),
          received: preview(
            JSON.stringify({ ...envelope, rows: `[${envelope.rows.length} rows]` }),
          ),
          documented:
            '{rows: at most pageSize records, total: integer, page, pageSize echoing the request, totalPages: ceil(total / pageSize)}',
          ...base,
        },
    { ...base, data: { total, totalPages } },
  );
}

/**
 * Reports a bare array as a warning: the published API page shows bare arrays for these lists
 * while the other sources document the envelope, so neither variant fails the run.
 */
async function reportNotEnvelope(
  checks: import('../support/checks.ts').CheckRecorder,
  def: CheckDef,
  response: ApiResponse,
): Promise<void> {
  const base = { curl: response.curl, httpStatus: response.status };
  if (response.status === 200 && Array.isArray(response.json)) {
    await checks.warn(
      def,
      'The target returns a bare array, the shape of the published API page, not the {rows, total, page, pageSize, totalPages} envelope.',
      base,
    );
    return;
  }
  await checks.fail(def, {
    message: 'The list did not answer with a paginated envelope.',
    received: `${response.status} ${preview(response.text)}`,
    documented: '200 {rows, total, page, pageSize, totalPages}',
    ...base,
  });
}

function recordKey(row: Record<string, unknown>): string {
  return String(row._id ?? row.id ?? JSON.stringify(row));
}
