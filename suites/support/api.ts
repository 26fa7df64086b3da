/**
 * A thin client over Playwright's APIRequestContext: it paces every request, sets or withholds the
 * Authorization header, parses bodies without throwing, and keeps a masked curl line per request.
 */
import type { APIRequestContext } from '@playwright/test';

import { toCurl } from '../../scripts/core/curl.ts';
import type { Redactor } from '../../scripts/core/redact.ts';
import type { Pacer } from './pacer.ts';

export type QueryValue = string | number | boolean | undefined;

/**
 * How the request authenticates: `token` sends `Bearer <worker token>`, `none` sends no
 * Authorization header, and `{ header }` sends exactly that value (for malformed-header checks).
 */
export type AuthMode = 'token' | 'none' | { header: string };

export interface ApiRequest {
  method?: string;
  /** Path below the base URL, such as `/api/v1/health/liveness`. */
  path: string;
  query?: Record<string, QueryValue>;
  headers?: Record<string, string>;
  body?: unknown;
  auth?: AuthMode;
}

export interface ApiResponse {
  method: string;
  url: string;
  /** Request path below the base URL, without the query string. */
  path: string;
  status: number;
  headers: Record<string, string>;
  /** Media type without parameters, in lower case; empty when the header is missing. */
  mediaType: string;
  text: string;
  /** Parsed body when it is JSON; undefined otherwise (see `jsonError`). */
  json: unknown;
  jsonError?: string;
  /** Epoch milliseconds (high resolution) when the request left, and its duration. */
  sentAt: number;
  durationMs: number;
  curl: string;
  /** Set when the target responded 429 first and the client retried after Retry-After. */
  throttled?: { retryAfter: string | null; waitedMs: number };
}

export interface ThrottleEvent {
  method: string;
  path: string;
  retryAfter: string | null;
  waitedMs: number;
  curl: string;
}

export interface ApiClientOptions {
  context: APIRequestContext;
  baseUrl: string;
  pacer: Pacer;
  redactor: Redactor;
  token?: string;
  /** Headers every request carries, such as an API gateway's subscription key. */
  extraHeaders?: Record<string, string>;
  /** Called when a 429 was waited out and retried; the fixture records a pacing finding. */
  onThrottled?: (event: ThrottleEvent) => Promise<void>;
  /** Called with every response, for example to collect list latencies across a worker's tests. */
  onResponse?: (response: ApiResponse) => void;
  /** The rate-limit suite turns this off because it wants to see every 429. */
  retryThrottled?: boolean;
  timeoutMs?: number;
}

/** Longest Retry-After the client honours; a longer one means the budget is gone for this run. */
const MAX_RETRY_AFTER_MS = 10_000;

export class ApiClient {
  private sentCount = 0;
  private firstSentAt: number | undefined;
  private lastSentAt: number | undefined;

  constructor(private readonly options: ApiClientOptions) {}

  get baseUrl(): string {
    return this.options.baseUrl;
  }

  get(path: string, query?: Record<string, QueryValue>, auth?: AuthMode): Promise<ApiResponse> {
    return this.send({
      method: 'GET',
      path,
      ...(query ? { query } : {}),
      ...(auth ? { auth } : {}),
    });
  }

  async send(request: ApiRequest): Promise<ApiResponse> {
    const first = await this.sendOnce(request);
    if (first.status !== 429 || this.options.retryThrottled === false) return first;

    const waitMs = retryAfterMs(first.headers['retry-after']);
    this.options.pacer.delayUntil(performance.now() + waitMs);
    const retried = await this.sendOnce(request);
    retried.throttled = { retryAfter: first.headers['retry-after'] ?? null, waitedMs: waitMs };
    await this.options.onThrottled?.({
      method: first.method,
      path: first.path,
      retryAfter: retried.throttled.retryAfter,
      waitedMs: waitMs,
      curl: first.curl,
    });
    return retried;
  }

  /** Requests sent through this client, for efficiency figures. */
  stats(): { sent: number; firstSentAt?: number; lastSentAt?: number } {
    return {
      sent: this.sentCount,
      ...(this.firstSentAt !== undefined ? { firstSentAt: this.firstSentAt } : {}),
      ...(this.lastSentAt !== undefined ? { lastSentAt: this.lastSentAt } : {}),
    };
  }

  private async sendOnce(request: ApiRequest): Promise<ApiResponse> {
    const method = (request.method ?? 'GET').toUpperCase();
    const url = buildUrl(this.options.baseUrl, request.path, request.query);
    const headers = this.headersFor(request);
    const data = request.body === undefined ? undefined : JSON.stringify(request.body);
    if (data !== undefined && !hasHeader(headers, 'content-type')) {
      headers['Content-Type'] = 'application/json';
    }
    const curl = toCurl(
      { method, url, headers, ...(request.body !== undefined ? { body: request.body } : {}) },
      this.options.redactor,
    );

    await this.options.pacer.acquire();
    const sentAt = performance.timeOrigin + performance.now();
    this.sentCount += 1;
    this.firstSentAt ??= sentAt;
    this.lastSentAt = sentAt;
    const response = await this.options.context.fetch(url, {
      method,
      headers,
      ...(data !== undefined ? { data } : {}),
      failOnStatusCode: false,
      maxRedirects: 0,
      timeout: this.options.timeoutMs ?? 30_000,
    });
    const durationMs = performance.timeOrigin + performance.now() - sentAt;
    const text = await response.text();
    const responseHeaders = response.headers();
    const mediaType = mediaTypeOf(responseHeaders['content-type']);
    const parsed = parseJson(text);
    const result: ApiResponse = {
      method,
      url,
      path: request.path,
      status: response.status(),
      headers: responseHeaders,
      mediaType,
      text,
      json: parsed.value,
      ...(parsed.error ? { jsonError: parsed.error } : {}),
      sentAt,
      durationMs,
      curl,
    };
    this.options.onResponse?.(result);
    return result;
  }

  private headersFor(request: ApiRequest): Record<string, string> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    for (const [name, value] of Object.entries(this.options.extraHeaders ?? {})) {
      // An extra header never carries credentials for negative-auth requests.
      if (name.toLowerCase() !== 'authorization') headers[name] = value;
    }
    Object.assign(headers, request.headers ?? {});
    const auth = request.auth ?? 'token';
    for (const name of Object.keys(headers)) {
      if (name.toLowerCase() === 'authorization') delete headers[name];
    }
    if (auth === 'token') {
      if (!this.options.token) {
        throw new Error(
          'This client has no token: use the api fixture for authenticated requests, or set EXTO_TOKENS.',
        );
      }
      headers.Authorization = `Bearer ${this.options.token}`;
    } else if (auth !== 'none') {
      headers.Authorization = auth.header;
    }
    return headers;
  }
}

/** Joins base URL, path and query; URLSearchParams percent-encodes `:` and `|` in filters. */
export function buildUrl(
  baseUrl: string,
  path: string,
  query?: Record<string, QueryValue>,
): string {
  const url = `${baseUrl.replace(/\/+$/, '')}${path.startsWith('/') ? path : `/${path}`}`;
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query ?? {})) {
    if (value !== undefined) params.append(name, String(value));
  }
  const search = params.toString();
  return search ? `${url}?${search}` : url;
}

/** `application/json; charset=utf-8` and `Application/JSON` are both `application/json`. */
export function mediaTypeOf(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0]!.trim().toLowerCase();
}

/** Reads Retry-After as seconds or an HTTP date; one second when missing or unreadable. */
export function retryAfterMs(value: string | undefined, now: number = Date.now()): number {
  if (value === undefined || value.trim() === '') return 1000;
  const seconds = Number(value);
  const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(value) - now;
  if (!Number.isFinite(ms)) return 1000;
  return Math.min(Math.max(ms, 0), MAX_RETRY_AFTER_MS);
}

function parseJson(text: string): { value: unknown; error?: string } {
  if (text.trim() === '') return { value: undefined, error: 'empty body' };
  try {
    return { value: JSON.parse(text) };
  } catch (error) {
    return { value: undefined, error: (error as Error).message };
  }
}

function hasHeader(headers: Record<string, string>, name: string): boolean {
  return Object.keys(headers).some((key) => key.toLowerCase() === name);
}
