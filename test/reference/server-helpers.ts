import { startReferenceServer } from '../../reference/index.ts';
import type { FaultName } from '../../reference/faults.ts';
import type { RunningReferenceServer } from '../../reference/options.ts';

/** A started reference server with one minted token and a small request helper. */
export interface TestServer {
  server: RunningReferenceServer;
  token: string;
  /** Sends a request to `baseUrl + path`, with the token unless `auth` is false. */
  call(path: string, init?: CallInit): Promise<CallResult>;
  close(): Promise<void>;
}

export interface CallInit {
  method?: string;
  body?: unknown;
  /** Sent as is instead of JSON. */
  rawBody?: string | Buffer;
  headers?: Record<string, string>;
  auth?: boolean;
}

export interface CallResult {
  status: number;
  headers: Headers;
  text: string;
  /** The parsed body, or undefined when it is not JSON. */
  json: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/**
 * Starts an in-memory reference server with a rate limit high enough that tests never meet it,
 * and mints one token through the admin interface.
 */
export async function startTestServer(faults: FaultName[] = []): Promise<TestServer> {
  const server = await startReferenceServer({
    faults,
    rateLimit: { perSecond: 100_000, algorithm: 'fixed-window' },
    logLevel: 'silent',
  });
  const minted = await fetch(`${server.adminUrl}/tokens`, {
    method: 'POST',
    headers: { 'X-Admin-Secret': server.adminSecret, 'Content-Type': 'application/json' },
    body: JSON.stringify({ name: 'test' }),
  });
  if (minted.status !== 201) throw new Error(`Minting a token failed with ${minted.status}`);
  const { token } = (await minted.json()) as { token: string };

  async function call(path: string, init: CallInit = {}): Promise<CallResult> {
    const headers: Record<string, string> = { ...init.headers };
    if (init.auth !== false) headers.Authorization = `Bearer ${token}`;
    let body: string | Buffer | undefined = init.rawBody;
    if (init.body !== undefined) {
      body = JSON.stringify(init.body);
      headers['Content-Type'] ??= 'application/json';
    }
    const response = await fetch(`${server.baseUrl}${path}`, {
      method: init.method ?? 'GET',
      headers,
      ...(body === undefined ? {} : { body }),
    });
    const text = await response.text();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: response.status, headers: response.headers, text, json };
  }
  return { server, token, call, close: () => server.close() };
}

export const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
