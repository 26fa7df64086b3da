/**
 * Data formats in responses: dates are `YYYY-MM-DD`, date-times are UTC ending in `Z`, currency
 * values are `{label, value, currency}`, and records carry the documented identifiers.
 */
import { test } from '../fixtures.ts';
import type { ApiResponse } from '../support/api.ts';
import type { CheckDef, CheckRecorder } from '../support/checks.ts';
import {
  currencyLikeValues,
  currencyProblems,
  findValues,
  nonUtcDateTimes,
  type FoundValue,
} from '../support/expectations.ts';
import {
  declaredListTargets,
  envelopeOf,
  findOperation,
  resolveListTarget,
} from '../support/lists.ts';
import { loadSpecForCollection } from '../support/spec.ts';

const collected = await loadSpecForCollection();

const DATE_DEF: CheckDef = {
  id: 'formats.date',
  title: 'Dates are YYYY-MM-DD',
  severity: 'normal',
};
const DATE_TIME_DEF: CheckDef = {
  id: 'formats.date-time-utc',
  title: 'Date-times are UTC ISO 8601 ending in Z',
  severity: 'normal',
};
const CURRENCY_DEF: CheckDef = {
  id: 'formats.currency',
  title: 'Currency values carry label, value and an ISO 4217 currency',
  severity: 'normal',
};
const RECORD_DEF: CheckDef = {
  id: 'formats.record-identifiers',
  title: 'Records carry a 24-hex _id equal to id, and the documented system fields',
  severity: 'normal',
};

const BUILD_INFO = '/api/v1/build/info';

/** A date written in another order or with other separators, such as 30/12/2024 or 2024/12/30. */
const OTHER_DATE_FORM =
  /^(\d{1,2}[-/.]\d{1,2}[-/.]\d{4}|\d{4}[/.]\d{1,2}[/.]\d{1,2}|\d{4}-(\d-\d{1,2}|\d{2}-\d))$/;

test(
  'GET list operations return documented data formats',
  { tag: '@contract' },
  async ({ api, discovery, checks }) => {
    const responses: ApiResponse[] = [];
    const rows: Record<string, unknown>[] = [];
    // Only operations the loaded document declares are read, so a custom document is not held
    // to operations it leaves out.
    let unnamed: string | undefined;
    for (const target of declaredListTargets(collected)) {
      const resolved = resolveListTarget(target, discovery);
      if (!resolved.path) {
        unnamed ??= target.enableWith;
        continue;
      }
      const response = await api.get(resolved.path, { page: 1, pageSize: 100 });
      responses.push(response);
      const envelope = envelopeOf(response);
      if (envelope) rows.push(...envelope.rows);
      else if (Array.isArray(response.json))
        rows.push(...(response.json as Record<string, unknown>[]));
    }
    if (findOperation(collected, 'get', BUILD_INFO)) responses.push(await api.get(BUILD_INFO));
    if (responses.length === 0) {
      const reason = unnamed
        ? 'No collection name is known for the list operations the document declares.'
        : 'The loaded document declares none of the operations these checks read.';
      for (const def of [DATE_DEF, DATE_TIME_DEF, CURRENCY_DEF])
        await checks.skip(def, reason, unnamed);
      await checks.skipTest(RECORD_DEF, reason, unnamed);
    }
    if (rows.length === 0) {
      await checks.skip(RECORD_DEF, 'No records were listed.', unnamed);
    }
    const curl = responses[0]!.curl;
    const bodies = responses
      .filter((response) => response.status === 200)
      .map((response) => response.json);

    const wrongDates = bodies.flatMap((body) =>
      findValues(body, (value) => typeof value === 'string' && OTHER_DATE_FORM.test(value)),
    );
    await verdictFromFound(
      checks,
      DATE_DEF,
      wrongDates,
      'YYYY-MM-DD, for example 2024-12-30',
      curl,
    );

    const wrongDateTimes = bodies.flatMap((body) => nonUtcDateTimes(body));
    await verdictFromFound(
      checks,
      DATE_TIME_DEF,
      wrongDateTimes,
      'YYYY-MM-DDTHH:mm:ss.sssZ in UTC',
      curl,
    );

    const currencies = bodies.flatMap((body) => currencyLikeValues(body));
    const wrongCurrencies = currencies.filter((found) => currencyProblems(found.value).length > 0);
    if (currencies.length === 0) {
      await checks.skip(CURRENCY_DEF, 'No currency values in the listed records.');
    } else {
      await verdictFromFound(
        checks,
        CURRENCY_DEF,
        wrongCurrencies,
        '{label: string, value: number, currency: 3-letter ISO 4217 code}',
        curl,
      );
    }

    if (rows.length > 0) {
      const problems = rows.flatMap((row, index) =>
        recordProblems(row).map((problem) => `rows.${index}: ${problem}`),
      );
      await checks.verdict(
        RECORD_DEF,
        problems.length === 0
          ? undefined
          : {
              message: `${problems.length} record field(s) deviate.`,
              received: problems.slice(0, 5).join('; '),
              documented:
                '_id of 24 lower-case hex digits, id == _id, customFields object, isDeleted boolean, string tenantID, projectID, slug, refId, parentID null or string',
              curl,
            },
        { curl, data: { records: rows.length } },
      );
    }
  },
);

async function verdictFromFound(
  checks: CheckRecorder,
  def: CheckDef,
  found: FoundValue[],
  documented: string,
  curl: string,
): Promise<void> {
  await checks.verdict(
    def,
    found.length === 0
      ? undefined
      : {
          message: `${found.length} value(s) deviate.`,
          received: found
            .slice(0, 5)
            .map((item) => `${item.location} = ${JSON.stringify(item.value)}`)
            .join('; '),
          documented,
          curl,
        },
    { curl },
  );
}

function recordProblems(row: Record<string, unknown>): string[] {
  const problems: string[] = [];
  if (typeof row._id !== 'string' || !/^[0-9a-f]{24}$/.test(row._id))
    problems.push(`_id ${JSON.stringify(row._id)}`);
  if (row.id !== undefined && row.id !== row._id) problems.push('id differs from _id');
  if (!row.customFields || typeof row.customFields !== 'object')
    problems.push('customFields is not an object');
  if (typeof row.isDeleted !== 'boolean') problems.push('isDeleted is not a boolean');
  for (const field of ['tenantID', 'projectID', 'slug', 'refId']) {
    if (typeof row[field] !== 'string') problems.push(`${field} is not a string`);
  }
  if (row.parentID !== null && row.parentID !== undefined && typeof row.parentID !== 'string') {
    problems.push('parentID is neither null nor a string');
  }
  return problems;
}
