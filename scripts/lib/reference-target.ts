/**
 * Starts the embedded reference server for a run and mints its tokens through the admin interface,
 * so `verify` without `--base-url` needs nothing from the operator.
 */
import type { FaultName } from '../../reference/index.ts';

export interface ReferenceTarget {
  baseUrl: string;
  adminUrl: string;
  adminSecret: string;
  faults: FaultName[];
  /** Contract tokens first (one per worker), then the rate-limit suite's own token last. */
  tokens: string[];
  /** Seeded collections only write checks touch, apart from those the read checks count. */
  scratchMaster: string;
  scratchModule: string;
  close(): Promise<void>;
}

export interface ReferenceTargetOptions {
  faults: readonly string[];
  /** Playwright workers: each owns one token, and at least two are minted. */
  workers: number;
  logLevel?: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'silent';
  /** Admin secret to use; a random one when absent. */
  adminSecret?: string;
}

/** Starts the server on a free loopback port and mints `max(2, workers) + 1` tokens. */
export async function startReferenceTarget(
  options: ReferenceTargetOptions,
): Promise<ReferenceTarget> {
  // Loaded on demand: a run against a real deployment never needs the server or its SQLite binding.
  const { startReferenceServer, parseFaults, SCRATCH_COLLECTIONS } =
    await import('../../reference/index.ts');
  const faults = parseFaults(options.faults);
  const server = await startReferenceServer({
    port: 0,
    host: '127.0.0.1',
    faults,
    logLevel: options.logLevel ?? 'silent',
    adminSecret: options.adminSecret,
  });
  try {
    const tokens: string[] = [];
    const contractTokens = Math.max(2, options.workers);
    for (let i = 0; i < contractTokens; i++) {
      tokens.push(
        await mintToken(server.adminUrl, server.adminSecret, `conformance-worker-${i + 1}`),
      );
    }
    tokens.push(await mintToken(server.adminUrl, server.adminSecret, 'conformance-rate-limit'));
    return {
      baseUrl: server.baseUrl,
      adminUrl: server.adminUrl,
      adminSecret: server.adminSecret,
      faults: server.faults,
      tokens,
      scratchMaster: SCRATCH_COLLECTIONS.master,
      scratchModule: SCRATCH_COLLECTIONS.module,
      close: () => server.close(),
    };
  } catch (error) {
    await server.close();
    throw error;
  }
}

/** Mints one token through `POST /_admin/tokens` and returns its value. */
export async function mintToken(
  adminUrl: string,
  adminSecret: string,
  name: string,
  body: Record<string, unknown> = {},
): Promise<string> {
  const response = await adminCall(adminUrl, adminSecret, 'POST', '/tokens', { name, ...body });
  const token = (response as { token?: unknown }).token;
  if (typeof token !== 'string') throw new Error('POST /_admin/tokens returned no token.');
  return token;
}

/** A rejected admin call; `status` is the HTTP status. */
export class AdminCallError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = 'AdminCallError';
  }
}

/** Sends one admin call and returns its JSON body; a non-2xx status is an error naming the call. */
export async function adminCall(
  adminUrl: string,
  adminSecret: string,
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
): Promise<unknown> {
  const response = await fetch(`${adminUrl}${path}`, {
    method,
    headers: { 'X-Admin-Secret': adminSecret, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(10_000),
  });
  const text = await response.text();
  if (response.status === 401 || response.status === 403) {
    throw new AdminCallError(
      `${method} ${new URL(adminUrl).pathname}${path} was rejected with ${response.status}: ` +
        'the admin secret is wrong. Set EXTO_ADMIN_SECRET to the secret the server was started with.',
      response.status,
    );
  }
  if (!response.ok) {
    throw new AdminCallError(
      `${method} ${new URL(adminUrl).pathname}${path} failed with ${response.status}: ` +
        errorDetail(text),
      response.status,
    );
  }
  return text ? JSON.parse(text) : undefined;
}

/** Returns the detail lines of the Data API's error body, `{ error: { detail: [...] } }`, else the text. */
function errorDetail(text: string): string {
  try {
    const detail = (JSON.parse(text) as { error?: { detail?: unknown } }).error?.detail;
    if (Array.isArray(detail) && detail.length > 0) return detail.map(String).join(' ');
  } catch {
    // Not JSON: a proxy page or plain text, shown as it is.
  }
  return text.slice(0, 200) || '(empty body)';
}
