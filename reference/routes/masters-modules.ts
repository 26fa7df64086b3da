import { readJson } from '../http/body.ts';
import { badRequest, notFound } from '../http/errors.ts';
import type { Route } from '../http/router.ts';
import type { App, Context } from './common.ts';
import { readItems, requireActingUser } from './common.ts';
import {
  createdReply,
  deleteRecords,
  listRecords,
  resolveCollection,
  upsertRecords,
} from './records.ts';
import { expandModuleRecords } from './expand.ts';

const MASTER_MISSING = 'Missing Master name';
const MODULE_MISSING = 'Missing module name.';

const master = (context: Context) =>
  resolveCollection('master', context.params.masterName, MASTER_MISSING);
const module = (context: Context) =>
  resolveCollection('module', context.params.moduleName, MODULE_MISSING);
const hierarchy = (context: Context) =>
  resolveCollection('hierarchy', context.params.masterName, MASTER_MISSING);

/** Every master, module and hierarchy-master record operation. */
export const recordRoutes: Route<App>[] = [
  {
    method: 'GET',
    pattern: '/api/v1/master-record/{masterName}',
    operationId: 'getAllMasterRecords',
    auth: true,
    list: true,
    handler: (context) => listRecords(context, 'master', master(context)),
  },
  {
    method: 'POST',
    pattern: '/api/v1/master-record/{masterName}',
    operationId: 'upsertMasterRecord',
    auth: true,
    handler: async (context) => {
      const definition = master(context);
      const items = readItems(await readJson(context.req));
      const createdBy = context.auth?.userName ?? 'api';
      return createdReply(upsertRecords(context, 'master', definition, items, { createdBy }));
    },
  },
  {
    method: 'PATCH',
    pattern: '/api/v1/master-record/{masterName}',
    operationId: 'updateMasterRecord',
    auth: true,
    handler: async (context) => {
      const definition = master(context);
      const items = readItems(await readJson(context.req));
      const createdBy = context.auth?.userName ?? 'api';
      const result = upsertRecords(context, 'master', definition, items, {
        createdBy,
        updateOnly: true,
      });
      return createdReply(result, 200);
    },
  },
  {
    method: 'DELETE',
    pattern: '/api/v1/master-record/{masterName}',
    operationId: 'deleteMasterRecord',
    auth: true,
    handler: async (context) => {
      const definition = master(context);
      const user = requireActingUser(context);
      const body = await readJson(context.req);
      // Missing delete permission is reported with 200 and success false, as documented.
      if (user.canDelete !== true) {
        readItems(body);
        return {
          status: 200,
          json: { success: false, message: "User doesn't have permission to delete the record" },
        };
      }
      deleteRecords(context, 'master', definition, body);
      return { status: 200, json: { success: true, message: 'Records deleted successfully' } };
    },
  },
  {
    method: 'GET',
    pattern: '/api/v1/module-record/{moduleName}',
    operationId: 'getAllModuleRecords',
    auth: true,
    list: true,
    handler: (context) => listRecords(context, 'module', module(context)),
  },
  {
    method: 'POST',
    pattern: '/api/v1/module-record/{moduleName}',
    operationId: 'upsertModuleRecord',
    auth: true,
    handler: async (context) => {
      const definition = module(context);
      const user = requireActingUser(context);
      const items = readItems(await readJson(context.req));
      const result = upsertRecords(context, 'module', definition, items, {
        createdBy: user.id,
        validationSummary: 'MODULE_RECORD_VALIDATION_FAILED',
      });
      return createdReply(result);
    },
  },
  {
    method: 'PATCH',
    pattern: '/api/v1/module-record/{moduleName}',
    operationId: 'updateModuleRecord',
    auth: true,
    handler: async (context) => {
      const definition = module(context);
      const user = requireActingUser(context);
      const items = readItems(await readJson(context.req), true);
      const result = upsertRecords(context, 'module', definition, items, {
        createdBy: user.id,
        updateOnly: true,
        validationSummary: 'MODULE_RECORD_VALIDATION_FAILED',
      });
      return createdReply(result, 200);
    },
  },
  {
    method: 'DELETE',
    pattern: '/api/v1/module-record/{moduleName}',
    operationId: 'deleteModuleRecord',
    auth: true,
    handler: async (context) => {
      const definition = module(context);
      requireActingUser(context);
      const deleted = deleteRecords(context, 'module', definition, await readJson(context.req));
      if (deleted === 0) throw notFound('No matching record.');
      // The documented 200 has no body.
      return { status: 200, empty: true };
    },
  },
  {
    method: 'GET',
    pattern: '/api/v1/module-record/{moduleName}/expand',
    operationId: 'expandModuleRecords',
    auth: true,
    list: true,
    handler: (context) => expandModuleRecords(context, module(context)),
  },
  {
    method: 'GET',
    pattern: '/api/v1/hierarchy-master-record/{masterName}',
    operationId: 'getAllHierarchyMasterRecords',
    auth: true,
    list: true,
    handler: (context) => listRecords(context, 'hierarchy', hierarchy(context)),
  },
  {
    method: 'POST',
    pattern: '/api/v1/hierarchy-master-record/{masterName}',
    operationId: 'createHierarchyMasterRecord',
    auth: true,
    handler: async (context) => {
      const definition = hierarchy(context);
      const items = readItems(await readJson(context.req), true);
      const createdBy = context.auth?.userName ?? 'api';
      upsertRecords(context, 'hierarchy', definition, items, { createdBy });
      // The documented 201 has no body.
      return { status: 201, empty: true };
    },
  },
  {
    method: 'PATCH',
    pattern: '/api/v1/hierarchy-master-record/{masterName}',
    operationId: 'updateHierarchyMasterRecord',
    auth: true,
    handler: async (context) => {
      const definition = hierarchy(context);
      const items = readItems(await readJson(context.req), true);
      const createdBy = context.auth?.userName ?? 'api';
      const result = upsertRecords(context, 'hierarchy', definition, items, {
        createdBy,
        updateOnly: true,
      });
      if (result.updatedCount === 0)
        throw badRequest('No item matched a record; identify records by refId');
      return { status: 200, empty: true };
    },
  },
];
