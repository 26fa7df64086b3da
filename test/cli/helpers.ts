/** Spawns the CLI the way an operator does and collects its output and exit code. */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const projectRoot = fileURLToPath(new URL('../..', import.meta.url));
export const cliPath = fileURLToPath(
  new URL('../../scripts/bin/exto-conformance.mjs', import.meta.url),
);

export interface CliOutput {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `exto-conformance ...args`; the child is killed after `timeoutMs` so no test hangs. */
export function runCli(
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {},
): Promise<CliOutput> {
  return new Promise((resolveOutput, reject) => {
    const child = spawn(process.execPath, [cliPath, ...args], {
      cwd: options.cwd ?? projectRoot,
      env: { ...cleanEnv(process.env), ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolveOutput({ code, stdout, stderr });
    });
  });
}

/** Drops EXTO_* variables of the developer's shell so they cannot change a test's outcome. */
function cleanEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([name]) => !name.startsWith('EXTO_')));
}
