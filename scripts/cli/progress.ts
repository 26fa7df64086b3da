/**
 * The progress line on a terminal: suite, tests and checks done, and an estimate of the time left
 * at the rate budget. It reads progress.json, which the results reporter rewrites after each test.
 * Not a TTY: it prints nothing, so CI logs stay clean.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Progress } from '../report/results-reporter.ts';

export interface ProgressLine {
  stop(): void;
}

export interface ProgressOptions {
  /** Requests per second each token is paced at outside the rate-limit suite. */
  pacingPerSecond: number;
  /** Tokens, one per worker: the run's budget is pacingPerSecond x tokens. */
  tokens: number;
  /**
   * Data API requests the target has served so far, where it counts them (the reference server's
   * `/_admin/stats`). With it the estimate uses requests per test instead of time per test.
   */
  requestCount?: () => Promise<number | undefined>;
  stream?: NodeJS.WriteStream;
}

/** Projects whose requests go through the pacer; the others run unpaced and serially. */
const PACED_PROJECTS = new Set(['contract', 'auth']);
/**
 * Estimated requests per contract test, used until the first test finishes. `npm run verify` on
 * the reference server counted 432 Data API requests over 175 contract tests (about 2.5 each).
 */
export const DEFAULT_REQUESTS_PER_TEST = 2.5;

export interface EstimateInput {
  project: string;
  testsDone: number;
  testsTotal: number;
  elapsedMs: number;
  pacingPerSecond: number;
  tokens: number;
  /** Requests the target served since this project started, when known. */
  requestsDone?: number;
}

/**
 * Seconds left for the current project, or undefined when there is nothing to base it on.
 * A paced project sends at most pacingPerSecond x tokens requests per second, so the time left
 * is the requests left (tests left x requests per test) over that budget. Requests per test come
 * from the target's counter, or else from the elapsed time at the full budget, or else from
 * DEFAULT_REQUESTS_PER_TEST. Unpaced projects extrapolate the time per test so far.
 */
export function estimateSecondsLeft(input: EstimateInput): number | undefined {
  const testsLeft = input.testsTotal - input.testsDone;
  if (testsLeft <= 0) return 0;
  const budget = input.pacingPerSecond * Math.max(1, input.tokens);
  if (!PACED_PROJECTS.has(input.project) || !(budget > 0)) {
    if (input.testsDone === 0) return undefined;
    return (input.elapsedMs / 1000 / input.testsDone) * testsLeft;
  }
  let requestsPerTest = DEFAULT_REQUESTS_PER_TEST;
  if (input.testsDone > 0) {
    requestsPerTest =
      input.requestsDone !== undefined
        ? input.requestsDone / input.testsDone
        : ((input.elapsedMs / 1000) * budget) / input.testsDone;
  }
  return (testsLeft * requestsPerTest) / budget;
}

export function startProgress(outDir: string, options: ProgressOptions): ProgressLine {
  const stream = options.stream ?? process.stderr;
  if (!stream.isTTY) return { stop() {} };
  let project = '';
  let projectStartedAt = Date.now();
  let lastCount: number | undefined;
  let baseline: number | undefined;
  let polling = false;
  let shown = false;
  // Polled from the start, so a project's baseline is the count before its first test finished.
  const pollRequests = (): void => {
    if (!options.requestCount || polling) return;
    polling = true;
    options
      .requestCount()
      .then((count) => {
        if (count === undefined) return;
        lastCount = count;
        baseline ??= count;
      })
      .catch(() => undefined)
      .finally(() => (polling = false));
  };
  const timer = setInterval(() => {
    const progress = readProgress(outDir);
    if (progress && progress.project !== project) {
      // Each project is its own Playwright run, so its counts and clock start again.
      project = progress.project;
      projectStartedAt = Date.now();
      baseline = lastCount;
    }
    pollRequests();
    const requestsDone =
      lastCount !== undefined && baseline !== undefined ? lastCount - baseline : undefined;
    const line = progress
      ? formatProgress(progress, Date.now() - projectStartedAt, {
          pacingPerSecond: options.pacingPerSecond,
          tokens: options.tokens,
          ...(requestsDone ? { requestsDone } : {}),
        })
      : 'Starting the suites...';
    stream.write(`\r\u001b[2K${line.slice(0, Math.max(20, (stream.columns || 100) - 1))}`);
    shown = true;
  }, 500);
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
      if (shown) stream.write('\r\u001b[2K');
    },
  };
}

export function formatProgress(
  progress: Progress,
  elapsedMs: number,
  budget: { pacingPerSecond: number; tokens: number; requestsDone?: number } = {
    pacingPerSecond: 0,
    tokens: 1,
  },
): string {
  const { project, testsDone, testsTotal, checksDone } = progress;
  const suite = project || 'suite';
  if (testsTotal === 0) return `[${suite}] starting`;
  let left = '';
  if (testsTotal > testsDone) {
    const seconds = estimateSecondsLeft({
      project,
      testsDone,
      testsTotal,
      elapsedMs,
      ...budget,
    });
    if (seconds !== undefined) {
      left =
        PACED_PROJECTS.has(project) && budget.pacingPerSecond > 0
          ? `, about ${formatDuration(seconds)} left at ${round(budget.pacingPerSecond * Math.max(1, budget.tokens))} requests/s`
          : `, about ${formatDuration(seconds)} left at the current rate`;
    }
  }
  return `[${suite}] ${testsDone}/${testsTotal} tests, ${checksDone} checks${left}`;
}

export function formatDuration(totalSeconds: number): string {
  const seconds = Math.round(totalSeconds);
  if (seconds < 60) return `${seconds}s`;
  return `${Math.floor(seconds / 60)}m${String(seconds % 60).padStart(2, '0')}s`;
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}

function readProgress(outDir: string): Progress | undefined {
  try {
    return JSON.parse(readFileSync(join(outDir, 'progress.json'), 'utf8')) as Progress;
  } catch {
    return undefined;
  }
}
