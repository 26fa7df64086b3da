/**
 * Reads the `load` data records that `exto-conformance load` writes and draws one throughput chart
 * per scenario as inline SVG: accepted and rejected requests per second, stacked, with the limit
 * of each phase (limit x tokens) as a dashed line, so a release manager sees at a glance whether
 * accepted throughput stayed at the limit while the excess got 429.
 */
import type { LoadChartData } from '../lib/k6/checks.ts';
import type { DataRecord } from './results.ts';

export type LoadChart = LoadChartData;

/**
 * Converts a chart into the `load` data record that results.json stores. The Redactor masks every
 * value under a key named `tokens`, so each phase's token count travels as `tokenCount` instead.
 */
export function toLoadRecord(chart: LoadChartData): DataRecord {
  const { phases, ...rest } = chart;
  return {
    ...rest,
    phases: phases.map(({ tokens, ...phase }) => ({ ...phase, tokenCount: tokens })),
  };
}

/** Keeps the records of kind `load` whose per-second series is usable; others are ignored. */
export function readLoadCharts(data: readonly DataRecord[]): LoadChart[] {
  const charts: LoadChart[] = [];
  for (const record of data) {
    if (record.kind !== 'load' || typeof record.scenario !== 'string') continue;
    if (!Array.isArray(record.perSecond)) continue;
    const perSecond = (record.perSecond as unknown[])
      .map((entry) => entry as Partial<LoadChart['perSecond'][number]>)
      .filter((e) => typeof e.t === 'number')
      .map((e) => ({ t: e.t!, accepted: e.accepted ?? 0, rejected: e.rejected ?? 0 }));
    const phases = Array.isArray(record.phases) ? record.phases.map(readPhase) : [];
    const chart: LoadChart = {
      kind: 'load',
      scenario: record.scenario,
      rateLimitPerSecond: Number(record.rateLimitPerSecond) || 0,
      perSecond,
      phases: phases.filter(
        (p) => typeof p.startSeconds === 'number' && typeof p.durationSeconds === 'number',
      ),
    };
    if (typeof record.measuredLimitPerSecond === 'number') {
      chart.measuredLimitPerSecond = record.measuredLimitPerSecond;
    }
    charts.push(chart);
  }
  return charts;
}

/** Reads one phase; a token count that is missing or masked counts as one token. */
function readPhase(value: unknown): LoadChart['phases'][number] {
  const phase = (value ?? {}) as Record<string, unknown>;
  const count = [phase.tokenCount, phase.tokens].find((v) => typeof v === 'number') as
    number | undefined;
  return {
    name: String(phase.name ?? ''),
    ratePerToken: Number(phase.ratePerToken) || 0,
    tokens: count ?? 1,
    startSeconds: phase.startSeconds as number,
    durationSeconds: phase.durationSeconds as number,
  };
}

const WIDTH = 720;
const HEIGHT = 220;
const LEFT = 36;
const RIGHT = 12;
const TOP = 22;
const BOTTOM = 30;

/** Draws the chart of one scenario; every label is a number or an escaped phase name. */
export function loadChartSvg(chart: LoadChart): string {
  const seconds = Math.max(
    1,
    ...chart.perSecond.map((s) => s.t + 1),
    ...chart.phases.map((p) => p.startSeconds + p.durationSeconds),
  );
  const phaseLimits = chart.phases.map((p) => chart.rateLimitPerSecond * Math.max(1, p.tokens));
  const max = Math.max(
    chart.rateLimitPerSecond + 1,
    ...phaseLimits.map((l) => l + 1),
    ...chart.perSecond.map((s) => s.accepted + s.rejected),
  );
  const plotWidth = WIDTH - LEFT - RIGHT;
  const baseline = HEIGHT - BOTTOM;
  const xScale = plotWidth / seconds;
  const yScale = (HEIGHT - TOP - BOTTOM) / max;
  const x = (t: number): string => (LEFT + t * xScale).toFixed(1);
  const y = (value: number): string => (baseline - value * yScale).toFixed(1);
  const width = Math.max(1, xScale * 0.8).toFixed(1);

  const bands = chart.phases.map((phase, index) => {
    const left = x(phase.startSeconds);
    const bandWidth = (phase.durationSeconds * xScale).toFixed(1);
    return (
      `<rect class="phase${index % 2}" x="${left}" y="${TOP}" width="${bandWidth}" ` +
      `height="${baseline - TOP}"><title>${escapeXml(phase.name)}: ${phase.ratePerToken}/s per ` +
      `token x ${phase.tokens}</title></rect>` +
      `<text x="${(Number(left) + 3).toFixed(1)}" y="${TOP - 6}">${escapeXml(phase.name)}</text>`
    );
  });
  // Drawn over the bars, so the limit stays visible where accepted requests reach it.
  const limits = chart.phases.map((phase, index) => {
    const limit = phaseLimits[index]!;
    const left = x(phase.startSeconds);
    const right = x(phase.startSeconds + phase.durationSeconds);
    return (
      `<line class="limit" x1="${left}" x2="${right}" y1="${y(limit)}" y2="${y(limit)}">` +
      `<title>${escapeXml(phase.name)}: limit ${limit}/s</title></line>`
    );
  });
  // Without phases the documented limit of one token is the only line to draw.
  const plainLimit =
    chart.phases.length === 0
      ? `<line class="limit" x1="${LEFT}" x2="${WIDTH - RIGHT}" y1="${y(chart.rateLimitPerSecond)}" ` +
        `y2="${y(chart.rateLimitPerSecond)}"/>`
      : '';
  const bars = chart.perSecond.map((s) => {
    const left = (Number(x(s.t)) + xScale * 0.1).toFixed(1);
    const acceptedTop = y(s.accepted);
    const rejectedTop = y(s.accepted + s.rejected);
    return (
      `<rect class="accepted" x="${left}" y="${acceptedTop}" width="${width}" ` +
      `height="${(baseline - Number(acceptedTop)).toFixed(1)}"><title>second ${s.t}: ` +
      `${s.accepted} accepted</title></rect>` +
      (s.rejected > 0
        ? `<rect class="rejected" x="${left}" y="${rejectedTop}" width="${width}" ` +
          `height="${(Number(acceptedTop) - Number(rejectedTop)).toFixed(1)}"><title>second ` +
          `${s.t}: ${s.rejected} rejected (429)</title></rect>`
        : '')
    );
  });
  const measured =
    chart.measuredLimitPerSecond === undefined
      ? ''
      : `<text x="${LEFT + plotWidth / 2}" y="${HEIGHT - 10}" text-anchor="middle">measured limit ` +
        `${round(chart.measuredLimitPerSecond)}/s per token</text>`;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" `,
    `aria-label="${escapeXml(chart.scenario)}: accepted and rejected requests per second" `,
    'class="load-chart">',
    ...bands,
    plainLimit,
    ...bars,
    ...limits,
    `<line class="axis" x1="${LEFT}" y1="${baseline}" x2="${WIDTH - RIGHT}" y2="${baseline}"/>`,
    `<line class="axis" x1="${LEFT}" y1="${TOP}" x2="${LEFT}" y2="${baseline}"/>`,
    `<text x="${LEFT - 4}" y="${TOP + 4}" text-anchor="end">${max}</text>`,
    `<text x="${LEFT - 4}" y="${baseline}" text-anchor="end">0</text>`,
    `<text x="${LEFT}" y="${HEIGHT - 10}">0 s</text>`,
    `<text x="${WIDTH - RIGHT}" y="${HEIGHT - 10}" text-anchor="end">${seconds} s</text>`,
    measured,
    '</svg>',
  ].join('');
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

function escapeXml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}
