import type { FieldType } from '../filter/index.ts';

/** Kind of a custom field, which decides the JSON form of its value in `customFields`. */
export type FieldKind =
  'number' | 'string' | 'date' | 'datetime' | 'boolean' | 'checkbox' | 'currency' | 'select';

export type CollectionKind = 'master' | 'module' | 'hierarchy';

export interface CollectionDefinition {
  kind: CollectionKind;
  /** Upper case; lookups upper-case the name from the path first. */
  name: string;
  fields: Record<string, FieldKind>;
  /** The field an upsert matches existing records on. */
  uniqueField: string;
  /** Prefix of generated record numbers, for example `LOC` gives `LOC-1`. */
  recordPrefix: string;
  /** Sub-tables of a module, by tableID. */
  subTables?: Record<string, { name: string; fields: Record<string, FieldKind> }>;
}

export const TENANT_ID = 'cwWdTZK';
/** Projects of the seeded tenant; records are spread across both. */
export const PROJECT_IDS = ['Vx6-j2Z', 'p6iDlWb'] as const;

const LOCATION_FIELDS: Record<string, FieldKind> = {
  code: 'string',
  name: 'string',
  city: 'select',
  email_id: 'string',
  number1: 'number',
  number2: 'number',
  capacity: 'number',
  budget: 'currency',
  date1: 'date',
  inspectedAt: 'datetime',
  active: 'boolean',
  checkbox: 'checkbox',
};

export const CATALOG: CollectionDefinition[] = [
  {
    kind: 'master',
    name: 'LOCATION',
    fields: LOCATION_FIELDS,
    uniqueField: 'code',
    recordPrefix: 'LOC',
  },
  {
    kind: 'master',
    name: 'VENDOR',
    fields: {
      vendor_code: 'string',
      vendor_name: 'string',
      email_id: 'string',
      rating: 'number',
      contract_value: 'currency',
      since: 'date',
      preferred: 'boolean',
    },
    uniqueField: 'vendor_code',
    recordPrefix: 'VEN',
  },
  {
    kind: 'hierarchy',
    name: 'ASSET_TREE',
    fields: { asset_code: 'string', asset_name: 'string', level: 'number' },
    uniqueField: 'asset_code',
    recordPrefix: 'AST',
  },
  {
    kind: 'module',
    name: 'INSPECTION_CHECKLIST',
    fields: {
      serial_number: 'number',
      title: 'string',
      email_id: 'string',
      score: 'number',
      cost: 'currency',
      due_date: 'date',
      inspectedAt: 'datetime',
      passed: 'boolean',
      tags: 'checkbox',
      notes: 'string',
    },
    uniqueField: 'serial_number',
    recordPrefix: 'INS',
    subTables: {
      Findings: {
        name: 'Findings',
        fields: { item: 'string', severity: 'select', count: 'number' },
      },
      Signatures: { name: 'Signatures', fields: { signer: 'string', signedAt: 'datetime' } },
    },
  },
  {
    kind: 'module',
    name: 'SAT_TDSP',
    fields: { serial_number: 'number', title: 'string', phase: 'select', start_date: 'date' },
    uniqueField: 'serial_number',
    recordPrefix: 'TDSP',
    subTables: {
      Signatures: { name: 'Signatures', fields: { signer: 'string', signedAt: 'datetime' } },
    },
  },
  // Scratch collections for the write checks of a reference run: writes land here, so the
  // pagination and filter checks that run in parallel on LOCATION keep their exact counts. SCRATCH
  // has LOCATION's fields, because the write checks build their records from a LOCATION row.
  {
    kind: 'master',
    name: 'SCRATCH',
    fields: LOCATION_FIELDS,
    uniqueField: 'code',
    recordPrefix: 'SCR',
  },
  {
    kind: 'module',
    name: 'SCRATCH_MODULE',
    fields: { serial_number: 'number', title: 'string' },
    uniqueField: 'serial_number',
    recordPrefix: 'SCM',
  },
];

/** Fields every record carries outside `customFields`, with their filter types. */
const SYSTEM_FIELDS: Record<string, FieldType> = {
  createdAt: 'DATE',
  updatedAt: 'DATE',
  createdBy: 'STRING',
  updatedBy: 'STRING',
  recordNumber: 'STRING',
  refId: 'STRING',
  slug: 'STRING',
  status: 'STRING',
  projectID: 'STRING',
};

const FILTER_TYPE: Record<FieldKind, FieldType> = {
  number: 'NUMBER',
  currency: 'NUMBER',
  string: 'STRING',
  select: 'STRING',
  date: 'DATE',
  datetime: 'DATE',
  boolean: 'PRIMITIVE',
  checkbox: 'PRIMITIVE',
};

export function findCollection(
  kind: CollectionKind,
  name: string,
): CollectionDefinition | undefined {
  const upper = name.toUpperCase();
  return CATALOG.find((c) => c.kind === kind && c.name === upper);
}

/** Filter type of a field of `fields`, or of a system field; undefined for an unknown field. */
export function filterTypeOf(
  fields: Record<string, FieldKind>,
  field: string,
): FieldType | undefined {
  const kind = fields[field];
  return kind ? FILTER_TYPE[kind] : SYSTEM_FIELDS[field];
}
