/**
 * Finds values for required parameters: first on the target itself (records, users, workspaces it
 * lists), then in the run settings (scratch master and module, hierarchy master), and for the
 * embedded reference server from its known seed. A parameter with no value makes its operation
 * skipped, never passed.
 */
import type { RunSettings } from '../../scripts/core/run-settings.ts';
import type { Operation, Parameter } from '../../scripts/core/spec/types.ts';
import type { ApiClient } from './api.ts';

/**
 * Names the reference server seeds. Used only when the target is the reference server, because a
 * real deployment has its own tenant-specific names.
 */
export const REFERENCE_SEED = {
  master: 'LOCATION',
  hierarchyMaster: 'ASSET_TREE',
  module: 'INSPECTION_CHECKLIST',
} as const;

export interface DiscoveredValue {
  value: string;
  /** Origin of the value, for skip reasons and reports. */
  source: string;
}

type Row = Record<string, unknown>;

export class Discovery {
  private readonly memo = new Map<string, Promise<unknown>>();

  constructor(
    private readonly client: ApiClient,
    private readonly settings: RunSettings,
  ) {}

  get isReferenceTarget(): boolean {
    return this.settings.referenceAdminUrl !== undefined;
  }

  masterName(): DiscoveredValue | undefined {
    // The reference server's scratch master holds only the write checks' records; reads use the
    // seeded master, whose counts the filter checks assert.
    if (this.isReferenceTarget) return { value: REFERENCE_SEED.master, source: 'reference seed' };
    if (this.settings.scratchMaster)
      return { value: this.settings.scratchMaster, source: 'scratchMaster' };
    return undefined;
  }

  hierarchyMasterName(): DiscoveredValue | undefined {
    // No operation of the API lists hierarchy masters, and the scratch master is an ordinary one.
    // The run settings are therefore the only source. The CLI fills them from --hierarchy-master,
    // or with the seeded one on reference runs.
    if (this.settings.hierarchyMaster)
      return { value: this.settings.hierarchyMaster, source: 'hierarchyMaster' };
    if (this.isReferenceTarget)
      return { value: REFERENCE_SEED.hierarchyMaster, source: 'reference seed' };
    return undefined;
  }

  moduleName(): DiscoveredValue | undefined {
    if (this.isReferenceTarget) return { value: REFERENCE_SEED.module, source: 'reference seed' };
    if (this.settings.scratchModule)
      return { value: this.settings.scratchModule, source: 'scratchModule' };
    return undefined;
  }

  /** Rows of the first page of the master (up to `pageSize`), read once per worker. */
  masterRows(pageSize = 100): Promise<Row[]> {
    const master = this.masterName();
    if (!master) return Promise.resolve([]);
    return this.rowsOf(`/api/v1/master-record/${encodeURIComponent(master.value)}`, pageSize);
  }

  moduleRows(pageSize = 100): Promise<Row[]> {
    const module = this.moduleName();
    if (!module) return Promise.resolve([]);
    return this.rowsOf(`/api/v1/module-record/${encodeURIComponent(module.value)}`, pageSize);
  }

  async moduleRecordId(): Promise<DiscoveredValue | undefined> {
    const id = stringField((await this.moduleRows())[0], '_id');
    return id ? { value: id, source: 'first module record' } : undefined;
  }

  async moduleRecordNumber(): Promise<DiscoveredValue | undefined> {
    const number = stringField((await this.moduleRows())[0], 'recordNumber');
    return number
      ? { value: number, source: 'recordNumber of the first module record' }
      : undefined;
  }

  async projectId(): Promise<DiscoveredValue | undefined> {
    const rows = [...(await this.masterRows()), ...(await this.moduleRows())];
    for (const row of rows) {
      const id = stringField(row, 'projectID');
      if (id) return { value: id, source: 'projectID of a listed record' };
    }
    return undefined;
  }

  async tenantId(): Promise<DiscoveredValue | undefined> {
    const rows = [...(await this.masterRows()), ...(await this.moduleRows())];
    for (const row of rows) {
      const id = stringField(row, 'tenantID');
      if (id) return { value: id, source: 'tenantID of a listed record' };
    }
    return undefined;
  }

  async userName(): Promise<DiscoveredValue | undefined> {
    const body = await this.getJson('/api/v1/user/user-access', { page: 1, pageSize: 10 });
    const items = Array.isArray(body) ? body : rowsField(body);
    for (const item of items) {
      const name =
        stringField(item, 'user') ?? stringField(item, 'username') ?? stringField(item, 'userName');
      if (name) return { value: name, source: 'GET /api/v1/user/user-access' };
    }
    const createdBy = stringField((await this.moduleRows())[0], 'createdBy');
    return createdBy ? { value: createdBy, source: 'createdBy of a module record' } : undefined;
  }

  async workspaceId(): Promise<DiscoveredValue | undefined> {
    const body = await this.getJson('/api/v1/workspace', { page: 1, pageSize: 10 });
    const first = Array.isArray(body) ? (body[0] as Row | undefined) : rowsField(body)[0];
    const id = stringField(first, 'id') ?? stringField(first, '_id');
    return id ? { value: id, source: 'GET /api/v1/workspace' } : undefined;
  }

  async jobId(): Promise<DiscoveredValue | undefined> {
    const project = await this.projectId();
    if (!project) return undefined;
    const body = await this.getJson(`/api/v1/jobstatus/${encodeURIComponent(project.value)}`, {
      page: 1,
      pageSize: 10,
    });
    const data = body && typeof body === 'object' ? (body as Row).data : undefined;
    const first = Array.isArray(data) ? (data[0] as Row | undefined) : undefined;
    const id = stringField(first, 'id') ?? stringField(first, '_id');
    return id ? { value: id, source: 'GET /api/v1/jobstatus/{projectID}' } : undefined;
  }

  /** Finds a sub-table id of the module in the `subTables` of the `/expand` operation. */
  async subTableId(): Promise<DiscoveredValue | undefined> {
    const module = this.moduleName();
    if (!module) return undefined;
    const body = await this.getJson(
      `/api/v1/module-record/${encodeURIComponent(module.value)}/expand`,
      { page: 1, pageSize: 1 },
    );
    const subTables = body && typeof body === 'object' ? (body as Row).subTables : undefined;
    const candidates = Array.isArray(subTables)
      ? subTables
      : subTables && typeof subTables === 'object'
        ? Object.keys(subTables).map((key) => ({ tableID: key }))
        : [];
    for (const table of candidates) {
      const id =
        typeof table === 'string'
          ? table
          : (stringField(table as Row, 'tableID') ??
            stringField(table as Row, 'tableId') ??
            stringField(table as Row, 'id'));
      if (id) return { value: id, source: 'subTables of /expand' };
    }
    return undefined;
  }

  /**
   * Finds a value for one parameter of an operation, by name and path. Returns undefined when the
   * suite has no source for it.
   */
  async valueFor(operation: Operation, parameter: Parameter): Promise<DiscoveredValue | undefined> {
    const name = parameter.name.toLowerCase();
    const path = operation.path;
    switch (name) {
      case 'mastername':
        return path.includes('hierarchy') ? this.hierarchyMasterName() : this.masterName();
      case 'modulename':
      case 'module':
        return this.moduleName();
      case 'x-tenant-id':
      case 'tenantid':
        return this.tenantId();
      case 'recordid':
        return this.moduleRecordId();
      case 'recordnumber':
        return this.moduleRecordNumber();
      case 'projectid':
      case 'x-project-id':
        return this.projectId();
      case 'username':
        return this.userName();
      case 'tableid':
        return this.subTableId();
      case 'id':
        if (path.startsWith('/api/v1/workspace/')) return this.workspaceId();
        if (path.startsWith('/api/v1/jobstatus/')) return this.jobId();
        return undefined;
      default:
        return undefined;
    }
  }

  private rowsOf(path: string, pageSize: number): Promise<Row[]> {
    return this.once(`rows ${path} ${pageSize}`, async () => {
      const body = await this.getJson(path, { page: 1, pageSize });
      return Array.isArray(body) ? (body as Row[]) : rowsField(body);
    });
  }

  /** GET once per worker; a failed lookup yields undefined, so the dependent checks skip. */
  private getJson(path: string, query: Record<string, number | string>): Promise<unknown> {
    return this.once(`get ${path} ${JSON.stringify(query)}`, async () => {
      const response = await this.client.get(path, query);
      return response.status >= 200 && response.status < 300 ? response.json : undefined;
    });
  }

  /** Runs `load` once per worker for `key` and shares its promise with later callers. */
  once<T>(key: string, load: () => Promise<T>): Promise<T> {
    let pending = this.memo.get(key) as Promise<T> | undefined;
    if (!pending) {
      pending = load();
      this.memo.set(key, pending);
    }
    return pending;
  }
}

function rowsField(body: unknown): Row[] {
  if (!body || typeof body !== 'object') return [];
  const rows = (body as Row).rows ?? (body as Row).records ?? (body as Row).data;
  return Array.isArray(rows) ? (rows as Row[]) : [];
}

function stringField(row: Row | undefined, field: string): string | undefined {
  const value = row?.[field];
  return typeof value === 'string' && value !== '' ? value : undefined;
}
