import assert from 'node:assert/strict';
import { test } from 'node:test';

import type { LocatedError, Operation } from '../../scripts/core/spec/types.ts';
import { shapeConflict } from '../../suites/support/contract-checks.ts';
import { declaredListTargets, listTargets } from '../../suites/support/lists.ts';
import type { SuiteSpec } from '../../suites/support/spec.ts';

function specWith(...operations: Pick<Operation, 'operationId' | 'method' | 'path'>[]): SuiteSpec {
  return { loaded: { operations } } as unknown as SuiteSpec;
}

const MASTER = '/api/v1/master-record/{masterName}';

test('undeclared module list is left out', () => {
  const spec = specWith({ operationId: 'getAllMasterRecords', method: 'get', path: MASTER });
  assert.deepEqual(
    declaredListTargets(spec).map((target) => target.template),
    [MASTER],
  );
});

test('declared list keeps its operationId', () => {
  const spec = specWith({ operationId: 'listMasters', method: 'get', path: MASTER });
  assert.equal(declaredListTargets(spec)[0]?.operationId, 'listMasters');
});

test('operationId alone does not declare', () => {
  const spec = specWith({ operationId: 'getAllModuleRecords', method: 'get', path: '/modules' });
  assert.equal(declaredListTargets(spec).length, 0);
});

test('other methods do not declare', () => {
  const spec = specWith({ operationId: 'upsertMasterRecord', method: 'post', path: MASTER });
  assert.equal(declaredListTargets(spec).length, 0);
});

test('all targets carry the declared flag', () => {
  const spec = specWith({ operationId: 'getAllMasterRecords', method: 'get', path: MASTER });
  assert.deepEqual(
    listTargets(spec).map((target) => target.declared),
    [true, false],
  );
});

const TYPE_ERROR: LocatedError = {
  message: 'Response body must be object',
  instancePath: '',
  schemaPath: '#/type',
  keyword: 'type',
  raw: {} as LocatedError['raw'],
};

test('groups array is a known conflict', () => {
  assert.match(shapeConflict('/api/v1/user/groups', [TYPE_ERROR], []) ?? '', /bare array/);
});

test('groups conflict needs the only error', () => {
  const nested = { ...TYPE_ERROR, instancePath: '/0' };
  assert.equal(shapeConflict('/api/v1/user/groups', [TYPE_ERROR, nested], []), undefined);
});

test('unknown path is no conflict', () => {
  assert.equal(shapeConflict('/api/v1/workspace', [TYPE_ERROR], []), undefined);
});
