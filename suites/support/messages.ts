/**
 * Documented error message strings (`x-exto-messages` per operation, keyed by status) and the
 * checks that a rejection carries the message documented for it. Neither source states whether a
 * message travels in `error.summary` or in `error.detail`, so a message matches when a detail
 * entry contains it or the summary equals it.
 */
import type { Operation } from '../../scripts/core/spec/types.ts';
import type { ApiResponse } from './api.ts';
import type { NegativeCase } from './requests.ts';

/** Returns the messages the document lists for `status` of the operation, verbatim. */
export function documentedMessages(
  document: Record<string, unknown>,
  operation: Operation,
  status: number,
): string[] {
  const paths = document.paths as Record<string, Record<string, unknown>> | undefined;
  const raw = paths?.[operation.path]?.[operation.method] as Record<string, unknown> | undefined;
  const messages = raw?.['x-exto-messages'] as Record<string, unknown> | undefined;
  const list = messages?.[String(status)];
  return Array.isArray(list) ? list.filter((item): item is string => typeof item === 'string') : [];
}

/** Replaces `<name>` placeholders, such as `<N>`, with values taken from the request. */
export function fillMessage(message: string, values: Record<string, string | number>): string {
  return message.replace(/<([^>]+)>/g, (whole, name: string) =>
    values[name] === undefined ? whole : String(values[name]),
  );
}

/**
 * The words a message opens with, up to its verb, squeezed to lower case without spaces:
 * `Page size must be ...` gives `pagesize`, `Missing module name.` gives `modulename`.
 */
function messageSubject(message: string): string {
  const words = message.replace(/[.:]$/, '').split(/\s+/);
  const start = words[0]?.toLowerCase() === 'missing' ? 1 : 0;
  const verb = words.findIndex((word, index) => index >= start && /^(must|is|are)$/i.test(word));
  const end = words[0]?.toLowerCase() === 'missing' ? words.length : verb;
  if (end <= start) return '';
  return words.slice(start, end).join('').toLowerCase();
}

/**
 * Picks the documented 400 message that names the parameter of a negative case: a range message
 * for a value out of range, a "missing" or "required" message for a missing parameter. Type
 * errors get none, because no source documents the message for a value that is not a number.
 */
export function messageForCase(messages: string[], negative: NegativeCase): string | undefined {
  const name = negative.parameter.name.toLowerCase();
  const absence = /^missing\b|\bis (required|mandatory)\b/i;
  return messages.find((message) => {
    if (messageSubject(message) !== name) return false;
    if (negative.name === 'missing') return absence.test(message);
    if (negative.name === 'below-minimum' || negative.name === 'above-maximum')
      return !absence.test(message);
    return false;
  });
}

/**
 * Describes how the response misses the documented message, or returns undefined when a detail
 * entry contains it or the summary equals it.
 */
export function messageMismatch(response: ApiResponse, message: string): string | undefined {
  const body = response.json as { error?: { summary?: unknown; detail?: unknown } } | undefined;
  const summary = body?.error?.summary;
  const detail = Array.isArray(body?.error?.detail) ? body.error.detail : [];
  if (summary === message) return undefined;
  if (detail.some((entry) => typeof entry === 'string' && entry.includes(message)))
    return undefined;
  return `error.summary is ${JSON.stringify(summary)} and error.detail is ${JSON.stringify(
    body?.error?.detail,
  )}; neither carries the documented message`;
}

/**
 * Negative cases whose rejection rests on a documentation conflict or an undocumented limit: the
 * suite records the response as a warning instead of failing. Keyed by path template, then by
 * `<parameter>.<case>`.
 */
const REPORTED_CASES: Record<string, Record<string, string>> = {
  '/api/v1/sub-table/{tableID}': {
    'pageSize.above-maximum':
      "The draft's document gives the sub-table list no maximum pageSize, but its explorer page lists the 1 to 1000 message.",
  },
  '/api/v1/jobstatus/{id}': {
    'page.below-minimum':
      'The job list limits imply a rejection, but no source documents the status or message.',
    'pageSize.below-minimum':
      'The job list limits imply a rejection, but no source documents the status or message.',
    'pageSize.above-maximum':
      'The draft lists 400 for a job list pageSize above 200 without a message.',
  },
  '/api/v2/workflow': {
    'pageSize.above-maximum':
      'The draft lists 400 for a workflow list pageSize above 100 without a message.',
  },
};

/** Returns why a negative case is only reported, or undefined when a deviation fails the run. */
export function reportedCase(operation: Operation, negative: NegativeCase): string | undefined {
  return REPORTED_CASES[operation.path]?.[`${negative.parameter.name}.${negative.name}`];
}
