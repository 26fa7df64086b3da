import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';

import { Ajv } from 'ajv';
import { parseAllDocuments } from 'yaml';

import { readLoadSettings } from '../../scripts/core/load/settings.ts';
import { buildOperatorManifests } from '../../scripts/lib/k6/operator.ts';

const schema = JSON.parse(
  readFileSync(new URL('../../load/k8s/testrun.schema.json', import.meta.url), 'utf8'),
) as Record<string, unknown>;
const validate = new Ajv({ strict: false }).compile(schema);

const settings = readLoadSettings({
  EXTO_BASE_URL: 'https://exto.example.com/data',
  EXTO_LOAD_TOKEN_COUNT: '4',
  EXTO_LOAD_SUMMARY_FILE: '/local/run/summary.json',
  EXTO_LOAD_SCHEMAS_FILE: '/local/run/spec.json',
});

function manifests() {
  return buildOperatorManifests({
    scenario: 'multi-token',
    parallelism: 3,
    settings,
    bundle: 'export default function () {}',
    schemas: '{"bundled":{}}',
    secretName: 'exto-load-tokens',
    namespace: 'load',
  });
}

test('TestRun matches the CRD schema', () => {
  const { testRun } = manifests();
  assert.equal(validate(testRun), true, JSON.stringify(validate.errors));
});

test('schema rejects a misspelt field', () => {
  const { testRun } = manifests();
  const spec = { ...(testRun.spec as Record<string, unknown>), paralelism: 3 };
  assert.equal(validate({ ...testRun, spec }), false);
});

test('TestRun references the ConfigMap', () => {
  const { testRun, configMap } = manifests();
  const spec = testRun.spec as { script: { configMap: { name: string; file: string } } };
  const metadata = configMap.metadata as { name: string };
  assert.equal(spec.script.configMap.name, metadata.name);
  assert.ok(spec.script.configMap.file in (configMap.data as Record<string, string>));
});

test('runner paths point into the pod', () => {
  const { testRun } = manifests();
  const env = (testRun.spec as { runner: { env: { name: string; value: string }[] } }).runner.env;
  const value = (name: string) => env.find((e) => e.name === name)?.value;
  assert.equal(value('EXTO_LOAD_SCHEMAS_FILE'), '/test/schemas.json');
  assert.equal(value('EXTO_LOAD_SUMMARY_FILE'), undefined);
  assert.equal(value('EXTO_LOAD_TOKEN_COUNT'), '4');
});

test('tokens come from a Secret', () => {
  const { testRun, yaml } = manifests();
  const runner = (testRun.spec as { runner: Record<string, unknown> }).runner;
  assert.deepEqual(runner.envFrom, [{ secretRef: { name: 'exto-load-tokens' } }]);
  assert.doesNotMatch(yaml, /EXTO_TOKENS/);
});

test('YAML holds both documents', () => {
  const documents = parseAllDocuments(manifests().yaml).map((d) => d.toJSON() as { kind: string });
  assert.deepEqual(
    documents.map((d) => d.kind),
    ['ConfigMap', 'TestRun'],
  );
});

test('parallelism must be positive', () => {
  assert.throws(
    () => buildOperatorManifests({ ...baseOptions(), parallelism: 0 }),
    /--distributed must be a whole number of runner pods, 1 or more, got 0/,
  );
});

function baseOptions() {
  return {
    scenario: 'smoke' as const,
    parallelism: 1,
    settings,
    bundle: '',
    secretName: 's',
  };
}
