/** Runs `playwright test` as a child process with the run's settings and secrets in its environment. */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Redactor } from '../core/redact.ts';
import type { Logger } from '../lib/logger.ts';

export interface PlaywrightRun {
  projectRoot: string;
  outDir: string;
  /** File in `outDir` that receives Playwright's output, redacted. */
  logName: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  redactor: Redactor;
  logger: Logger;
  /** Aborting sends SIGINT to Playwright, which stops its workers and still runs the reporters. */
  signal: AbortSignal;
}

/** Grace period between SIGINT and SIGKILL when the run is interrupted. */
const KILL_AFTER_MS = 15_000;

/** Resolves to Playwright's exit code; its output goes to `<outDir>/<logName>`, redacted. */
export function runPlaywright(run: PlaywrightRun): Promise<number> {
  const cli = playwrightCli(run.projectRoot);
  const child = spawn(process.execPath, [cli, 'test', ...run.args], {
    cwd: run.projectRoot,
    env: run.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const chunks: Buffer[] = [];
  const collect = (chunk: Buffer): void => {
    chunks.push(chunk);
    if (run.logger.isLevelEnabled('debug')) {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) {
        run.logger.debug({ line }, 'playwright');
      }
    }
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);

  let killTimer: NodeJS.Timeout | undefined;
  const onAbort = (): void => {
    child.kill('SIGINT');
    killTimer = setTimeout(() => child.kill('SIGKILL'), KILL_AFTER_MS);
  };
  run.signal.addEventListener('abort', onAbort, { once: true });

  return new Promise((resolveCode, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      run.signal.removeEventListener('abort', onAbort);
      if (killTimer) clearTimeout(killTimer);
      // Redacted as a whole: a secret split across two chunks would slip past chunk-wise masking.
      const output = run.redactor.text(Buffer.concat(chunks).toString('utf8'));
      writeFileSync(join(run.outDir, run.logName), output);
      resolveCode(code ?? (signal ? 128 + 2 : 1));
    });
  });
}

function playwrightCli(projectRoot: string): string {
  const require = createRequire(join(projectRoot, 'package.json'));
  return join(dirname(require.resolve('@playwright/test/package.json')), 'cli.js');
}

/** Builds the grep pattern for `--tag` and `--grep`: a test must match both when both are given. */
export function grepPattern(tags: readonly string[], grep: string | undefined): string | undefined {
  const tagPattern = tags.length
    ? `(${tags.map((t) => (t.startsWith('@') ? t : `@${t}`).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})`
    : undefined;
  if (tagPattern && grep) return `^(?=.*${tagPattern})(?=.*(${grep}))`;
  return tagPattern ?? grep;
}
