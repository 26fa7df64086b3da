/** Builds the Allure HTML report from allure-results with the `allure` npm package (Allure 3). */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const projectRoot = fileURLToPath(new URL('../..', import.meta.url));

export interface AllureOutcome {
  built: boolean;
  /** Reason the report was not built, for the log. */
  reason?: string;
}

/**
 * Runs `allure generate <resultsDir> --output <outputDir>` offline. Allure 3 needs no Java and
 * no network. The child is stopped after `timeoutMs`.
 */
export async function generateAllureReport(
  resultsDir: string,
  outputDir: string,
  timeoutMs = 120_000,
): Promise<AllureOutcome> {
  if (!existsSync(resultsDir) || readdirSync(resultsDir).length === 0) {
    return { built: false, reason: `${resultsDir} is empty` };
  }
  const cli = allureCli();
  const args = [cli, 'generate', resultsDir, '--output', outputDir, '--name', 'Exto conformance'];
  return new Promise((resolveOutcome) => {
    const child = spawn(process.execPath, args, {
      cwd: dirname(resultsDir),
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, NO_COLOR: '1' },
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-2000);
    });
    const timer = setTimeout(() => child.kill('SIGTERM'), timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      resolveOutcome({ built: false, reason: error.message });
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0 && existsSync(join(outputDir, 'index.html'))) resolveOutcome({ built: true });
      else
        resolveOutcome({
          built: false,
          reason: signal
            ? `allure generate stopped by ${signal}`
            : `allure generate exited ${code}: ${stderr.trim().split('\n').pop() ?? ''}`,
        });
    });
  });
}

/** Path of the allure CLI script; its package.json is not exported, so it is found from the root. */
function allureCli(): string {
  const cli = join(projectRoot, 'node_modules/allure/cli.js');
  if (!existsSync(cli)) throw new Error(`${cli} not found; install dependencies with npm ci.`);
  return cli;
}
