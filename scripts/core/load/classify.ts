/**
 * Classification of one response under load, shared by the k6 iteration (which feeds the custom
 * metrics) and the Node-side analysis (which reads statuses back from k6's metric stream).
 * Runtime-neutral.
 */

/**
 * `accepted` 2xx, `rejected` 429, `server-error` 5xx, `client-error` any other 4xx (and 1xx or 3xx,
 * which the Data API never documents), `network-error` status 0 (k6's value when no response came).
 */
export type ResponseOutcome =
  'accepted' | 'rejected' | 'server-error' | 'client-error' | 'network-error';

export function classifyStatus(status: number): ResponseOutcome {
  if (status === 0) return 'network-error';
  if (status === 429) return 'rejected';
  if (status >= 200 && status < 300) return 'accepted';
  if (status >= 500) return 'server-error';
  return 'client-error';
}

export interface ErrorBodyVerdict {
  ok: boolean;
  /** The first rule the body breaks, for the report. */
  problem?: string;
}

/**
 * Checks the Exto error body on a 4xx or 5xx: integer `code` equal to the status, string
 * `timestamp` in UTC with milliseconds, string `path`, string `error.summary` and `error.detail`
 * as an array of strings.
 */
export function checkErrorBody(status: number, body: unknown): ErrorBodyVerdict {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    return { ok: false, problem: 'body is not a JSON object' };
  }
  const record = body as Record<string, unknown>;
  if (record.code !== status) {
    return { ok: false, problem: `code is ${JSON.stringify(record.code)}, not ${status}` };
  }
  if (
    typeof record.timestamp !== 'string' ||
    !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(record.timestamp)
  ) {
    return { ok: false, problem: 'timestamp is not a UTC date-time with milliseconds' };
  }
  if (typeof record.path !== 'string') return { ok: false, problem: 'path is not a string' };
  const error = record.error as Record<string, unknown> | undefined;
  if (!error || typeof error !== 'object' || typeof error.summary !== 'string') {
    return { ok: false, problem: 'error.summary is not a string' };
  }
  if (!Array.isArray(error.detail) || !error.detail.every((item) => typeof item === 'string')) {
    return { ok: false, problem: 'error.detail is not an array of strings' };
  }
  return { ok: true };
}

/** Parses a JSON body, returning undefined for an empty or malformed body instead of throwing. */
export function parseJsonBody(body: string | null | undefined): unknown {
  if (body === null || body === undefined || body.trim() === '') return undefined;
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return undefined;
  }
}
