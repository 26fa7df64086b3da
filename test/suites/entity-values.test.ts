import assert from 'node:assert/strict';
import { test } from 'node:test';

import type { RunSettings } from '../../scripts/core/run-settings.ts';
import type { Operation, Parameter } from '../../scripts/core/spec/types.ts';
import type { ApiClient } from '../../suites/support/api.ts';
import { Discovery } from '../../suites/support/discovery.ts';
import { namesEntity, prepareValidRequest } from '../../suites/support/requests.ts';

const SETTINGS: RunSettings = {
  baseUrl: 'http://127.0.0.1:1/data',
  specPath: '/nowhere.yaml',
  outDir: '/nowhere',
  rateLimitPerSecond: 3,
  pacingPerSecond: 2.8,
  tokenCount: 1,
  allowWrites: false,
  allowDestructive: false,
  extraHeaderNames: [],
  revocationBoundSeconds: 5,
};

function query(name: string, overrides: Partial<Parameter> = {}): Parameter {
  return {
    name,
    in: 'query',
    required: true,
    constraints: { type: 'string' },
    schema: { type: 'string' },
    ...overrides,
  };
}

function operation(path: string, parameters: Parameter[]): Operation {
  return {
    operationId: 'op',
    method: 'get',
    path,
    tags: [],
    deprecated: false,
    security: ['bearer'],
    parameters,
    responses: {},
  };
}

/** Builds discovery for a deployment other than the reference server, listing `rows` anywhere. */
function discovery(settings: Partial<RunSettings>, rows: unknown[] = []): Discovery {
  const client = {
    get: () => Promise.resolve({ status: 200, json: { rows } }),
  } as unknown as ApiClient;
  return new Discovery(client, { ...SETTINGS, ...settings });
}

const WORKFLOWS = operation('/api/v2/workflow', [query('moduleName', { example: 'EQUIPMENT' })]);
const HISTORY = operation('/api/v2/workflow/history', [
  query('recordNumber', { example: 'EQ-0107' }),
  query('moduleName', { example: 'EQUIPMENT' }),
]);

test('moduleName example is never sent', async () => {
  const prepared = await prepareValidRequest(WORKFLOWS, discovery({}));
  assert.equal(prepared.ok, false);
});

test('missing module names --scratch-module', async () => {
  const prepared = await prepareValidRequest(WORKFLOWS, discovery({}));
  assert.equal(!prepared.ok && prepared.enableWith, '--scratch-module');
});

test('scratch module fills moduleName', async () => {
  const prepared = await prepareValidRequest(WORKFLOWS, discovery({ scratchModule: 'SAT_TDSP' }));
  assert.equal(prepared.ok && prepared.request.query.moduleName, 'SAT_TDSP');
});

test('recordNumber comes from a module record', async () => {
  const found = discovery({ scratchModule: 'SAT_TDSP' }, [{ recordNumber: 'TDSP-7' }]);
  const prepared = await prepareValidRequest(HISTORY, found);
  assert.equal(prepared.ok && prepared.request.query.recordNumber, 'TDSP-7');
});

test('empty module skips without an option', async () => {
  const prepared = await prepareValidRequest(HISTORY, discovery({ scratchModule: 'SAT_TDSP' }));
  assert.deepEqual(prepared.ok ? 'ok' : prepared.enableWith, undefined);
});

test('free-form query keeps its example', async () => {
  const op = operation('/api/v1/report', [query('fromDate', { example: '2024-12-30' })]);
  const prepared = await prepareValidRequest(op, discovery({}));
  assert.equal(prepared.ok && prepared.request.query.fromDate, '2024-12-30');
});

const HIERARCHY = operation('/api/v1/hierarchy-master-record/{masterName}', [
  query('masterName', { in: 'path' }),
]);

test('missing hierarchy master names --hierarchy-master', async () => {
  const prepared = await prepareValidRequest(HIERARCHY, discovery({ scratchMaster: 'VENDOR' }));
  assert.equal(!prepared.ok && prepared.enableWith, '--hierarchy-master');
});

test('hierarchy skip reason names the option', async () => {
  const prepared = await prepareValidRequest(HIERARCHY, discovery({ scratchMaster: 'VENDOR' }));
  assert.match(prepared.ok ? '' : prepared.reason, /--hierarchy-master/);
});

test('hierarchy master setting fills masterName', async () => {
  const prepared = await prepareValidRequest(HIERARCHY, discovery({ hierarchyMaster: 'SITES' }));
  assert.equal(prepared.ok && prepared.request.path, '/api/v1/hierarchy-master-record/SITES');
});

test('hierarchy master setting wins on reference', () => {
  const found = discovery({ hierarchyMaster: 'SITES', referenceAdminUrl: 'http://127.0.0.1:1' });
  assert.equal(found.hierarchyMasterName()?.value, 'SITES');
});

test('hierarchy skip says why', async () => {
  const op = operation('/api/v1/hierarchy-master-record/{masterName}', [
    query('masterName', { in: 'path' }),
  ]);
  const prepared = await prepareValidRequest(op, discovery({ scratchMaster: 'VENDOR' }));
  assert.match(prepared.ok ? '' : prepared.reason, /no operation of the API lists hierarchy/);
});

test('ordinary master still names --scratch-master', async () => {
  const op = operation('/api/v1/master-record/{masterName}', [query('masterName', { in: 'path' })]);
  const prepared = await prepareValidRequest(op, discovery({}));
  assert.equal(!prepared.ok && prepared.enableWith, '--scratch-master');
});

test('enum members are not entities', () => {
  const status = query('statusId', { constraints: { type: 'string', enum: ['Open'] } });
  assert.equal(namesEntity(status), false);
});

test('record ids are entities', () => {
  assert.equal(namesEntity(query('recordIds')), true);
});

test('page size is no entity', () => {
  assert.equal(namesEntity(query('pageSize', { constraints: { type: 'integer' } })), false);
});
