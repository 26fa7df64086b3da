import type { Db } from './database.ts';
import { PROJECT_IDS, TENANT_ID } from './catalog.ts';
import type { Doc, EntityKind } from './entities.ts';
import { newShortId, seededRandom } from './ids.ts';
import { buildRecord, currencyValue } from './records.ts';

/** Row counts of the seed; tests assert exact filter results against them. */
export const SEED_COUNTS = {
  LOCATION: 1200,
  VENDOR: 300,
  ASSET_TREE: 60,
  INSPECTION_CHECKLIST: 1500,
  SAT_TDSP: 200,
  SCRATCH: 5,
  SCRATCH_MODULE: 5,
} as const;

/** Names of the scratch collections that reference runs pass as scratchMaster and scratchModule. */
export const SCRATCH_COLLECTIONS = { master: 'SCRATCH', module: 'SCRATCH_MODULE' } as const;

/** Acting users. `status` 1 is active; viewers may not delete. */
export const SEED_USERS = [
  {
    userName: 'johndoe@exto360.com',
    firstName: 'John',
    lastName: 'Doe',
    status: 1,
    canDelete: true,
  },
  {
    userName: 'jasonsmith@exto360.com',
    firstName: 'Jason',
    lastName: 'Smith',
    status: 1,
    canDelete: true,
  },
  {
    userName: 'qa.viewer@exto360.com',
    firstName: 'Quinn',
    lastName: 'Viewer',
    status: 1,
    canDelete: false,
  },
  {
    userName: 'inactive.user@exto360.com',
    firstName: 'Ina',
    lastName: 'Active',
    status: 0,
    canDelete: true,
  },
  // Belongs to another tenant, so writes in this tenant get 403.
  {
    userName: 'outsider@other-tenant.com',
    firstName: 'Otto',
    lastName: 'Sider',
    status: 1,
    canDelete: true,
    tenantID: 'zzOther',
  },
] as const;

const CITIES = ['Austin', 'Berlin', 'Chennai', 'Denver', 'Lisbon', 'Osaka', 'Pune', 'Toronto'];
const DOMAINS = ['exto360.com', 'example.com', 'contoso.org'];
const CURRENCIES = ['USD', 'EUR', 'INR'];
const STATUSES = ['Draft', 'In Progress', 'Approved', 'Rejected'];
const BASE_MS = Date.parse('2025-01-01T00:00:00.000Z');
const DAY_MS = 86_400_000;

/** Fills an empty database with the same data on every machine (fixed pseudo-random seed). */
export function seedDatabase(db: Db): void {
  const random = seededRandom(20260101);
  const insert = db.prepare('INSERT INTO entities (kind, collection, id, doc) VALUES (?, ?, ?, ?)');
  const put = (kind: EntityKind, collection: string, doc: Doc): void => {
    insert.run(kind, collection, doc.id, JSON.stringify(doc));
  };
  let idCounter = 0;
  const objectId = (ms: number): string => {
    idCounter += 1;
    const seconds = Math.floor(ms / 1000)
      .toString(16)
      .padStart(8, '0');
    return `${seconds}5eed${idCounter.toString(16).padStart(12, '0')}`;
  };
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const int = (min: number, max: number): number => min + Math.floor(random() * (max - min + 1));
  const maybe = <T>(share: number, value: () => T): T | null => (random() < share ? null : value());
  const day = (fromMs: number, spanDays: number): string =>
    new Date(fromMs + int(0, spanDays) * DAY_MS).toISOString().slice(0, 10);
  // Date-times spread over every hour, so a time zone moves some of them to another day.
  const dateTime = (): string =>
    new Date(
      Date.parse('2024-01-01T00:00:00Z') + Math.floor(random() * 730 * DAY_MS),
    ).toISOString();
  const createdAt = (index: number): string =>
    new Date(BASE_MS + index * 47 * 60_000 + int(0, 999)).toISOString();
  const user = (): string => pick(SEED_USERS.slice(0, 2)).userName;

  const record = (
    kind: EntityKind,
    name: string,
    prefix: string,
    index: number,
    customFields: Record<string, unknown>,
    more: { status?: string; parentID?: string | null; extra?: Record<string, unknown> } = {},
  ): Doc => {
    const at = createdAt(index);
    const doc = buildRecord({
      id: objectId(Date.parse(at)),
      refId: newShortId(random),
      recordNumber: `${prefix}-${index}`,
      customFields,
      projectID: pick(PROJECT_IDS),
      createdBy: user(),
      createdAt: at,
      ...more,
    });
    put(kind, name, doc);
    return doc;
  };

  for (let i = 1; i <= SEED_COUNTS.LOCATION; i++) {
    record('master', 'LOCATION', 'LOC', i, {
      code: `LOC-${String(i).padStart(4, '0')}`,
      name: `Location ${i}`,
      city: pick(CITIES),
      email_id: maybe(0.15, () => `site${i}@${pick(DOMAINS)}`),
      number1: maybe(0.1, () => int(0, 99)),
      number2: int(1, 10),
      capacity: int(10, 5000),
      budget: maybe(0.1, () => currencyValue(int(100, 99_999) / 4, pick(CURRENCIES))),
      date1: maybe(0.1, () => day(Date.parse('2024-01-01T00:00:00Z'), 730)),
      inspectedAt: maybe(0.1, dateTime),
      active: random() < 0.7,
      checkbox: ['A', 'B', 'C'].filter(() => random() < 0.4),
    });
  }
  for (let i = 1; i <= SEED_COUNTS.VENDOR; i++) {
    record('master', 'VENDOR', 'VEN', i, {
      vendor_code: `VEN-${String(i).padStart(4, '0')}`,
      vendor_name: `Vendor ${i}`,
      email_id: maybe(0.2, () => `sales${i}@${pick(DOMAINS)}`),
      rating: maybe(0.1, () => int(1, 5)),
      contract_value: currencyValue(int(1000, 500_000), pick(CURRENCIES)),
      since: day(Date.parse('2015-01-01T00:00:00Z'), 3650),
      preferred: random() < 0.3,
    });
  }
  // A three-level tree: 4 roots, 4 children each, then leaves under the children.
  const hierarchy: Doc[] = [];
  for (let i = 1; i <= SEED_COUNTS.ASSET_TREE; i++) {
    let parent: Doc | undefined;
    if (i > 20) parent = hierarchy[4 + ((i - 21) % 16)];
    else if (i > 4) parent = hierarchy[(i - 5) % 4];
    const rowID = `row-${i}`;
    const parentRow = parent ? String(parent.sys_rowID) : null;
    const path = parent ? `${String(parent.sys_path)}/${rowID}` : `/${rowID}`;
    hierarchy.push(
      record(
        'hierarchy',
        'ASSET_TREE',
        'AST',
        i,
        {
          asset_code: `AST-${String(i).padStart(3, '0')}`,
          asset_name: `Asset ${i}`,
          level: path.split('/').length - 2,
        },
        {
          parentID: parent ? parent.id : null,
          extra: { sys_rowID: rowID, sys_parentRowID: parentRow, sys_path: path },
        },
      ),
    );
  }
  const modules: Array<{ name: 'INSPECTION_CHECKLIST' | 'SAT_TDSP'; prefix: string }> = [
    { name: 'INSPECTION_CHECKLIST', prefix: 'INS' },
    { name: 'SAT_TDSP', prefix: 'TDSP' },
  ];
  for (const { name, prefix } of modules) {
    for (let i = 1; i <= SEED_COUNTS[name]; i++) {
      const fields =
        name === 'INSPECTION_CHECKLIST'
          ? {
              serial_number: 1000 + i,
              title: `Inspection ${i}`,
              email_id: maybe(0.15, () => `inspector${i % 40}@${pick(DOMAINS)}`),
              score: maybe(0.1, () => int(0, 100)),
              cost: maybe(0.2, () => currencyValue(int(50, 20_000), pick(CURRENCIES))),
              due_date: maybe(0.1, () => day(Date.parse('2025-01-01T00:00:00Z'), 365)),
              inspectedAt: maybe(0.1, dateTime),
              passed: random() < 0.6,
              tags: ['electrical', 'fire', 'hvac'].filter(() => random() < 0.35),
              notes: maybe(0.5, () => `Line one\nLine two of record ${i}`),
            }
          : {
              serial_number: i,
              title: `TDSP ${i}`,
              phase: pick(['Design', 'Build', 'Test']),
              start_date: day(Date.parse('2025-01-01T00:00:00Z'), 365),
            };
      const doc = record('module', name, prefix, i, fields, { status: pick(STATUSES) });
      if (i <= 40) seedSubRows(doc, name, i);
      if (doc.status !== 'Draft') seedWorkflow(doc, name);
    }
  }

  function seedSubRows(parent: Doc, moduleName: string, index: number): void {
    const tables =
      moduleName === 'INSPECTION_CHECKLIST' ? ['Findings', 'Signatures'] : ['Signatures'];
    for (const tableID of tables) {
      const rows = tableID === 'Findings' ? index % 6 : index % 4;
      for (let r = 1; r <= rows; r++) {
        const at = new Date(Date.parse(String(parent.createdAt)) + r * 60_000).toISOString();
        const customFields =
          tableID === 'Findings'
            ? { item: `Finding ${r}`, severity: pick(['Low', 'Medium', 'High']), count: int(1, 9) }
            : { signer: user(), signedAt: at };
        const row = buildRecord({
          id: objectId(Date.parse(at)),
          refId: newShortId(random),
          recordNumber: `${String(parent.recordNumber)}-${tableID[0]}${r}`,
          customFields,
          projectID: String(parent.projectID),
          createdBy: user(),
          createdAt: at,
          parentID: parent.id,
        });
        put('subrow', `${moduleName}/${parent.id}/${tableID}`, row);
      }
    }
  }

  function seedWorkflow(doc: Doc, moduleName: string): void {
    const at = String(doc.createdAt);
    const id = objectId(Date.parse(at));
    put('workflow', moduleName, {
      id,
      workflowId: id,
      recordId: doc.id,
      recordNumber: doc.recordNumber,
      templateName: `${moduleName} Approval`,
      currentStepName: doc.status === 'Approved' ? 'Done' : 'Manager Review',
      status: doc.status,
      createdBy: {
        id: objectId(BASE_MS),
        firstName: 'John',
        lastName: 'Doe',
        email: 'johndoe@exto360.com',
        status: 1,
      },
      lastUpdatedBy: null,
      steps: [
        {
          name: 'Submission',
          kind: 'FORM',
          active: false,
          createdAt: at,
          completedAt: at,
          completedAction: { name: 'Submit', status: 'Completed', nextStepName: 'Manager Review' },
          completedBy: null,
          submittedBy: [
            { submittedAction: 'Submit', submittedAt: at, withdrawnAt: null, submittedBy: null },
          ],
          previousUser: null,
          responsibleUsers: [],
          responsibleGroups: [],
          ballInCourt: { users: [], groups: [] },
          comments: [],
        },
      ],
      generalComments: [],
      projectID: doc.projectID,
    });
  }

  for (const seedUser of SEED_USERS) {
    put('user', '', {
      id: seedUser.userName,
      user: {
        userName: seedUser.userName,
        firstName: seedUser.firstName,
        lastName: seedUser.lastName,
        fullName: `${seedUser.firstName} ${seedUser.lastName}`,
        email: seedUser.userName,
        applicationRole: 'PME',
        loginMethod: 'NATIVE',
        company: '',
        status: seedUser.status,
        employeeId: null,
        verifyEmailOTP: false,
        autoRenewMSAccessToken: false,
        autoRenewGoogleAccessToken: false,
      },
      groups: ['Group 1'],
      projects: PROJECT_IDS.map((projectID) => ({ projectID, groups: ['GG1'], spaces: [] })),
      tenantID: 'tenantID' in seedUser ? seedUser.tenantID : TENANT_ID,
      canDelete: seedUser.canDelete,
    });
  }
  for (let g = 1; g <= 8; g++) {
    const projectLevel = g > 4;
    put('group', '', {
      id: `g_${g}`,
      groupId: `g_${g}`,
      name: projectLevel ? `GG${g - 4}` : `Group ${g}`,
      level: projectLevel ? 'PROJECT' : 'TENANT',
      projectID: projectLevel ? PROJECT_IDS[g % 2] : null,
      members: [],
    });
  }
  const workspaces: Doc[] = [];
  for (let w = 1; w <= 5; w++) {
    const at = createdAt(w);
    const workspace: Doc = {
      id: objectId(Date.parse(at)),
      name: ['West Region', 'East Region', 'Plant A', 'Plant B', 'Warehouse'][w - 1]!,
      parentId: w <= 2 ? null : workspaces[(w - 3) % 2]!.id,
      createdAt: at,
      updatedAt: at,
    };
    workspaces.push(workspace);
    put('workspace', '', workspace);
  }
  const jobTypes = ['Import', 'Export', 'Summarize', 'Load', 'Copy'];
  const jobStatuses = ['Not Started', 'In Progress', 'Completed', 'Failed'];
  for (let j = 1; j <= 30; j++) {
    const at = createdAt(j * 3);
    const status = pick(jobStatuses);
    const job: Doc = {
      id: objectId(Date.parse(at)),
      tenantID: TENANT_ID,
      projectID: PROJECT_IDS[j % 2]!,
      jobTitle: `${pick(jobTypes)} job ${j}`,
      jobType: pick(jobTypes),
      status,
      createdAt: at,
      createdBy: user(),
      log: [{ timeStamp: at, message: 'Job registered', level: 'info', duration: 0 }],
      meta: { timeStamp: at, fileName: `batch-${j}.csv` },
    };
    if (status === 'Completed' || status === 'Failed') {
      job.completedAt = new Date(Date.parse(at) + 90_000).toISOString();
      job.duration = 90_000;
    }
    put('job', job.projectID as string, { _id: job.id, ...job });
  }
  // Seeded last, so every collection above keeps the same pseudo-random data as before.
  for (let i = 1; i <= SEED_COUNTS.SCRATCH; i++) {
    record('master', SCRATCH_COLLECTIONS.master, 'SCR', i, {
      code: `SCR-${String(i).padStart(3, '0')}`,
      name: `Scratch ${i}`,
      city: pick(CITIES),
      email_id: null,
      number1: null,
      number2: int(1, 10),
      capacity: int(10, 5000),
      budget: null,
      date1: null,
      inspectedAt: null,
      active: true,
      checkbox: [],
    });
  }
  for (let i = 1; i <= SEED_COUNTS.SCRATCH_MODULE; i++) {
    record(
      'module',
      SCRATCH_COLLECTIONS.module,
      'SCM',
      i,
      {
        serial_number: i,
        title: `Scratch module ${i}`,
      },
      { status: 'Draft' },
    );
  }
}
