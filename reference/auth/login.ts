import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../log.ts';
import { parseAuthorization } from './authorization-header.ts';
import { BodyError, readJsonBody, requestPath, sendError, sendJson } from './json-http.ts';
import type { TokenService } from './types.ts';
import type { UserStore } from './users.ts';

/**
 * The ID/access-token login flow at its published paths: sign in with a username and password for
 * an ID token, then trade the ID token for an access token. The product documents only the success
 * bodies and the statuses 400 `Invalid input` and 422 `Validation exception`. Where it is silent,
 * this server chooses: wrong credentials get 401, and the ID token travels as
 * `Authorization: Bearer <id_token>` or as `id_token` in the body. The Data API accepts neither
 * token, because whether the product's Data API accepts them is not documented.
 */

export const LOGIN_PATH = '/rest/api/auth/login';
export const ACCESS_TOKEN_PATH = '/rest/api/auth/access-token';

export interface AuthRoutesContext {
  users: UserStore;
  tokens: TokenService;
  logger: Logger;
}

const INVALID_INPUT = 'Invalid input';
const VALIDATION_EXCEPTION = 'Validation exception';

/**
 * Serves the login flow's two routes. Returns false, without touching `res`, for any other path, so
 * the HTTP core can try its own routes next.
 */
export async function handleAuthRoutes(
  req: IncomingMessage,
  res: ServerResponse,
  context: AuthRoutesContext,
): Promise<boolean> {
  const path = requestPath(req);
  if (path !== LOGIN_PATH && path !== ACCESS_TOKEN_PATH) return false;
  const logger = context.logger.child({ component: 'login' });
  if (req.method !== 'POST') {
    sendError(res, 405, path, [`${req.method} is not allowed on ${path}. Use POST.`], {
      headers: { Allow: 'POST' },
    });
    return true;
  }
  try {
    if (path === LOGIN_PATH) await login(req, res, path, context, logger);
    else await accessToken(req, res, path, context, logger);
  } catch (error) {
    if (error instanceof BodyError) {
      sendError(res, error.status, path, [error.message], {
        summary: error.status === 400 ? INVALID_INPUT : undefined,
      });
    } else {
      logger.error({ err: error, path }, 'login flow call failed');
      if (!res.headersSent) {
        sendError(res, 500, path, ['The call failed unexpectedly. The server log has the cause.']);
      }
    }
  }
  return true;
}

async function login(
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  { users, tokens }: AuthRoutesContext,
  logger: Logger,
): Promise<void> {
  const body = objectBody(await readJsonBody(req));
  const username = stringField(body, 'username');
  const password = stringField(body, 'password');
  if (!username || !password) {
    sendError(
      res,
      422,
      path,
      ['username and password are required. Send both as non-empty strings.'],
      {
        summary: VALIDATION_EXCEPTION,
      },
    );
    return;
  }
  const user = await users.authenticate(username, password);
  if (!user) {
    logger.info({ username }, 'login failed: wrong username or password');
    sendError(res, 401, path, ['The username or password is wrong. Check both and sign in again.']);
    return;
  }
  const subject = { userName: user.username, tenantId: user.tenantId };
  const idToken = await tokens.issueLoginToken('id', subject, Date.now());
  logger.info({ username }, 'login succeeded');
  sendJson(res, 200, { id_token: idToken, user });
}

async function accessToken(
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  { tokens }: AuthRoutesContext,
  logger: Logger,
): Promise<void> {
  const body = objectBody(await readJsonBody(req));
  const tenantId = stringField(body, 'tenantId');
  const bodyIdToken = stringField(body, 'id_token');
  if (tenantId === '') {
    sendError(
      res,
      422,
      path,
      ['tenantId must not be empty; leave it out to use your own tenant.'],
      {
        summary: VALIDATION_EXCEPTION,
      },
    );
    return;
  }

  const idToken = bodyIdToken || idTokenFromHeader(req);
  if (!idToken) {
    sendError(
      res,
      401,
      path,
      [
        `No ID token. Send the id_token from POST ${LOGIN_PATH} as "Authorization: Bearer <id_token>".`,
      ],
      { headers: { 'WWW-Authenticate': 'Bearer' } },
    );
    return;
  }
  const subject = await tokens.verifyLoginToken('id', idToken, Date.now());
  if (!subject) {
    sendError(
      res,
      401,
      path,
      [`The ID token is invalid or expired. Sign in again at ${LOGIN_PATH}.`],
      {
        headers: { 'WWW-Authenticate': 'Bearer error="invalid_token"' },
      },
    );
    return;
  }
  if (tenantId !== undefined && tenantId !== subject.tenantId) {
    logger.info(
      { username: subject.userName, tenantId },
      'access token refused for another tenant',
    );
    sendError(res, 403, path, [
      `The user has no access to tenant ${JSON.stringify(tenantId)}. Leave tenantId out or use your own.`,
    ]);
    return;
  }
  const access = await tokens.issueLoginToken('access', subject, Date.now());
  logger.info({ username: subject.userName }, 'issued access token');
  sendJson(res, 200, { access_token: access, id_token: idToken });
}

function idTokenFromHeader(req: IncomingMessage): string | undefined {
  if (req.headers.authorization === undefined) return undefined;
  const parsed = parseAuthorization(req.headersDistinct.authorization);
  return parsed.ok ? parsed.credential : undefined;
}

/** Treats an empty body as an empty object; anything but a JSON object is invalid input. */
function objectBody(body: unknown): Record<string, unknown> {
  if (body === undefined) return {};
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new BodyError('The request body must be a JSON object.', 400);
  }
  return body as Record<string, unknown>;
}

/** Returns a string field, undefined when absent; a field of another type is invalid input. */
function stringField(body: Record<string, unknown>, field: string): string | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') {
    throw new BodyError(`${field} must be a string; received ${typeof value}.`, 400);
  }
  return value;
}
