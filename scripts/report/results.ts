/** The shape of `<out>/results.json`, written by the results reporter and read by the gate. */
import { readFileSync } from 'node:fs';
import type { CheckResult, Severity } from '../core/types.ts';

/** One `exto-data` attachment: report data that is not a check, such as a rate-limit timeline. */
export interface DataRecord {
  kind: string;
  /** Title path of the test that attached it. */
  test?: string;
  [key: string]: unknown;
}

/** One test and what its checks covered, used to label Allure results after the run. */
export interface TestRecord {
  project: string;
  title: string;
  /** File name of the spec, without folders. */
  file: string;
  operationIds: string[];
  severities: Severity[];
}

export interface RunResults {
  startedAt: string;
  finishedAt: string;
  checks: CheckResult[];
  data: DataRecord[];
  tests: { passed: number; failed: number; skipped: number };
  testRecords?: TestRecord[];
}

/** Reads results.json; a missing or unreadable file is an error naming the path. */
export function readResults(path: string): RunResults {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(
      `Cannot read ${path}: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`,
      { cause: error },
    );
  }
  const results = parsed as Partial<RunResults>;
  if (!Array.isArray(results.checks)) throw new Error(`${path} has no "checks" array.`);
  return {
    startedAt: results.startedAt ?? '',
    finishedAt: results.finishedAt ?? '',
    checks: results.checks,
    data: Array.isArray(results.data) ? results.data : [],
    tests: results.tests ?? { passed: 0, failed: 0, skipped: 0 },
    testRecords: Array.isArray(results.testRecords) ? results.testRecords : [],
  };
}
