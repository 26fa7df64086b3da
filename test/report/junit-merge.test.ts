import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { mergeJunitFiles } from '../../scripts/report/junit-merge.ts';
import { mergeResults } from '../../scripts/report/results-reporter.ts';
import { failedCheck, passedCheck, sampleResults } from './fixtures.ts';

function junit(tests: number, failures: number, suite: string): string {
  return (
    `<testsuites id="" name="" tests="${tests}" failures="${failures}" skipped="1" errors="0" time="1.5">\n` +
    `<testsuite name="${suite}" tests="${tests}"></testsuite>\n</testsuites>`
  );
}

test('junit files merge with summed counts', () => {
  const dir = mkdtempSync(join(tmpdir(), 'exto-junit-'));
  writeFileSync(join(dir, 'a.xml'), junit(3, 1, 'contract/a.spec.ts'));
  writeFileSync(join(dir, 'b.xml'), junit(2, 0, 'auth/b.spec.ts'));
  const merged = mergeJunitFiles(
    [join(dir, 'a.xml'), join(dir, 'b.xml'), join(dir, 'none.xml')],
    join(dir, 'junit.xml'),
  );
  assert.equal(merged, true);
  const xml = readFileSync(join(dir, 'junit.xml'), 'utf8');
  assert.match(
    xml,
    /<testsuites name="exto-conformance" tests="5" failures="1" skipped="2" errors="0" time="3\.000">/,
  );
  assert.match(xml, /<testsuite name="contract\/a\.spec\.ts"/);
  assert.match(xml, /<testsuite name="auth\/b\.spec\.ts"/);
  assert.equal(xml.match(/<\/testsuites>/g)?.length, 1);
});

test('no junit input writes nothing', () => {
  const dir = mkdtempSync(join(tmpdir(), 'exto-junit-'));
  assert.equal(mergeJunitFiles([join(dir, 'none.xml')], join(dir, 'junit.xml')), false);
});

test('results of project runs merge', () => {
  const merged = mergeResults(sampleResults([passedCheck]), sampleResults([failedCheck]));
  assert.deepEqual(
    merged.checks.map((c) => c.id),
    [passedCheck.id, failedCheck.id],
  );
  assert.deepEqual(merged.tests, { passed: 4, failed: 2, skipped: 2 });
  assert.equal(merged.data.length, 4);
});
