import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { addAllureLabels } from '../../scripts/report/allure-labels.ts';

function writeResult(dir: string, name: string, labels: { name: string; value: string }[]): string {
  const path = join(dir, `${name}-result.json`);
  writeFileSync(
    path,
    JSON.stringify({
      name: 'GET /api/v1/build/info answers',
      fullName: 'contract/operations.spec.ts › GET /api/v1/build/info answers',
      parameters: [{ name: 'Project', value: 'contract' }],
      labels,
    }),
  );
  return path;
}

function labelsOf(path: string): Record<string, string> {
  const result = JSON.parse(readFileSync(path, 'utf8')) as {
    labels: { name: string; value: string }[];
  };
  return Object.fromEntries(result.labels.map((label) => [label.name, label.value]));
}

const records = [
  {
    project: 'contract',
    title: 'GET /api/v1/build/info answers',
    file: 'operations.spec.ts',
    operationIds: ['getBuildInfo'],
    severities: ['normal' as const, 'critical' as const],
  },
];

test('adds epic, feature, story, severity', () => {
  const dir = mkdtempSync(join(tmpdir(), 'exto-allure-'));
  const path = writeResult(dir, 'a', [{ name: 'suite', value: 'contract' }]);
  const count = addAllureLabels(dir, records, {
    epic: 'Exto Data API',
    operationTags: { getBuildInfo: ['Build'] },
  });
  assert.equal(count, 1);
  const labels = labelsOf(path);
  assert.equal(labels.epic, 'Exto Data API');
  assert.equal(labels.feature, 'Build');
  assert.equal(labels.story, 'getBuildInfo');
  assert.equal(labels.severity, 'critical');
});

test('keeps labels a suite set', () => {
  const dir = mkdtempSync(join(tmpdir(), 'exto-allure-'));
  const path = writeResult(dir, 'b', [{ name: 'severity', value: 'blocker' }]);
  addAllureLabels(dir, records, { epic: 'Exto Data API', operationTags: {} });
  const labels = labelsOf(path);
  assert.equal(labels.severity, 'blocker');
  assert.equal(labels.feature, 'contract');
});

test('missing folder labels nothing', () => {
  assert.equal(
    addAllureLabels('/nonexistent/allure-results', records, { epic: 'x', operationTags: {} }),
    0,
  );
});
