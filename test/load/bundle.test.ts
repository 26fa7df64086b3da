import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';

import { SCENARIO_NAMES } from '../../scripts/core/load/settings.ts';
import { bundleScenario } from '../../scripts/lib/k6/bundle.ts';

const outDir = mkdtempSync(join(tmpdir(), 'exto-bundle-'));
after(() => rmSync(outDir, { recursive: true, force: true }));

test('scenarios bundle for k6', async () => {
  for (const scenario of SCENARIO_NAMES) {
    const bundle = await bundleScenario(scenario, outDir, { compact: true });
    assert.ok(bundle.externalImports.includes('k6/http'), `${scenario} does not import k6/http`);
    for (const specifier of bundle.externalImports) {
      assert.match(
        specifier,
        /^k6(\/|$)/,
        `${scenario} imports ${specifier}, which k6 cannot resolve`,
      );
    }
  }
});

test('bundle inlines ajv', async () => {
  const bundle = await bundleScenario('at-limit', outDir);
  const code = readFileSync(bundle.path, 'utf8');
  assert.match(code, /ajv/);
  assert.ok(!bundle.externalImports.some((i) => i.includes('ajv')), 'ajv left as an import');
  assert.match(code, /export \{[^}]*handleSummary/);
});

test('compact bundle fits a ConfigMap', async () => {
  const bundle = await bundleScenario('multi-token', outDir, { compact: true });
  // A ConfigMap is limited to 1 MiB, shared with the schema file.
  assert.ok(bundle.bytes < 600 * 1024, `${bundle.bytes} bytes`);
});
