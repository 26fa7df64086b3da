/**
 * Runs the operator's key-rotation or restart command (`rotateKeyCommand`, `restartCommand`, for
 * example a kubectl command that changes the Access Token Private Key and restarts the API) through
 * the shell, bounded in time.
 *
 * A command reports the token issued after a rotation on a stdout line of its own that reads
 * `EXTO_NEW_TOKEN=<token>`, anywhere in its output. Nothing else is ever read as a token: JSON such
 * as `{"rotatedAt":"..."}` or a bare long word on the last line is ordinary output.
 */
import { spawn } from 'node:child_process';

import { REDACTED, type Redactor } from '../../scripts/core/redact.ts';

/** Maximum run time of the command before it is stopped. */
export const ROTATE_TIMEOUT_MS = 120_000;

/** Name of the stdout line that carries the new token: `EXTO_NEW_TOKEN=<token>`. */
export const NEW_TOKEN_MARKER = 'EXTO_NEW_TOKEN';

/** Characters of the masked output kept for error messages: the end, where the cause usually is. */
const OUTPUT_TAIL_CHARS = 2000;

export interface HookResult {
  ok: boolean;
  exitCode: number | null;
  /** Output with every known secret and the new token masked, cut to the last 2000 characters. */
  output: string;
  /** The token from the command's `EXTO_NEW_TOKEN=<token>` line, if it printed a valid one. */
  newToken?: string;
  /** Reason an `EXTO_NEW_TOKEN=` line was not taken as a token, for the skip reason. */
  markerProblem?: string;
  durationMs: number;
}

export interface NewTokenLine {
  token?: string;
  problem?: string;
}

/**
 * Finds the token on the `EXTO_NEW_TOKEN=<token>` line of `stdout`. Whitespace around the line is
 * ignored; the token is everything after `=` and must contain no whitespace, as a bearer token
 * cannot. When several marker lines appear, the last one wins, as it would in a shell `source`.
 */
export function findNewToken(stdout: string): NewTokenLine {
  const prefix = `${NEW_TOKEN_MARKER}=`;
  const lines = stdout
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line.startsWith(prefix));
  const last = lines.at(-1);
  if (last === undefined) return {};
  const token = last.slice(prefix.length);
  if (token === '') return { problem: `the line ${prefix} carried no token` };
  if (/\s/.test(token)) {
    return { problem: `the value after ${prefix} contains whitespace, which no bearer token has` };
  }
  return { token };
}

/**
 * Masks the hook's output: every known secret, the value of every `EXTO_NEW_TOKEN=` line (also an
 * invalid one, which may still be a secret), and the new token wherever else it appears.
 */
export function maskHookOutput(output: string, redactor: Redactor, newToken?: string): string {
  const masked = output.replace(
    new RegExp(`(${NEW_TOKEN_MARKER}=)[^\\r\\n]*`, 'g'),
    `$1${REDACTED}`,
  );
  return redactor.with([newToken]).text(masked);
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
    let finished = false;
    const finish = (exitCode: number | null, note = ''): void => {
      // A spawn error may be followed by `close`; the first outcome is the one reported.
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      const { token, problem } = findNewToken(stdout);
      const output = maskHookOutput(`${stdout}${stderr}${note}`, redactor, token);
      resolve({
        ok: exitCode === 0,
        exitCode,
        output: output.slice(-OUTPUT_TAIL_CHARS),
        ...(token ? { newToken: token } : {}),
        ...(problem ? { markerProblem: problem } : {}),
        durationMs: performance.now() - started,
      });
    };
    child.on('error', (error) => finish(null, `\n${error.message}`));
    child.on('close', (code, signal) =>
      finish(code, signal ? `\nstopped by ${signal} after ${timeoutMs} ms` : ''),
    );
  });
}
