/**
 * Runs at-limit and beyond-limit with a real k6 against the reference server, for a few seconds
 * each, and checks the analysis. Skipped, with the reason, when no k6 binary is found.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { after, before, test } from 'node:test';

import { buildPlan } from '../../scripts/core/load/plan.ts';
import {
  loadSettingsEnv,
  readLoadSettings,
  type ScenarioName,
} from '../../scripts/core/load/settings.ts';
import { Redactor } from '../../scripts/core/redact.ts';
import { analyzeLoad, type LoadAnalysis } from '../../scripts/lib/k6/analysis.ts';
import { bundleScenario } from '../../scripts/lib/k6/bundle.ts';
import { loadChecks } from '../../scripts/lib/k6/checks.ts';
import { findK6, k6MissingMessage } from '../../scripts/lib/k6/find.ts';
import { runK6 } from '../../scripts/lib/k6/run.ts';
import { readMetricStream } from '../../scripts/lib/k6/stream.ts';
import { readSummaryFile } from '../../scripts/lib/k6/summary.ts';
import { loadSchemaFile } from '../../scripts/lib/k6/spec-subset.ts';
import { loadSpec } from '../../scripts/lib/spec-loader.ts';
import {
  mintToken,
  startReferenceTarget,
  type ReferenceTarget,
} from '../../scripts/lib/reference-target.ts';

const k6Path = findK6();
const skip = k6Path ? false : `${k6MissingMessage()} (set K6_BIN to run this test)`;

let reference: ReferenceTarget | undefined;
const outDir = mkdtempSync(join(tmpdir(), 'exto-k6-run-'));
const schemasFile = join(outDir, 'spec.bundled.json');

before(async () => {
  if (!k6Path) return;
  reference = await startReferenceTarget({ faults: [], workers: 1 });
  const spec = await loadSpec(
    new URL('../../schemas/exto-data-api.openapi.yaml', import.meta.url).pathname,
  );
  writeFileSync(schemasFile, loadSchemaFile(spec));
});

after(async () => {
  await reference?.close();
  rmSync(outDir, { recursive: true, force: true });
});

interface Run {
  token: string;
  /** Everything k6 wrote: summary, metric stream, stdout and stderr. */
  output: string;
  analysis: LoadAnalysis;
  exitCode: number;
  checks: ReturnType<typeof loadChecks>;
}

async function run(
  scenario: ScenarioName,
  env: Record<string, string>,
  target: ReferenceTarget = reference!,
): Promise<Run> {
  const token = await mintToken(target.adminUrl, target.adminSecret, `k6-test-${scenario}`);
  const name = `${scenario}-${target === reference ? 'clean' : target.faults.join('-')}`;
  const summaryFile = join(outDir, `${name}.json`);
  const settings = readLoadSettings({
    EXTO_BASE_URL: target.baseUrl,
    EXTO_LOAD_SCHEMAS_FILE: schemasFile,
    EXTO_LOAD_SUMMARY_FILE: summaryFile,
    ...env,
  });
  const plan = buildPlan(scenario, settings);
  const captured: string[] = [];
  const capture = new Writable({
    write(chunk: Buffer, _encoding, done) {
      captured.push(chunk.toString());
      done();
    },
  });
  const bundle = await bundleScenario(scenario, outDir);
  const metricsFile = join(outDir, `${name}.ndjson`);
  const result = await runK6({
    k6Path: k6Path!,
    bundlePath: bundle.path,
    metricsFile,
    env: { ...loadSettingsEnv(settings), EXTO_TOKENS: token },
    redactor: new Redactor([token]),
    timeoutMs: (plan.maxSeconds + 60) * 1000,
    cwd: outDir,
    stdout: capture,
    stderr: capture,
  });
  const analysis = analyzeLoad(
    plan,
    await readMetricStream(metricsFile),
    readSummaryFile(summaryFile),
    result.exitCode,
  );
  const output = [
    captured.join(''),
    readFileSync(summaryFile, 'utf8'),
    readFileSync(metricsFile, 'utf8'),
  ];
  return {
    token,
    output: output.join('\n'),
    analysis,
    exitCode: result.exitCode,
    checks: loadChecks(analysis, { p95Ms: settings.p95Ms }),
  };
}

test('k6 runs both scenarios', { skip, timeout: 180_000 }, async (t) => {
  // Separate tokens, so the two runs share no limiter window and can run at once.
  const [atLimit, beyond] = await Promise.all([
    run('at-limit', { EXTO_LOAD_DURATION: '6' }),
    run('beyond-limit', { EXTO_LOAD_STAGE_DURATION: '4' }),
  ]);

  await t.test('at-limit gets no 429', () => {
    const phase = atLimit.analysis.phases[0]!;
    assert.equal(phase.rejected, 0);
    assert.ok(phase.accepted >= 15, `${phase.accepted} accepted`);
    assert.equal(atLimit.exitCode, 0);
    assert.equal(atLimit.checks.find((c) => c.id === 'load.at-limit.no-429')?.status, 'passed');
  });

  await t.test('beyond-limit holds the limit', () => {
    for (const phase of beyond.analysis.phases.filter((p) => p.rejections === 'excess')) {
      const accepted = phase.steadyAcceptedPerSecondPerToken;
      assert.ok(accepted !== undefined, `${phase.name} has no steady throughput`);
      assert.ok(Math.abs(accepted - 3) <= 0.3, `${phase.name}: ${accepted}/s accepted`);
      assert.ok(phase.rejected > 0, `${phase.name} got no 429`);
    }
    assert.equal(beyond.analysis.serverErrors, 0);
    assert.equal(
      beyond.checks.find((c) => c.id === 'load.beyond-limit.accepted-throughput')?.status,
      'passed',
    );
  });

  await t.test('outputs never contain the token', () => {
    for (const run of [atLimit, beyond]) {
      assert.ok(run.output.length > 0, 'k6 wrote nothing');
      assert.ok(!run.output.includes(run.token), 'a token reached the output');
    }
  });

  await t.test('schemas checked under load', () => {
    const schema = atLimit.checks.find((c) => c.id === 'load.at-limit.schema');
    assert.equal(schema?.status, 'passed', schema?.message ?? schema?.reason);
    assert.equal(
      beyond.checks.find((c) => c.id === 'load.beyond-limit.error-body')?.status,
      'passed',
    );
  });
});

test('missing limiter fails beyond-limit', { skip, timeout: 120_000 }, async () => {
  const faulty = await startReferenceTarget({ faults: ['no-rate-limit'], workers: 1 });
  try {
    const beyond = await run('beyond-limit', { EXTO_LOAD_STAGE_DURATION: '3' }, faulty);
    const throughput = beyond.checks.find((c) => c.id === 'load.beyond-limit.accepted-throughput');
    assert.equal(throughput?.status, 'failed');
    assert.equal(beyond.exitCode, 99);
  } finally {
    await faulty.close();
  }
});
