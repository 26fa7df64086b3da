import type { ServerResponse } from 'node:http';
import type { FaultName } from '../faults.ts';
import { ApiError, STATUS_SUMMARY } from './errors.ts';

export const JSON_TYPE = 'application/json; charset=utf-8';

/** Response of a handler, which the server writes. */
export type Reply =
  | { status: number; json: unknown; headers?: Record<string, string> }
  /** Already serialised JSON, for list pages built from cached record text. */
  | { status: number; text: string; headers?: Record<string, string> }
  | { status: number; binary: Buffer; contentType: string; headers?: Record<string, string> }
  | { status: number; empty: true; headers?: Record<string, string> };

export function writeReply(res: ServerResponse, reply: Reply): void {
  const headers: Record<string, string | number> = { ...reply.headers };
  let body: string | Buffer = '';
  if ('json' in reply) {
    body = JSON.stringify(reply.json);
    headers['Content-Type'] = JSON_TYPE;
  } else if ('text' in reply) {
    body = reply.text;
    headers['Content-Type'] = JSON_TYPE;
  } else if ('binary' in reply) {
    body = reply.binary;
    headers['Content-Type'] = reply.contentType;
  }
  headers['Content-Length'] = Buffer.byteLength(body);
  res.writeHead(reply.status, headers);
  res.end(body);
}

/**
 * Writes the documented error body for `error`. `path` is the request path without `/data` and
 * without the query string. Two fault profiles change what is written: `html-errors` sends an
 * ingress controller's HTML page, `error-detail-missing` leaves out `error.detail`.
 */
export function writeError(
  res: ServerResponse,
  error: ApiError,
  path: string,
  faults: ReadonlySet<FaultName>,
): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  if (faults.has('html-errors')) {
    const title = `${error.status} ${STATUS_SUMMARY[error.status] ?? 'Error'}`;
    const html =
      `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n` +
      `<center><h1>${title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`;
    writeReply(res, {
      status: error.status,
      binary: Buffer.from(html),
      contentType: 'text/html',
      headers: error.headers,
    });
    return;
  }
  const body = {
    code: error.status,
    timestamp: new Date().toISOString(),
    path,
    error: faults.has('error-detail-missing')
      ? { summary: error.summary }
      : { summary: error.summary, detail: error.detail },
  };
  writeReply(res, { status: error.status, json: body, headers: error.headers });
}
