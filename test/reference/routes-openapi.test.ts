import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { buildRouter } from '../../reference/server.ts';
import { createValidators, type CompiledValidators } from '../../scripts/core/spec/validators.ts';
import { extractOperations } from '../../scripts/core/spec/operations.ts';
import { loadSpec } from '../../scripts/lib/spec-loader.ts';
import { startTestServer, type CallInit, type TestServer } from './server-helpers.ts';

const SPEC = fileURLToPath(new URL('../../schemas/exto-data-api.openapi.yaml', import.meta.url));
/** Declared in the document as deprecated and unmounted: the reference server returns 404. */
const UNMOUNTED = new Set(['getAllGroupsV2', 'removeWorkspaceAccess']);
/** Served by the login flow under `/rest`, outside the Data API router. */
const LOGIN_FLOW = new Set(['login', 'createAccessToken']);

let t: TestServer;
let validators: CompiledValidators;
let operations: Array<{ operationId: string; method: string; path: string; security?: unknown }>;

before(async () => {
  const spec = await loadSpec(SPEC);
  validators = createValidators(spec);
  operations = extractOperations(spec.bundled as Record<string, unknown>) as never;
  t = await startTestServer();
});
after(() => t.close());

test('router serves every documented operation', () => {
  const routes = buildRouter().list();
  for (const operation of operations) {
    if (UNMOUNTED.has(operation.operationId) || LOGIN_FLOW.has(operation.operationId)) continue;
    const route = routes.find(
      (r) => r.method === operation.method.toUpperCase() && r.pattern === operation.path,
    );
    assert.ok(route, `${operation.method.toUpperCase()} ${operation.path} has no route`);
    assert.equal(route.operationId, operation.operationId, operation.path);
  }
});

const USER = 'userName=johndoe@exto360.com';
const DOC_SCOPE = { 'x-tenant-id': 'cwWdTZK', 'x-project-id': 'Vx6-j2Z' };

/** One request per case; the response must match the document's status, media type and schema. */
function cases(ids: {
  module: string;
  job: string;
  workspace: string;
}): Array<[string, string, CallInit?]> {
  return [
    ['checkLiveness', '/api/v1/health/liveness'],
    ['checkReadiness', '/api/v1/health/readiness'],
    ['getBuildInfo', '/api/v1/build/info'],
    ['getBuildInfo', '/api/v1/build/info', { auth: false }],
    ['getAllMasterRecords', '/api/v1/master-record/LOCATION?page=1&pageSize=50'],
    ['getAllMasterRecords', '/api/v1/master-record/LOCATION?pageSize=0'],
    ['getAllMasterRecords', '/api/v1/master-record/LOCATION?filter=number1:zz:1'],
    ['getAllMasterRecords', '/api/v1/master-record/ITEM_MASTER'],
    ['getAllMasterRecords', '/api/v1/master-record/LOCATION', { auth: false }],
    [
      'upsertMasterRecord',
      '/api/v1/master-record/VENDOR',
      { method: 'POST', body: [{ vendor_code: 'OAS-1' }] },
    ],
    ['upsertMasterRecord', '/api/v1/master-record/VENDOR', { method: 'POST', body: {} }],
    [
      'updateMasterRecord',
      '/api/v1/master-record/VENDOR',
      { method: 'PATCH', body: [{ vendor_code: 'OAS-1', vendor_name: 'x' }] },
    ],
    [
      'deleteMasterRecord',
      `/api/v1/master-record/VENDOR?${USER}`,
      { method: 'DELETE', body: [{ recordNumber: 'VEN-1' }] },
    ],
    [
      'deleteMasterRecord',
      '/api/v1/master-record/VENDOR?userName=outsider@other-tenant.com',
      { method: 'DELETE', body: [{ recordNumber: 'VEN-2' }] },
    ],
    ['getAllModuleRecords', '/api/v1/module-record/INSPECTION_CHECKLIST?pageSize=20'],
    [
      'upsertModuleRecord',
      `/api/v1/module-record/SAT_TDSP?${USER}`,
      { method: 'POST', body: [{ serial_number: 77001 }] },
    ],
    [
      'updateModuleRecord',
      `/api/v1/module-record/SAT_TDSP?${USER}`,
      { method: 'PATCH', body: [{ serial_number: 77001, title: 't' }] },
    ],
    [
      'deleteModuleRecord',
      `/api/v1/module-record/SAT_TDSP?${USER}`,
      { method: 'DELETE', body: [{ recordNumber: 'TDSP-3' }] },
    ],
    [
      'deleteModuleRecord',
      `/api/v1/module-record/SAT_TDSP?${USER}`,
      { method: 'DELETE', body: [{ recordNumber: 'NOPE-1' }] },
    ],
    ['expandModuleRecords', '/api/v1/module-record/INSPECTION_CHECKLIST/expand?pageSize=3'],
    ['expandModuleRecords', '/api/v1/module-record/INSPECTION_CHECKLIST/expand?pageSize=101'],
    [
      'getSubTableRows',
      `/api/v1/sub-table/Findings?moduleName=INSPECTION_CHECKLIST&recordId=${ids.module}`,
    ],
    [
      'writeSubTableRows',
      `/api/v1/sub-table/Findings?moduleName=INSPECTION_CHECKLIST&recordId=${ids.module}`,
      { method: 'POST', body: [{ item: 'x' }] },
    ],
    [
      'deleteSubTableRows',
      `/api/v1/sub-table/Findings?moduleName=INSPECTION_CHECKLIST&recordId=${ids.module}`,
      { method: 'DELETE', body: [] },
    ],
    [
      'takeWorkflowAction',
      `/api/v1/workflow/INSPECTION_CHECKLIST?actionName=Approve&${USER}`,
      { method: 'POST', body: [ids.module] },
    ],
    [
      'listWorkflowsV2',
      '/api/v2/workflow?moduleName=INSPECTION_CHECKLIST&pageSize=5',
      { headers: { 'x-project-id': 'Vx6-j2Z' } },
    ],
    ['listWorkflowsV2', '/api/v2/workflow'],
    [
      'getWorkflowHistoryV2',
      '/api/v2/workflow/history?moduleName=INSPECTION_CHECKLIST&recordNumber=INS-2',
    ],
    [
      'submitWorkflowV2',
      `/api/v2/workflow/submit?${USER}`,
      {
        method: 'POST',
        body: { recordId: ids.module, moduleName: 'INSPECTION_CHECKLIST', actionName: 'Submit' },
      },
    ],
    ['submitWorkflowV2', `/api/v2/workflow/submit?${USER}`, { method: 'POST', body: {} }],
    ['getUserAccess', '/api/v1/user/user-access'],
    ['getUserAccessByUsername', '/api/v1/user/user-access/by-user?username=johndoe@exto360.com'],
    ['getUserAccessByUsername', '/api/v1/user/user-access/by-user'],
    ['getAllGroups', '/api/v1/user/groups'],
    [
      'grantUserAccess',
      '/api/v1/user/user-access',
      { method: 'POST', body: { username: 'jasonsmith@exto360.com', projects: ['Vx6-j2Z'] } },
    ],
    [
      'revokeUserAccess',
      '/api/v1/user/user-access',
      { method: 'DELETE', body: { username: 'jasonsmith@exto360.com', projects: ['zzz'] } },
    ],
    [
      'activateUsers',
      '/api/v1/user/activate-users',
      { method: 'PATCH', body: ['jasonsmith@exto360.com'] },
    ],
    [
      'deactivateUsers',
      '/api/v1/user/deactivate-users',
      { method: 'PATCH', body: ['nobody@x.com'] },
    ],
    [
      'removeProjectAccess',
      '/api/v1/user/project-access',
      { method: 'DELETE', body: { username: 'jasonsmith@exto360.com', projectIds: ['zzz'] } },
    ],
    ['getAllHierarchyMasterRecords', '/api/v1/hierarchy-master-record/ASSET_TREE?pageSize=10'],
    [
      'createHierarchyMasterRecord',
      '/api/v1/hierarchy-master-record/ASSET_TREE',
      { method: 'POST', body: [{ asset_code: 'OAS' }] },
    ],
    [
      'updateHierarchyMasterRecord',
      '/api/v1/hierarchy-master-record/ASSET_TREE',
      { method: 'PATCH', body: [{ asset_code: 'OAS', asset_name: 'n' }] },
    ],
    ['getJobStatusByProject', '/api/v1/jobstatus/Vx6-j2Z'],
    [
      'createJobStatus',
      '/api/v1/jobstatus',
      { method: 'POST', body: { jobTitle: 'j', jobType: 'Import' } },
    ],
    [
      'updateJobStatus',
      `/api/v1/jobstatus/${ids.job}`,
      { method: 'PUT', body: { status: 'Completed' } },
    ],
    [
      'updateJobStatus',
      '/api/v1/jobstatus/ffffffffffffffffffffffff',
      { method: 'PUT', body: { status: 'Completed' } },
    ],
    [
      'appendJobStatusLogs',
      `/api/v1/jobstatus/${ids.job}/logs`,
      { method: 'POST', body: { message: 'm' } },
    ],
    [
      'createWorkspace',
      '/api/v1/workspace',
      { method: 'POST', body: { name: 'OAS', parentId: null } },
    ],
    ['listWorkspaces', '/api/v1/workspace'],
    ['getWorkspace', `/api/v1/workspace/${ids.workspace}`],
    ['getWorkspace', '/api/v1/workspace/ffffffffffffffffffffffff'],
    [
      'updateWorkspace',
      `/api/v1/workspace/${ids.workspace}`,
      { method: 'PATCH', body: { name: 'Renamed' } },
    ],
    [
      'downloadDocument',
      '/api/v1/documents/download/ffffffffffffffffffffffff',
      { headers: DOC_SCOPE },
    ],
    [
      'downloadAllDocuments',
      '/api/v1/documents/download/all/ffffffffffffffffffffffff?module=x',
      { headers: DOC_SCOPE },
    ],
    [
      'uploadCxEquipment',
      '/api/v1/cx/upload',
      {
        method: 'POST',
        body: { scheduleId: 's', data: [{ ID: 'a', Name: 'b' }] },
        headers: DOC_SCOPE,
      },
    ],
    [
      'createCxChecklist',
      `/api/v1/cx-step/createChecklist?moduleName=INSPECTION_CHECKLIST&${USER}`,
      {
        method: 'POST',
        body: [{ workfid: 'w', scheduleid: 's', activityid: ids.module, subtaskid: 't' }],
      },
    ],
  ];
}

test('responses match the OpenAPI document', async () => {
  const module = (await t.call('/api/v1/module-record/INSPECTION_CHECKLIST?pageSize=1')).json
    .rows[0]._id as string;
  const job = (await t.call('/api/v1/jobstatus/Vx6-j2Z?pageSize=1')).json.data[0]._id as string;
  const workspace = (await t.call('/api/v1/workspace?pageSize=1')).json[0].id as string;
  const problems: string[] = [];
  for (const [operationId, path, init] of cases({ module, job, workspace })) {
    const response = await t.call(path, init);
    const verdict = validators.validateResponse(
      operationId,
      response.status,
      response.headers.get('content-type') ?? undefined,
      response.json,
    );
    const where = `${operationId} ${init?.method ?? 'GET'} ${path} -> ${response.status}`;
    if (!verdict.statusDocumented)
      problems.push(`${where}: status not documented (${verdict.documentedStatuses.join(', ')})`);
    else if (!verdict.contentTypeDocumented) problems.push(`${where}: content type not documented`);
    for (const error of verdict.schemaErrors) problems.push(`${where}: ${error.message}`);
  }
  assert.deepEqual(problems, []);
});
