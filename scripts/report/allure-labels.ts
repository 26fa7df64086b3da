/**
 * Adds Allure's epic, feature, story and severity labels to allure-playwright results that lack
 * them, so the Allure report groups by API, OpenAPI tag and operation. Labels a suite set itself
 * are kept. Epic is the API title, feature the operation's first OpenAPI tag (else the Playwright
 * project), story the operationId (else the test title), severity the most severe check.
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Severity } from '../core/types.ts';
import type { TestRecord } from './results.ts';

const SEVERITY_ORDER: Severity[] = ['blocker', 'critical', 'normal', 'minor', 'trivial'];

interface AllureResult {
  name?: string;
  fullName?: string;
  parameters?: { name: string; value: string }[];
  labels?: { name: string; value: string }[];
}

export interface LabelContext {
  epic: string;
  /** OpenAPI tags by operationId. */
  operationTags: Record<string, string[]>;
}

/** Rewrites `*-result.json` files in place; returns how many were labelled. */
export function addAllureLabels(
  resultsDir: string,
  records: readonly TestRecord[],
  context: LabelContext,
): number {
  let files: string[];
  try {
    files = readdirSync(resultsDir).filter((name) => name.endsWith('-result.json'));
  } catch {
    return 0;
  }
  let labelled = 0;
  for (const name of files) {
    const path = join(resultsDir, name);
    const result = JSON.parse(readFileSync(path, 'utf8')) as AllureResult;
    const record = findRecord(result, records);
    const labels = result.labels ?? [];
    const present = new Set(labels.map((label) => label.name));
    const wanted = labelsFor(result, record, context);
    const added = Object.entries(wanted).filter(([label]) => !present.has(label));
    if (added.length === 0) continue;
    result.labels = [...labels, ...added.map(([label, value]) => ({ name: label, value }))];
    writeFileSync(path, JSON.stringify(result));
    labelled++;
  }
  return labelled;
}

function findRecord(result: AllureResult, records: readonly TestRecord[]): TestRecord | undefined {
  const project = result.parameters?.find((p) => p.name === 'Project')?.value ?? '';
  return records.find(
    (record) =>
      record.title === result.name &&
      record.project === project &&
      (result.fullName ?? '').includes(record.file),
  );
}

function labelsFor(
  result: AllureResult,
  record: TestRecord | undefined,
  context: LabelContext,
): Record<string, string> {
  const project = result.parameters?.find((p) => p.name === 'Project')?.value;
  const operationId = record?.operationIds[0];
  const feature = (operationId && context.operationTags[operationId]?.[0]) || project || 'checks';
  const severity =
    SEVERITY_ORDER.find((level) => record?.severities.includes(level)) ?? ('normal' as Severity);
  return {
    epic: context.epic,
    feature,
    story: operationId ?? result.name ?? 'test',
    severity,
  };
}
