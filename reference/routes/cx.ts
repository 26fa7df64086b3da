import { readJson } from '../http/body.ts';
import { badRequest } from '../http/errors.ts';
import type { Route } from '../http/router.ts';
import { header, isObject, readItems, requireActingUser, type App } from './common.ts';
import { resolveCollection, upsertRecords } from './records.ts';

const OBJECT_ID = /^[0-9a-f]{24}$/;

/** The two deprecated CX operations, kept because the documented contract still lists them. */
export const cxRoutes: Route<App>[] = [
  {
    method: 'POST',
    pattern: '/api/v1/cx/upload',
    operationId: 'uploadCxEquipment',
    auth: true,
    handler: async (context) => {
      if (!header(context, 'x-tenant-id') && !context.auth?.tenantId)
        throw badRequest('Missing tenant ID');
      if (!header(context, 'x-project-id')) throw badRequest('Missing project ID');
      if (!context.auth?.userName) throw badRequest('Missing user name');
      const body = await readJson(context.req);
      if (!isObject(body))
        throw badRequest('Request body must be an object with scheduleId and data');
      if (typeof body.scheduleId !== 'string' || body.scheduleId === '')
        throw badRequest('scheduleId is required');
      const items = readItems(body.data);
      items.forEach((item, index) => {
        for (const key of ['ID', 'Name']) {
          if (typeof item[key] !== 'string' || item[key] === '') {
            throw badRequest(`data[${index}].${key} is required`);
          }
        }
      });
      // The documented 200 has no body.
      return { status: 200, empty: true };
    },
  },
  {
    method: 'POST',
    pattern: '/api/v1/cx-step/createChecklist',
    operationId: 'createCxChecklist',
    auth: true,
    handler: async (context) => {
      const moduleName = context.query.get('moduleName');
      if (!moduleName) throw badRequest('moduleName is required');
      const user = requireActingUser(context);
      const definition = resolveCollection('module', moduleName, 'moduleName is required');
      const items = readItems(await readJson(context.req));
      const workfid = items[0]!.workfid;
      items.forEach((item, index) => {
        for (const key of ['workfid', 'scheduleid', 'subtaskid']) {
          if (item[key] === undefined || item[key] === '')
            throw badRequest(`Item ${index}: ${key} is required`);
        }
        if (typeof item.activityid !== 'string' || !OBJECT_ID.test(item.activityid)) {
          throw badRequest(`Item ${index}: activityid must be a 24-hex MongoDB ObjectId`);
        }
        if (item.workfid !== workfid)
          throw badRequest(`Item ${index}: workfid must be the same on every item`);
      });
      const withDates = items.map((item) => ({
        ...item,
        ex_manualstartdate: item.ex_manualstartdate ?? new Date().toISOString(),
      }));
      const result = upsertRecords(context, 'module', definition, withDates, {
        createdBy: user.id,
      });
      return { status: 200, json: { insertedIds: result.insertedIds } };
    },
  },
];
