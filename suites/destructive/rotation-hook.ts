/**
 * Runs the operator's key-rotation command (`rotateKeyCommand`, for example a kubectl command that
 * changes the Access Token Private Key and restarts the API) through the shell, bounded in time.
 */
import { spawn } from 'node:child_process';

import type { Redactor } from '../../scripts/core/redact.ts';

/** Maximum run time of the rotation command before it is stopped. */
export const ROTATE_TIMEOUT_MS = 120_000;

export interface HookResult {
  ok: boolean;
  exitCode: number | null;
  /** Output with every known secret masked, cut to the last 2000 characters. */
  output: string;
  /**
   * A token the command printed as its last non-empty stdout line, if that line looks like one
   * (no spaces, at least 16 characters): the token issued after the rotation.
   */
  newToken?: string;
  durationMs: number;
}

export function runRotationHook(
  command: string,
  redactor: Redactor,
  timeoutMs = ROTATE_TIMEOUT_MS,
): Promise<HookResult> {
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn(command, { shell: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGTERM'), timeoutMs);
    const finish = (exitCode: number | null, note = ''): void => {
      clearTimeout(timer);
      const last = stdout
        .split(/\r?\n/)
        .map((line) => line.trim())
        .filter((line) => line !== '')
        .at(-1);
      const newToken = last && /^\S{16,}$/.test(last) ? last : undefined;
      const masked = redactor.with([newToken]);
      resolve({
        ok: exitCode === 0,
        exitCode,
        output: masked.text(`${stdout}${stderr}${note}`).slice(-2000),
        ...(newToken ? { newToken } : {}),
        durationMs: performance.now() - started,
      });
    };
    child.on('error', (error) => finish(null, `\n${error.message}`));
    child.on('close', (code, signal) =>
      finish(code, signal ? `\nstopped by ${signal} after ${timeoutMs} ms` : ''),
    );
  });
}
