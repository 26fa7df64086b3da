import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { Ajv } from 'ajv';
import { Redactor } from '../../scripts/core/redact.ts';
import { buildGate, exitCodeFor, type Gate } from '../../scripts/report/gate.ts';
import { failedCheck, passedCheck, sampleResults, skippedCheck, warningCheck } from './fixtures.ts';

const schema = JSON.parse(
  readFileSync(new URL('../../schemas/gate.schema.json', import.meta.url), 'utf8'),
);
const validate = new Ajv({ allErrors: true, strict: true }).compile(schema);

function gateOf(checks = [passedCheck, warningCheck, skippedCheck]): Gate {
  return buildGate({
    results: sampleResults(checks),
    target: { baseUrl: 'http://127.0.0.1:1/data', reference: true, referenceFaults: [] },
    spec: { title: 'Exto Data API', version: '1.0.0', sha256: 'a'.repeat(64) },
    tokenCount: 3,
  });
}

test('passing checks give pass', () => {
  const gate = gateOf();
  assert.equal(gate.verdict, 'pass');
  assert.deepEqual(gate.reasons, []);
  assert.equal(exitCodeFor(gate), 0);
});

test('failed check gives fail', () => {
  const gate = gateOf([passedCheck, failedCheck]);
  assert.equal(gate.verdict, 'fail');
  assert.deepEqual(gate.failures, ['rate-limit.enforced']);
  assert.equal(exitCodeFor(gate), 1);
});

test('broken check gives fail', () => {
  const gate = gateOf([passedCheck, { ...passedCheck, id: 'broken.x', status: 'broken' }]);
  assert.equal(gate.verdict, 'fail');
});

test('zero checks give fail', () => {
  const gate = gateOf([]);
  assert.equal(gate.verdict, 'fail');
  assert.match(gate.reasons[0]!, /No check ran/);
});

test('all skipped gives fail', () => {
  const gate = gateOf([skippedCheck]);
  assert.equal(gate.verdict, 'fail');
  assert.match(gate.reasons[0]!, /Every check was skipped/);
});

test('warnings never fail', () => {
  const gate = gateOf([passedCheck, warningCheck]);
  assert.equal(gate.verdict, 'pass');
  assert.deepEqual(gate.warnings, ['rate-limit.retry-after.format']);
});

test('skipped lists reason and option', () => {
  const gate = gateOf();
  assert.deepEqual(gate.skipped, [
    {
      id: skippedCheck.id,
      reason: skippedCheck.reason,
      enableWith: skippedCheck.enableWith,
    },
  ]);
});

test('interrupted run fails', () => {
  const gate = buildGate({
    results: sampleResults([passedCheck]),
    target: { baseUrl: 'http://127.0.0.1:1/data', reference: false },
    spec: null,
    tokenCount: 1,
    interrupted: 'The run was interrupted before it finished.',
  });
  assert.equal(gate.verdict, 'fail');
});

test('gate matches its schema', () => {
  for (const gate of [gateOf(), gateOf([failedCheck]), gateOf([])]) {
    assert.equal(validate(gate), true, JSON.stringify(validate.errors));
  }
});

test('skip without reason gets one', () => {
  const gate = gateOf([
    passedCheck,
    { ...skippedCheck, reason: undefined, message: 'not applicable' },
  ]);
  assert.equal(gate.skipped[0]!.reason, 'not applicable');
  assert.equal(validate(gate), true, JSON.stringify(validate.errors));
});

test('token count survives redaction', () => {
  const gate = new Redactor(['some-secret-token']).json(gateOf());
  assert.equal(gate.tokensUsed, 3);
});
