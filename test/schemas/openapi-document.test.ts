// Tests of the project's OpenAPI document: that it is valid OpenAPI 3.0.3, that it describes
// exactly the documented operations with their security and error responses, that its examples
// validate, and that its prose is not copied from the vendor's draft.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

import $RefParser from '@apidevtools/json-schema-ref-parser';
import { Ajv } from 'ajv';
import formatsPlugin from 'ajv-formats';
import { parse } from 'yaml';

import {
  collectDecisions,
  collectDescriptions,
  collectExamples,
  collectExtensionKeywords,
  collectRefs,
  listOperations,
  resolvePointer,
  toJsonSchema,
  type JsonObject,
} from './openapi-helpers.ts';
import { DRAFT_OPENAPI_PATH, skipWithoutShared } from '../shared-material.ts';

// ajv-formats is CommonJS: under NodeNext the default import is the module object.
const addFormats = formatsPlugin.default;

const documentPath = fileURLToPath(
  new URL('../../schemas/exto-data-api.openapi.yaml', import.meta.url),
);
const draftPath = DRAFT_OPENAPI_PATH;

const parseStart = performance.now();
const document = parse(readFileSync(documentPath, 'utf8')) as JsonObject;
const parseMs = performance.now() - parseStart;

/** The catalogue: operationId, method and path of every documented operation. */
const catalogue: [string, string, string][] = [
  ['login', 'post', '/api/auth/login'],
  ['createAccessToken', 'post', '/api/auth/access-token'],
  ['checkLiveness', 'get', '/api/v1/health/liveness'],
  ['checkReadiness', 'get', '/api/v1/health/readiness'],
  ['getBuildInfo', 'get', '/api/v1/build/info'],
  ['getAllMasterRecords', 'get', '/api/v1/master-record/{masterName}'],
  ['upsertMasterRecord', 'post', '/api/v1/master-record/{masterName}'],
  ['updateMasterRecord', 'patch', '/api/v1/master-record/{masterName}'],
  ['deleteMasterRecord', 'delete', '/api/v1/master-record/{masterName}'],
  ['getAllModuleRecords', 'get', '/api/v1/module-record/{moduleName}'],
  ['upsertModuleRecord', 'post', '/api/v1/module-record/{moduleName}'],
  ['updateModuleRecord', 'patch', '/api/v1/module-record/{moduleName}'],
  ['deleteModuleRecord', 'delete', '/api/v1/module-record/{moduleName}'],
  ['expandModuleRecords', 'get', '/api/v1/module-record/{moduleName}/expand'],
  ['writeSubTableRows', 'post', '/api/v1/sub-table/{tableID}'],
  ['getSubTableRows', 'get', '/api/v1/sub-table/{tableID}'],
  ['deleteSubTableRows', 'delete', '/api/v1/sub-table/{tableID}'],
  ['takeWorkflowAction', 'post', '/api/v1/workflow/{moduleName}'],
  ['uploadDocuments', 'post', '/api/v1/documents'],
  ['downloadDocument', 'get', '/api/v1/documents/download/{id}'],
  ['downloadAllDocuments', 'get', '/api/v1/documents/download/all/{recordId}'],
  ['grantUserAccess', 'post', '/api/v1/user/user-access'],
  ['getUserAccess', 'get', '/api/v1/user/user-access'],
  ['revokeUserAccess', 'delete', '/api/v1/user/user-access'],
  ['getUserAccessByUsername', 'get', '/api/v1/user/user-access/by-user'],
  ['getAllGroups', 'get', '/api/v1/user/groups'],
  ['activateUsers', 'patch', '/api/v1/user/activate-users'],
  ['deactivateUsers', 'patch', '/api/v1/user/deactivate-users'],
  ['removeProjectAccess', 'delete', '/api/v1/user/project-access'],
  ['getAllHierarchyMasterRecords', 'get', '/api/v1/hierarchy-master-record/{masterName}'],
  ['createHierarchyMasterRecord', 'post', '/api/v1/hierarchy-master-record/{masterName}'],
  ['updateHierarchyMasterRecord', 'patch', '/api/v1/hierarchy-master-record/{masterName}'],
  // NOTE: the contract lists this operation as /api/v1/jobstatus/{projectID}. OpenAPI treats that
  // template as identical to /api/v1/jobstatus/{id}, so both share one path item. The URL is the
  // same either way.
  ['getJobStatusByProject', 'get', '/api/v1/jobstatus/{id}'],
  ['createJobStatus', 'post', '/api/v1/jobstatus'],
  ['updateJobStatus', 'put', '/api/v1/jobstatus/{id}'],
  ['appendJobStatusLogs', 'post', '/api/v1/jobstatus/{id}/logs'],
  ['listWorkflowsV2', 'get', '/api/v2/workflow'],
  ['getWorkflowHistoryV2', 'get', '/api/v2/workflow/history'],
  ['createWorkflowV2', 'post', '/api/v2/workflow/create'],
  ['submitWorkflowV2', 'post', '/api/v2/workflow/submit'],
  ['returnWorkflowV2', 'post', '/api/v2/workflow/return'],
  ['reviseWorkflowV2', 'post', '/api/v2/workflow/revision'],
  ['reopenWorkflowV2', 'post', '/api/v2/workflow/reopen'],
  ['getAllGroupsV2', 'get', '/api/v2/user/groups'],
  ['removeWorkspaceAccess', 'delete', '/api/v2/user/workspace-access'],
  ['createWorkspace', 'post', '/api/v1/workspace'],
  ['listWorkspaces', 'get', '/api/v1/workspace'],
  ['getWorkspace', 'get', '/api/v1/workspace/{id}'],
  ['updateWorkspace', 'patch', '/api/v1/workspace/{id}'],
  ['uploadCxEquipment', 'post', '/api/v1/cx/upload'],
  ['createCxChecklist', 'post', '/api/v1/cx-step/createChecklist'],
];

const deprecatedIds = [
  'getAllGroupsV2',
  'removeWorkspaceAccess',
  'uploadCxEquipment',
  'createCxChecklist',
];
const publicIds = ['checkLiveness', 'checkReadiness', 'login', 'createAccessToken'];

/** Follows a `$ref` of the document to its target. Returns any other object unchanged. */
function follow(node: JsonObject): JsonObject {
  const ref = node.$ref;
  return typeof ref === 'string' ? follow(resolvePointer(document, ref) as JsonObject) : node;
}

test('document declares openapi 3.0.3', () => {
  assert.equal(document.openapi, '3.0.3');
});

test('every $ref resolves', () => {
  const refs = collectRefs(document);
  assert.ok(refs.length > 100, `expected many $ref entries, found ${refs.length}`);
  for (const { ref, at } of refs) {
    assert.ok(ref.startsWith('#/'), `${at}: $ref ${ref} must point inside the document`);
    assert.notEqual(
      resolvePointer(document, ref),
      undefined,
      `${at}: $ref ${ref} does not resolve`,
    );
  }
});

test('document dereferences fully', async (t) => {
  const start = performance.now();
  const dereferenced = await $RefParser.dereference(structuredClone(document));
  const dereferenceMs = performance.now() - start;
  t.diagnostic(`parse ${parseMs.toFixed(1)} ms, dereference ${dereferenceMs.toFixed(1)} ms`);
  assert.deepEqual(collectRefs(dereferenced as JsonObject), []);
});

test('oas-validator accepts document', async () => {
  // oas-validator ships no types, so it is loaded through require. swagger2openapi depends on it.
  const require = createRequire(import.meta.url);
  const validator = require('oas-validator') as {
    validate(openapi: unknown, options: Record<string, unknown>): Promise<{ valid: boolean }>;
  };
  const options: Record<string, unknown> = { resolve: true, lint: false };
  const result = await validator.validate(structuredClone(document), options).catch((error) => {
    const context = options.context as string[] | undefined;
    assert.fail(`${(error as Error).message} at ${context?.at(-1) ?? '#'}`);
  });
  assert.equal(result.valid, true);
});

test('operations match the catalogue', () => {
  const actual = listOperations(document)
    .map((op) => `${op.operationId} ${op.method} ${op.path}`)
    .sort();
  const expected = catalogue.map(([id, method, path]) => `${id} ${method} ${path}`).sort();
  assert.equal(actual.length, 51);
  assert.deepEqual(actual, expected);
});

test('operationIds are unique', () => {
  const ids = listOperations(document).map((op) => op.operationId);
  assert.equal(new Set(ids).size, ids.length);
});

test('deprecated operations are marked', () => {
  for (const op of listOperations(document)) {
    const expected = deprecatedIds.includes(op.operationId);
    assert.equal(op.operation.deprecated === true, expected, `${op.operationId} deprecated flag`);
  }
});

test('bearerAuth applies globally', () => {
  const schemes = (document.components as JsonObject).securitySchemes as JsonObject;
  assert.deepEqual(schemes.bearerAuth, {
    ...(schemes.bearerAuth as JsonObject),
    type: 'http',
    scheme: 'bearer',
  });
  assert.deepEqual(document.security, [{ bearerAuth: [] }]);
});

test('public operations declare empty security', () => {
  for (const op of listOperations(document).filter((o) => publicIds.includes(o.operationId))) {
    assert.deepEqual(op.operation.security, [], `${op.operationId} security`);
    const responses = op.operation.responses as JsonObject;
    assert.equal(responses['401'], undefined, `${op.operationId} must not document 401`);
  }
});

test('protected operations document 401 and 429', () => {
  const errorBodyRef = '#/components/schemas/ErrorBody';
  const protectedOps = listOperations(document).filter((o) => !publicIds.includes(o.operationId));
  assert.equal(protectedOps.length, 47);
  for (const op of protectedOps) {
    assert.equal(op.operation.security, undefined, `${op.operationId} overrides security`);
    const responses = op.operation.responses as JsonObject;
    for (const status of ['401', '429']) {
      const response = responses[status] as JsonObject | undefined;
      assert.ok(response, `${op.operationId} lacks ${status}`);
      const media = (follow(response).content as JsonObject | undefined)?.['application/json'];
      const schema = (media as JsonObject | undefined)?.schema as JsonObject | undefined;
      assert.equal(schema?.$ref, errorBodyRef, `${op.operationId} ${status} body`);
    }
    const headers = follow(responses['429'] as JsonObject).headers as JsonObject | undefined;
    assert.ok(headers?.['Retry-After'], `${op.operationId} 429 lacks Retry-After`);
  }
});

test('error responses use ErrorBody', () => {
  for (const op of listOperations(document)) {
    if (op.path.startsWith('/api/auth/')) continue;
    for (const [status, response] of Object.entries(op.operation.responses as JsonObject)) {
      if (!/^[45]/.test(status)) continue;
      const content = follow(response as JsonObject).content as JsonObject | undefined;
      // A route that is not mounted returns the server's own 404, whose body is undocumented.
      if (content === undefined && status === '404' && op.operation.deprecated === true) continue;
      const schema = (content?.['application/json'] as JsonObject | undefined)?.schema as
        JsonObject | undefined;
      assert.equal(schema?.$ref, '#/components/schemas/ErrorBody', `${op.operationId} ${status}`);
    }
  }
});

test('statuses match the contract', () => {
  // Documented statuses per operation. 401 and 429 apply to every operation that needs a token.
  // 404 on getAllMasterRecords, 413 on uploadDocuments and 400 on getJobStatusByProject are
  // decisions recorded in the document.
  const expected: Record<string, number[]> = {
    login: [200, 400, 422],
    createAccessToken: [200, 400, 422],
    checkLiveness: [200, 500],
    checkReadiness: [200, 500],
    getBuildInfo: [200],
    getAllMasterRecords: [200, 400, 404, 500],
    upsertMasterRecord: [201, 400, 500],
    updateMasterRecord: [200, 400, 500],
    deleteMasterRecord: [200, 400, 403, 500],
    getAllModuleRecords: [200, 400, 500],
    upsertModuleRecord: [201, 400, 403, 500],
    updateModuleRecord: [200, 400, 403, 500],
    deleteModuleRecord: [200, 400, 403, 404, 500],
    expandModuleRecords: [200, 400, 500],
    writeSubTableRows: [201, 400, 500],
    getSubTableRows: [200, 400, 500],
    deleteSubTableRows: [200, 400, 500],
    takeWorkflowAction: [201, 400, 403, 500],
    uploadDocuments: [200, 400, 403, 413],
    downloadDocument: [200, 400, 403, 404],
    downloadAllDocuments: [200, 400, 403, 404],
    grantUserAccess: [200, 400, 403],
    getUserAccess: [200, 400, 403],
    revokeUserAccess: [200, 400, 403],
    getUserAccessByUsername: [200, 400, 403],
    getAllGroups: [200, 400, 403],
    activateUsers: [200, 400, 403, 500],
    deactivateUsers: [200, 400, 403, 500],
    removeProjectAccess: [200, 400, 403],
    getAllHierarchyMasterRecords: [200, 400, 500],
    createHierarchyMasterRecord: [201, 400, 500],
    updateHierarchyMasterRecord: [200, 400, 500],
    getJobStatusByProject: [200, 400, 500],
    createJobStatus: [201, 400, 500],
    updateJobStatus: [200, 400, 404, 500],
    appendJobStatusLogs: [200, 400, 404, 500],
    listWorkflowsV2: [200, 400, 500],
    getWorkflowHistoryV2: [200, 500],
    createWorkflowV2: [201, 400, 403, 500],
    submitWorkflowV2: [201, 400, 403, 500],
    returnWorkflowV2: [201, 400, 403, 500],
    reviseWorkflowV2: [201, 400, 403, 500],
    reopenWorkflowV2: [201, 400, 403, 500],
    getAllGroupsV2: [200, 400, 403, 404],
    removeWorkspaceAccess: [200, 400, 403, 404],
    createWorkspace: [201, 400],
    listWorkspaces: [200, 400],
    getWorkspace: [200, 404],
    updateWorkspace: [200, 400],
    uploadCxEquipment: [200, 400],
    createCxChecklist: [200, 400, 403],
  };
  for (const op of listOperations(document)) {
    const documented = expected[op.operationId];
    assert.ok(documented, `${op.operationId} has no expected statuses`);
    const withAuth = publicIds.includes(op.operationId) ? documented : [...documented, 401, 429];
    const actual = Object.keys(op.operation.responses as JsonObject).map(Number);
    const sort = (codes: number[]): number[] => [...codes].sort((x, y) => x - y);
    assert.deepEqual(sort(actual), sort(withAuth), `${op.operationId} statuses`);
  }
});

test('success statuses match the catalogue', () => {
  const created = [
    'upsertMasterRecord',
    'upsertModuleRecord',
    'writeSubTableRows',
    'takeWorkflowAction',
    'createHierarchyMasterRecord',
    'createJobStatus',
    'createWorkflowV2',
    'submitWorkflowV2',
    'returnWorkflowV2',
    'reviseWorkflowV2',
    'reopenWorkflowV2',
    'createWorkspace',
  ];
  for (const op of listOperations(document)) {
    const success = Object.keys(op.operation.responses as JsonObject).filter((s) => /^2/.test(s));
    const expected = created.includes(op.operationId) ? '201' : '200';
    assert.deepEqual(success, [expected], `${op.operationId} success status`);
  }
});

test('auth paths sit under /rest', () => {
  for (const path of ['/api/auth/login', '/api/auth/access-token']) {
    const item = (document.paths as JsonObject)[path] as JsonObject;
    const servers = item.servers as JsonObject[];
    assert.equal(servers[0]?.url, '{scheme}://{host}/rest', `${path} server`);
    const decisions = item['x-exto-decision'] as JsonObject[];
    assert.equal(decisions[0]?.conflict, 'C5', `${path} decision`);
  }
  const servers = document.servers as JsonObject[];
  assert.match(String(servers[0]?.url), /\/data$/);
});

test('decisions cover wire conflicts', () => {
  // C4 (who creates tokens) and C28 (invalid JSON in a published page) never reach the wire.
  const expected = Array.from({ length: 30 }, (_, i) => `C${i + 1}`).filter(
    (id) => id !== 'C4' && id !== 'C28',
  );
  const decisions = collectDecisions(document);
  const covered = new Set(decisions.map((decision) => decision.conflict));
  for (const id of expected) assert.ok(covered.has(id), `no decision records ${id}`);
  for (const decision of decisions) {
    assert.equal(typeof decision.choice, 'string', `${decision.at} choice`);
    assert.equal(typeof decision.reason, 'string', `${decision.at} reason`);
  }
});

test('message lists hold strings', () => {
  for (const op of listOperations(document)) {
    const byStatus = op.operation['x-exto-messages'];
    if (byStatus === undefined) continue;
    for (const [status, list] of Object.entries(byStatus as JsonObject)) {
      assert.match(status, /^[1-5]\d\d$/, `${op.operationId} message status`);
      assert.ok(Array.isArray(list), `${op.operationId} ${status} messages must be a list`);
      for (const message of list as unknown[]) {
        assert.equal(typeof message, 'string', `${op.operationId} ${status} message`);
      }
      const responses = op.operation.responses as JsonObject;
      assert.ok(responses[status], `${op.operationId} lists messages for undocumented ${status}`);
    }
  }
});

test('documented messages are listed', () => {
  const messages = new Map<string, string[]>();
  for (const op of listOperations(document)) {
    const byStatus = (op.operation['x-exto-messages'] ?? {}) as Record<string, string[]>;
    messages.set(op.operationId, Object.values(byStatus).flat());
  }
  const expected: [string, string][] = [
    ['getAllMasterRecords', 'Page size must be between 1 and 1000'],
    ['getAllMasterRecords', 'Page must be greater than 0'],
    ['getAllModuleRecords', 'Missing module name.'],
    ['getAllHierarchyMasterRecords', 'Missing Master name'],
    ['listWorkspaces', 'Page size must be between 1 and 1000'],
    ['getUserAccess', 'Page size must be between 1 and 1000'],
    ['getAllGroups', 'Page must be greater than 0'],
    ['expandModuleRecords', 'Page size must be between 1 and 100'],
    ['expandModuleRecords', 'subTablePageSize must be between 1 and 100'],
    ['upsertModuleRecord', 'User not found or active'],
    ['updateModuleRecord', "Updating '_id' is not allowed"],
    ['updateHierarchyMasterRecord', "Updating '_id' is not allowed"],
    ['takeWorkflowAction', 'Maximum 100 records allowed but received <N>'],
    ['deleteSubTableRows', 'Request body must be a non-empty array of objects with "recordNumber"'],
    ['getUserAccessByUsername', 'Username is mandatory'],
    ['listWorkflowsV2', 'moduleName is required'],
    ['grantUserAccess', 'Projects length must not exceed 100'],
    ['grantUserAccess', 'Groups length must not exceed 100'],
    ['uploadDocuments', 'Missing tenant ID'],
    ['uploadDocuments', 'Missing project ID'],
    ['uploadDocuments', 'At least one file is required'],
    ['uploadDocuments', 'ID is required when module is specified'],
    ['downloadDocument', 'errors.error_document_not_found'],
    ['deleteMasterRecord', "User doesn't have permission to delete the record"],
    ['submitWorkflowV2', 'VALIDATION_ERROR'],
  ];
  for (const [operationId, message] of expected) {
    assert.ok(messages.get(operationId)?.includes(message), `${operationId}: ${message}`);
  }
});

test('page size ranges match the contract', () => {
  const ranges: [string, number, number][] = [
    ['getAllMasterRecords', 1000, 25],
    ['getAllModuleRecords', 1000, 25],
    ['getAllHierarchyMasterRecords', 1000, 25],
    ['getSubTableRows', 1000, 25],
    ['expandModuleRecords', 100, 50],
    ['listWorkflowsV2', 100, 25],
    ['getUserAccess', 1000, 1000],
    ['getAllGroups', 1000, 100],
    ['getAllGroupsV2', 1000, 100],
    ['getJobStatusByProject', 200, 50],
    ['listWorkspaces', 1000, 25],
  ];
  const operations = new Map(listOperations(document).map((op) => [op.operationId, op]));
  for (const [operationId, maximum, fallback] of ranges) {
    const parameters = (operations.get(operationId)?.operation.parameters ?? []) as JsonObject[];
    const pageSize = parameters.map(follow).find((p) => p.name === 'pageSize');
    const schema = pageSize?.schema as JsonObject | undefined;
    assert.equal(schema?.minimum, 1, `${operationId} pageSize minimum`);
    assert.equal(schema?.maximum, maximum, `${operationId} pageSize maximum`);
    assert.equal(schema?.default, fallback, `${operationId} pageSize default`);
  }
});

test('nullable appears only beside type', () => {
  const offenders: string[] = [];
  const visit = (node: unknown, at: string): void => {
    if (Array.isArray(node)) return node.forEach((item, i) => visit(item, `${at}/${i}`));
    if (node === null || typeof node !== 'object') return;
    const object = node as JsonObject;
    if ('nullable' in object && typeof object.type !== 'string') offenders.push(at);
    for (const [key, value] of Object.entries(object)) {
      if (key !== 'example' && !key.startsWith('x-')) visit(value, `${at}/${key}`);
    }
  };
  visit(document, '#');
  assert.deepEqual(offenders, []);
});

test('examples validate against schemas', async () => {
  const dereferenced = (await $RefParser.dereference(structuredClone(document))) as JsonObject;
  const jsonSchemaDocument = toJsonSchema(dereferenced) as JsonObject;
  const ajv = new Ajv({ strict: true, allErrors: true });
  addFormats(ajv);
  // OpenAPI annotation keywords that JSON Schema does not define. toJsonSchema has already
  // replaced nullable, so it is not among them.
  ajv.addVocabulary(['example', 'xml', 'externalDocs', 'discriminator']);
  ajv.addVocabulary(collectExtensionKeywords(document));

  const examples = collectExamples(document);
  assert.ok(examples.length > 60, `expected many examples, found ${examples.length}`);
  for (const { at, schemaPointer, value } of examples) {
    const schema = resolvePointer(jsonSchemaDocument, schemaPointer);
    assert.ok(schema !== undefined, `${at}: no schema at ${schemaPointer}`);
    const validate = ajv.compile(schema as JsonObject);
    const valid = validate(value);
    assert.ok(valid, `${at}: ${ajv.errorsText(validate.errors)}`);
  }
});

test('descriptions are not copied', { skip: skipWithoutShared(draftPath) }, () => {
  const draft = JSON.parse(readFileSync(draftPath, 'utf8')) as JsonObject;
  const normalise = (text: string): string => text.replace(/\s+/g, ' ').trim();
  const draftTexts = new Set(collectDescriptions(draft).map(normalise));
  const ours = collectDescriptions(document)
    .map(normalise)
    .filter((text) => text.length >= 40);
  assert.ok(ours.length > 100, `expected many descriptions, found ${ours.length}`);
  const copied = ours.filter((text) => draftTexts.has(text));
  assert.deepEqual(copied, []);
});
