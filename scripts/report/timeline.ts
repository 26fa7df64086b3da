/**
 * Reads the rate-limit timeline out of `exto-data` records and draws it as an inline SVG chart of
 * accepted and rejected requests per second.
 *
 * Accepted record shapes (`kind: "rate-limit-timeline"`):
 *   { phase?: string, samples: [{ tMs: number, status: number }] }      one entry per request
 *   { requests: [{ atMs: number, status: number }] }                  one entry per request
 *   { seconds: [{ second: number, accepted: number, rejected: number }] }  already bucketed
 */
import type { DataRecord } from './results.ts';

export interface TimelineBucket {
  second: number;
  accepted: number;
  rejected: number;
}

export interface Timeline {
  label: string;
  buckets: TimelineBucket[];
}

/** Extracts one timeline per record; records of other kinds or shapes are ignored. */
export function readTimelines(data: readonly DataRecord[]): Timeline[] {
  const timelines: Timeline[] = [];
  for (const record of data) {
    if (record.kind !== 'rate-limit-timeline') continue;
    const label = [record.label, record.phase].find((v) => typeof v === 'string') as
      string | undefined;
    let buckets: TimelineBucket[] = [];
    if (Array.isArray(record.seconds)) buckets = fromSeconds(record.seconds);
    else if (Array.isArray(record.samples)) buckets = fromRequests(record.samples, 'tMs');
    else if (Array.isArray(record.requests)) buckets = fromRequests(record.requests, 'atMs');
    if (buckets.length > 0)
      timelines.push({ label: label ?? record.test ?? 'rate limit', buckets });
  }
  return timelines;
}

function fromSeconds(entries: unknown[]): TimelineBucket[] {
  return entries
    .map((entry) => entry as Partial<TimelineBucket>)
    .filter((e) => typeof e.second === 'number')
    .map((e) => ({ second: e.second!, accepted: e.accepted ?? 0, rejected: e.rejected ?? 0 }));
}

/** Buckets requests by whole seconds from the first one; 429 counts as rejected. */
function fromRequests(entries: unknown[], timeKey: 'atMs' | 'tMs'): TimelineBucket[] {
  const requests = entries
    .map((entry) => entry as Record<string, unknown>)
    .filter((r) => typeof r[timeKey] === 'number' && typeof r.status === 'number')
    .map((r) => ({ atMs: r[timeKey] as number, status: r.status as number }));
  if (requests.length === 0) return [];
  const start = Math.min(...requests.map((r) => r.atMs));
  const buckets = new Map<number, TimelineBucket>();
  for (const request of requests) {
    const second = Math.floor((request.atMs - start) / 1000);
    const bucket = buckets.get(second) ?? { second, accepted: 0, rejected: 0 };
    if (request.status === 429) bucket.rejected++;
    else bucket.accepted++;
    buckets.set(second, bucket);
  }
  const last = Math.max(...buckets.keys());
  return Array.from(
    { length: last + 1 },
    (_, second) => buckets.get(second) ?? { second, accepted: 0, rejected: 0 },
  );
}

const WIDTH = 640;
const HEIGHT = 180;
const MARGIN = 28;

/** Draws stacked bars per second (accepted below, rejected above) and a dashed line at `limit`. */
export function timelineSvg(timeline: Timeline, limit: number): string {
  const max = Math.max(limit + 1, ...timeline.buckets.map((b) => b.accepted + b.rejected));
  const slot = (WIDTH - MARGIN * 2) / timeline.buckets.length;
  const scale = (HEIGHT - MARGIN * 2) / max;
  const baseline = HEIGHT - MARGIN;
  const bars = timeline.buckets.map((bucket, index) => {
    const x = MARGIN + index * slot + slot * 0.1;
    const width = Math.max(1, slot * 0.8);
    const acceptedHeight = bucket.accepted * scale;
    const rejectedHeight = bucket.rejected * scale;
    return (
      `<rect class="accepted" x="${x.toFixed(1)}" y="${(baseline - acceptedHeight).toFixed(1)}" ` +
      `width="${width.toFixed(1)}" height="${acceptedHeight.toFixed(1)}">` +
      `<title>second ${bucket.second}: ${bucket.accepted} accepted</title></rect>` +
      `<rect class="rejected" x="${x.toFixed(1)}" ` +
      `y="${(baseline - acceptedHeight - rejectedHeight).toFixed(1)}" width="${width.toFixed(1)}" ` +
      `height="${rejectedHeight.toFixed(1)}"><title>second ${bucket.second}: ${bucket.rejected} ` +
      `rejected (429)</title></rect>`
    );
  });
  const limitY = (baseline - limit * scale).toFixed(1);
  // The limit's label sits in the top margin, where no bar reaches (bars end at MARGIN), and the
  // dashed line is drawn after the bars, so neither is covered beyond 6 or 12 requests a second.
  const legendY = MARGIN - 10;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" `,
    `aria-label="Accepted and rejected requests per second" class="timeline">`,
    `<line x1="${MARGIN}" y1="${baseline}" x2="${WIDTH - MARGIN}" y2="${baseline}" class="axis"/>`,
    `<text x="${MARGIN}" y="${HEIGHT - 8}">0 s</text>`,
    `<text x="${WIDTH - MARGIN}" y="${HEIGHT - 8}" text-anchor="end">${timeline.buckets.length} s</text>`,
    `<text x="4" y="${MARGIN}">${max}</text>`,
    ...bars,
    `<line x1="${MARGIN}" y1="${limitY}" x2="${WIDTH - MARGIN}" y2="${limitY}" class="limit"/>`,
    `<line x1="${WIDTH - MARGIN - 96}" y1="${legendY - 4}" x2="${WIDTH - MARGIN - 72}" ` +
      `y2="${legendY - 4}" class="limit"/>`,
    `<text class="limit-label" x="${WIDTH - MARGIN}" y="${legendY}" text-anchor="end">limit ${limit}/s</text>`,
    '</svg>',
  ].join('');
}
