/**
 * The runtime-neutral cores that k6 scenarios import (scripts/core/rate-limit and
 * scripts/core/tokens) must run without Node. Each is bundled with esbuild as k6 gets it (platform
 * neutral, ESM) and run in a bare `node:vm` context. When the local k6 build exists, a tiny k6
 * script imports both bundles too.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { createContext, runInContext } from 'node:vm';

import { build, transform } from 'esbuild';

import { findK6, k6MissingMessage } from '../../scripts/lib/k6/find.ts';
import { ROOT } from '../suites/run-playwright.ts';

// The same lookup as `exto-conformance load`: K6_BIN first, then PATH.
const K6 = findK6();
const outDir = mkdtempSync(join(tmpdir(), 'exto-k6-core-'));
after(() => rmSync(outDir, { recursive: true, force: true }));

const ENTRIES = {
  'rate-limit': join(ROOT, 'scripts', 'core', 'rate-limit', 'index.ts'),
  tokens: join(ROOT, 'scripts', 'core', 'tokens.ts'),
} as const;

/** A JWT whose payload contains a non-ASCII claim, to exercise the hand-written UTF-8 decoder. */
const encode = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
const JWT = `${encode({ alg: 'HS256' })}.${encode({ name: 'Jürgen', iat: 1, exp: 2 })}.c2ln`;

interface Bundle {
  code: string;
  imports: string[];
}

async function bundle(entry: string): Promise<Bundle> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    target: 'es2020',
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const imports = Object.values(result.metafile.outputs).flatMap((out) =>
    out.imports.map((i) => i.path),
  );
  return { code: result.outputFiles[0]!.text, imports };
}

const bundles = Promise.all(
  Object.entries(ENTRIES).map(async ([name, entry]) => [name, await bundle(entry)] as const),
).then((entries) => Object.fromEntries(entries) as Record<keyof typeof ENTRIES, Bundle>);

/**
 * Evaluates an ESM bundle in a context that has the language's built-ins only: no process,
 * Buffer, require, timers, TextDecoder or atob. The exports land on the context as `core`.
 */
async function bareContext(code: string): Promise<object> {
  const script = await transform(code, { format: 'iife', globalName: 'core', target: 'es2020' });
  const context = createContext({});
  runInContext(script.code, context, { timeout: 5_000 });
  return context;
}

function run(context: object, expression: string): unknown {
  return JSON.parse(runInContext(`JSON.stringify(${expression})`, context) as string);
}

test('bundles import nothing', async () => {
  const { 'rate-limit': rateLimit, tokens } = await bundles;
  assert.deepEqual([...rateLimit.imports, ...tokens.imports], []);
});

test('vm context has no Node globals', async () => {
  const context = await bareContext((await bundles).tokens.code);
  const kinds = run(
    context,
    '[typeof process, typeof Buffer, typeof require, typeof TextDecoder, typeof atob]',
  );
  assert.deepEqual(kinds, ['undefined', 'undefined', 'undefined', 'undefined', 'undefined']);
});

test('rate-limit core runs bare', async () => {
  const context = await bareContext((await bundles)['rate-limit'].code);
  const burst = JSON.stringify(
    Array.from({ length: 10 }, (_, i) => ({ tMs: i * 20, status: i < 3 ? 200 : 429 })),
  );
  const verdict = run(
    context,
    `core.judgeFirstRejection(${burst}, { limit: 3, windowMs: 1000 }).observed`,
  );
  assert.equal(verdict, 3);
});

test('Retry-After dates parse bare', async () => {
  const context = await bareContext((await bundles)['rate-limit'].code);
  const seconds = run(
    context,
    `core.parseRetryAfter('Wed, 21 Oct 2015 07:28:00 GMT', 'Wed, 21 Oct 2015 07:27:59 GMT').seconds`,
  );
  assert.equal(seconds, 1);
});

test('token core decodes bare', async () => {
  const context = await bareContext((await bundles).tokens.code);
  assert.equal(run(context, `core.decodeJwtClaims(${JSON.stringify(JWT)}).name`), 'Jürgen');
});

test('challenge judge runs bare', async () => {
  const context = await bareContext((await bundles).tokens.code);
  const ok = run(
    context,
    `core.judgeBearerChallenge('Bearer error="invalid_token"', 'invalid-token').ok`,
  );
  assert.equal(ok, true);
});

/** Writes the bundles and a k6 script whose checks must all pass, and runs it once. */
async function runK6(
  expectation: 'pass' | 'fail',
): Promise<{ status: number | null; output: string }> {
  const { 'rate-limit': rateLimit, tokens } = await bundles;
  writeFileSync(join(outDir, 'rate-limit.js'), rateLimit.code);
  writeFileSync(join(outDir, 'tokens.js'), tokens.code);
  const script = join(outDir, `${expectation}.js`);
  writeFileSync(
    script,
    `import { check } from 'k6';
import { judgeFirstRejection, judgeForwardedForSpoof } from './rate-limit.js';
import { decodeJwtClaims, judgeBearerChallenge } from './tokens.js';

export const options = { vus: 1, iterations: 1, thresholds: { checks: ['rate==1'] } };

export default function () {
  const burst = Array.from({ length: 10 }, (_, i) => ({ tMs: i * 20, status: i < 3 ? 200 : 429 }));
  const policy = { limit: 3, windowMs: 1000 };
  check(null, {
    'first 429 at #4': () => judgeFirstRejection(burst, policy).observed === 3,
    'spoof held': () => judgeForwardedForSpoof(burst, policy).outcome === 'held',
    'claims decode': () => decodeJwtClaims(${JSON.stringify(JWT)}).name === 'Jürgen',
    'challenge judged': () => judgeBearerChallenge('Bearer', 'invalid-token').ok === ${expectation === 'fail'},
  });
}
`,
  );
  const result = spawnSync(K6!, ['run', '--quiet', '--no-usage-report', script], {
    cwd: outDir,
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, K6_NO_USAGE_REPORT: 'true' },
  });
  return { status: result.status, output: `${result.stdout}\n${result.stderr}`.slice(-3000) };
}

const noK6 = K6 ? false : k6MissingMessage();

test('k6 imports the bundles', { skip: noK6 }, async () => {
  const { status, output } = await runK6('pass');
  assert.equal(status, 0, output);
});

test('k6 fails a false check', { skip: noK6 }, async () => {
  // 99: k6's exit code for a crossed threshold, so the passing run above is not vacuous.
  const { status, output } = await runK6('fail');
  assert.equal(status, 99, output);
});
