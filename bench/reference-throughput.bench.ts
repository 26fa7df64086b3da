/**
 * Requests per second of the reference server for two operations: the readiness probe, and a
 * 100-row master-record page (`GET /api/v1/master-record/LOCATION?page=N&pageSize=100`, pages
 * 1 to 12 in turn). Targets: 8,000 per second for readiness and 1,500 for the page.
 *
 * Run: node --import tsx bench/reference-throughput.bench.ts [--seconds N] [--connections N]
 *
 * The server runs in a child process (reference/main.ts, in-memory database) so that autocannon,
 * in this process, does not share its event loop. It starts with a rate limit of 10,000,000
 * requests per second per token, so the one minted token never meets the limiter while every
 * request still goes through authentication and the limiter's counting. Each measurement is
 * bounded by time (default 8 s, after a 1 s warm-up) and the child is killed at the end.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';

const TARGET_READINESS = 8000;
const TARGET_PAGE = 1500;
const BENCH_RATE_LIMIT = 10_000_000;

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '8' },
    connections: { type: 'string', default: '32' },
  },
});
const seconds = Number(values.seconds);
const connections = Number(values.connections);
if (!(seconds > 0 && seconds <= 60))
  throw new Error(`--seconds must be between 1 and 60; received ${values.seconds}`);
if (!(connections > 0 && connections <= 512))
  throw new Error(`--connections must be between 1 and 512; received ${values.connections}`);

const dir = mkdtempSync(join(tmpdir(), 'exto-bench-'));
const secretFile = join(dir, 'admin-secret');
const main = new URL('../reference/main.ts', import.meta.url).pathname;
const child = spawn(
  process.execPath,
  [
    '--import',
    'tsx',
    main,
    '--port',
    '0',
    '--rate-limit',
    String(BENCH_RATE_LIMIT),
    '--admin-secret-file',
    secretFile,
    '--log-level',
    'warn',
  ],
  { stdio: ['ignore', 'pipe', 'inherit'] },
);

async function run(
  title: string,
  url: string,
  headers: Record<string, string>,
  paths?: string[],
): Promise<number> {
  const options = {
    url,
    headers,
    connections,
    ...(paths ? { requests: paths.map((path) => ({ method: 'GET' as const, path })) } : {}),
  };
  await autocannon({ ...options, duration: 1 });
  const result = await autocannon({ ...options, duration: seconds });
  const non2xx = result.non2xx + result.errors + result.timeouts;
  if (non2xx > 0)
    console.log(`${title}: ${non2xx} responses were not 2xx (errors or timeouts included)`);
  return result.requests.average;
}

try {
  const baseUrl = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (line.startsWith('listening ')) resolve(line.slice('listening '.length));
    });
    child.once('exit', (code) =>
      reject(new Error(`reference/main.ts exited with ${code} before listening`)),
    );
  });
  const origin = baseUrl.replace(/\/data$/, '');
  const minted = await fetch(`${origin}/_admin/tokens`, {
    method: 'POST',
    headers: {
      'X-Admin-Secret': readFileSync(secretFile, 'utf8'),
      'Content-Type': 'application/json',
    },
    body: JSON.stringify({ name: 'bench' }),
  });
  const { token } = (await minted.json()) as { token: string };

  const readiness = await run('readiness', `${baseUrl}/api/v1/health/readiness`, {});
  const pagePaths = Array.from(
    { length: 12 },
    (_, i) => `/data/api/v1/master-record/LOCATION?page=${i + 1}&pageSize=100`,
  );
  const page = await run('page', origin, { Authorization: `Bearer ${token}` }, pagePaths);

  console.log(
    `machine: ${process.platform} ${process.arch}, ${connections} connections, ${seconds} s per figure`,
  );
  console.log(
    `readiness: ${Math.round(readiness)} requests/s (${(readiness / TARGET_READINESS).toFixed(2)} x target ${TARGET_READINESS})`,
  );
  console.log(
    `100-row master page: ${Math.round(page)} requests/s (${(page / TARGET_PAGE).toFixed(2)} x target ${TARGET_PAGE})`,
  );
} finally {
  child.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
}
