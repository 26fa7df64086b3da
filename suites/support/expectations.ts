/**
 * Rules of the documented contract that hold for every operation, written as functions that return
 * the deviations they find (an empty list means the response conforms).
 */
import type { ApiResponse } from './api.ts';

/** UTC date-time with milliseconds, the only form the API documents. */
export const UTC_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
export const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
/** Anything that looks like an ISO date-time, with or without a zone, to find the wrong ones. */
const DATE_TIME_LIKE = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/;

/**
 * Checks the error body `{code, timestamp, path, error: {summary, detail[]}}`. `path` must equal the
 * request path below the base URL; a query string in it is tolerated because whether it belongs
 * there is not documented.
 */
export function errorBodyProblems(response: ApiResponse): string[] {
  const problems: string[] = [];
  if (response.mediaType !== 'application/json') {
    problems.push(
      `Content-Type is ${response.headers['content-type'] ?? '(missing)'}, not application/json`,
    );
  }

  const body = response.json;
  if (!body || typeof body !== 'object' || Array.isArray(body)) {
    problems.push(`body is not a JSON object: ${preview(response.text)}`);
    return problems;
  }

  const record = body as Record<string, unknown>;
  if (record.code !== response.status) {
    problems.push(`code is ${JSON.stringify(record.code)}, not the HTTP status ${response.status}`);
  }
  if (typeof record.timestamp !== 'string' || !UTC_DATE_TIME.test(record.timestamp)) {
    problems.push(
      `timestamp ${JSON.stringify(record.timestamp)} is not a UTC date-time ending in Z`,
    );
  }
  const path = typeof record.path === 'string' ? record.path.split('?')[0] : undefined;
  if (path !== response.path) {
    problems.push(`path is ${JSON.stringify(record.path)}, not the request path ${response.path}`);
  }

  const error = record.error as Record<string, unknown> | undefined;
  if (!error || typeof error !== 'object') {
    problems.push('error object is missing');
    return problems;
  }
  if (typeof error.summary !== 'string') problems.push('error.summary is not a string');
  if (!Array.isArray(error.detail) || !error.detail.every((item) => typeof item === 'string')) {
    problems.push(`error.detail is ${JSON.stringify(error.detail)}, not an array of strings`);
  }
  return problems;
}

/** Shortens a body to one line for a Received line, so an HTML page does not flood the report. */
export function preview(text: string, max = 160): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  if (oneLine === '') return '(empty body)';
  return oneLine.length > max ? `${oneLine.slice(0, max)}...` : oneLine;
}

export interface FoundValue {
  /** Dotted location inside the body, such as `rows.0.createdAt`. */
  location: string;
  value: unknown;
}

/** Walks a JSON value and returns every value for which `match` holds. */
export function findValues(
  value: unknown,
  match: (value: unknown, key: string) => boolean,
  location = '',
): FoundValue[] {
  const found: FoundValue[] = [];
  const visit = (current: unknown, currentPath: string, key: string): void => {
    if (match(current, key)) found.push({ location: currentPath, value: current });
    if (Array.isArray(current)) {
      current.forEach((item, index) =>
        visit(item, join(currentPath, String(index)), String(index)),
      );
    } else if (current && typeof current === 'object') {
      for (const [childKey, child] of Object.entries(current))
        visit(child, join(currentPath, childKey), childKey);
    }
  };
  visit(value, location, '');
  return found;
}

/** Finds date-time strings that are not UTC with a trailing Z. */
export function nonUtcDateTimes(body: unknown): FoundValue[] {
  return findValues(
    body,
    (value) =>
      typeof value === 'string' && DATE_TIME_LIKE.test(value) && !UTC_DATE_TIME.test(value),
  );
}

export function utcDateTimes(body: unknown): FoundValue[] {
  return findValues(body, (value) => typeof value === 'string' && UTC_DATE_TIME.test(value));
}

export function dateOnlyValues(body: unknown): FoundValue[] {
  return findValues(body, (value) => typeof value === 'string' && DATE_ONLY.test(value));
}

/** Objects that look like currency values: they have `currency` or a `label` next to `value`. */
export function currencyLikeValues(body: unknown): FoundValue[] {
  return findValues(body, (value) => {
    if (!value || typeof value !== 'object' || Array.isArray(value)) return false;
    const keys = Object.keys(value);
    return keys.includes('currency') || (keys.includes('label') && keys.includes('value'));
  });
}

/** Deviations of one currency object from `{label: string, value: number, currency: ISO 4217}`. */
export function currencyProblems(value: unknown): string[] {
  const record = value as Record<string, unknown>;
  const problems: string[] = [];
  if (typeof record.label !== 'string')
    problems.push(`label is ${JSON.stringify(record.label)}, not a string`);
  if (typeof record.value !== 'number')
    problems.push(`value is ${JSON.stringify(record.value)}, not a number`);
  if (typeof record.currency !== 'string' || !/^[A-Z]{3}$/.test(record.currency)) {
    problems.push(`currency is ${JSON.stringify(record.currency)}, not a 3-letter ISO 4217 code`);
  }
  return problems;
}

function join(base: string, key: string): string {
  return base === '' ? key : `${base}.${key}`;
}
