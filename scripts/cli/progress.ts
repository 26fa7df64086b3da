/**
 * The progress line on a terminal: suite, tests and checks done, and an estimate of the time left
 * at the rate so far. It reads progress.json, which the results reporter rewrites after each test.
 * Not a TTY: it prints nothing.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Progress } from '../report/results-reporter.ts';

export interface ProgressLine {
  stop(): void;
}

export function startProgress(
  outDir: string,
  stream: NodeJS.WriteStream = process.stderr,
): ProgressLine {
  if (!stream.isTTY) return { stop() {} };
  const startedAt = Date.now();
  let shown = false;
  const timer = setInterval(() => {
    const progress = readProgress(outDir);
    const line = progress
      ? formatProgress(progress, Date.now() - startedAt)
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

export function formatProgress(progress: Progress, elapsedMs: number): string {
  const { project, testsDone, testsTotal, checksDone } = progress;
  const suite = project || 'suite';
  let left = '';
  if (testsDone > 0 && testsTotal > testsDone) {
    const seconds = Math.round(((elapsedMs / testsDone) * (testsTotal - testsDone)) / 1000);
    left = `, about ${formatDuration(seconds)} left at the current rate`;
  }
  return `[${suite}] ${testsDone}/${testsTotal} tests, ${checksDone} checks${left}`;
}

function formatDuration(seconds: number): string {
  if (seconds < 60) return `${seconds}s`;
  return `${Math.floor(seconds / 60)}m${String(seconds % 60).padStart(2, '0')}s`;
}

function readProgress(outDir: string): Progress | undefined {
  try {
    return JSON.parse(readFileSync(join(outDir, 'progress.json'), 'utf8')) as Progress;
  } catch {
    return undefined;
  }
}
