import { STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http';

/**
 * JSON request and response helpers for the admin interface and the login flow. Error bodies have
 * the Data API's shape: `{ code, timestamp, path, error: { summary, detail: [...] } }`.
 */

/** Largest request body read, in bytes; admin and login bodies are a few hundred bytes. */
export const MAX_BODY_BYTES = 64 * 1024;

/** A request body that cannot be used; `status` is 400 or 413. */
export class BodyError extends Error {
  constructor(
    message: string,
    readonly status: 400 | 413,
  ) {
    super(message);
    this.name = 'BodyError';
  }
}

/** Reads and parses a JSON body. Returns undefined for an empty body. */
export async function readJsonBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_BODY_BYTES) {
      throw new BodyError(
        `The request body is larger than ${MAX_BODY_BYTES} bytes. Send less.`,
        413,
      );
    }
    chunks.push(buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw new BodyError('The request body is not valid JSON. Send a JSON object.', 400);
  }
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    // Bodies may carry freshly minted tokens, which no cache should keep.
    'Cache-Control': 'no-store',
    ...headers,
  });
  res.end(text);
}

export function sendError(
  res: ServerResponse,
  status: number,
  path: string,
  detail: string[],
  options: { summary?: string; headers?: Record<string, string> } = {},
): void {
  const body = {
    code: status,
    timestamp: new Date().toISOString(),
    path,
    error: { summary: options.summary ?? STATUS_CODES[status] ?? 'Error', detail },
  };
  sendJson(res, status, body, options.headers);
}

/** Returns the request path without the query string. */
export function requestPath(req: IncomingMessage): string {
  return new URL(req.url ?? '/', 'http://localhost').pathname;
}
