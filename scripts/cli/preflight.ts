/**
 * Reachability check before a run: GET <base>/api/v1/health/liveness with a short timeout. A target
 * that cannot be reached, or a proxy page in place of the Data API, ends the run with exit code 3
 * and one line naming the URL and the fix, instead of hundreds of failed checks.
 */
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { CliError, EXIT } from './exit-codes.ts';

export interface PreflightResult {
  status: number;
  /** Set when the target responded, but not as a healthy Data API would. Logged, not fatal. */
  warning?: string;
}

export async function preflight(
  baseUrl: string,
  timeoutSeconds: number,
  headers: Record<string, string> = {},
): Promise<PreflightResult> {
  const url = `${baseUrl.replace(/\/+$/, '')}/api/v1/health/liveness`;
  let response: SimpleResponse;
  try {
    response = await get(url, timeoutSeconds * 1000, { Accept: 'application/json', ...headers });
  } catch (error) {
    throw new CliError(describeNetworkError(url, error, timeoutSeconds), EXIT.unreachable);
  }
  const { contentType, body, server } = response;
  if (/text\/html/i.test(contentType) || /^\s*<(!doctype|html)/i.test(body)) {
    throw new CliError(
      `Target ${url} returned ${response.status} with an HTML page${server ? ` from ${server}` : ''}, ` +
        'not the Data API: a proxy or ingress is in the way. Check that --base-url points at the ' +
        'Data API and ends in /data.',
      EXIT.unreachable,
    );
  }
  if (response.status === 404) {
    throw new CliError(
      `Target ${url} returned 404: no Data API at this base URL. Check that --base-url ends in /data.`,
      EXIT.unreachable,
    );
  }
  if (response.status >= 300) {
    return {
      status: response.status,
      warning: `Liveness returned ${response.status}; running anyway.`,
    };
  }
  return { status: response.status };
}

/** Describes in one line what failed (refused, DNS, TLS, timeout), the URL and the fix. */
export function describeNetworkError(url: string, error: unknown, timeoutSeconds: number): string {
  const name = error instanceof Error ? error.name : '';
  if (name === 'TimeoutError' || name === 'AbortError') {
    return `Target ${url} timed out after ${timeoutSeconds} s. Check the URL and network, or raise --timeout-seconds.`;
  }
  const code = errorCode(error);
  if (code === 'ECONNREFUSED') {
    return `Target ${url} refused the connection: nothing listens there. Check --base-url and that the deployment is up.`;
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return `Target ${url}: the host name does not resolve (DNS ${code}). Check the host in --base-url.`;
  }
  if (/CERT|TLS|SSL|SELF_SIGNED/i.test(code)) {
    return `Target ${url}: TLS handshake failed (${code}). Check the certificate, or set NODE_EXTRA_CA_CERTS to its CA file.`;
  }
  if (
    code === 'ECONNRESET' ||
    code === 'EHOSTUNREACH' ||
    code === 'ENETUNREACH' ||
    code === 'ETIMEDOUT'
  ) {
    return `Target ${url} is unreachable (${code}). Check --base-url and the network path.`;
  }
  const message = error instanceof Error ? error.message : String(error);
  return `Target ${url} is unreachable (${code || message}). Check --base-url.`;
}

/** Node's fetch wraps the socket error in `cause`, so the code is on the innermost one. */
function errorCode(error: unknown): string {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return '';
}

interface SimpleResponse {
  status: number;
  contentType: string;
  server: string | undefined;
  body: string;
}

/** Maximum body kept from the liveness response, enough to tell JSON from an HTML page. */
const MAX_BODY = 64 * 1024;

/**
 * Sends one GET through node:http(s). NOTE: not fetch, because fetch rejects ports the WHATWG spec
 * blocks (9, 25, 6000, ...) with "bad port" before connecting, which hides the real cause.
 */
function get(
  url: string,
  timeoutMs: number,
  headers: Record<string, string>,
): Promise<SimpleResponse> {
  return new Promise((resolveResponse, reject) => {
    const request = (url.startsWith('https:') ? httpsRequest : httpRequest)(url, {
      method: 'GET',
      headers,
    });
    const timer = setTimeout(() => {
      const error = new Error(`timed out after ${timeoutMs} ms`);
      error.name = 'TimeoutError';
      request.destroy(error);
    }, timeoutMs);
    request.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    request.on('response', (response: IncomingMessage) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        if (body.length < MAX_BODY) body += chunk;
      });
      response.on('end', () => {
        clearTimeout(timer);
        resolveResponse({
          status: response.statusCode ?? 0,
          contentType: String(response.headers['content-type'] ?? ''),
          server: String(response.headers.server ?? '') || undefined,
          body,
        });
      });
      response.on('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
    });
    request.end();
  });
}
