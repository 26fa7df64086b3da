import { buildPredicate, FilterError } from '../filter/index.ts';
import { readJson } from '../http/body.ts';
import { ApiError, badRequest, serviceException } from '../http/errors.ts';
import type { Route } from '../http/router.ts';
import {
  filterTypeOf,
  findCollection,
  PROJECT_IDS,
  type CollectionDefinition,
} from '../store/catalog.ts';
import type { Doc } from '../store/entities.ts';
import { newObjectId } from '../store/ids.ts';
import {
  envelopeReply,
  header,
  isObject,
  readPage,
  requireActingUser,
  type App,
  type Context,
} from './common.ts';

const MAX_WORKFLOW_IDS = 100;
const OBJECT_ID = /^[0-9a-f]{24}$/;

/** Record status after an action, so lists filtered by `status` see the change. */
const STATUS_AFTER: Record<string, string> = {
  approve: 'Approved',
  reject: 'Rejected',
  submit: 'In Progress',
  create: 'In Progress',
  return: 'In Progress',
  revision: 'In Progress',
  reopen: 'In Progress',
};

function moduleOrServiceException(name: string | null): CollectionDefinition {
  if (!name) throw badRequest('moduleName is required');
  const definition = findCollection('module', name);
  if (!definition) throw serviceException(`${name} not Found.`);
  return definition;
}

/** Rejects an unknown project in `x-project-id` with 500, as documented for workflow v2. */
function checkV2Project(context: Context): string | undefined {
  const project = header(context, 'x-project-id');
  if (project !== undefined && !(PROJECT_IDS as readonly string[]).includes(project)) {
    throw serviceException(`Project not found for id: ${project}`);
  }
  return project;
}

/** `spaceName` is required on a project-scoped call. */
function checkSpaceName(context: Context): void {
  if (header(context, 'x-project-id') !== undefined && !context.query.get('spaceName')) {
    throw badRequest('spaceName is required when x-project-id is sent');
  }
}

/** Applies `actionName` to one record: updates its workflow instance and its status. */
function applyAction(
  context: Context,
  definition: CollectionDefinition,
  record: Doc,
  actionName: string,
  userName: string,
): Doc {
  const store = context.app.store;
  const workflows = store.collection('workflow', definition.name).docs;
  const existing = workflows.find((workflow) => workflow.recordId === record.id);
  const status = STATUS_AFTER[actionName.toLowerCase()] ?? String(record.status ?? 'In Progress');
  const at = new Date().toISOString();
  const step = {
    name: actionName,
    kind: 'FORM',
    active: false,
    createdAt: at,
    completedAt: at,
    completedAction: { name: actionName, status: 'Completed', nextStepName: null },
    completedBy: null,
    submittedBy: [
      { submittedAction: actionName, submittedAt: at, withdrawnAt: null, submittedBy: null },
    ],
    previousUser: null,
    responsibleUsers: [],
    responsibleGroups: [],
    ballInCourt: { users: [], groups: [] },
    comments: [],
  };
  const id = existing?.id ?? newObjectId();
  const workflow: Doc = {
    ...(existing ?? {
      id,
      workflowId: id,
      recordId: record.id,
      recordNumber: record.recordNumber,
      templateName: `${definition.name} Approval`,
      createdBy: { id: newObjectId(), firstName: '', lastName: '', email: userName, status: 1 },
      steps: [],
      generalComments: [],
      projectID: record.projectID,
    }),
    id,
    currentStepName: actionName,
    status,
    lastUpdatedBy: { email: userName },
    steps: [...((existing?.steps as unknown[]) ?? []), step],
  };
  store.write(
    'workflow',
    definition.name,
    existing ? { update: [workflow] } : { insert: [workflow] },
  );
  store.write('module', definition.name, {
    update: [{ ...record, status, updatedBy: userName, updatedAt: at }],
  });
  return workflow;
}

/** Checks a workflow v2 action body as the documented Zod schema would. */
function readV2Body(
  body: unknown,
  revision: boolean,
): { recordId: string; moduleName: string; actionName: string } {
  const problems: string[] = [];
  if (!isObject(body)) {
    throw new ApiError(400, ['VALIDATION_ERROR', 'body: Expected object'], 'VALIDATION_ERROR');
  }
  if (typeof body.recordId !== 'string' || !OBJECT_ID.test(body.recordId)) {
    problems.push('recordId: Expected a 24-hex MongoDB ObjectId');
  }
  if (typeof body.moduleName !== 'string' || body.moduleName === '')
    problems.push('moduleName: Required');
  if (!revision && (typeof body.actionName !== 'string' || body.actionName === '')) {
    problems.push('actionName: Required');
  }
  if (
    body.comment !== undefined &&
    (!isObject(body.comment) || typeof body.comment.text !== 'string')
  ) {
    problems.push('comment.text: Required when comment is present');
  }
  if (problems.length > 0)
    throw new ApiError(400, ['VALIDATION_ERROR', ...problems], 'VALIDATION_ERROR');
  return {
    recordId: body.recordId as string,
    moduleName: (body.moduleName as string).toUpperCase(),
    actionName: typeof body.actionName === 'string' ? body.actionName : 'Revision',
  };
}

function v2Action(path: string, operationId: string): Route<App> {
  const revision = path === 'revision';
  return {
    method: 'POST',
    pattern: `/api/v2/workflow/${path}`,
    operationId,
    auth: true,
    handler: async (context) => {
      checkV2Project(context);
      const user = requireActingUser(context);
      checkSpaceName(context);
      const { recordId, moduleName, actionName } = readV2Body(
        await readJson(context.req),
        revision,
      );
      const definition = moduleOrServiceException(moduleName);
      const record = context.app.store.find('module', definition.name, recordId);
      if (!record) throw badRequest(`Record ${recordId} not found in ${definition.name}`);
      applyAction(context, definition, record, revision ? 'Revision' : actionName, user.id);
      // The documented 201 has no body.
      return { status: 201, empty: true };
    },
  };
}

export const workflowRoutes: Route<App>[] = [
  {
    method: 'POST',
    pattern: '/api/v1/workflow/{moduleName}',
    operationId: 'takeWorkflowAction',
    auth: true,
    handler: async (context) => {
      const definition = moduleOrServiceException(context.params.moduleName || null);
      const actionName = context.query.get('actionName');
      if (!actionName)
        throw badRequest(
          'actionName is missing; send it as a query parameter, for example actionName=Approve',
        );
      const user = requireActingUser(context);
      checkSpaceName(context);
      const body = await readJson(context.req);
      if (!Array.isArray(body)) throw badRequest('Request body must be an array of record ids');
      if (body.length > MAX_WORKFLOW_IDS) {
        throw badRequest(`Maximum ${MAX_WORKFLOW_IDS} records allowed but received ${body.length}`);
      }
      const records = body.map((id) => {
        const record =
          typeof id === 'string'
            ? context.app.store.find('module', definition.name, id)
            : undefined;
        if (!record)
          throw badRequest(`Record ${JSON.stringify(id)} not found in ${definition.name}`);
        return record;
      });
      const result = records.map((record) => ({
        workflowId: applyAction(context, definition, record, actionName, user.id).id,
        recordId: record.id,
      }));
      return { status: 201, json: result };
    },
  },
  {
    method: 'GET',
    pattern: '/api/v2/workflow',
    operationId: 'listWorkflowsV2',
    auth: true,
    list: true,
    handler: (context) => {
      const { query, faults } = context;
      const definition = moduleOrServiceException(query.get('moduleName'));
      const project = checkV2Project(context);
      const { page, pageSize } = readPage(query, { defaultPageSize: 25, maxPageSize: 100 }, faults);
      const predicate = readRecordFilter(context, definition);
      const store = context.app.store;
      const cached = store.collection('workflow', definition.name);
      const rows: string[] = [];
      cached.docs.forEach((workflow, index) => {
        if (project && workflow.projectID !== project) return;
        for (const key of ['recordNumber', 'status'] as const) {
          const wanted = query.get(key);
          if (wanted && workflow[key] !== wanted) return;
        }
        if (predicate) {
          const record = store.find('module', definition.name, String(workflow.recordId));
          if (!record || !predicate(record)) return;
        }
        rows.push(cached.json[index]!);
      });
      const start = (page - 1) * pageSize;
      return envelopeReply(
        rows.slice(start, start + pageSize),
        rows.length,
        page,
        pageSize,
        faults,
      );
    },
  },
  {
    method: 'GET',
    pattern: '/api/v2/workflow/history',
    operationId: 'getWorkflowHistoryV2',
    auth: true,
    handler: (context) => {
      const recordNumber = context.query.get('recordNumber');
      if (!recordNumber) throw badRequest('recordNumber is required');
      moduleOrServiceException(context.query.get('moduleName'));
      checkV2Project(context);
      // NOTE: the documented 200 has no body, so the step history is not sent, and a record
      // without history gets the same 200 because the documentation names no error for it.
      return { status: 200, empty: true };
    },
  },
  v2Action('create', 'createWorkflowV2'),
  v2Action('submit', 'submitWorkflowV2'),
  v2Action('return', 'returnWorkflowV2'),
  v2Action('revision', 'reviseWorkflowV2'),
  v2Action('reopen', 'reopenWorkflowV2'),
];

/** Compiles the v2 list's `filter`, written in the record-list filter language over the module's fields. */
function readRecordFilter(
  context: Context,
  definition: CollectionDefinition,
): ((doc: Doc) => boolean) | undefined {
  const filter = context.query.get('filter');
  if (!filter) return undefined;
  try {
    return buildPredicate(filter, (field) => filterTypeOf(definition.fields, field));
  } catch (error) {
    if (error instanceof FilterError) throw badRequest(error.message);
    throw error;
  }
}
