/**
 * The target as the token-lifecycle, rate-limit and key-rotation suites use it: tokens in a
 * known state, unpaced requests with a chosen token, and the server's clock. On the reference
 * server tokens come from its admin interface; on a real deployment from the operator's files.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';

import type { APIRequestContext } from '@playwright/test';

import { errorFormatConformance } from '../../scripts/core/checks.ts';
import { toCurl } from '../../scripts/core/curl.ts';
import { parseHttpDate } from '../../scripts/core/rate-limit/retry-after.ts';
import type { Redactor } from '../../scripts/core/redact.ts';
import type { RunSettings } from '../../scripts/core/run-settings.ts';
import { timedSend, type ProbeSample, type SendOnce } from '../../scripts/lib/probe.ts';
import type { SuiteSecrets } from '../support/settings.ts';

/** A cheap bearer-protected read: build info needs a token and changes nothing. */
export const PROBE_PATH = '/api/v1/build/info';
const CLOCK_PATH = '/api/v1/health/liveness';

export interface MintedToken {
  token: string;
  keyId: string;
  issuedAt: string;
  expiresAt: string;
}

export interface AdminReply {
  status: number;
  json: unknown;
}

export class AuthTarget {
  readonly baseUrl: string;
  private readonly extraSecrets: string[] = [];
  private readonly runId = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
  private minted = 0;

  constructor(
    readonly settings: RunSettings,
    private readonly secrets: SuiteSecrets,
    private readonly context: APIRequestContext,
    private readonly redactor: Redactor,
  ) {
    this.baseUrl = settings.baseUrl.replace(/\/+$/, '');
  }

  /** True when the admin interface of the reference server is available. */
  get canMint(): boolean {
    return !!this.settings.referenceAdminUrl && !!this.secrets.adminSecret;
  }

  async admin(method: 'GET' | 'POST', path: string, body?: unknown): Promise<AdminReply> {
    if (!this.settings.referenceAdminUrl || !this.secrets.adminSecret) {
      throw new Error(
        'The admin interface is unavailable: it exists only on the embedded reference server ' +
          '(run without --base-url), with EXTO_ADMIN_SECRET set.',
      );
    }
    // The admin interface exists only on the embedded reference server, which no gateway fronts,
    // so the operator's extra headers (a gateway's key) are not sent to it.
    const response = await this.context.fetch(`${this.settings.referenceAdminUrl}${path}`, {
      method,
      headers: { 'X-Admin-Secret': this.secrets.adminSecret, 'Content-Type': 'application/json' },
      ...(body !== undefined ? { data: JSON.stringify(body) } : {}),
      failOnStatusCode: false,
      timeout: 10_000,
    });
    const text = await response.text();
    return { status: response.status(), json: text ? (JSON.parse(text) as unknown) : undefined };
  }

  /** Mints a token through the admin interface; the value is added to the redactor's secrets. */
  async mint(body: Record<string, unknown> = {}): Promise<MintedToken> {
    // A tenant per token unless the caller names one: a tenant holds at most 5 live keys, and the
    // run's own tokens already use some of the default tenant's.
    this.minted += 1;
    const tenantId = body.tenantId ?? `conformance-${this.runId}-${this.minted}`;
    const reply = await this.admin('POST', '/tokens', { ...body, tenantId });
    const minted = reply.json as Partial<MintedToken> | undefined;
    if (
      reply.status !== 201 ||
      typeof minted?.token !== 'string' ||
      typeof minted.keyId !== 'string'
    ) {
      throw new Error(
        `POST /_admin/tokens returned ${reply.status}: ${JSON.stringify(this.redactor.json(reply.json))}`,
      );
    }
    this.redact(minted.token);
    return minted as MintedToken;
  }

  async setKeyState(keyId: string, action: 'revoke' | 'disable' | 'enable'): Promise<void> {
    const reply = await this.admin('POST', `/tokens/${encodeURIComponent(keyId)}/${action}`);
    if (reply.status !== 200) {
      throw new Error(`POST /_admin/tokens/${keyId}/${action} returned ${reply.status}.`);
    }
  }

  /**
   * Registers a token that appeared during the run (minted, read from a file) as a secret. The
   * fixtures' redactor cannot learn new values, so messages built here go through `mask`.
   */
  redact(token: string): void {
    this.extraSecrets.push(token);
  }

  /** The redactor plus every token this target minted or read. */
  get mask(): Redactor {
    return this.redactor.with(this.extraSecrets);
  }

  /**
   * Builds a sender for `path` with `Authorization: Bearer <token>`, unpaced, for timed probes.
   * Without a token the request carries no Authorization header at all; `extra` adds headers such
   * as `x-tenant-id` or `X-Forwarded-For`.
   */
  sender(
    token: string | undefined,
    path: string = PROBE_PATH,
    extra: Record<string, string> = {},
  ): SendOnce {
    const url = `${this.baseUrl}${path}`;
    const headers = { ...this.headers(token), ...extra };
    return async () => {
      const response = await this.context.fetch(url, {
        method: 'GET',
        headers,
        failOnStatusCode: false,
        maxRedirects: 0,
        timeout: 15_000,
      });
      const text = await response.text();
      return {
        status: response.status(),
        headers: response.headers(),
        text,
        json: parseJson(text),
      };
    };
  }

  /** Sends one request with `token` and returns the sample. */
  send(
    token: string | undefined,
    path: string = PROBE_PATH,
    extra: Record<string, string> = {},
  ): Promise<ProbeSample> {
    return timedSend(this.sender(token, path, extra));
  }

  /** Builds a curl line for a request with a token, with the token masked. */
  curl(path: string = PROBE_PATH, extra: Record<string, string> = {}, withToken = true): string {
    const headers = { ...this.headers(withToken ? 'TOKEN' : undefined), ...extra };
    return toCurl({ method: 'GET', url: `${this.baseUrl}${path}`, headers }, this.mask);
  }

  /** Problems of an error body against the documented format; empty when it conforms. */
  errorBodyProblems(sample: ProbeSample, path: string = PROBE_PATH): string[] {
    const verdict = errorFormatConformance({
      httpStatus: sample.status,
      requestUrl: `${this.baseUrl}${path}`,
      basePath: new URL(this.baseUrl).pathname,
      body: sample.body,
      ...(sample.headers['content-type'] ? { contentType: sample.headers['content-type'] } : {}),
      ...(sample.text !== undefined ? { text: sample.text } : {}),
      ...(sample.headers.server ? { server: sample.headers.server } : {}),
    });
    return verdict.errors;
  }

  /**
   * Reads the server's clock (epoch milliseconds) from the Date header of an unauthenticated
   * liveness call, so token expiry is judged without the runner's clock skew. Falls back to the
   * runner's clock when the header is missing, and returns which clock it used.
   */
  async serverNow(): Promise<{ nowMs: number; source: 'server Date header' | 'runner clock' }> {
    const response = await this.context.fetch(`${this.baseUrl}${CLOCK_PATH}`, {
      headers: this.headers(undefined),
      failOnStatusCode: false,
      timeout: 15_000,
    });
    const date = response.headers().date;
    const parsed = date ? parseHttpDate(date.trim()) : undefined;
    return parsed !== undefined
      ? { nowMs: parsed, source: 'server Date header' }
      : { nowMs: Date.now(), source: 'runner clock' };
  }

  /** Reads the token on the first non-empty line of an operator's token file. */
  tokenFromFile(path: string, option: string): string {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (error) {
      throw new Error(
        `${option} names ${path}, which cannot be read (${(error as Error).message}). ` +
          'Give the path of a file that holds the token on its first line.',
        { cause: error },
      );
    }
    const token = text
      .split(/\r?\n/)
      .map((line) => line.trim())
      .find((line) => line !== '');
    if (!token)
      throw new Error(
        `${option} names ${path}, which contains no token: put the token on its first line.`,
      );
    this.redact(token);
    return token;
  }

  /**
   * A well-formed HS256 JWT with plausible claims, signed with a random key that no server holds:
   * what a token signed with an old or foreign key looks like. The target must reject it with 401.
   */
  foreignSignedToken(): string {
    const encode = (value: unknown): string =>
      Buffer.from(JSON.stringify(value)).toString('base64url');
    const now = Math.floor(Date.now() / 1000);
    const header = encode({ alg: 'HS256', typ: 'JWT' });
    const payload = encode({
      jti: randomBytes(16).toString('base64url'),
      sub: 'exto-conformance',
      iat: now - 60,
      exp: now + 3_600,
    });
    const signature = createHmac('sha256', randomBytes(32))
      .update(`${header}.${payload}`)
      .digest('base64url');
    const token = `${header}.${payload}.${signature}`;
    this.redact(token);
    return token;
  }

  /** Tokens from EXTO_TOKENS, in order. */
  get configuredTokens(): readonly string[] {
    return this.secrets.tokens;
  }

  /**
   * The operator's extra headers (EXTO_EXTRA_HEADERS, such as a gateway's subscription key) for
   * every request to the target. An Authorization among them is left out, because the checks set
   * or leave out Authorization themselves.
   */
  get extraHeaders(): Record<string, string> {
    return Object.fromEntries(
      Object.entries(this.secrets.extraHeaders).filter(
        ([name]) => name.toLowerCase() !== 'authorization',
      ),
    );
  }

  private headers(token: string | undefined): Record<string, string> {
    const headers: Record<string, string> = { Accept: 'application/json', ...this.extraHeaders };
    if (token !== undefined) headers.Authorization = `Bearer ${token}`;
    return headers;
  }
}

function parseJson(text: string): unknown {
  try {
    return text.trim() === '' ? undefined : (JSON.parse(text) as unknown);
  } catch {
    return undefined;
  }
}

/** Describes a sample for messages without secrets: `HTTP 401`, or the transport error. */
export function describe(sample: ProbeSample): string {
  return sample.error ? `no response (${sample.error})` : `HTTP ${sample.status}`;
}
