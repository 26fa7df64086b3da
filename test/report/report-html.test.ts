import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from 'node:test';
import { chromium } from '@playwright/test';
import { buildGate } from '../../scripts/report/gate.ts';
import { renderReportHtml } from '../../scripts/report/report-html.ts';
import { renderSummaryMd } from '../../scripts/report/summary-md.ts';
import { readTimelines } from '../../scripts/report/timeline.ts';
import { failedCheck, passedCheck, sampleResults, skippedCheck, warningCheck } from './fixtures.ts';

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

const results = sampleResults([passedCheck, failedCheck, skippedCheck, warningCheck]);
const gate = buildGate({
  results,
  target: { baseUrl: 'http://127.0.0.1:1/data', reference: false },
  spec: { title: 'Exto Data API', version: '1.0.0', sha256: 'b'.repeat(64) },
  tokenCount: 2,
});
const html = renderReportHtml({ gate, data: results.data, load: [], rateLimitPerSecond: 3 });

test('verdict comes first', () => {
  const body = html.slice(html.indexOf('<body>'));
  assert.ok(body.indexOf('id="verdict"') < body.indexOf('id="failures"'));
  assert.match(html, /<h1>Verdict: FAIL<\/h1>/);
});

test('failure shows received and documented', () => {
  assert.match(html, /<b>Received<\/b> 200 for all 12 requests/);
  assert.match(html, /<b>Documented<\/b> 429 with Retry-After from request 4/);
  assert.match(html, /<pre class="curl">curl -sS -X GET/);
});

test('page loads nothing external', () => {
  assert.doesNotMatch(html, /<script|<link|src="http|url\(http/);
});

test('values are HTML-escaped', () => {
  const hostile = buildGate({
    results: sampleResults([{ ...failedCheck, message: '<img src=x onerror=alert(1)>' }]),
    target: { baseUrl: 'http://127.0.0.1:1/data', reference: false },
    spec: null,
    tokenCount: 1,
  });
  const page = renderReportHtml({ gate: hostile, data: [], load: [], rateLimitPerSecond: 3 });
  assert.doesNotMatch(page, /<img/);
  assert.match(page, /&lt;img src=x/);
});

test('timeline buckets requests per second', () => {
  const [timeline] = readTimelines(results.data);
  assert.deepEqual(timeline!.buckets[0], { second: 0, accepted: 3, rejected: 5 });
  assert.equal(timeline!.buckets.length, 3);
});

test('summary lists failures', () => {
  const summary = renderSummaryMd(gate);
  assert.match(summary, /^## ❌ Exto conformance: FAIL/);
  assert.match(summary, /\| `rate-limit.enforced` \| failed \| blocker \|/);
});

test('summary lists warnings', () => {
  const summary = renderSummaryMd(gate);
  assert.match(summary, /<summary>1 warnings<\/summary>/);
  assert.match(summary, /- `rate-limit.retry-after.format`: Retry-After was 0.5/);
});

test(
  'report renders in Chromium',
  {
    skip: existsSync(CHROMIUM) ? false : `${CHROMIUM} is not installed (apt-get install chromium)`,
  },
  async () => {
    const dir = mkdtempSync(join(tmpdir(), 'exto-report-'));
    const file = join(dir, 'report.html');
    writeFileSync(file, html);
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    try {
      const page = await browser.newPage();
      const requests: string[] = [];
      page.on('request', (request) => requests.push(request.url()));
      await page.goto(pathToFileURL(file).href);
      assert.equal(await page.locator('h1').first().textContent(), 'Verdict: FAIL');
      assert.equal(await page.locator('article.failure').count(), 1);
      assert.equal(await page.locator('#rate-limit svg rect.rejected').count(), 3);
      assert.equal(await page.locator('#coverage table.matrix td.bad').count(), 1);
      assert.deepEqual(
        requests.filter((url) => !url.startsWith('file:')),
        [],
      );
      const screenshot = join(dir, 'report.png');
      await page.screenshot({ path: screenshot, fullPage: true });
      assert.ok(statSync(screenshot).size > 10_000);
    } finally {
      await browser.close();
    }
  },
);

test('timeline reads phase samples', () => {
  const [timeline] = readTimelines([
    {
      kind: 'rate-limit-timeline',
      phase: 'burst',
      samples: [
        { tMs: 0, status: 200 },
        { tMs: 10, status: 429 },
        { tMs: 1500, status: 200 },
      ],
    },
  ]);
  assert.equal(timeline!.label, 'burst');
  assert.deepEqual(timeline!.buckets, [
    { second: 0, accepted: 1, rejected: 1 },
    { second: 1, accepted: 1, rejected: 0 },
  ]);
});

function tokenPage(data: Record<string, unknown>[]): string {
  return renderReportHtml({ gate, data: data as never, load: [], rateLimitPerSecond: 3 });
}

test('token timings are listed', () => {
  const page = tokenPage([
    { kind: 'token-timing', event: 'revocation', boundMs: 30000, lastAcceptedMs: null },
  ]);
  assert.match(
    page,
    /<th scope="row">Revocation<\/th><td><ul class="fields"><li>Bound: 30 s<\/li><li>Last accepted: never<\/li><\/ul>/,
  );
});

test('token timings read as durations', () => {
  const page = tokenPage([{ kind: 'token-timing', event: 'revocation', firstRejectedMs: 1234 }]);
  assert.match(page, /First rejected: 1\.2 s/);
});

test('old tokens list one line each', () => {
  const page = tokenPage([
    {
      kind: 'token-timing',
      event: 'key-rotation',
      oldTokens: [
        { lastAcceptedMs: 250, firstRejectedMs: 900, finalStatus: 401 },
        { lastAcceptedMs: null, firstRejectedMs: 10, finalStatus: 401 },
      ],
    },
  ]);
  assert.match(
    page,
    /Old tokens:<ol><li>Last accepted: 250 ms, First rejected: 900 ms, Final status: 401<\/li><li>/,
  );
});

test('token section shows no raw entries', () => {
  const page = tokenPage([
    { kind: 'token-timing', event: 'key-rotation', oldTokens: [{ firstRejectedMs: 10 }] },
  ]);
  assert.doesNotMatch(page, /entries/);
});
