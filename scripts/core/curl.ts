import { Redactor } from './redact.ts';

export interface CurlRequest {
  method: string;
  url: string;
  headers?: Record<string, string>;
  /** A JSON value, sent as JSON, or a string sent as it is. */
  body?: unknown;
}

/** Builds a one-line curl command that reproduces a request, with every secret masked. */
export function toCurl(request: CurlRequest, redactor: Redactor = new Redactor()): string {
  const parts = [
    'curl',
    '-sS',
    '-X',
    request.method.toUpperCase(),
    quote(redactor.text(request.url)),
  ];
  for (const [name, value] of Object.entries(redactor.headers(request.headers ?? {}))) {
    parts.push('-H', quote(`${name}: ${value}`));
  }
  if (request.body !== undefined) {
    const body =
      typeof request.body === 'string' ? request.body : JSON.stringify(redactor.json(request.body));
    parts.push('--data-raw', quote(redactor.text(body)));
  }
  return parts.join(' ');
}

/** Quotes for a POSIX shell: single quotes, with embedded single quotes closed and escaped. */
function quote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}
