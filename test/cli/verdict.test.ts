import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatVerdict } from '../../scripts/cli/verdict.ts';
import { buildGate } from '../../scripts/report/gate.ts';
import type { CheckResult } from '../../scripts/core/types.ts';

const schemaFailure: CheckResult = {
  id: 'contract.getAllGroups.200.schema',
  title: 'GET /api/v1/groups matches its schema',
  status: 'failed',
  severity: 'critical',
  message: '1 schema violation(s).',
  received: 'response body at /0/name: must be string, got 42',
};

function linesFor(check: CheckResult): string[] {
  const gate = buildGate({
    results: {
      startedAt: '',
      finishedAt: '',
      checks: [check],
      data: [],
      tests: { passed: 0, failed: 1, skipped: 0 },
    },
    target: { baseUrl: 'http://127.0.0.1:1/data', reference: true },
    spec: null,
    tokenCount: 1,
  });
  return formatVerdict(gate, '/tmp/run');
}

test('failure line shows what was received', () => {
  assert.ok(
    linesFor(schemaFailure).includes(
      '    received: response body at /0/name: must be string, got 42',
    ),
  );
});

test('long received text is cut', () => {
  const line = linesFor({ ...schemaFailure, received: 'x'.repeat(500) }).find((l) =>
    l.startsWith('    received: '),
  );
  assert.ok(line !== undefined && line.length < 200);
});
