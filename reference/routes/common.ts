import type { FaultName } from '../faults.ts';
import { ApiError, badRequest, forbidden } from '../http/errors.ts';
import type { Reply } from '../http/respond.ts';
import type { RequestContext } from '../http/router.ts';
import { PROJECT_IDS, TENANT_ID } from '../store/catalog.ts';
import type { Doc, EntityStore } from '../store/entities.ts';

/** State shared by every handler. */
export interface App {
  store: EntityStore;
  /** ISO 8601 start time, reported by build info. */
  startedAt: string;
  /** False once the database is closed, so readiness reports it. */
  databaseOpen: () => boolean;
}

export type Context = RequestContext<App>;

/** Largest number of items in one write, as documented for every bulk write. */
export const MAX_WRITE_ITEMS = 1000;

export interface PageLimits {
  defaultPageSize: number;
  maxPageSize: number;
}

export const STANDARD_PAGE: PageLimits = { defaultPageSize: 25, maxPageSize: 1000 };

/**
 * Reads `page` and `pageSize` with the documented messages. The `page-size-unbounded` fault lifts
 * the upper bound of pageSize where it is 1000.
 */
/** Returns the items of one page, pages numbered from 1. */
export function pageSlice<T>(items: readonly T[], page: number, pageSize: number): T[] {
  const start = (page - 1) * pageSize;
  return items.slice(start, start + pageSize);
}

export function readPage(
  query: URLSearchParams,
  limits: PageLimits,
  faults: ReadonlySet<FaultName>,
): { page: number; pageSize: number } {
  const page = readInteger(query.get('page'), 1);
  const pageSize = readInteger(query.get('pageSize'), limits.defaultPageSize);
  // The fault lifts only the documented bound of 1000, not the smaller bounds of other lists.
  const unbounded =
    faults.has('page-size-unbounded') && limits.maxPageSize === STANDARD_PAGE.maxPageSize;
  const max = unbounded ? Number.MAX_SAFE_INTEGER : limits.maxPageSize;
  if (pageSize === undefined || pageSize < 1 || pageSize > max) {
    throw badRequest(`Page size must be between 1 and ${limits.maxPageSize}`);
  }
  if (page === undefined || page < 1) throw badRequest('Page must be greater than 0');
  return { page, pageSize };
}

/** Parses a whole number. Returns undefined for anything else, so callers reject it with their own message. */
function readInteger(text: string | null, fallback: number): number | undefined {
  if (text === null || text === '') return fallback;
  return /^-?\d+$/.test(text.trim()) ? Number(text) : undefined;
}

export function totalPages(total: number, pageSize: number): number {
  return Math.ceil(total / pageSize);
}

/**
 * Builds the list envelope `{rows, total, page, pageSize, totalPages}` from record JSON texts that
 * are already serialised. The `total-pages-string` fault sends `totalPages` as a string.
 */
export function envelopeReply(
  rows: readonly string[],
  total: number,
  page: number,
  pageSize: number,
  faults: ReadonlySet<FaultName>,
): Reply {
  const pages = totalPages(total, pageSize);
  const pagesText = faults.has('total-pages-string')
    ? JSON.stringify(String(pages))
    : String(pages);
  return {
    status: 200,
    text: `{"rows":[${rows.join(',')}],"total":${total},"page":${page},"pageSize":${pageSize},"totalPages":${pagesText}}`,
  };
}

/**
 * Checks the scope headers: `x-tenant-id` must be the token's tenant and `x-project-id` one of its
 * projects, otherwise 403. Returns the project id when one was sent.
 */
export function checkScope(context: Context): string | undefined {
  const tenant = header(context, 'x-tenant-id');
  const project = header(context, 'x-project-id');
  const tokenTenant = context.auth?.tenantId ?? TENANT_ID;
  if (tenant !== undefined && tenant !== tokenTenant) {
    const detail = `The token has no access to tenant ${tenant}`;
    throw context.faults.has('tenant-denied-401') ? new ApiError(401, [detail]) : forbidden(detail);
  }
  if (project !== undefined && !(PROJECT_IDS as readonly string[]).includes(project)) {
    throw forbidden(`The token has no access to project ${project}`);
  }
  return project;
}

export function header(context: Context, name: string): string | undefined {
  const value = context.req.headers[name];
  const text = Array.isArray(value) ? value[0] : value;
  return text === undefined || text === '' ? undefined : text;
}

/**
 * Checks the acting user named by `userName`: 400 when missing, unknown or inactive, 403 when the
 * user belongs to another tenant. Returns the user document.
 */
export function requireActingUser(context: Context, parameter: string = 'userName'): Doc {
  const userName = context.query.get(parameter);
  if (!userName) {
    throw badRequest(
      `${parameter} is missing; send the acting user as the ${parameter} query parameter`,
    );
  }
  const user = context.app.store.find('user', '', userName.toLowerCase());
  const profile = user?.user as { status?: number } | undefined;
  if (!user || profile?.status !== 1) throw badRequest('User not found or active');
  if (user.tenantID !== TENANT_ID) throw forbidden('User not authorized to make this transaction');
  return user;
}

/** Checks a bulk write body: a non-empty array of at most 1000 objects. */
export function readItems(
  body: unknown,
  allowSingleObject: boolean = false,
): Record<string, unknown>[] {
  const items = allowSingleObject && isObject(body) ? [body] : body;
  if (!Array.isArray(items)) {
    throw badRequest(
      allowSingleObject
        ? 'Request body must be an object or an array of objects'
        : 'Request body must be an array of objects',
    );
  }
  if (items.length === 0) throw badRequest('Request body must contain at least one item');
  if (items.length > MAX_WRITE_ITEMS) {
    throw badRequest(
      `Request body has ${items.length} items; send at most ${MAX_WRITE_ITEMS} per request`,
    );
  }
  items.forEach((item, index) => {
    if (!isObject(item)) throw badRequest(`Item ${index} must be an object`);
  });
  return items as Record<string, unknown>[];
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads a boolean query flag given as `true` or `false`. */
export function readFlag(query: URLSearchParams, ...names: string[]): boolean {
  return names.some((name) => query.get(name) === 'true');
}
