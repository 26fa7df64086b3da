/**
 * The list operations the hand-written suites exercise (GET master and GET module records), found
 * in the loaded document by method and path so their operationIds match the spec-driven checks.
 */
import type { Operation } from '../../scripts/core/spec/types.ts';
import type { ApiClient, ApiResponse } from './api.ts';
import type { Discovery } from './discovery.ts';
import type { SuiteSpec } from './spec.ts';

export interface ListTarget {
  operationId: string;
  /** Path template, for example `/api/v1/master-record/{masterName}`. */
  template: string;
  /** Path with the collection filled in, or undefined when no collection name is known. */
  path?: string;
  collection?: string;
  /** Option that names a collection when none is known. */
  enableWith: string;
  /** True when the loaded document declares the operation (GET on this path template). */
  declared: boolean;
}

export const LIST_TEMPLATES = [
  {
    template: '/api/v1/master-record/{masterName}',
    fallbackId: 'getAllMasterRecords',
    enableWith: '--scratch-master',
  },
  {
    template: '/api/v1/module-record/{moduleName}',
    fallbackId: 'getAllModuleRecords',
    enableWith: '--scratch-module',
  },
] as const;

export function findOperation(
  spec: SuiteSpec | undefined,
  method: string,
  template: string,
): Operation | undefined {
  return spec?.loaded.operations.find((op) => op.method === method && op.path === template);
}

/** Every list target, declared by the loaded document or not (see `declared`). */
export function listTargets(spec: SuiteSpec | undefined): ListTarget[] {
  return LIST_TEMPLATES.map(({ template, fallbackId, enableWith }) => {
    const operation = findOperation(spec, 'get', template);
    return {
      operationId: operation?.operationId ?? fallbackId,
      template,
      enableWith,
      declared: operation !== undefined,
    };
  });
}

/**
 * The list targets the loaded document declares, matched by method and path template: a custom
 * document that leaves an operation out gets no checks for it, whatever its operationIds are.
 */
export function declaredListTargets(spec: SuiteSpec | undefined): ListTarget[] {
  return listTargets(spec).filter((target) => target.declared);
}

/** Fills the collection name from discovery; leaves `path` undefined when there is none. */
export function resolveListTarget(target: ListTarget, discovery: Discovery): ListTarget {
  const found = target.template.includes('{masterName}')
    ? discovery.masterName()
    : discovery.moduleName();
  if (!found) return target;
  const path = target.template.replace(/\{[^}]+\}/, encodeURIComponent(found.value));
  return { ...target, path, collection: found.value };
}

export interface Envelope {
  rows: Record<string, unknown>[];
  total: number;
  page: number;
  pageSize: number;
  totalPages: unknown;
}

/** Returns the list envelope of a response, or undefined for a bare array or another shape. */
export function envelopeOf(response: ApiResponse): Envelope | undefined {
  const body = response.json as Record<string, unknown> | undefined;
  if (!body || typeof body !== 'object' || Array.isArray(body) || !Array.isArray(body.rows))
    return undefined;
  return body as unknown as Envelope;
}

export interface ReadAllResult {
  /** False when a page did not return 200 with an envelope. Then `last` is that response. */
  ok: boolean;
  rows: Record<string, unknown>[];
  /** False when `maxPages` pages did not reach the end of the list. */
  complete: boolean;
  last: ApiResponse;
}

/** Reads every page of a list in pages of 1000, up to `maxPages`. */
export async function readAll(
  api: ApiClient,
  path: string,
  query: Record<string, string | number>,
  maxPages: number,
): Promise<ReadAllResult> {
  const rows: Record<string, unknown>[] = [];
  let last: ApiResponse | undefined;
  for (let page = 1; page <= maxPages; page++) {
    last = await api.get(path, { ...query, page, pageSize: 1000 });
    const envelope = envelopeOf(last);
    if (last.status !== 200 || !envelope) return { ok: false, rows, complete: false, last };
    rows.push(...envelope.rows);
    if (envelope.rows.length < 1000 || rows.length >= envelope.total) {
      return { ok: true, rows, complete: true, last };
    }
  }
  return { ok: true, rows, complete: false, last: last! };
}
