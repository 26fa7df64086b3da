import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { Redactor } from '../../scripts/core/redact.ts';
import { readLoadSummaries, writeReports } from '../../scripts/report/write-reports.ts';
import { failedCheck, passedCheck, sampleResults } from './fixtures.ts';

const SECRET = 'write-reports-secret-value';

test('artifacts mask configured secrets', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'exto-write-'));
  const results = sampleResults([
    passedCheck,
    { ...failedCheck, message: `token ${SECRET} rejected` },
  ]);
  await writeReports(
    dir,
    results,
    {
      target: { baseUrl: 'http://127.0.0.1:1/data', reference: false },
      spec: null,
      tokenCount: 1,
      rateLimitPerSecond: 3,
    },
    new Redactor([SECRET]),
    { allure: false },
  );
  const files = readdirSync(dir);
  assert.deepEqual(files.sort(), ['gate.json', 'report.html', 'run-meta.json', 'summary.md']);
  for (const file of files) {
    assert.doesNotMatch(readFileSync(join(dir, file), 'utf8'), new RegExp(SECRET), file);
  }
});

test('load summaries read both k6 formats', () => {
  const dir = mkdtempSync(join(tmpdir(), 'exto-load-'));
  mkdirSync(join(dir, 'load'));
  writeFileSync(
    join(dir, 'load', 'export.json'),
    JSON.stringify({ metrics: { http_reqs: { count: 92, rate: 4.3 } } }),
  );
  writeFileSync(
    join(dir, 'load', 'handle.json'),
    JSON.stringify({ metrics: { http_reqs: { type: 'counter', values: { count: 10, rate: 1 } } } }),
  );
  const summaries = readLoadSummaries(dir);
  assert.deepEqual(summaries[0]!.metrics.http_reqs, { count: 92, rate: 4.3 });
  assert.deepEqual(summaries[1]!.metrics.http_reqs, { count: 10, rate: 1 });
});
