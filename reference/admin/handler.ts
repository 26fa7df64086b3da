import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../log.ts';
import { TokenServiceError } from '../auth/errors.ts';
import { BodyError, readJsonBody, requestPath, sendError, sendJson } from '../auth/json-http.ts';
import type { KeyState, MintRequest, TokenService } from '../auth/types.ts';

/** Path prefix of the admin interface, outside the Data API's `/data`. */
export const ADMIN_PREFIX = '/_admin';
export const ADMIN_SECRET_HEADER = 'x-admin-secret';

/** Request counts for reconciling a load run with what the server saw. */
export interface AdminStats {
  requests: number;
  /** Responses by status code, such as `{ "200": 10, "429": 3 }`. */
  byStatus: Record<string, number>;
}

export interface AdminContext {
  tokens: TokenService;
  adminSecret: string;
  stats: () => AdminStats;
  logger: Logger;
}

const STATE_ACTIONS: Record<string, KeyState> = {
  revoke: 'revoked',
  disable: 'disabled',
  enable: 'enabled',
};

/**
 * Serves everything under `/_admin`. It offers the actions an Exto admin takes in the product UI
 * (mint, revoke, disable and enable a key, rotate the Access Token Private Key), a restart of the
 * token service as a process restart would do it, and request statistics. Every call needs the
 * `X-Admin-Secret` header. Never rejects: failures become error bodies.
 */
export async function handleAdmin(
  req: IncomingMessage,
  res: ServerResponse,
  context: AdminContext,
): Promise<void> {
  const path = requestPath(req);
  const logger = context.logger.child({ component: 'admin' });
  if (!hasAdminSecret(req, context.adminSecret)) {
    logger.warn({ method: req.method, path }, 'admin call without a valid admin secret');
    sendError(res, 401, path, [
      'The X-Admin-Secret header is missing or wrong. Send the admin secret the server was started ' +
        'with (the suite reads it from EXTO_ADMIN_SECRET).',
    ]);
    return;
  }
  try {
    await route(req, res, path, context);
    logger.info({ method: req.method, path, status: res.statusCode }, 'admin call');
  } catch (error) {
    if (error instanceof TokenServiceError || error instanceof BodyError) {
      logger.info({ method: req.method, path, status: error.status }, 'admin call rejected');
      sendError(res, error.status, path, [error.message]);
      return;
    }
    logger.error({ err: error, method: req.method, path }, 'admin call failed');
    if (!res.headersSent) {
      sendError(res, 500, path, [
        'The admin call failed unexpectedly. The server log has the cause.',
      ]);
    }
  }
}

async function route(
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  { tokens, stats }: AdminContext,
): Promise<void> {
  const subPath = path.startsWith(ADMIN_PREFIX) ? path.slice(ADMIN_PREFIX.length) : path;
  const method = req.method ?? 'GET';

  if (subPath === '/tokens') {
    if (method === 'GET') return sendJson(res, 200, tokens.list());
    if (method === 'POST') {
      const body = (await readJsonBody(req)) as MintRequest | undefined;
      return sendJson(res, 201, await tokens.mint(body ?? {}));
    }
    return methodNotAllowed(res, method, path, ['GET', 'POST']);
  }

  const stateCall = /^\/tokens\/([^/]+)\/(revoke|disable|enable)$/.exec(subPath);
  if (stateCall) {
    if (method !== 'POST') return methodNotAllowed(res, method, path, ['POST']);
    const keyId = decodeKeyId(stateCall[1] ?? '');
    const state = STATE_ACTIONS[stateCall[2] ?? ''] ?? 'revoked';
    const summary = tokens.setState(keyId, state);
    return sendJson(res, 200, { keyId: summary.keyId, state: summary.state });
  }

  if (subPath === '/rotate-key') {
    if (method !== 'POST') return methodNotAllowed(res, method, path, ['POST']);
    return sendJson(res, 200, tokens.rotateKey());
  }

  if (subPath === '/restart') {
    if (method !== 'POST') return methodNotAllowed(res, method, path, ['POST']);
    return sendJson(res, 200, tokens.restart());
  }

  if (subPath === '/stats') {
    if (method !== 'GET') return methodNotAllowed(res, method, path, ['GET']);
    return sendJson(res, 200, stats());
  }

  sendError(res, 404, path, [
    `No admin call at ${method} ${path}. The calls are /_admin/tokens, ` +
      '/_admin/tokens/{keyId}/revoke|disable|enable, /_admin/rotate-key, /_admin/restart and ' +
      '/_admin/stats.',
  ]);
}

function methodNotAllowed(
  res: ServerResponse,
  method: string,
  path: string,
  allowed: string[],
): void {
  const detail = `${method} is not allowed on ${path}. Use ${allowed.join(' or ')}.`;
  sendError(res, 405, path, [detail], {
    headers: { Allow: allowed.join(', ') },
  });
}

function decodeKeyId(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    throw new BodyError(`The key id ${JSON.stringify(raw)} is not valid percent-encoding.`, 400);
  }
}

/**
 * Compares the header with the secret in constant time. Hashing both sides first gives equal
 * lengths, so neither the comparison nor a length check reveals how much of the secret matched.
 */
function hasAdminSecret(req: IncomingMessage, secret: string): boolean {
  const sent = req.headers[ADMIN_SECRET_HEADER];
  if (typeof sent !== 'string' || sent === '') return false;
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(sent), digest(secret));
}
