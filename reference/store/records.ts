import { TENANT_ID } from './catalog.ts';
import type { Doc } from './entities.ts';

export interface NewRecord {
  id: string;
  refId: string;
  recordNumber: string;
  customFields: Record<string, unknown>;
  projectID: string;
  createdBy: string;
  /** ISO 8601 UTC with milliseconds. */
  createdAt: string;
  parentID?: string | null;
  status?: string;
  /** Extra top-level fields, for example the `sys_*` fields of hierarchy rows. */
  extra?: Record<string, unknown>;
}

/** Builds a record in the documented field order: `_id` first, `id` (equal to `_id`) last. */
export function buildRecord(input: NewRecord): Doc {
  return {
    _id: input.id,
    customFields: input.customFields,
    parentID: input.parentID ?? null,
    slug: input.refId,
    refId: input.refId,
    recordNumber: input.recordNumber,
    ...(input.status === undefined ? {} : { status: input.status }),
    ...input.extra,
    tenantID: TENANT_ID,
    createdBy: input.createdBy,
    createdAt: input.createdAt,
    updatedBy: input.createdBy,
    updatedAt: input.createdAt,
    isDeleted: false,
    projectID: input.projectID,
    id: input.id,
  };
}

/** Formats a currency value as documented: `{label: "12.000 USD", value: 12, currency: "USD"}`. */
export function currencyValue(value: number, currency: string): Record<string, unknown> {
  return { label: `${value.toFixed(3)} ${currency}`, value, currency };
}

/** Returns the next free number for record numbers such as `LOC-17`: one above the highest in use. */
export function nextRecordNumber(docs: readonly Doc[]): number {
  let max = 0;
  for (const doc of docs) {
    const match = /-(\d+)$/.exec(String(doc.recordNumber ?? ''));
    if (match) max = Math.max(max, Number(match[1]));
  }
  return max + 1;
}
