import { readJson } from '../http/body.ts';
import { badRequest, serviceException } from '../http/errors.ts';
import type { Route } from '../http/router.ts';
import type { Doc } from '../store/entities.ts';
import {
  checkScope,
  isObject,
  readFlag,
  readPage,
  type App,
  type Context,
  pageSlice,
} from './common.ts';

const MAX_LIST_ITEMS = 100;
const MAX_USERNAMES = 1000;

/** Returns the documented user-access entry `{user, groups, projects}`, without server-side fields. */
function toAccessEntry(doc: Doc): Record<string, unknown> {
  return { user: doc.user, groups: doc.groups, projects: doc.projects };
}

function findUser(context: Context, username: string): Doc {
  const user = context.app.store.find('user', '', username.toLowerCase());
  if (!user) throw badRequest(`User ${username.toLowerCase()} not found; check username`);
  return user;
}

function readStringList(
  body: Record<string, unknown>,
  field: string,
  required: boolean,
): string[] | undefined {
  const value = body[field];
  if (value === undefined) {
    if (required) throw badRequest(`${field} is required`);
    return undefined;
  }
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) {
    throw badRequest(`${field} must be an array of strings`);
  }
  return value;
}

/** Reads `{username, ...}` bodies; the username is lower-cased as documented. */
async function readUserBody(
  context: Context,
): Promise<{ body: Record<string, unknown>; user: Doc }> {
  const body = await readJson(context.req);
  if (!isObject(body)) throw badRequest('Request body must be a JSON object');
  if (typeof body.username !== 'string' || body.username === '')
    throw badRequest('username is required');
  return { body, user: findUser(context, body.username) };
}

function statusRoute(path: string, operationId: string, status: number): Route<App> {
  return {
    method: 'PATCH',
    pattern: `/api/v1/user/${path}`,
    operationId,
    auth: true,
    handler: async (context) => {
      checkScope(context);
      const body = await readJson(context.req);
      if (!Array.isArray(body) || body.length === 0 || body.length > MAX_USERNAMES) {
        throw badRequest(`Request body must be an array of 1 to ${MAX_USERNAMES} usernames`);
      }
      if (!body.every((name) => typeof name === 'string'))
        throw badRequest('Every username must be a string');
      const store = context.app.store;
      const users = (body as string[]).map((name) => store.find('user', '', name.toLowerCase()));
      // The documented failure message is shared by activation and deactivation.
      if (users.some((user) => !user)) throw serviceException('Failed to deactivate users');
      const update = (users as Doc[]).map((user) => ({
        ...user,
        user: { ...(user.user as Record<string, unknown>), status },
      }));
      store.write('user', '', { update });
      return { status: 200, json: { updatedCount: update.length } };
    },
  };
}

export const userRoutes: Route<App>[] = [
  {
    method: 'GET',
    pattern: '/api/v1/user/user-access',
    operationId: 'getUserAccess',
    auth: true,
    list: true,
    handler: (context) => {
      checkScope(context);
      const { page, pageSize } = readPage(
        context.query,
        { defaultPageSize: 1000, maxPageSize: 1000 },
        context.faults,
      );
      const users = context.app.store.collection('user').docs;
      // A bare array, as in the published example.
      return { status: 200, json: pageSlice(users, page, pageSize).map(toAccessEntry) };
    },
  },
  {
    method: 'POST',
    pattern: '/api/v1/user/user-access',
    operationId: 'grantUserAccess',
    auth: true,
    handler: async (context) => {
      checkScope(context);
      const { body, user } = await readUserBody(context);
      const projects = readStringList(body, 'projects', false) ?? [];
      const groups = readStringList(body, 'groups', false) ?? [];
      if (projects.length > MAX_LIST_ITEMS) throw badRequest('Projects length must not exceed 100');
      if (groups.length > MAX_LIST_ITEMS) throw badRequest('Groups length must not exceed 100');
      const known = user.projects as Array<{
        projectID: string;
        groups: string[];
        spaces: string[];
      }>;
      const merged = [...known];
      for (const projectID of projects) {
        if (!merged.some((project) => project.projectID === projectID))
          merged.push({ projectID, groups: [], spaces: [] });
      }
      const next = {
        ...user,
        projects: merged,
        groups: [...new Set([...(user.groups as string[]), ...groups])],
      };
      context.app.store.write('user', '', { update: [next] });
      return { status: 200, json: toAccessEntry(next) };
    },
  },
  {
    method: 'DELETE',
    pattern: '/api/v1/user/user-access',
    operationId: 'revokeUserAccess',
    auth: true,
    handler: async (context) => {
      checkScope(context);
      const { body, user } = await readUserBody(context);
      const projects = readStringList(body, 'projects', true)!;
      const groups = readStringList(body, 'groups', false) ?? [];
      if (projects.length > MAX_LIST_ITEMS) throw badRequest('Projects length must not exceed 100');
      if (groups.length > MAX_LIST_ITEMS) throw badRequest('Groups length must not exceed 100');
      // With both lists empty nothing changes, and the documented response has an empty body.
      if (projects.length === 0 && groups.length === 0) return { status: 200, empty: true };
      const next = {
        ...user,
        projects: (user.projects as Array<{ projectID: string }>).filter(
          (p) => !projects.includes(p.projectID),
        ),
        groups: (user.groups as string[]).filter((group) => !groups.includes(group)),
      };
      context.app.store.write('user', '', { update: [next] });
      return { status: 200, json: toAccessEntry(next) };
    },
  },
  {
    method: 'GET',
    pattern: '/api/v1/user/user-access/by-user',
    operationId: 'getUserAccessByUsername',
    auth: true,
    handler: (context) => {
      checkScope(context);
      const username = context.query.get('username');
      if (!username) throw badRequest('Username is mandatory');
      return { status: 200, json: toAccessEntry(findUser(context, username)) };
    },
  },
  {
    method: 'GET',
    pattern: '/api/v1/user/groups',
    operationId: 'getAllGroups',
    auth: true,
    list: true,
    handler: (context) => {
      checkScope(context);
      const { page, pageSize } = readPage(
        context.query,
        { defaultPageSize: 100, maxPageSize: 1000 },
        context.faults,
      );
      // Both documented spellings of the flag are accepted.
      const onlyProject = readFlag(context.query, 'onlyProjectsGroups', 'onlyProjectGroups');
      const groups = context.app.store
        .collection('group')
        .docs.filter((group) => !onlyProject || group.level === 'PROJECT');
      return { status: 200, json: pageSlice(groups, page, pageSize) };
    },
  },
  statusRoute('activate-users', 'activateUsers', 1),
  statusRoute('deactivate-users', 'deactivateUsers', 0),
  {
    method: 'DELETE',
    pattern: '/api/v1/user/project-access',
    operationId: 'removeProjectAccess',
    auth: true,
    handler: async (context) => {
      checkScope(context);
      const { body, user } = await readUserBody(context);
      const projectIds = readStringList(body, 'projectIds', true)!;
      if (projectIds.length > MAX_LIST_ITEMS)
        throw badRequest('projectIds length must not exceed 100');
      const next = {
        ...user,
        projects: (user.projects as Array<{ projectID: string }>).filter(
          (p) => !projectIds.includes(p.projectID),
        ),
      };
      context.app.store.write('user', '', { update: [next] });
      return { status: 200, json: toAccessEntry(next) };
    },
  },
];
