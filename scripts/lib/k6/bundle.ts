/**
 * Bundles a k6 scenario with esbuild: one ESM file per scenario with ajv, ajv-formats and
 * scripts/core inlined, because k6 resolves neither node_modules nor TypeScript directory imports.
 * `k6`, `k6/*` and jslib URLs stay external: k6 provides them at run time.
 */
import { build } from 'esbuild';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import type { ScenarioName } from '../../core/load/settings.ts';

/** Root of the repository (this file is scripts/lib/k6/bundle.ts). */
export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export function scenarioSource(scenario: ScenarioName): string {
  return join(REPO_ROOT, 'load', 'scenarios', `${scenario}.ts`);
}

export interface BundleResult {
  /** Absolute path of the bundle. */
  path: string;
  bytes: number;
  /** Modules the bundle still imports at run time; only k6's own belong here. */
  externalImports: string[];
}

export interface BundleOptions {
  /**
   * Minified without a source map, for a Kubernetes ConfigMap (at most 1 MiB). The local run keeps
   * an inline source map, so k6's stack traces point at the TypeScript lines.
   */
  compact?: boolean;
}

/** Writes `<outDir>/<scenario>.bundle.js` and returns its path. */
export async function bundleScenario(
  scenario: ScenarioName,
  outDir: string,
  options: BundleOptions = {},
): Promise<BundleResult> {
  const entry = scenarioSource(scenario);
  if (!existsSync(entry)) {
    throw new Error(`Scenario file ${entry} is missing. Restore it from the repository.`);
  }
  const outfile = resolve(outDir, `${scenario}.bundle.js`);
  const result = await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    // platform neutral resolves no package entry points by default; ajv ships CommonJS under
    // `main`.
    mainFields: ['module', 'main'],
    // k6 v1.3 runs ES2020 reliably; later syntax (class fields) is lowered.
    target: 'es2020',
    external: ['k6', 'k6/*', 'https://jslib.k6.io/*'],
    sourcemap: options.compact ? false : 'inline',
    minify: options.compact ?? false,
    logLevel: 'silent',
    metafile: true,
    legalComments: 'none',
  });
  const outputs = Object.values(result.metafile.outputs);
  const bytes = outputs.reduce((sum, out) => sum + out.bytes, 0);
  const externalImports = [
    ...new Set(outputs.flatMap((out) => out.imports.filter((i) => i.external).map((i) => i.path))),
  ].sort();
  return { path: outfile, bytes, externalImports };
}
