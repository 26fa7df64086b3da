/**
 * Reads k6's end-of-test summaries into one shape: the object handleSummary receives (k6 v1.x,
 * thresholds as `{ expression: { ok } }`) and the older `--summary-export` file (thresholds as
 * `{ expression: crossed }`, flat metric values).
 */
import { readFileSync } from 'node:fs';

export interface ThresholdResult {
  /** Metric with its tag filter, for example `rl_rejected{scenario:at_limit}`. */
  metric: string;
  expression: string;
  ok: boolean;
}

export interface SummaryMetric {
  type?: 'counter' | 'gauge' | 'rate' | 'trend';
  values: Record<string, number>;
}

export interface CheckCount {
  name: string;
  passes: number;
  fails: number;
}

export interface K6Summary {
  metrics: Record<string, SummaryMetric>;
  thresholds: ThresholdResult[];
  checks: CheckCount[];
  /** Test run duration in ms; absent in the summary-export format. */
  durationMs?: number;
}

/** Parses either summary format, telling them apart by the shape of the metric entries. */
export function parseSummary(json: unknown, source = 'summary'): K6Summary {
  if (!json || typeof json !== 'object' || !('metrics' in json)) {
    throw new Error(`${source} is not a k6 summary: it has no "metrics" object.`);
  }
  const data = json as {
    metrics: Record<string, Record<string, unknown>>;
    root_group?: RawGroup;
    state?: { testRunDurationMs?: number };
  };
  const metrics: Record<string, SummaryMetric> = {};
  const thresholds: ThresholdResult[] = [];
  for (const [name, raw] of Object.entries(data.metrics)) {
    const isHandleSummary = typeof raw.values === 'object' && raw.values !== null;
    const values = isHandleSummary ? (raw.values as Record<string, number>) : numericFields(raw);
    const metric: SummaryMetric = { values };
    if (typeof raw.type === 'string') metric.type = raw.type as SummaryMetric['type'];
    metrics[name] = metric;
    for (const [expression, result] of Object.entries(
      (raw.thresholds ?? {}) as Record<string, unknown>,
    )) {
      // handleSummary: { ok: boolean }; summary-export: true when the threshold was crossed.
      const ok = typeof result === 'boolean' ? !result : Boolean((result as { ok?: unknown }).ok);
      thresholds.push({ metric: name, expression, ok });
    }
  }
  const summary: K6Summary = {
    metrics,
    thresholds: thresholds.sort((a, b) => a.metric.localeCompare(b.metric)),
    checks: data.root_group ? collectChecks(data.root_group) : [],
  };
  if (typeof data.state?.testRunDurationMs === 'number')
    summary.durationMs = data.state.testRunDurationMs;
  return summary;
}

export function readSummaryFile(path: string): K6Summary {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`Cannot read the k6 summary ${path}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  return parseSummary(json, path);
}

/**
 * Value of one metric statistic, such as `count` of `dropped_iterations`; undefined when absent.
 */
export function metricValue(summary: K6Summary, metric: string, stat: string): number | undefined {
  return summary.metrics[metric]?.values[stat];
}

interface RawCheck {
  name: string;
  passes: number;
  fails: number;
}

interface RawGroup {
  groups?: RawGroup[] | Record<string, RawGroup>;
  checks?: RawCheck[] | Record<string, RawCheck>;
}

/** Checks of a group and its subgroups; handleSummary uses arrays, summary-export uses maps. */
function collectChecks(group: RawGroup): CheckCount[] {
  const own = Object.values(group.checks ?? {}).map((c) => ({
    name: c.name,
    passes: c.passes,
    fails: c.fails,
  }));
  return [...own, ...Object.values(group.groups ?? {}).flatMap(collectChecks)];
}

function numericFields(raw: Record<string, unknown>): Record<string, number> {
  const values: Record<string, number> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (typeof value === 'number') values[key] = value;
  }
  // summary-export calls a rate's value `value`; handleSummary calls it `rate`.
  if ('value' in values && 'passes' in values && !('rate' in values)) values.rate = values.value!;
  return values;
}
