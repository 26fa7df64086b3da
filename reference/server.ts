import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { wwwAuthenticate } from './auth/challenge.ts';
import type { AuthContext, RateLimiter, TokenService } from './auth/types.ts';
import type { FaultName } from './faults.ts';
import { ApiError, STATUS_SUMMARY } from './http/errors.ts';
import { writeError, writeReply, JSON_TYPE } from './http/respond.ts';
import { Router, type RequestContext, type Route } from './http/router.ts';
import type { Logger } from './log.ts';
import type { App } from './routes/common.ts';
import { cxRoutes } from './routes/cx.ts';
import { documentRoutes } from './routes/documents.ts';
import { healthRoutes } from './routes/health.ts';
import { jobRoutes, workspaceRoutes } from './routes/jobs-workspaces.ts';
import { recordRoutes } from './routes/masters-modules.ts';
import { subTableRoutes } from './routes/sub-tables.ts';
import { userRoutes } from './routes/users.ts';
import { workflowRoutes } from './routes/workflow.ts';

/** Prefix under which the Data API is served, as on the documented hosts. */
export const DATA_PREFIX = '/data';
/** Maximum length of the request target before 414. The documentation names no limit. */
export const MAX_URI_LENGTH = 8192;
/**
 * Node's header limit, raised far above MAX_URI_LENGTH so that long URIs reach the 414 check of the
 * request handler instead of Node's parser.
 */
const MAX_HEADER_BYTES = 256 * 1024;
/** The overload-503 fault rejects requests with 503 above this many requests in flight. */
export const OVERLOAD_LIMIT = 20;
/** Time each Data API request spends in flight under the overload-503 fault, in milliseconds. */
const OVERLOAD_SERVICE_MS = 5;
export const SLOW_LIST_DELAY_MS = 800;

/** Request counts for the admin interface's `GET /_admin/stats`. */
export interface RequestStats {
  requests: number;
  byStatus: Record<string, number>;
}

/** A handler for paths outside the Data API (`/_admin`, `/rest`); returns false when it has no route. */
export type PrefixHandler = (
  req: IncomingMessage,
  res: ServerResponse,
) => Promise<boolean> | boolean;

export interface DataServerOptions {
  app: App;
  tokens: TokenService;
  limiter: RateLimiter;
  faults: readonly FaultName[];
  logger: Logger;
  /** Handlers tried in order, by path prefix, before the Data API. */
  prefixHandlers?: Array<{ prefix: string; handle: PrefixHandler }>;
}

export function buildRouter(): Router<App> {
  const router = new Router<App>();
  const groups: Route<App>[][] = [
    healthRoutes,
    recordRoutes,
    subTableRoutes,
    workflowRoutes,
    documentRoutes,
    userRoutes,
    jobRoutes,
    workspaceRoutes,
    cxRoutes,
  ];
  for (const route of groups.flat()) router.add(route);
  return router;
}

/**
 * Creates the HTTP server of the reference Exto Data API. Every protected operation goes through
 * route match, authentication (401), rate limit (429, counted per token key id), then the handler,
 * which validates its input. Health probes skip authentication and the rate limit.
 */
export function createDataServer(options: DataServerOptions): {
  server: Server;
  stats: RequestStats;
} {
  const { app, tokens, limiter, logger } = options;
  const faults = new Set(options.faults);
  const router = buildRouter();
  const stats: RequestStats = { requests: 0, byStatus: {} };
  let inFlight = 0;

  const count = (status: number): void => {
    stats.requests += 1;
    stats.byStatus[status] = (stats.byStatus[status] ?? 0) + 1;
  };

  const fail = (res: ServerResponse, error: ApiError, path: string): void => {
    count(error.status);
    writeError(res, error, path, faults);
  };

  /** Verifies the token (401), then counts the request against its key id (429). */
  async function authorize(req: IncomingMessage, res: ServerResponse): Promise<AuthContext> {
    const verdict = await tokens.verify(req.headersDistinct.authorization, Date.now());
    if (!verdict.ok) {
      const challenge = faults.has('bearer-challenge-missing')
        ? undefined
        : wwwAuthenticate(verdict);
      const headers: Record<string, string> = challenge ? { 'WWW-Authenticate': challenge } : {};
      throw new ApiError(401, [verdict.detail], undefined, headers);
    }
    const forwarded = faults.has('rate-limit-per-forwarded-for')
      ? req.headers['x-forwarded-for']
      : undefined;
    const key = forwarded ? `${verdict.context.keyId} ${String(forwarded)}` : verdict.context.keyId;
    const allowance = limiter.consume(key, performance.now());
    if (!allowance.allowed) {
      const headers = {
        'Retry-After': String(allowance.retryAfterSeconds),
        'X-RateLimit-Limit': String(allowance.limit),
        'X-RateLimit-Remaining': '0',
      };
      const detail =
        `Rate limit of ${allowance.limit} requests per second exceeded; ` +
        `retry after ${allowance.retryAfterSeconds} s`;
      throw new ApiError(429, [detail], undefined, headers);
    }
    res.setHeader('X-RateLimit-Limit', String(allowance.limit));
    res.setHeader('X-RateLimit-Remaining', String(allowance.remaining));
    return verdict.context;
  }

  /** Serves one Data API request: route match (404, 405), authorization, then the handler. */
  async function handleData(
    req: IncomingMessage,
    res: ServerResponse,
    path: string,
    queryText: string,
  ): Promise<void> {
    const method = req.method === 'HEAD' ? 'GET' : (req.method ?? 'GET');
    const match = router.match(method, path);
    if (match.kind === 'not-found') {
      const detail = `No operation matches ${req.method} ${path}; check the path and the /data base URL`;
      throw new ApiError(404, [detail]);
    }
    if (match.kind === 'method-not-allowed') {
      const allow = match.allow.join(', ');
      const detail = `${req.method} is not allowed on ${path}; use ${allow}`;
      throw new ApiError(405, [detail], undefined, { Allow: allow });
    }

    const { route, params } = match;
    const query = new URLSearchParams(queryText);
    const context: RequestContext<App> = { req, path, query, params, faults, app };
    const openByFault =
      faults.has('unauthenticated-operation') && route.operationId === 'getBuildInfo';
    if (route.auth && !openByFault) context.auth = await authorize(req, res);

    if (route.list && faults.has('slow-lists-800ms')) await sleep(SLOW_LIST_DELAY_MS);
    const reply = await route.handler(context);
    count(reply.status);
    writeReply(res, reply);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = req.url ?? '/';
    const queryStart = url.indexOf('?');
    const fullPath = queryStart < 0 ? url : url.slice(0, queryStart);
    const queryText = queryStart < 0 ? '' : url.slice(queryStart + 1);
    const isData = fullPath === DATA_PREFIX || fullPath.startsWith(`${DATA_PREFIX}/`);
    const path = isData ? fullPath.slice(DATA_PREFIX.length) || '/' : fullPath;
    try {
      if (url.length > MAX_URI_LENGTH) {
        req.resume();
        throw new ApiError(414, [
          `Request URI has ${url.length} characters; the limit is ${MAX_URI_LENGTH}`,
        ]);
      }
      if (!isData) {
        for (const { prefix, handle: handlePrefix } of options.prefixHandlers ?? []) {
          if (fullPath.startsWith(prefix) && (await handlePrefix(req, res))) return;
        }
        throw new ApiError(404, [
          `No operation matches ${req.method} ${fullPath}; Data API paths start with ${DATA_PREFIX}/api/`,
        ]);
      }
      inFlight += 1;
      try {
        // Handlers finish without yielding, so without a service time no two requests are ever
        // in flight together and the fault could not trigger.
        if (faults.has('overload-503')) await sleep(OVERLOAD_SERVICE_MS);
        if (faults.has('overload-503') && inFlight > OVERLOAD_LIMIT) {
          throw new ApiError(
            503,
            [`More than ${OVERLOAD_LIMIT} requests in flight; retry later`],
            undefined,
            { 'Retry-After': '1' },
          );
        }
        await handleData(req, res, path, queryText);
      } finally {
        inFlight -= 1;
      }
    } catch (error) {
      if (error instanceof ApiError) {
        // Client errors are routine under a conformance run, so they are logged at debug only.
        const level = error.status >= 500 ? 'warn' : 'debug';
        logger[level](
          { method: req.method, path, status: error.status, detail: error.detail },
          'request failed',
        );
        fail(res, error, path);
        return;
      }
      logger.error(
        { err: error, method: req.method, path },
        'unexpected error while handling a request',
      );
      fail(
        res,
        new ApiError(500, ['Unexpected server error; the reference server log has the cause']),
        path,
      );
    }
  }

  const server = createServer({ maxHeaderSize: MAX_HEADER_BYTES }, (req, res) => {
    void handle(req, res);
  });
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Socket) => {
    writeClientError(error, socket, faults, logger);
  });
  return { server, stats };
}

/**
 * Writes the response for requests that Node rejects before parsing ends: headers over MAX_HEADER_BYTES get 431,
 * or 414 when the request line is what overflowed; anything else gets 400.
 * NOTE: Node passes only the last chunk read (`rawPacket`). A chunk without a line break is taken
 * as part of the request line, so one header longer than a whole chunk is answered with 414 too.
 */
function writeClientError(
  error: NodeJS.ErrnoException & { rawPacket?: Buffer },
  socket: Socket,
  faults: ReadonlySet<FaultName>,
  logger: Logger,
): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  let status = 400;
  if (error.code === 'HPE_HEADER_OVERFLOW') {
    const raw = error.rawPacket?.toString('latin1') ?? '';
    const lineEnd = raw.indexOf('\r\n');
    const endsRequestLine = lineEnd >= 0 && / HTTP\/1\.[01]$/.test(raw.slice(0, lineEnd));
    status = raw !== '' && (lineEnd < 0 || endsRequestLine) ? 414 : 431;
  }
  logger.debug({ code: error.code, status }, 'rejected a malformed request');
  const body = faults.has('html-errors')
    ? `<html><body><h1>${status}</h1></body></html>`
    : JSON.stringify({
        code: status,
        timestamp: new Date().toISOString(),
        path: '/',
        error: {
          summary: STATUS_SUMMARY[status],
          detail: [
            `The request could not be parsed (${error.code ?? 'unknown'}); check the request line and headers`,
          ],
        },
      });
  const type = faults.has('html-errors') ? 'text/html' : JSON_TYPE;
  socket.end(
    `HTTP/1.1 ${status} Error\r\nContent-Type: ${type}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}
