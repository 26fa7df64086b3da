/** The folder of one run, `reports/<UTC timestamp>-<short id>/`, and the `reports/latest` pointer. */
import { randomBytes } from 'node:crypto';
import { cpSync, lstatSync, mkdirSync, rmSync, symlinkSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';

/** Returns a folder name such as `20261204T154419Z-3f9a1c`, sortable by start time. */
export function runId(now: Date = new Date()): string {
  const stamp = now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  return `${stamp}-${randomBytes(3).toString('hex')}`;
}

/** Creates `<root>/<run id>/` and returns its absolute path. */
export function createRunDir(root: string, now: Date = new Date()): string {
  const dir = resolve(root, runId(now));
  mkdirSync(dir, { recursive: true });
  return dir;
}

/**
 * Points `<parent of runDir>/latest` at `runDir`: a relative symlink, or a copy of the folder
 * where the file system rejects symlinks (some Windows and network mounts). `link` is there for
 * tests, which cannot make a file system refuse symlinks.
 */
export function updateLatest(
  runDir: string,
  link: (target: string, path: string, type: 'dir') => void = symlinkSync,
): string {
  const latest = join(dirname(runDir), 'latest');
  removeLatest(latest);
  try {
    link(basename(runDir), latest, 'dir');
  } catch {
    cpSync(runDir, latest, { recursive: true });
  }
  return latest;
}

function removeLatest(latest: string): void {
  try {
    const stat = lstatSync(latest);
    rmSync(latest, { recursive: stat.isDirectory() && !stat.isSymbolicLink(), force: true });
  } catch {
    // Nothing there yet.
  }
}
