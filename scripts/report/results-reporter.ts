/**
 * Playwright reporter that writes `<outDir>/results.json`: every `exto-check` and `exto-data`
 * attachment, plus a `broken` check for each test that failed without recording a failed check.
 * It also rewrites `<outDir>/progress.json` after each test, which the CLI reads for its progress line.
 *
 * Options: `{ outDir?: string }`; without it the run's `outDir` from EXTO_RUN_SETTINGS is used,
 * else `test-results`.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type {
  FullConfig,
  FullResult,
  Reporter,
  Suite,
  TestCase,
  TestResult,
} from '@playwright/test/reporter';
import { Redactor } from '../core/redact.ts';
import {
  CHECK_ATTACHMENT,
  DATA_ATTACHMENT,
  type CheckResult,
  type CheckStatus,
} from '../core/types.ts';
import {
  ENV_ADMIN_SECRET,
  ENV_EXTRA_HEADERS,
  ENV_RUN_SETTINGS,
  ENV_TOKENS,
} from '../core/run-settings.ts';
import type { DataRecord, RunResults, TestRecord } from './results.ts';

/**
 * Set to `1` by the CLI, which runs Playwright once per project: each run then adds its checks to
 * the results.json of the earlier runs instead of replacing it.
 */
export const ENV_RESULTS_APPEND = 'EXTO_RESULTS_APPEND';

export interface ResultsReporterOptions {
  outDir?: string;
}

/** Contents of progress.json, which the CLI's progress line shows. Rewritten after every test. */
export interface Progress {
  project: string;
  testsDone: number;
  testsTotal: number;
  checksDone: number;
}

interface TestOutcome {
  titlePath: string[];
  title: string;
  file: string;
  project: string;
  status: TestResult['status'];
  expectedStatus: TestCase['expectedStatus'];
  checks: CheckResult[];
  data: DataRecord[];
  error?: string;
}

const CHECK_STATUSES: ReadonlySet<CheckStatus> = new Set([
  'passed',
  'failed',
  'skipped',
  'broken',
  'warning',
]);

export default class ResultsReporter implements Reporter {
  private readonly outDir: string;
  private readonly redactor: Redactor;
  private readonly outcomes = new Map<string, TestOutcome>();
  private startedAt = new Date();
  private testsTotal = 0;
  private testsDone = 0;
  private checksDone = 0;

  constructor(options: ResultsReporterOptions = {}) {
    this.outDir = options.outDir ?? outDirFromRunSettings() ?? 'test-results';
    this.redactor = redactorFromEnv(process.env);
  }

  onBegin(_config: FullConfig, suite: Suite): void {
    this.startedAt = new Date();
    this.testsTotal = suite.allTests().length;
    mkdirSync(this.outDir, { recursive: true });
  }

  onTestEnd(test: TestCase, result: TestResult): void {
    const checks: CheckResult[] = [];
    const data: DataRecord[] = [];
    const titlePath = test.titlePath().filter(Boolean);
    for (const attachment of result.attachments) {
      if (attachment.name !== CHECK_ATTACHMENT && attachment.name !== DATA_ATTACHMENT) continue;
      const body = readAttachment(attachment);
      if (body === undefined) continue;
      if (attachment.name === CHECK_ATTACHMENT && isCheck(body)) checks.push(body);
      if (attachment.name === DATA_ATTACHMENT && isData(body)) {
        data.push({ ...body, test: titlePath.join(' > ') });
      }
    }
    const error = result.errors[0]?.message ?? result.error?.message;
    // Retries report the same test again; the last attempt is the one that counts.
    this.outcomes.set(test.id, {
      titlePath,
      title: test.title,
      file: basename(test.location.file),
      project: test.parent.project()?.name ?? '',
      status: result.status,
      expectedStatus: test.expectedStatus,
      checks,
      data,
      error,
    });
    this.testsDone++;
    this.checksDone += checks.length;
    this.writeProgress(test.parent.project()?.name ?? '');
  }

  onEnd(_result: FullResult): void {
    let results = buildResults([...this.outcomes.values()], this.startedAt, new Date());
    mkdirSync(this.outDir, { recursive: true });
    const path = join(this.outDir, 'results.json');
    if (process.env[ENV_RESULTS_APPEND] === '1' && existsSync(path)) {
      results = mergeResults(JSON.parse(readFileSync(path, 'utf8')) as RunResults, results);
    }
    const text = JSON.stringify(this.redactor.json(results), null, 2);
    writeFileSync(path, `${text}\n`);
  }

  printsToStdio(): boolean {
    return false;
  }

  private writeProgress(project: string): void {
    const progress: Progress = {
      project,
      testsDone: this.testsDone,
      testsTotal: this.testsTotal,
      checksDone: this.checksDone,
    };
    try {
      writeFileSync(join(this.outDir, 'progress.json'), JSON.stringify(progress));
    } catch {
      // Progress is cosmetic; a failed write must not fail the run.
    }
  }
}

/** Flattens test outcomes into results.json, adding a `broken` check where a test failed silently. */
export function buildResults(
  outcomes: TestOutcome[],
  startedAt: Date,
  finishedAt: Date,
): RunResults {
  const checks: CheckResult[] = [];
  const data: DataRecord[] = [];
  const tests = { passed: 0, failed: 0, skipped: 0 };
  const testRecords: TestRecord[] = [];
  for (const outcome of outcomes) {
    testRecords.push({
      project: outcome.project,
      title: outcome.title,
      file: outcome.file,
      operationIds: [
        ...new Set(outcome.checks.flatMap((c) => (c.operationId ? [c.operationId] : []))),
      ],
      severities: [...new Set(outcome.checks.map((c) => c.severity))],
    });
    checks.push(...outcome.checks);
    data.push(...outcome.data);
    const unexpected = outcome.status !== outcome.expectedStatus;
    if (outcome.status === 'skipped') tests.skipped++;
    else if (unexpected) tests.failed++;
    else tests.passed++;
    const recordedFailure = outcome.checks.some(
      (c) => c.status === 'failed' || c.status === 'broken',
    );
    if (unexpected && outcome.status !== 'skipped' && !recordedFailure) {
      checks.push(brokenCheck(outcome));
    }
  }
  return {
    startedAt: startedAt.toISOString(),
    finishedAt: finishedAt.toISOString(),
    checks,
    data,
    tests,
    testRecords,
  };
}

/** Adds the results of a later Playwright run to those of earlier runs of the same verify. */
export function mergeResults(earlier: RunResults, later: RunResults): RunResults {
  return {
    startedAt: earlier.startedAt || later.startedAt,
    finishedAt: later.finishedAt,
    checks: [...earlier.checks, ...later.checks],
    data: [...(earlier.data ?? []), ...later.data],
    tests: {
      passed: earlier.tests.passed + later.tests.passed,
      failed: earlier.tests.failed + later.tests.failed,
      skipped: earlier.tests.skipped + later.tests.skipped,
    },
    testRecords: [...(earlier.testRecords ?? []), ...(later.testRecords ?? [])],
  };
}

function brokenCheck(outcome: TestOutcome): CheckResult {
  const path = outcome.project ? outcome.titlePath.slice(1) : outcome.titlePath;
  return {
    id: brokenCheckId(outcome.project, path),
    title: outcome.titlePath.join(' > '),
    status: 'broken',
    severity: 'critical',
    message: brokenReason(outcome),
  };
}

function brokenReason(outcome: TestOutcome): string {
  if (outcome.status === 'timedOut') return 'Test timed out before recording a check.';
  if (outcome.status === 'interrupted') return 'Test was interrupted before recording a check.';
  if (outcome.status === 'passed') {
    return 'Test marked as a known failure (test.fail) passed: the bug may be fixed, so remove the mark.';
  }
  const firstLine = stripAnsi(outcome.error ?? '')
    .split('\n')[0]
    ?.trim();
  return firstLine || `Test ended ${outcome.status} without recording a failed check.`;
}

/** Maximum length of the part of a broken check's id taken from one title. */
const MAX_ID_PART = 48;

/**
 * Builds the id of a broken check, `broken.<project>.<titles>`. The file's folder, tags such as
 * `@rate-limit` and a part equal to the one before are left out, so a test in
 * rate-limit/rate-limit.spec.ts inside `describe('rate limit @rate-limit')` of the rate-limit
 * project gets `broken.rate-limit.<test title>` rather than the same words three times.
 */
export function brokenCheckId(project: string, titlePath: readonly string[]): string {
  const parts: string[] = [];
  for (const title of [project, ...titlePath]) {
    const file = /\.(spec|test)\.[cm]?[jt]s$/.test(title);
    const words = file ? title.replace(/^.*[\\/]/, '') : title.replace(/(^|\s)@[\w.-]+/g, ' ');
    const trimmed = shortenPart(slug(words));
    if (trimmed && trimmed !== parts[parts.length - 1]) parts.push(trimmed);
  }
  return ['broken', ...parts].join('.');
}

/**
 * Cuts a part to MAX_ID_PART characters. A cut part ends with a hash of the whole part, so two long
 * titles that share their first words still get different ids.
 */
function shortenPart(part: string): string {
  const whole = part.replace(/-+$/, '');
  if (whole.length <= MAX_ID_PART) return whole;
  const hash = fnv1a(whole).toString(16).padStart(8, '0').slice(0, 6);
  return `${whole.slice(0, MAX_ID_PART - 7).replace(/-+$/, '')}-${hash}`;
}

/** Returns the 32-bit FNV-1a hash of a string. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/\.spec\.[cm]?[jt]s$|\.test\.[cm]?[jt]s$/, '')
    .replace(/[^a-z0-9{}]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

function stripAnsi(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\u001b\[[0-9;]*m/g, '');
}

function readAttachment(attachment: TestResult['attachments'][number]): unknown {
  try {
    const text = attachment.body
      ? attachment.body.toString('utf8')
      : attachment.path
        ? readFileSync(attachment.path, 'utf8')
        : undefined;
    return text === undefined ? undefined : JSON.parse(text);
  } catch {
    return undefined;
  }
}

function isCheck(value: unknown): value is CheckResult {
  const check = value as Partial<CheckResult> | null;
  return (
    !!check &&
    typeof check.id === 'string' &&
    typeof check.status === 'string' &&
    CHECK_STATUSES.has(check.status)
  );
}

function isData(value: unknown): value is DataRecord {
  return !!value && typeof (value as { kind?: unknown }).kind === 'string';
}

function outDirFromRunSettings(): string | undefined {
  const path = process.env[ENV_RUN_SETTINGS];
  if (!path) return undefined;
  try {
    return (JSON.parse(readFileSync(path, 'utf8')) as { outDir?: string }).outDir;
  } catch {
    return undefined;
  }
}

/** Builds the redactor from the secrets the CLI hands to the Playwright process. */
export function redactorFromEnv(env: NodeJS.ProcessEnv): Redactor {
  const secrets: string[] = [];
  secrets.push(...(env[ENV_TOKENS] ?? '').split('\n').map((t) => t.trim()));
  secrets.push(env[ENV_ADMIN_SECRET] ?? '');
  try {
    const headers = JSON.parse(env[ENV_EXTRA_HEADERS] ?? '{}') as Record<string, string>;
    secrets.push(...Object.values(headers));
  } catch {
    // A malformed header variable carries no secret the CLI set.
  }
  return new Redactor(secrets);
}
