/**
 * Latency of the suite's own successful list requests, collected per worker across its tests, and
 * the percentiles the `performance.list-latency` check compares with the bound.
 */
import type { ApiResponse } from './api.ts';

/** The list operations whose latency the suite bounds, by path template. */
export const LATENCY_LISTS: { template: string; pattern: RegExp }[] = [
  { template: '/api/v1/master-record/{masterName}', pattern: /^\/api\/v1\/master-record\/[^/]+$/ },
  { template: '/api/v1/module-record/{moduleName}', pattern: /^\/api\/v1\/module-record\/[^/]+$/ },
  {
    template: '/api/v1/hierarchy-master-record/{masterName}',
    pattern: /^\/api\/v1\/hierarchy-master-record\/[^/]+$/,
  },
  { template: '/api/v1/sub-table/{tableID}', pattern: /^\/api\/v1\/sub-table\/[^/]+$/ },
  { template: '/api/v1/user/user-access', pattern: /^\/api\/v1\/user\/user-access$/ },
  { template: '/api/v1/user/groups', pattern: /^\/api\/v1\/user\/groups$/ },
  { template: '/api/v1/workspace', pattern: /^\/api\/v1\/workspace$/ },
];

/** Bound for the p95 list latency when the run settings name none, in milliseconds. */
export const DEFAULT_LATENCY_BOUND_MS = 750;

export interface LatencySummary {
  count: number;
  p50: number;
  p95: number;
  max: number;
}

/** Durations of successful GET list responses, keyed by path template. */
export class LatencyLog {
  private readonly samples = new Map<string, number[]>();

  /** Keeps the duration of a 2xx GET to one of the bounded lists and ignores any other response. */
  record(response: ApiResponse): void {
    if (response.method !== 'GET' || response.status < 200 || response.status >= 300) return;
    const list = LATENCY_LISTS.find(({ pattern }) => pattern.test(response.path));
    if (!list) return;
    const durations = this.samples.get(list.template) ?? [];
    durations.push(response.durationMs);
    this.samples.set(list.template, durations);
  }

  /** Number of durations kept for a path template. */
  count(template: string): number {
    return this.samples.get(template)?.length ?? 0;
  }

  summaries(): Record<string, LatencySummary> {
    const result: Record<string, LatencySummary> = {};
    for (const [template, durations] of this.samples) result[template] = summarize(durations);
    return result;
  }
}

/** Nearest-rank percentile of `values`, with `p` from 0 to 100. Returns NaN for no values. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1]!;
}

export function summarize(durations: number[]): LatencySummary {
  const round = (ms: number) => Math.round(ms);
  return {
    count: durations.length,
    p50: round(percentile(durations, 50)),
    p95: round(percentile(durations, 95)),
    max: round(Math.max(...durations)),
  };
}

/** Lists whose p95 exceeds the bound, as `template p95=...ms` phrases. */
export function overBound(summaries: Record<string, LatencySummary>, boundMs: number): string[] {
  return Object.entries(summaries)
    .filter(([, summary]) => summary.p95 > boundMs)
    .map(([template, summary]) => `${template} p95=${summary.p95} ms`);
}
