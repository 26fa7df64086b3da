/**
 * report.html: one self-contained page for a release manager. No scripts, fonts or images are
 * loaded from elsewhere, so it opens from a CI artifact store or an email attachment. Sections in
 * reading order: verdict, failures, coverage, rate-limit timeline, token lifecycle, load, skipped.
 */
import type { Gate, GateCheck } from './gate.ts';
import { loadChartSvg, readLoadCharts } from './load-chart.ts';
import type { DataRecord } from './results.ts';
import { readTimelines, timelineSvg } from './timeline.ts';

/** Metrics of one k6 run, from handleSummary output or --summary-export. */
export interface LoadSummary {
  name: string;
  metrics: Record<string, Record<string, number>>;
}

export interface ReportInput {
  gate: Gate;
  data: DataRecord[];
  load: LoadSummary[];
  rateLimitPerSecond: number;
}

/** Renders the whole page. Every value is HTML-escaped; redaction happens when the file is written. */
export function renderReportHtml(input: ReportInput): string {
  const { gate } = input;
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>Exto conformance: ${gate.verdict.toUpperCase()}</title>`,
    `<style>${STYLE}</style></head><body>`,
    verdictSection(gate),
    failuresSection(gate),
    coverageSection(gate),
    timelineSection(input.data, input.rateLimitPerSecond),
    tokenSection(input.data),
    loadSection(gate, input.data, input.load),
    skippedSection(gate),
    checksSection(gate),
    '</body></html>',
  ].join('\n');
}

function verdictSection(gate: Gate): string {
  const { counts } = gate;
  const spec = gate.spec ? `${gate.spec.title} ${gate.spec.version}` : 'not loaded';
  const target = gate.target.reference
    ? `embedded reference server${faultsText(gate.target.referenceFaults)}`
    : gate.target.baseUrl;
  return `<header id="verdict" class="verdict ${gate.verdict}">
<h1>Verdict: ${gate.verdict.toUpperCase()}</h1>
${gate.reasons.length ? `<ul>${gate.reasons.map((r) => `<li>${escape(r)}</li>`).join('')}</ul>` : '<p>Every check that ran conforms to the documented contract.</p>'}
<dl>
<dt>Target</dt><dd>${escape(target)}</dd>
<dt>Spec</dt><dd>${escape(spec)}${gate.spec ? ` <code>sha256 ${escape(gate.spec.sha256.slice(0, 12))}</code>` : ''}</dd>
<dt>Tokens</dt><dd>${gate.tokensUsed}</dd>
<dt>Checks</dt><dd>${counts.passed} passed, ${counts.failed} failed, ${counts.broken} broken, ${counts.warning} warnings, ${counts.skipped} skipped</dd>
<dt>Run</dt><dd>${escape(gate.startedAt)} to ${escape(gate.finishedAt)}</dd>
</dl></header>`;
}

function faultsText(faults: string[] | undefined): string {
  return faults && faults.length > 0 ? ` with fault profiles ${faults.join(', ')}` : '';
}

function failuresSection(gate: Gate): string {
  const failures = gate.checks.filter((c) => c.status === 'failed' || c.status === 'broken');
  if (failures.length === 0)
    return '<section id="failures"><h2>Failures</h2><p>None.</p></section>';
  return `<section id="failures"><h2>Failures (${failures.length})</h2>
${failures.map(failureCard).join('\n')}</section>`;
}

function failureCard(check: GateCheck): string {
  const rows = [
    check.message ? `<p class="message">${escape(check.message)}</p>` : '',
    check.received ? `<p><b>Received</b> ${escape(check.received)}</p>` : '',
    check.documented ? `<p><b>Documented</b> ${escape(check.documented)}</p>` : '',
    check.curl ? `<pre class="curl">${escape(check.curl)}</pre>` : '',
  ];
  return `<article class="failure ${check.status}">
<h3><span class="badge ${check.status}">${check.status}</span> <code>${escape(check.id)}</code> <span class="severity">${check.severity}</span></h3>
<p class="title">${escape(check.title)}</p>
${rows.filter(Boolean).join('\n')}
</article>`;
}

/** Rows are operations, columns the HTTP statuses exercised; a cell counts checks by outcome. */
function coverageSection(gate: Gate): string {
  const cells = new Map<string, Map<number, { passed: number; failed: number }>>();
  const statuses = new Set<number>();
  for (const check of gate.checks) {
    if (check.httpStatus === undefined || check.status === 'skipped') continue;
    const operation = operationLabel(check);
    if (!operation) continue;
    statuses.add(check.httpStatus);
    const row = cells.get(operation) ?? new Map<number, { passed: number; failed: number }>();
    const cell = row.get(check.httpStatus) ?? { passed: 0, failed: 0 };
    if (check.status === 'failed' || check.status === 'broken') cell.failed++;
    else cell.passed++;
    row.set(check.httpStatus, cell);
    cells.set(operation, row);
  }
  if (cells.size === 0) {
    return '<section id="coverage"><h2>Coverage</h2><p>No check recorded an operation and status.</p></section>';
  }
  const columns = [...statuses].sort((a, b) => a - b);
  const header = `<tr><th>Operation</th>${columns.map((s) => `<th>${s}</th>`).join('')}</tr>`;
  const body = [...cells.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([operation, row]) => {
      const tds = columns.map((status) => {
        const cell = row.get(status);
        if (!cell) return '<td class="empty"></td>';
        const css = cell.failed > 0 ? 'bad' : 'good';
        const title = `${cell.passed} conforming, ${cell.failed} failing`;
        return `<td class="${css}" title="${title}">${cell.passed + cell.failed}</td>`;
      });
      return `<tr><th scope="row"><code>${escape(operation)}</code></th>${tds.join('')}</tr>`;
    });
  return `<section id="coverage"><h2>Coverage: operations by status code exercised</h2>
<table class="matrix">${header}${body.join('')}</table></section>`;
}

function operationLabel(check: GateCheck): string | undefined {
  if (check.method && check.path) return `${check.method.toUpperCase()} ${check.path}`;
  return check.operationId;
}

function timelineSection(data: DataRecord[], limit: number): string {
  const timelines = readTimelines(data);
  if (timelines.length === 0) {
    return '<section id="rate-limit"><h2>Rate-limit timeline</h2><p>No timeline was recorded.</p></section>';
  }
  const charts = timelines.map(
    (t) =>
      `<figure><figcaption>${escape(t.label)}: accepted <span class="key accepted"></span> and rejected (429) <span class="key rejected"></span> requests per second</figcaption>${timelineSvg(t, limit)}</figure>`,
  );
  return `<section id="rate-limit"><h2>Rate-limit timeline</h2>${charts.join('\n')}</section>`;
}

function tokenSection(data: DataRecord[]): string {
  const records = data.filter((d) => d.kind === 'token-timing' || d.kind === 'token-lifecycle');
  if (records.length === 0) {
    return '<section id="tokens"><h2>Token lifecycle</h2><p>No timings were recorded.</p></section>';
  }
  const rows = records.map((record) => {
    const label = String(record.event ?? record.step ?? record.name ?? 'token');
    const fields = Object.entries(record).filter(([key]) => !TOKEN_HIDDEN_KEYS.includes(key));
    const where = record.test ? `<p class="test">${escape(String(record.test))}</p>` : '';
    return `<tr><th scope="row">${escape(EVENT_NAMES[label] ?? label)}</th><td>${where}${fieldList(fields)}</td></tr>`;
  });
  return (
    '<section id="tokens"><h2>Token lifecycle</h2>' +
    '<p>Times count from the moment of the revocation, key rotation or restart.</p>' +
    `<table>${rows.join('')}</table></section>`
  );
}

const TOKEN_HIDDEN_KEYS = ['kind', 'event', 'step', 'name', 'test'];

const EVENT_NAMES: Record<string, string> = {
  revocation: 'Revocation',
  'key-rotation': 'Key rotation',
  restart: 'Restart',
};

/** Maximum list length shown in full; polling attempts beyond it are counted. */
const MAX_LISTED_ITEMS = 12;

/**
 * Renders timing fields for people: `boundMs: 30000` becomes "Bound: 30 s", a list of objects
 * becomes a numbered list (`oldTokens` as "Old tokens", one line per token).
 */
function fieldList(fields: [string, unknown][]): string {
  const items = fields.map(([key, value]) => {
    const name = escape(fieldName(key));
    if (Array.isArray(value) && value.some((item) => item && typeof item === 'object')) {
      const shown = value.slice(0, MAX_LISTED_ITEMS).map((item) => {
        const entries = item && typeof item === 'object' ? Object.entries(item) : [['', item]];
        return `<li>${entries.map(([k, v]) => inlineField(k, v)).join(', ')}</li>`;
      });
      const more =
        value.length > MAX_LISTED_ITEMS
          ? `<li>... and ${value.length - MAX_LISTED_ITEMS} more</li>`
          : '';
      return `<li>${name}:<ol>${shown.join('')}${more}</ol></li>`;
    }
    return `<li>${inlineField(key, value)}</li>`;
  });
  return `<ul class="fields">${items.join('')}</ul>`;
}

function inlineField(key: string, value: unknown): string {
  const text = timingValue(key, value);
  return key ? `${escape(fieldName(key))}: ${escape(text)}` : escape(text);
}

/** `firstRejectedMs` -> "First rejected", `tMs` -> "Time". */
function fieldName(key: string): string {
  if (key === 'tMs') return 'At';
  const words = key
    .replace(/Ms$/, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function timingValue(key: string, value: unknown): string {
  if (value === null || value === undefined) return key.endsWith('Ms') ? 'never' : 'none';
  if (typeof value === 'number' && key.endsWith('Ms')) return formatDuration(value);
  if (Array.isArray(value)) return value.map((item) => timingValue('', item)).join(' ');
  return describeValue(value);
}

/** 850 -> "850 ms", 30000 -> "30 s", 1234 -> "1.2 s". */
export function formatDuration(ms: number): string {
  if (Math.abs(ms) < 1000) return `${Math.round(ms)} ms`;
  const seconds = ms / 1000;
  return `${Number.isInteger(seconds) ? seconds : seconds.toFixed(1)} s`;
}

const LOAD_METRICS = [
  'http_reqs',
  'http_req_duration',
  'http_req_failed',
  'rate_limited_requests',
  'dropped_iterations',
  'checks',
];

/**
 * Renders one block per scenario: the throughput chart, the load checks and k6's own metrics. Load
 * checks without a chart (k6 missing, a run that ended early) still get their table.
 */
function loadSection(gate: Gate, data: DataRecord[], load: LoadSummary[]): string {
  const charts = readLoadCharts(data);
  const loadChecks = gate.checks.filter((c) => c.id.startsWith('load.'));
  const scenarios = new Set<string>([
    ...charts.map((c) => c.scenario),
    ...loadChecks.map((c) => c.id.split('.')[1]!),
    ...load.map((s) => s.name),
  ]);
  if (scenarios.size === 0) return '';
  const blocks = [...scenarios].sort().map((scenario) => {
    const chart = charts.find((c) => c.scenario === scenario);
    const checks = loadChecks.filter((c) => c.id.startsWith(`load.${scenario}.`));
    const summary = load.find((s) => s.name === scenario);
    return [
      `<h3>${escape(scenario)}</h3>`,
      chart
        ? `<figure><figcaption>Accepted <span class="key accepted"></span> and rejected (429) <span class="key rejected"></span> requests per second; dashed: the limit of each phase</figcaption>${loadChartSvg(chart)}</figure>`
        : '',
      checks.length > 0 ? loadChecksTable(checks) : '',
      summary ? metricsTable(summary) : '',
    ].join('\n');
  });
  return `<section id="load"><h2>Load results</h2>${blocks.join('\n')}</section>`;
}

function loadChecksTable(checks: GateCheck[]): string {
  const rows = checks.map(
    (c) =>
      `<tr><td><span class="badge ${c.status}">${c.status}</span></td><td><code>${escape(c.id)}</code></td><td>${escape(c.title)}</td><td>${escape(c.message ?? c.reason ?? '')}</td></tr>`,
  );
  return `<table class="load-checks"><tr><th>Status</th><th>Check</th><th>Title</th><th>Result</th></tr>${rows.join('')}</table>`;
}

function metricsTable(summary: LoadSummary): string {
  const rows = Object.entries(summary.metrics)
    .filter(([name]) => LOAD_METRICS.includes(name.split('{')[0]!))
    .map(([name, values]) => {
      const text = Object.entries(values)
        .map(([stat, value]) => `${escape(stat)} ${formatNumber(value)}`)
        .join(', ');
      return `<tr><th scope="row"><code>${escape(name)}</code></th><td>${text}</td></tr>`;
    });
  if (rows.length === 0) return '';
  return `<details><summary>k6 metrics</summary><table>${rows.join('')}</table></details>`;
}

function skippedSection(gate: Gate): string {
  if (gate.skipped.length === 0 && gate.warnings.length === 0) return '';
  const warnings = gate.checks
    .filter((c) => c.status === 'warning')
    .map((c) => `<li><code>${escape(c.id)}</code> ${escape(c.message ?? c.title)}</li>`);
  const skipped = gate.skipped.map(
    (s) =>
      `<li><code>${escape(s.id)}</code> ${escape(s.reason)}${s.enableWith ? ` Enable with <code>${escape(s.enableWith)}</code>.` : ''}</li>`,
  );
  return `<section id="skipped">
${warnings.length ? `<h2>Warnings (${warnings.length})</h2><ul>${warnings.join('')}</ul>` : ''}
${skipped.length ? `<h2>Skipped (${skipped.length})</h2><ul>${skipped.join('')}</ul>` : ''}
</section>`;
}

function checksSection(gate: Gate): string {
  const rows = gate.checks.map(
    (c) =>
      `<tr><td><span class="badge ${c.status}">${c.status}</span></td><td><code>${escape(c.id)}</code></td><td>${c.severity}</td><td>${escape(c.message ?? c.reason ?? '')}</td></tr>`,
  );
  return `<section id="checks"><details><summary>All checks (${gate.checks.length})</summary>
<table><tr><th>Status</th><th>Check</th><th>Severity</th><th>Message</th></tr>${rows.join('')}</table>
</details></section>`;
}

/** Shows numbers with two decimals at most, null as "none" and lists by their length. */
function describeValue(value: unknown): string {
  if (value === null || value === undefined) return 'none';
  if (typeof value === 'number') return formatNumber(value);
  if (Array.isArray(value)) return `${value.length} entries`;
  if (typeof value === 'object') return JSON.stringify(value).slice(0, 120);
  return String(value);
}

function formatNumber(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(2);
}

export function escape(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

const STYLE = `
body{font:15px/1.45 system-ui,sans-serif;margin:0 auto;max-width:1100px;padding:1rem 2rem;color:#1d1d1f}
h1{margin:.2rem 0}h2{border-bottom:1px solid #ddd;padding-bottom:.2rem;margin-top:2rem}
.verdict{padding:1rem 1.5rem;border-radius:8px;color:#fff}
.verdict.pass{background:#1f7a3a}.verdict.fail{background:#b3261e}
.verdict dl{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem;margin:.5rem 0 0}
.verdict dt{font-weight:600}.verdict dd{margin:0}.verdict code{color:#fff}
.failure{border:1px solid #e0b4b1;border-left:6px solid #b3261e;border-radius:6px;padding:.5rem 1rem;margin:.8rem 0}
.failure.broken{border-left-color:#8a4b00}
.badge{display:inline-block;border-radius:4px;padding:0 .4rem;font-size:.8rem;color:#fff;background:#666}
.badge.passed{background:#1f7a3a}.badge.failed{background:#b3261e}.badge.broken{background:#8a4b00}
.badge.warning{background:#a86b00}.badge.skipped{background:#777}
.severity{font-size:.8rem;color:#666}
pre.curl{background:#f4f4f6;padding:.5rem;overflow-x:auto;white-space:pre-wrap;word-break:break-all}
table{border-collapse:collapse;margin:.5rem 0}th,td{border:1px solid #ddd;padding:.2rem .5rem;text-align:left;vertical-align:top}
.matrix td{text-align:center;min-width:2.5rem}.matrix td.good{background:#d5efdc}.matrix td.bad{background:#f6d0cd}
svg.load-chart{width:100%;max-width:720px;height:auto;background:#fafafa;border:1px solid #ddd}
svg .phase0{fill:#eef2f7}svg .phase1{fill:#f7f7f7}
svg.timeline{width:100%;max-width:640px;height:auto;background:#fafafa;border:1px solid #ddd}
svg .accepted,.key.accepted{fill:#1f7a3a;background:#1f7a3a}svg .rejected,.key.rejected{fill:#b3261e;background:#b3261e}
svg .axis{stroke:#333}svg .limit{stroke:#333;stroke-dasharray:4 3}ul.fields{margin:0;padding-left:1.2em}p.test{margin:0;color:#555}svg text{font-size:11px;fill:#333}
.key{display:inline-block;width:.8rem;height:.8rem;vertical-align:middle}
`;
