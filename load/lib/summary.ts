/**
 * handleSummary for every scenario: writes k6's summary object, redacted, to the run's report
 * folder, and prints a short text summary. The jslib text summary is a remote import, which an
 * offline run cannot load, so the text here is built from the same data.
 */
import { Redactor } from '../../scripts/core/redact.ts';
import { secretValues } from './target.ts';

interface SummaryMetric {
  type: string;
  values: Record<string, number>;
  thresholds?: Record<string, { ok: boolean }>;
}

interface SummaryData {
  metrics: Record<string, SummaryMetric>;
  state?: { testRunDurationMs?: number };
}

/**
 * Returns the files k6 writes: the JSON summary at `summaryFile` (skipped when absent, as in a
 * Kubernetes pod with a read-only script folder) and a text summary on stdout.
 */
export function writeSummary(
  data: unknown,
  summaryFile: string | undefined,
): Record<string, string> {
  const redactor = new Redactor(secretValues());
  const redacted = redactor.json(data);
  const files: Record<string, string> = {
    stdout: redactor.text(textSummary(redacted as SummaryData)),
  };
  if (summaryFile) files[summaryFile] = JSON.stringify(redacted, null, 2);
  return files;
}

export function textSummary(data: SummaryData): string {
  const lines: string[] = [];
  const seconds = (data.state?.testRunDurationMs ?? 0) / 1000;
  const requests = data.metrics.http_reqs?.values.count ?? 0;
  lines.push(`\n  ${requests} requests in ${seconds.toFixed(1)} s`);
  for (const [name, metric] of Object.entries(data.metrics).sort(([a], [b]) =>
    a.localeCompare(b),
  )) {
    for (const [expression, result] of Object.entries(metric.thresholds ?? {})) {
      lines.push(`  ${result.ok ? 'ok     ' : 'CROSSED'} ${name}: ${expression}`);
    }
  }
  return `${lines.join('\n')}\n\n`;
}
