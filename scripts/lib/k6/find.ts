/** Finds the k6 binary: `K6_BIN` first, then each folder on PATH. */
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';

export const K6_INSTALL_HINT =
  'Install k6 v1.3 or later (https://grafana.com/docs/k6/latest/set-up/install-k6/) and put it on ' +
  'PATH, or set K6_BIN to the path of the k6 binary.';

/** Returns the absolute path of k6, or undefined when neither K6_BIN nor PATH has it. */
export function findK6(env: Record<string, string | undefined> = process.env): string | undefined {
  const explicit = env.K6_BIN?.trim();
  if (explicit) return isExecutable(explicit) ? explicit : undefined;
  const names = process.platform === 'win32' ? ['k6.exe', 'k6'] : ['k6'];
  for (const folder of (env.PATH ?? '').split(delimiter)) {
    if (folder === '') continue;
    for (const name of names) {
      const candidate = join(folder, name);
      if (isExecutable(candidate)) return candidate;
    }
  }
  return undefined;
}

/** Message for a missing k6, naming what was searched. */
export function k6MissingMessage(env: Record<string, string | undefined> = process.env): string {
  const explicit = env.K6_BIN?.trim();
  const searched = explicit ? `K6_BIN=${explicit} is not an executable file` : 'k6 is not on PATH';
  return `k6 not found: ${searched}. ${K6_INSTALL_HINT}`;
}

function isExecutable(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
