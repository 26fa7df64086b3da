import { readJson } from '../http/body.ts';
import { badRequest, notFound } from '../http/errors.ts';
import type { Route } from '../http/router.ts';
import { TENANT_ID } from '../store/catalog.ts';
import type { Doc } from '../store/entities.ts';
import { newObjectId } from '../store/ids.ts';
import {
  checkScope,
  isObject,
  readPage,
  STANDARD_PAGE,
  type App,
  type Context,
  pageSlice,
} from './common.ts';

const JOB_TYPES = [
  'Summarize',
  'Spread',
  'Import',
  'Export',
  'Load',
  'Copy',
  'Scenario_Creation',
  'Schedule',
  'CX',
  'SSM',
  'ItemMasterIntegration',
  'CxStepDates',
  'Slotting Job',
];
const JOB_STATUSES = ['Not Started', 'In Progress', 'Completed', 'Failed'];
const OBJECT_ID = /^[0-9a-f]{24}$/;

/** Jobs are stored per project; a job id is unique across projects. */
function findJob(context: Context, id: string): Doc {
  const row = context.app.store.db
    .prepare<[string], { collection: string }>(
      `SELECT collection FROM entities WHERE kind = 'job' AND id = ?`,
    )
    .get(id);
  const job = row ? context.app.store.find('job', row.collection, id) : undefined;
  if (!job)
    throw notFound(`No job with the id ${id}; list jobs with GET /api/v1/jobstatus/{projectID}`);
  return job;
}

async function readObject(context: Context): Promise<Record<string, unknown>> {
  const body = await readJson(context.req);
  if (!isObject(body)) throw badRequest('Request body must be a JSON object');
  return body;
}

function isDateTime(value: unknown): boolean {
  return typeof value === 'string' && !Number.isNaN(Date.parse(value)) && value.endsWith('Z');
}

export const jobRoutes: Route<App>[] = [
  {
    method: 'GET',
    pattern: '/api/v1/jobstatus/{id}',
    operationId: 'getJobStatusByProject',
    auth: true,
    list: true,
    handler: (context) => {
      checkScope(context);
      const { page, pageSize } = readPage(
        context.query,
        { defaultPageSize: 50, maxPageSize: 200 },
        context.faults,
      );
      const jobs = context.app.store.collection('job', context.params.id ?? '').docs;
      return {
        status: 200,
        json: { data: pageSlice(jobs, page, pageSize), total: jobs.length, page, pageSize },
      };
    },
  },
  {
    method: 'POST',
    pattern: '/api/v1/jobstatus',
    operationId: 'createJobStatus',
    auth: true,
    handler: async (context) => {
      const project = checkScope(context);
      const body = await readObject(context);
      if (typeof body.jobTitle !== 'string' || body.jobTitle === '')
        throw badRequest('jobTitle is required');
      if (!JOB_TYPES.includes(String(body.jobType))) {
        throw badRequest(`jobType must be one of ${JOB_TYPES.join(', ')}`);
      }
      if (body.status !== undefined && !JOB_STATUSES.includes(String(body.status))) {
        throw badRequest(`status must be one of ${JOB_STATUSES.join(', ')}`);
      }
      const projectID =
        typeof body.projectID === 'string' ? body.projectID : (project ?? 'Vx6-j2Z');
      const id = newObjectId();
      const job: Doc = {
        ...body,
        _id: id,
        id,
        tenantID: context.auth?.tenantId ?? TENANT_ID,
        projectID,
        status: body.status ?? 'Not Started',
        createdAt: new Date().toISOString(),
        createdBy: context.auth?.userName ?? 'api',
        log: Array.isArray(body.log) ? body.log : [],
      };
      context.app.store.write('job', projectID, { insert: [job] });
      return { status: 201, json: { id } };
    },
  },
  {
    method: 'PUT',
    pattern: '/api/v1/jobstatus/{id}',
    operationId: 'updateJobStatus',
    auth: true,
    handler: async (context) => {
      checkScope(context);
      const body = await readObject(context);
      const job = findJob(context, context.params.id ?? '');
      if (!JOB_STATUSES.includes(String(body.status))) {
        throw badRequest(`status is required and must be one of ${JOB_STATUSES.join(', ')}`);
      }
      if (body.duration !== undefined && typeof body.duration !== 'number')
        throw badRequest('duration must be a number of milliseconds');
      if (body.completedAt !== undefined && !isDateTime(body.completedAt))
        throw badRequest('completedAt must be a UTC date-time');
      const completedAt = (body.completedAt as string | undefined) ?? new Date().toISOString();
      const duration =
        (body.duration as number | undefined) ??
        Date.parse(completedAt) - Date.parse(String(job.createdAt));
      const next = { ...job, status: body.status, completedAt, duration };
      context.app.store.write('job', String(job.projectID), { update: [next] });
      return { status: 200, json: { message: 'Job updated successfully.' } };
    },
  },
  {
    method: 'POST',
    pattern: '/api/v1/jobstatus/{id}/logs',
    operationId: 'appendJobStatusLogs',
    auth: true,
    handler: async (context) => {
      checkScope(context);
      const body = await readObject(context);
      const job = findJob(context, context.params.id ?? '');
      if (typeof body.message !== 'string' || body.message === '')
        throw badRequest('message is required');
      const entry = {
        timeStamp: isDateTime(body.timeStamp) ? body.timeStamp : new Date().toISOString(),
        message: body.message,
        level: typeof body.level === 'string' ? body.level : 'info',
        duration: typeof body.duration === 'number' ? body.duration : 0,
      };
      const next = { ...job, log: [...((job.log as unknown[]) ?? []), entry] };
      context.app.store.write('job', String(job.projectID), { update: [next] });
      return { status: 200, json: { success: true } };
    },
  },
];

/** Checks `CreateWorkspaceDTO`: `name` required, `parentId` null or an existing workspace id. */
function readWorkspace(
  context: Context,
  body: Record<string, unknown>,
): { name: string; parentId: string | null } {
  if (typeof body.name !== 'string' || body.name.trim() === '')
    throw badRequest('name must be a non-empty string');
  const parentId = body.parentId ?? null;
  if (parentId !== null) {
    if (typeof parentId !== 'string' || !OBJECT_ID.test(parentId)) {
      throw badRequest('parentId must be null or a 24-hex workspace id');
    }
    if (!context.app.store.find('workspace', '', parentId))
      throw badRequest(`parentId ${parentId} is not a known workspace`);
  }
  return { name: body.name, parentId };
}

/** Converts a stored workspace to the documented `{id, name, parentId, createdAt, updatedAt}`, without `_id`. */
function toWorkspace(doc: Doc): Record<string, unknown> {
  return {
    id: doc.id,
    name: doc.name,
    parentId: doc.parentId,
    createdAt: doc.createdAt,
    updatedAt: doc.updatedAt,
  };
}

export const workspaceRoutes: Route<App>[] = [
  {
    method: 'POST',
    pattern: '/api/v1/workspace',
    operationId: 'createWorkspace',
    auth: true,
    handler: async (context) => {
      checkScope(context);
      const { name, parentId } = readWorkspace(context, await readObject(context));
      const at = new Date().toISOString();
      const workspace: Doc = { id: newObjectId(), name, parentId, createdAt: at, updatedAt: at };
      context.app.store.write('workspace', '', { insert: [workspace] });
      return { status: 201, json: toWorkspace(workspace) };
    },
  },
  {
    method: 'GET',
    pattern: '/api/v1/workspace',
    operationId: 'listWorkspaces',
    auth: true,
    list: true,
    handler: (context) => {
      checkScope(context);
      const { page, pageSize } = readPage(context.query, STANDARD_PAGE, context.faults);
      // NOTE: `filter` and `sort` are accepted and ignored, because their syntax is not documented.
      const docs = context.app.store.collection('workspace').docs;
      return { status: 200, json: pageSlice(docs, page, pageSize).map(toWorkspace) };
    },
  },
  {
    method: 'GET',
    pattern: '/api/v1/workspace/{id}',
    operationId: 'getWorkspace',
    auth: true,
    handler: (context) => {
      checkScope(context);
      const workspace = context.app.store.find('workspace', '', context.params.id ?? '');
      if (!workspace) throw notFound(`No workspace has the id ${context.params.id}`);
      return { status: 200, json: toWorkspace(workspace) };
    },
  },
  {
    method: 'PATCH',
    pattern: '/api/v1/workspace/{id}',
    operationId: 'updateWorkspace',
    auth: true,
    handler: async (context) => {
      checkScope(context);
      const body = await readObject(context);
      const workspace = context.app.store.find('workspace', '', context.params.id ?? '');
      // 404 is not documented for PATCH, so an unknown id is a 400 that names it.
      if (!workspace) throw badRequest(`No workspace has the id ${context.params.id}`);
      const { name, parentId } = readWorkspace(context, body);
      if (parentId === workspace.id) throw badRequest('parentId must differ from the workspace id');
      const next = { ...workspace, name, parentId, updatedAt: new Date().toISOString() };
      context.app.store.write('workspace', '', { update: [next] });
      return { status: 200, json: toWorkspace(next) };
    },
  },
];
