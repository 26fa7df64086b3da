import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { Ajv } from 'ajv';
import { Redactor } from '../../scripts/core/redact.ts';
import type { CheckResult } from '../../scripts/core/types.ts';
import { analyzeLoad } from '../../scripts/lib/k6/analysis.ts';
import { loadChartData, type LoadChartData } from '../../scripts/lib/k6/checks.ts';
import { readMetricStream } from '../../scripts/lib/k6/stream.ts';
import { readSummaryFile } from '../../scripts/lib/k6/summary.ts';
import { buildGate } from '../../scripts/report/gate.ts';
import { loadChartSvg, readLoadCharts, toLoadRecord } from '../../scripts/report/load-chart.ts';
import { renderReportHtml } from '../../scripts/report/report-html.ts';
import { renderSummaryMd } from '../../scripts/report/summary-md.ts';
import { writeReports } from '../../scripts/report/write-reports.ts';
import { passedCheck, sampleResults } from './fixtures.ts';
import { fixturePlan, k6Fixture } from '../load/fixture-plan.ts';

const chart: LoadChartData = {
  kind: 'load',
  scenario: 'beyond-limit',
  rateLimitPerSecond: 3,
  perSecond: [
    { t: 0, accepted: 3, rejected: 0 },
    { t: 1, accepted: 3, rejected: 3 },
    { t: 2, accepted: 3, rejected: 9 },
  ],
  phases: [
    { name: 'beyond_x1', ratePerToken: 3, tokens: 1, startSeconds: 0, durationSeconds: 1 },
    { name: 'beyond_x2', ratePerToken: 6, tokens: 2, startSeconds: 1, durationSeconds: 2 },
  ],
  measuredLimitPerSecond: 3.04,
};

const loadCheck = (suffix: string, status: CheckResult['status']): CheckResult => ({
  id: `load.beyond-limit.${suffix}`,
  title: `beyond-limit: ${suffix}`,
  status,
  severity: 'critical',
  message: `${suffix} message`,
});

const gateSchema = JSON.parse(
  readFileSync(new URL('../../schemas/gate.schema.json', import.meta.url), 'utf8'),
) as object;

test('stored record survives redaction', () => {
  const stored = new Redactor(['secret-value']).json(toLoadRecord(chart));
  const [read] = readLoadCharts([stored]);
  assert.deepEqual(
    read?.phases.map((p) => p.tokens),
    [1, 2],
  );
});

test('masked token count reads as one', () => {
  const masked = { ...chart, phases: [{ ...chart.phases[0]!, tokens: '***' }] };
  const [read] = readLoadCharts([masked as unknown as Record<string, unknown> & { kind: string }]);
  assert.equal(read?.phases[0]?.tokens, 1);
});

test('records of other kinds are ignored', () => {
  assert.deepEqual(readLoadCharts([{ kind: 'rate-limit-timeline', seconds: [] }]), []);
});

test('chart draws a bar per accepted second', () => {
  const svg = loadChartSvg(chart);
  assert.equal(svg.match(/class="accepted"/g)?.length, 3);
});

test('chart draws rejected only where present', () => {
  const svg = loadChartSvg(chart);
  assert.equal(svg.match(/class="rejected"/g)?.length, 2);
});

test('limit line scales with phase tokens', () => {
  const svg = loadChartSvg(chart);
  assert.match(svg, /beyond_x2: limit 6\/s/);
});

test('chart names the measured limit', () => {
  assert.match(loadChartSvg(chart), /measured limit 3\.04\/s per token/);
});

test('chart escapes phase names', () => {
  const odd = { ...chart, phases: [{ ...chart.phases[0]!, name: '<b>x</b>' }] };
  assert.doesNotMatch(loadChartSvg(odd), /<b>/);
});

test('report shows the chart and load checks', () => {
  const results = sampleResults([passedCheck, loadCheck('thresholds', 'passed')]);
  results.data.push(toLoadRecord(chart));
  const gate = buildGate({
    results,
    target: { baseUrl: 'x', reference: true },
    spec: null,
    tokenCount: 1,
  });
  const html = renderReportHtml({ gate, data: results.data, load: [], rateLimitPerSecond: 3 });
  const section = html.slice(html.indexOf('<section id="load">'));
  assert.match(section, /<svg[^>]+class="load-chart"/);
  assert.match(section, /load\.beyond-limit\.thresholds/);
});

test('skipped load check gets a table', () => {
  const skipped: CheckResult = {
    id: 'load.at-limit.run',
    title: 'at-limit: k6 load scenario runs',
    status: 'skipped',
    severity: 'normal',
    reason: 'k6 not found.',
  };
  const results = sampleResults([passedCheck, skipped]);
  const gate = buildGate({
    results,
    target: { baseUrl: 'x', reference: true },
    spec: null,
    tokenCount: 1,
  });
  const html = renderReportHtml({ gate, data: results.data, load: [], rateLimitPerSecond: 3 });
  assert.match(html, /<h3>at-limit<\/h3>[\s\S]*k6 not found\./);
});

test('gate totals accepted and rejected', () => {
  const results = sampleResults([loadCheck('thresholds', 'passed')]);
  results.data.push(toLoadRecord(chart));
  const gate = buildGate({
    results,
    target: { baseUrl: 'x', reference: true },
    spec: null,
    tokenCount: 1,
  });
  assert.deepEqual(
    gate.load?.map((l) => [l.accepted, l.rejected, l.seconds]),
    [[9, 12, 3]],
  );
});

test('failed load check fails its scenario', () => {
  const results = sampleResults([loadCheck('no-5xx', 'failed')]);
  results.data.push(toLoadRecord(chart));
  const gate = buildGate({
    results,
    target: { baseUrl: 'x', reference: true },
    spec: null,
    tokenCount: 1,
  });
  assert.equal(gate.load?.[0]?.verdict, 'fail');
});

test('gate with load matches its schema', () => {
  const results = sampleResults([loadCheck('thresholds', 'passed')]);
  results.data.push(toLoadRecord(chart));
  const gate = buildGate({
    results,
    target: { baseUrl: 'x', reference: true },
    spec: null,
    tokenCount: 1,
  });
  const validate = new Ajv({ allErrors: true, strict: true }).compile(gateSchema);
  assert.ok(validate(gate), JSON.stringify(validate.errors));
});

test('summary lists load scenarios', () => {
  const results = sampleResults([loadCheck('thresholds', 'passed')]);
  results.data.push(toLoadRecord(chart));
  const gate = buildGate({
    results,
    target: { baseUrl: 'x', reference: true },
    spec: null,
    tokenCount: 1,
  });
  assert.match(renderSummaryMd(gate), /\| beyond-limit \| pass \| 9 \| 12 \| 3 \|/);
});

test('real k6 stream totals in the gate', async () => {
  const stream = await readMetricStream(k6Fixture('metrics.ndjson'));
  const analysis = analyzeLoad(
    fixturePlan,
    stream,
    readSummaryFile(k6Fixture('handle-summary.json')),
  );
  const results = sampleResults([loadCheck('thresholds', 'passed')]);
  results.data.push(toLoadRecord(loadChartData(analysis, fixturePlan)));
  const gate = buildGate({
    results,
    target: { baseUrl: 'x', reference: true },
    spec: null,
    tokenCount: 1,
  });
  assert.deepEqual(
    gate.load?.map((l) => [l.accepted, l.rejected]),
    [[62, 30]],
  );
});

test('report shows real k6 metrics', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'exto-load-report-'));
  mkdirSync(join(dir, 'load'));
  copyFileSync(k6Fixture('handle-summary.json'), join(dir, 'load', 'beyond-limit.json'));
  const results = sampleResults([loadCheck('thresholds', 'passed')]);
  results.data.push(toLoadRecord(chart));
  await writeReports(
    dir,
    results,
    { target: { baseUrl: 'x', reference: true }, spec: null, tokenCount: 1, rateLimitPerSecond: 3 },
    new Redactor(),
    { allure: false },
  );
  const html = readFileSync(join(dir, 'report.html'), 'utf8');
  assert.match(html, /k6 metrics[\s\S]*<code>http_reqs<\/code>/);
});
