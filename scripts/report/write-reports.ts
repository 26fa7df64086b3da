/**
 * Writes the gate and the reports of one run folder: gate.json, report.html, summary.md and the
 * Allure HTML report. Every text passes through the run's `Redactor` once, here, on its way out.
 */
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Redactor } from '../core/redact.ts';
import { addAllureLabels } from './allure-labels.ts';
import { generateAllureReport, type AllureOutcome } from './allure.ts';
import { buildGate, type Gate, type GateInput } from './gate.ts';
import { renderReportHtml, type LoadSummary } from './report-html.ts';
import type { RunResults } from './results.ts';
import { renderSummaryMd } from './summary-md.ts';

/** Facts `verify` records about the run for the gate, so `report` can rebuild it later. */
export type RunMeta = Omit<GateInput, 'results'> & {
  rateLimitPerSecond: number;
  /** OpenAPI tags by operationId, for the Allure feature label. */
  operationTags?: Record<string, string[]>;
};

export const RUN_META_FILE = 'run-meta.json';

export interface WrittenReports {
  gate: Gate;
  allure: AllureOutcome;
  /** Number of Allure results that received epic, feature, story or severity labels. */
  labelled: number;
}

export interface WriteOptions {
  /** Skips the Allure HTML build (it takes seconds); the other files are always written. */
  allure?: boolean;
}

export async function writeReports(
  outDir: string,
  results: RunResults,
  meta: RunMeta,
  redactor: Redactor,
  options: WriteOptions = {},
): Promise<WrittenReports> {
  const gate = redactor.json(buildGate({ ...meta, results }));
  const write = (name: string, text: string): void => {
    writeFileSync(join(outDir, name), redactor.text(text));
  };
  write(RUN_META_FILE, `${JSON.stringify(redactor.json(meta), null, 2)}\n`);
  write('gate.json', `${JSON.stringify(gate, null, 2)}\n`);
  write('summary.md', renderSummaryMd(gate));
  write(
    'report.html',
    renderReportHtml({
      gate,
      data: redactor.json(results.data),
      load: readLoadSummaries(outDir),
      rateLimitPerSecond: meta.rateLimitPerSecond,
    }),
  );
  const labelled = addAllureLabels(join(outDir, 'allure-results'), results.testRecords ?? [], {
    epic: meta.spec?.title ?? 'Exto Data API',
    operationTags: meta.operationTags ?? {},
  });
  const allure =
    options.allure === false
      ? { built: false, reason: 'skipped by option' }
      : await generateAllureReport(join(outDir, 'allure-results'), join(outDir, 'allure-report'));
  return { gate, allure, labelled };
}

/** Reads k6 summaries under `<outDir>/load/`: handleSummary output or --summary-export files. */
export function readLoadSummaries(outDir: string): LoadSummary[] {
  const dir = join(outDir, 'load');
  if (!existsSync(dir)) return [];
  const summaries: LoadSummary[] = [];
  for (const name of readdirSync(dir)
    .filter((n) => n.endsWith('.json'))
    .sort()) {
    try {
      const parsed = JSON.parse(readFileSync(join(dir, name), 'utf8')) as { metrics?: unknown };
      const metrics = normaliseMetrics(parsed.metrics);
      if (metrics) summaries.push({ name: name.replace(/\.json$/, ''), metrics });
    } catch {
      // Not a k6 summary; the load command reports its own files.
    }
  }
  return summaries;
}

/** handleSummary nests numbers under `values`; --summary-export keeps them flat. */
function normaliseMetrics(value: unknown): LoadSummary['metrics'] | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const out: LoadSummary['metrics'] = {};
  for (const [name, metric] of Object.entries(value as Record<string, unknown>)) {
    const source = (metric as { values?: unknown }).values ?? metric;
    if (!source || typeof source !== 'object') continue;
    const numbers = Object.entries(source).filter(([, v]) => typeof v === 'number');
    out[name] = Object.fromEntries(numbers) as Record<string, number>;
  }
  return out;
}
