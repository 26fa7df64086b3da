/**
 * Validates a 1,000-row master-record page against the compiled list schema, and times the compile
 * of the whole project document. Targets: at least 50,000 rows per second on one core, and under
 * 2 seconds for the compile. Run: node --import tsx bench/validate-page.bench.ts
 *
 * The measurement is bounded: it runs for about 3 seconds or 3,000 pages, whichever comes first.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createValidators } from '../scripts/core/spec/validators.ts';
import type { LoadedSpec } from '../scripts/core/spec/types.ts';
import { loadSpec } from '../scripts/lib/spec-loader.ts';

const ROWS_PER_PAGE = 1000;
const TARGET_ROWS_PER_SECOND = 50_000;
const TARGET_COMPILE_MS = 2000;
const MAX_SECONDS = 3;
const MAX_PAGES = 3000;

const projectPath = fileURLToPath(
  new URL('../schemas/exto-data-api.openapi.yaml', import.meta.url),
);

/** A local stand-in for the project document's list response, used when that file is absent. */
const localDocument = {
  openapi: '3.0.3',
  info: { title: 'bench', version: '1' },
  paths: {
    '/api/v1/master-record/{masterName}': {
      get: {
        operationId: 'getAllMasterRecords',
        responses: {
          '200': {
            description: 'page',
            content: {
              'application/json': { schema: { $ref: '#/components/schemas/PaginatedRecords' } },
            },
          },
        },
      },
    },
  },
  components: {
    schemas: {
      Record: {
        type: 'object',
        required: [
          '_id',
          'id',
          'customFields',
          'isDeleted',
          'createdAt',
          'tenantID',
          'projectID',
          'slug',
          'refId',
        ],
        properties: {
          _id: { type: 'string', pattern: '^[0-9a-f]{24}$' },
          id: { type: 'string', pattern: '^[0-9a-f]{24}$' },
          customFields: { type: 'object', additionalProperties: true },
          parentID: { type: 'string', nullable: true },
          slug: { type: 'string' },
          refId: { type: 'string' },
          tenantID: { type: 'string' },
          projectID: { type: 'string' },
          createdBy: { type: 'string' },
          createdAt: { type: 'string', format: 'date-time' },
          isDeleted: { type: 'boolean' },
        },
      },
      PaginatedRecords: {
        type: 'object',
        required: ['rows', 'total', 'page', 'pageSize', 'totalPages'],
        properties: {
          rows: { type: 'array', items: { $ref: '#/components/schemas/Record' } },
          total: { type: 'integer', minimum: 0 },
          page: { type: 'integer', minimum: 1 },
          pageSize: { type: 'integer', minimum: 1, maximum: 1000 },
          totalPages: { type: 'integer', minimum: 0 },
        },
      },
    },
  },
};

/** Builds one record shaped like the published example, with a distinct id per row. */
function record(index: number): Record<string, unknown> {
  const id = (0x67bfcbd6117e4e25e1d30000n + BigInt(index)).toString(16).padStart(24, '0');
  return {
    _id: id,
    customFields: {
      connumber: index,
      radiobutton: 'A',
      only_one_checkbox: true,
      date1: '2025-10-01',
      name1: 'qa',
      nomber1: 1,
      number2: 2,
      checkbox: ['A'],
      select_from_list: 'A',
    },
    parentID: null,
    slug: 'iWlOE8K',
    refId: 'iWlOE8K',
    tenantID: 'cwWdTZK',
    createdBy: 'nivedita@exto360.com',
    createdAt: '2025-02-27T02:20:06.958Z',
    isDeleted: false,
    projectID: 'Vx6-j2Z',
    id,
  };
}

function ratio(value: number, target: number): string {
  return `${(value / target).toFixed(2)}x`;
}

async function main(): Promise<void> {
  const useProject = existsSync(projectPath);
  const spec: LoadedSpec = useProject
    ? await loadSpec(projectPath, { compile: false })
    : {
        title: 'bench',
        version: '1',
        dialect: 'openapi-3.0',
        source: 'bench (local document)',
        sha256: '',
        document: localDocument,
        bundled: localDocument,
        operations: [],
        lint: [],
      };
  console.log(`Document: ${useProject ? projectPath : spec.source}`);

  const compileStart = performance.now();
  const validators = createValidators(spec);
  const compiled = validators.compileAll();
  const compileMs = performance.now() - compileStart;
  console.log(
    `Compile of the whole document: ${compileMs.toFixed(0)} ms for ${compiled} schemas ` +
      `(target < ${TARGET_COMPILE_MS} ms: ${ratio(compileMs, TARGET_COMPILE_MS)} of the budget)`,
  );

  const rows = Array.from({ length: ROWS_PER_PAGE }, (_, index) => record(index));
  const page = { rows, total: 104_069, page: 1, pageSize: ROWS_PER_PAGE, totalPages: 105 };
  const first = validators.validateResponse('getAllMasterRecords', 200, 'application/json', page);
  if (first.schemaErrors.length > 0) {
    throw new Error(`The bench page does not conform: ${first.schemaErrors[0]!.message}.`);
  }

  // A page with one bad date must fail, or the figure below would time a schema that checks nothing.
  const broken = { ...page, rows: [...rows.slice(1), { ...record(0), createdAt: '2025-02-27' }] };
  const brokenVerdict = validators.validateResponse(
    'getAllMasterRecords',
    200,
    'application/json',
    broken,
  );
  if (brokenVerdict.schemaErrors.length === 0) {
    throw new Error(
      'The schema accepts a row with a date-only createdAt; the bench would measure nothing.',
    );
  }
  console.log(`Sanity check: ${brokenVerdict.schemaErrors[0]!.message}`);

  // Warm-up so the JIT has compiled the validator before timing starts.
  for (let i = 0; i < 20; i++)
    validators.validateResponse('getAllMasterRecords', 200, 'application/json', page);

  let pages = 0;
  const start = performance.now();
  while (pages < MAX_PAGES && performance.now() - start < MAX_SECONDS * 1000) {
    validators.validateResponse('getAllMasterRecords', 200, 'application/json', page);
    pages++;
  }
  const seconds = (performance.now() - start) / 1000;
  const rowsPerSecond = (pages * ROWS_PER_PAGE) / seconds;
  console.log(
    `Validation: ${Math.round(rowsPerSecond).toLocaleString('en-US')} rows/s over ${pages} pages of ` +
      `${ROWS_PER_PAGE} rows (target ${TARGET_ROWS_PER_SECOND.toLocaleString('en-US')}: ` +
      `${ratio(rowsPerSecond, TARGET_ROWS_PER_SECOND)})`,
  );
}

await main();
