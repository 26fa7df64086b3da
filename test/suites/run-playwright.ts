/**
 * Runs the Playwright suites against a fresh reference server, the way the CLI does: it mints
 * tokens through the admin interface, writes run-settings.json, passes the secrets in the
 * environment and reads every `exto-check` attachment back from Playwright's JSON report.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { startReferenceServer, type FaultName } from '../../reference/index.ts';
import type { RateLimitOptions } from '../../reference/options.ts';
import {
  ENV_ADMIN_SECRET,
  ENV_RUN_SETTINGS,
  ENV_TOKENS,
  type RunSettings,
} from '../../scripts/core/run-settings.ts';
import { CHECK_ATTACHMENT, DATA_ATTACHMENT, type CheckResult } from '../../scripts/core/types.ts';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const PROJECT_SPEC = join(ROOT, 'schemas', 'exto-data-api.openapi.yaml');
const PLAYWRIGHT_CLI = join(ROOT, 'node_modules', '@playwright', 'test', 'cli.js');

export interface PlaywrightRunOptions {
  faults?: FaultName[];
  /** Tokens to mint, one per worker (1 to 5). */
  tokens?: number;
  specPath?: string;
  projects?: string[];
  /** Passed to `--grep`. */
  grep?: string;
  settings?: Partial<RunSettings>;
  /** Upper bound for the whole Playwright run; it is killed after this. */
  timeoutMs?: number;
  /** The reference server's limiter (algorithm and limit); the server's default when absent. */
  rateLimit?: RateLimitOptions;
  /** Runs only the named projects, without the projects they depend on (`--no-deps`). */
  noDeps?: boolean;
}

export interface TestOutcome {
  title: string;
  status: string;
  error?: string;
}

export interface PlaywrightRun {
  exitCode: number | null;
  checks: CheckResult[];
  tests: TestOutcome[];
  /** Requests the reference server counted during the run, from its admin statistics. */
  serverRequests: number;
  /** Data API responses by status during the run. */
  byStatus: Record<string, number>;
  /** From spawning Playwright to its exit. */
  wallMs: number;
  /** From the first to the last request the suites sent, from the request attachments. */
  activeMs: number;
  stdout: string;
  stderr: string;
  outDir: string;
}

interface AdminStats {
  requests: number;
  byStatus: Record<string, number>;
}

export async function runPlaywright(options: PlaywrightRunOptions = {}): Promise<PlaywrightRun> {
  const tokenCount = options.tokens ?? 1;
  const server = await startReferenceServer({
    faults: options.faults ?? [],
    logLevel: 'silent',
    ...(options.rateLimit ? { rateLimit: options.rateLimit } : {}),
  });
  try {
    const admin = async (method: string, path: string, body?: unknown): Promise<unknown> => {
      const response = await fetch(`${server.adminUrl}${path}`, {
        method,
        headers: { 'X-Admin-Secret': server.adminSecret, 'Content-Type': 'application/json' },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
      if (!response.ok)
        throw new Error(`Admin call ${method} ${path} failed with ${response.status}.`);
      return response.json();
    };
    const tokens: string[] = [];
    for (let i = 0; i < tokenCount; i++) {
      const minted = (await admin('POST', '/tokens', { name: `suite-test-${i}` })) as {
        token: string;
      };
      tokens.push(minted.token);
    }

    const outDir = mkdtempSync(join(tmpdir(), 'exto-suites-'));
    const settings: RunSettings = {
      baseUrl: server.baseUrl,
      specPath: options.specPath ?? PROJECT_SPEC,
      outDir,
      rateLimitPerSecond: 3,
      pacingPerSecond: 2.8,
      tokenCount,
      allowWrites: false,
      allowDestructive: false,
      extraHeaderNames: [],
      revocationBoundSeconds: 5,
      referenceAdminUrl: server.adminUrl,
      referenceFaults: options.faults ?? [],
      ...options.settings,
    };
    const settingsPath = join(outDir, 'run-settings.json');
    writeFileSync(settingsPath, JSON.stringify(settings, null, 2));
    const jsonReport = join(outDir, 'playwright.json');

    const before = (await admin('GET', '/stats')) as AdminStats;
    // Playwright's cli.js straight from node, as the CLI starts it: npx adds about 0.2 s.
    const args = [
      PLAYWRIGHT_CLI,
      'test',
      ...(options.projects ?? ['contract']).flatMap((p) => ['--project', p]),
    ];
    if (options.grep) args.push('--grep', options.grep);
    if (options.noDeps) args.push('--no-deps');
    const started = performance.now();
    const result = await spawnBounded(
      process.execPath,
      args,
      {
        ...process.env,
        [ENV_RUN_SETTINGS]: settingsPath,
        [ENV_TOKENS]: tokens.join('\n'),
        [ENV_ADMIN_SECRET]: server.adminSecret,
        EXTO_PLAYWRIGHT_JSON: jsonReport,
        FORCE_COLOR: '0',
      },
      options.timeoutMs ?? 10 * 60_000,
    );
    const wallMs = performance.now() - started;
    const after = (await admin('GET', '/stats')) as AdminStats;

    const report = readJsonReport(jsonReport);
    return {
      exitCode: result.code,
      checks: report.checks,
      tests: report.tests,
      serverRequests: after.requests - before.requests,
      byStatus: diffCounts(after.byStatus, before.byStatus),
      wallMs,
      activeMs: report.activeMs,
      stdout: result.stdout,
      stderr: result.stderr,
      outDir,
    };
  } finally {
    await server.close();
  }
}

function spawnBounded(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  timeoutMs: number,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGTERM'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolvePromise({ code, stdout, stderr });
    });
  });
}

interface JsonAttachment {
  name: string;
  contentType: string;
  body?: string;
}

interface JsonSuite {
  title: string;
  suites?: JsonSuite[];
  specs?: {
    title: string;
    tests: {
      results: { status: string; attachments: JsonAttachment[]; errors?: { message?: string }[] }[];
    }[];
  }[];
}

function readJsonReport(path: string): {
  checks: CheckResult[];
  tests: TestOutcome[];
  activeMs: number;
} {
  const report = JSON.parse(readFileSync(path, 'utf8')) as { suites: JsonSuite[] };
  const checks: CheckResult[] = [];
  const tests: TestOutcome[] = [];
  let first = Infinity;
  let last = -Infinity;
  const visit = (suite: JsonSuite): void => {
    for (const spec of suite.specs ?? []) {
      for (const test of spec.tests) {
        for (const result of test.results) {
          const error = result.errors?.map((e) => e.message ?? '').join('\n');
          tests.push({ title: spec.title, status: result.status, ...(error ? { error } : {}) });
          for (const attachment of result.attachments) {
            if (!attachment.body) continue;
            const text = Buffer.from(attachment.body, 'base64').toString('utf8');
            if (attachment.name === CHECK_ATTACHMENT) checks.push(JSON.parse(text) as CheckResult);
            if (attachment.name === DATA_ATTACHMENT) {
              const data = JSON.parse(text) as {
                kind: string;
                firstSentAt?: number;
                lastSentAt?: number;
              };
              if (
                data.kind === 'requests' &&
                data.firstSentAt !== undefined &&
                data.lastSentAt !== undefined
              ) {
                first = Math.min(first, data.firstSentAt);
                last = Math.max(last, data.lastSentAt);
              }
            }
          }
        }
      }
    }
    for (const child of suite.suites ?? []) visit(child);
  };
  for (const suite of report.suites) visit(suite);
  return { checks, tests, activeMs: Number.isFinite(first) ? last - first : 0 };
}

function diffCounts(
  after: Record<string, number>,
  before: Record<string, number>,
): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [key, value] of Object.entries(after)) {
    const delta = value - (before[key] ?? 0);
    if (delta !== 0) out[key] = delta;
  }
  return out;
}

/** Checks with one of `statuses`, for assertions and failure messages. */
export function checksWith(
  run: PlaywrightRun,
  ...statuses: CheckResult['status'][]
): CheckResult[] {
  return run.checks.filter((check) => statuses.includes(check.status));
}

export function resolveShared(...parts: string[]): string {
  return resolve(ROOT, '..', 'shared', ...parts);
}
