/**
 * Named checks shared by the Playwright suites and the k6 scenarios (no Node built-ins). Each
 * returns a small verdict that the caller turns into a CheckResult.
 */
import { essenceOf } from './spec/status.ts';
import type { ResponseVerdict } from './spec/types.ts';

export interface CheckVerdict {
  ok: boolean;
  /** The target's response, summarised in one line. */
  received: string;
  /** The documented behaviour from the spec or contract, in one line. */
  documented: string;
  /** One located sentence per problem; empty when `ok`. */
  errors: string[];
  /** False when the check could not apply (for example no documented status to compare with). */
  applicable: boolean;
}

/** The error body timestamp of the Exto contract: UTC with milliseconds, for example 2025-02-27T02:22:42.856Z. */
export const ERROR_TIMESTAMP_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

function list(values: readonly string[]): string {
  return values.length === 0 ? '(none)' : values.join(', ');
}

/** The status must be documented for the operation, directly, by a range such as 4XX, or by default. */
export function statusCodeConformance(verdict: ResponseVerdict, httpStatus: number): CheckVerdict {
  const ok = verdict.statusDocumented;
  return {
    ok,
    received: `HTTP ${httpStatus}`,
    documented: `statuses ${list(verdict.documentedStatuses)}`,
    errors: ok ? [] : [`Status ${httpStatus} is not documented for this operation`],
    applicable: true,
  };
}

/** The Content-Type must match a documented media type of the matched response (type/subtype). */
export function contentTypeConformance(
  verdict: ResponseVerdict,
  contentType: string | undefined,
): CheckVerdict {
  const received = contentType === undefined ? 'no Content-Type' : `Content-Type ${contentType}`;
  const documented = `media types ${list(verdict.documentedContentTypes)}`;
  if (!verdict.statusDocumented)
    return { ok: true, received, documented, errors: [], applicable: false };
  const ok = verdict.contentTypeDocumented;
  const status = verdict.matchedStatusKey ?? '';
  const errors = ok
    ? []
    : verdict.documentedContentTypes.length === 0
      ? [`Response ${status} documents no body, but the response has one`]
      : [`Media type ${essenceOf(contentType) ?? '(none)'} is not documented for ${status}`];
  return { ok, received, documented, errors, applicable: true };
}

/** The body must conform to the schema of the matched response and media type. */
export function responseSchemaConformance(verdict: ResponseVerdict): CheckVerdict {
  const documented = `schema of response ${verdict.matchedStatusKey ?? '(none)'}`;
  const count = verdict.schemaErrorCount ?? verdict.schemaErrors.length;
  const received = count === 0 ? 'a conforming body' : `${count} schema error(s)`;
  if (!verdict.statusDocumented || !verdict.contentTypeDocumented)
    return { ok: true, received: 'not validated', documented, errors: [], applicable: false };
  const errors = verdict.schemaErrors.map((error) => error.message);
  if (count > errors.length) errors.push(`and ${count - errors.length} more error(s)`);
  return { ok: count === 0, received, documented, errors, applicable: true };
}

/** Recognises an HTML page (a proxy's or gateway's error page) where JSON was expected. */
export function isHtmlBody(contentType: string | undefined, text: string): boolean {
  const essence = essenceOf(contentType);
  if (essence === 'text/html' || essence === 'application/xhtml+xml') return true;
  return /^\s*(<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>])/i.test(text);
}

export interface ErrorResponse {
  httpStatus: number;
  /** The request URL or path; the host, the base path and the query are removed before comparing. */
  requestUrl: string;
  contentType?: string;
  /** Raw body text, to recognise an HTML page. */
  text?: string;
  /** Parsed JSON body, `undefined` when the body was empty or not JSON. */
  body: unknown;
  /** Server header, reported for a body that came from an intermediary. */
  server?: string;
  /** Path of the base URL that the error body's `path` omits (default `/data`). */
  basePath?: string;
}

/** Path the error body should name: no scheme and host, no query, no base path. */
export function expectedErrorPath(requestUrl: string, basePath = '/data'): string {
  let path = requestUrl.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i, '');
  path = path.replace(/[?#].*$/, '');
  const base = basePath.replace(/\/+$/, '');
  if (base !== '' && (path === base || path.startsWith(`${base}/`))) path = path.slice(base.length);
  return path === '' ? '/' : path;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * The Exto error body: `code` equals the HTTP status, `timestamp` is UTC with milliseconds, `path`
 * is the request path without the base path and query, `error.summary` is a string and
 * `error.detail` an array of strings.
 */
export function errorFormatConformance(response: ErrorResponse): CheckVerdict {
  const path = expectedErrorPath(response.requestUrl, response.basePath);
  const documented = `{code: ${response.httpStatus}, timestamp: UTC with milliseconds, path: "${path}", error: {summary: string, detail: string[]}}`;
  if (response.text !== undefined && isHtmlBody(response.contentType, response.text)) {
    const from = `HTTP ${response.httpStatus}, ${response.contentType ?? 'no Content-Type'}, server ${response.server ?? 'unknown'}`;
    return {
      ok: false,
      received: `an HTML page (${from})`,
      documented,
      errors: [`Non-JSON error body from an intermediary (${from})`],
      applicable: true,
    };
  }
  const body = response.body;
  if (!isObject(body)) {
    const received = body === undefined ? 'an empty or non-JSON body' : `JSON ${typeof body}`;
    return {
      ok: false,
      received,
      documented,
      errors: ['Error body must be a JSON object'],
      applicable: true,
    };
  }
  const errors: string[] = [];
  if (body.code !== response.httpStatus)
    errors.push(
      `Error body property \`code\` must equal the HTTP status ${response.httpStatus} (received ${JSON.stringify(body.code)})`,
    );
  if (typeof body.timestamp !== 'string' || !ERROR_TIMESTAMP_PATTERN.test(body.timestamp))
    errors.push(
      `Error body property \`timestamp\` must match ${ERROR_TIMESTAMP_PATTERN.source} (received ${JSON.stringify(body.timestamp)})`,
    );
  if (body.path !== path)
    errors.push(
      `Error body property \`path\` must equal "${path}" (received ${JSON.stringify(body.path)})`,
    );
  const error = body.error;
  if (!isObject(error)) {
    errors.push('Error body property `error` must be an object with summary and detail');
  } else {
    if (typeof error.summary !== 'string')
      errors.push('Error body property `error.summary` must be string');
    if (!Array.isArray(error.detail) || !error.detail.every((item) => typeof item === 'string'))
      errors.push('Error body property `error.detail` must be an array of strings');
  }
  const received =
    errors.length === 0 ? 'a conforming error body' : `${errors.length} deviation(s)`;
  return { ok: errors.length === 0, received, documented, errors, applicable: true };
}
