/**
 * Runs k6 on a bundled scenario. Tokens and extra headers reach k6 only through its environment,
 * never as `-e` flags, which any user can read with `ps`. k6's own output is redacted on its way
 * to our stdout and stderr.
 */
import { spawn } from 'node:child_process';

import type { Redactor } from '../../core/redact.ts';

/** k6 exit codes the CLI passes through unchanged (k6 v1.3.0, errext/exitcodes/codes.go). */
export const K6_EXIT = {
  thresholdsCrossed: 99,
  invalidConfig: 104,
  scriptException: 107,
  scriptAborted: 108,
} as const;

export interface K6RunOptions {
  k6Path: string;
  bundlePath: string;
  /** `--out json=` target. */
  metricsFile: string;
  /** Settings and secrets for the scenario (LOAD_ENV names, EXTO_TOKENS, EXTO_EXTRA_HEADERS). */
  env: Record<string, string>;
  redactor: Redactor;
  /** Hard stop in ms after which k6 gets SIGINT, then SIGKILL 10 s later. */
  timeoutMs: number;
  cwd: string;
  /** Destinations of k6's output; the CLI passes process.stdout and process.stderr. */
  stdout?: NodeJS.WritableStream;
  stderr?: NodeJS.WritableStream;
}

export interface K6RunResult {
  exitCode: number;
  /** True when the hard stop ended the run. */
  timedOut: boolean;
}

export function runK6(options: K6RunOptions): Promise<K6RunResult> {
  const args = [
    'run',
    '--no-usage-report',
    '--quiet',
    '--out',
    `json=${options.metricsFile}`,
    options.bundlePath,
  ];
  const child = spawn(options.k6Path, args, {
    cwd: options.cwd,
    // k6 reads __ENV from the whole environment; only what the scenario needs is added.
    env: { ...process.env, ...options.env, K6_NO_USAGE_REPORT: 'true' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const forward = (stream: NodeJS.ReadableStream, target: NodeJS.WritableStream | undefined) => {
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => target?.write(options.redactor.text(chunk)));
  };
  forward(child.stdout, options.stdout);
  forward(child.stderr, options.stderr);
  return new Promise((resolve, reject) => {
    let timedOut = false;
    let killer: NodeJS.Timeout | undefined;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGINT');
      killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    }, options.timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`Cannot start k6 at ${options.k6Path}: ${error.message}`));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (killer) clearTimeout(killer);
      resolve({ exitCode: code ?? (signal === 'SIGINT' ? 130 : 1), timedOut });
    });
  });
}
