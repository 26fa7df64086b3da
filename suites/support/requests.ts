/**
 * Builds requests from an operation's parameters: a valid request (from discovered data, examples,
 * defaults or the schema) and negative variants derived from each parameter's constraints.
 */
import type { Operation, Parameter } from '../../scripts/core/spec/types.ts';
import type { QueryValue } from './api.ts';
import type { Discovery } from './discovery.ts';
import { fillPath } from './spec.ts';

export interface PreparedRequest {
  /** Path below the base URL with every placeholder filled. */
  path: string;
  query: Record<string, QueryValue>;
  headers: Record<string, string>;
}

export type Preparation =
  { ok: true; request: PreparedRequest } | { ok: false; reason: string; enableWith?: string };

/** Page size used for functional calls: small bodies, but more than one record to validate. */
const FUNCTIONAL_PAGE_SIZE = 10;

const PAGING_PARAMETERS = new Set(['page', 'pagesize']);

/** Fills the operation's required parameters, and always `page` and `pageSize` where declared. */
export async function prepareValidRequest(
  operation: Operation,
  discovery: Discovery,
): Promise<Preparation> {
  const pathValues: Record<string, string> = {};
  const query: Record<string, QueryValue> = {};
  const headers: Record<string, string> = {};

  for (const parameter of operation.parameters) {
    const paging = PAGING_PARAMETERS.has(parameter.name.toLowerCase()) && parameter.in === 'query';
    if (!parameter.required && !paging) continue;
    if (parameter.in === 'cookie') {
      return {
        ok: false,
        reason: `Cookie parameter ${parameter.name} is not supported by the suite.`,
      };
    }

    const value = paging ? pagingValue(parameter) : await valueFor(operation, parameter, discovery);
    if (value === undefined) return { ok: false, ...missingValue(operation, parameter, discovery) };
    if (parameter.in === 'path') pathValues[parameter.name] = String(value);
    else if (parameter.in === 'query') query[parameter.name] = value;
    else headers[parameter.name] = String(value);
  }
  return { ok: true, request: { path: fillPath(operation.path, pathValues), query, headers } };
}

/** Finds a value that satisfies the parameter's schema: discovered data first, then the document. */
async function valueFor(
  operation: Operation,
  parameter: Parameter,
  discovery: Discovery,
): Promise<QueryValue> {
  const discovered = await discovery.valueFor(operation, parameter);
  if (discovered) return discovered.value;
  // A document's example of a module, record or tenant names the author's data, which the target
  // rarely contains. Sent as real data, it turns a working deployment's 404 or 500 into a failure.
  if (namesEntity(parameter)) return undefined;
  return documentedValue(parameter);
}

/** Query names that identify an entity: `moduleName`, `recordNumber`, `recordIds`, `userName`. */
const ENTITY_NAME = /(name|id|ids|number|module|user|group)$/i;

/**
 * True when the parameter names an entity or scope on the target (a module, a record, a tenant),
 * so only a value found on the target will do. Path and header parameters always do; a query
 * parameter does when its name says so. Free-form values (page, dates, flags) and documented enum
 * members are not entities, so the document's examples stay usable for them.
 */
export function namesEntity(parameter: Parameter): boolean {
  if (parameter.in === 'path' || parameter.in === 'header') return true;
  if (parameter.constraints.enum && parameter.constraints.enum.length > 0) return false;
  const type = primaryType(parameter);
  if (type === 'boolean' || type === 'array' || type === 'object') return false;
  return ENTITY_NAME.test(parameter.name);
}

export function documentedValue(parameter: Parameter): QueryValue {
  const schema = parameter.schema ?? {};
  const candidates = [parameter.example, schema.example, schema.default];
  for (const candidate of candidates) {
    if (['string', 'number', 'boolean'].includes(typeof candidate)) return candidate as QueryValue;
  }
  const { constraints } = parameter;
  if (constraints.enum && constraints.enum.length > 0) return constraints.enum[0] as QueryValue;
  const type = primaryType(parameter);
  if (type === 'integer' || type === 'number') return constraints.minimum ?? 1;
  if (type === 'boolean') return true;
  if (type === 'string') {
    if (constraints.format === 'date') return '2025-01-01';
    if (constraints.format === 'date-time') return '2025-01-01T00:00:00.000Z';
    return 'a'.repeat(Math.max(constraints.minLength ?? 1, 1));
  }
  return undefined;
}

function pagingValue(parameter: Parameter): number {
  const { minimum, maximum } = parameter.constraints;
  if (parameter.name.toLowerCase() === 'page') return Math.max(minimum ?? 1, 1);
  return Math.min(Math.max(FUNCTIONAL_PAGE_SIZE, minimum ?? 1), maximum ?? FUNCTIONAL_PAGE_SIZE);
}

/**
 * Why a required parameter has no value, and the option that would supply one. The option is
 * named only where it does supply the value: a module that lists no record gives no record number
 * whatever else is set.
 */
export function missingValue(
  operation: Operation,
  parameter: Parameter,
  discovery: Discovery,
): { reason: string; enableWith?: string } {
  const name = parameter.name.toLowerCase();
  const subject = `the required ${parameter.in} parameter ${parameter.name}`;
  if (name === 'mastername' && operation.path.includes('hierarchy')) {
    return {
      reason:
        `No hierarchy master is known for ${subject}: no operation of the API lists ` +
        'hierarchy masters and the scratch master is an ordinary one, so only ' +
        '--hierarchy-master can name it.',
      enableWith: '--hierarchy-master',
    };
  }
  if (name === 'mastername') {
    return {
      reason: `No master is known for ${subject}: no operation of the API lists masters.`,
      enableWith: '--scratch-master',
    };
  }
  if (name === 'modulename' || name === 'module') {
    return {
      reason: `No module is known for ${subject}: no operation of the API lists modules.`,
      enableWith: '--scratch-module',
    };
  }
  if (['recordnumber', 'recordid', 'tableid'].includes(name)) {
    const module = discovery.moduleName();
    const source = name === 'tableid' ? 'sub-table' : 'record';
    return module
      ? {
          reason: `No value for ${subject}: the module ${module.value} lists no ${source} to take it from.`,
        }
      : {
          reason: `No value for ${subject}: it is taken from a module ${source}, and no module is known.`,
          enableWith: '--scratch-module',
        };
  }
  if (namesEntity(parameter)) {
    return {
      reason:
        `No value for ${subject}: the target lists none, and the document's example names ` +
        'data the target may not hold.',
    };
  }
  return { reason: `No value for ${subject}: the document gives no example and no schema type.` };
}

export type NegativeCaseName =
  'below-minimum' | 'above-maximum' | 'wrong-type' | 'not-in-enum' | 'too-long' | 'missing';

export interface NegativeCase {
  parameter: Parameter;
  name: NegativeCaseName;
  /** The invalid value sent; undefined for `missing`, which leaves the parameter out. */
  value?: QueryValue;
  /** Constraint the document states, for the Documented line of a failure. */
  documented: string;
}

/**
 * Invalid variants of each query parameter, one constraint at a time. Path and header parameters
 * are left out: a bad path value looks like an unknown resource, not a validation error.
 */
export function negativeCases(operation: Operation): NegativeCase[] {
  const cases: NegativeCase[] = [];
  for (const parameter of operation.parameters) {
    if (parameter.in !== 'query') continue;
    const { constraints } = parameter;
    const type = primaryType(parameter);
    const numeric = type === 'integer' || type === 'number';
    if (numeric && constraints.minimum !== undefined) {
      cases.push({
        parameter,
        name: 'below-minimum',
        value: constraints.minimum - 1,
        documented: `${parameter.name} >= ${constraints.minimum}`,
      });
    }
    if (numeric && constraints.maximum !== undefined) {
      cases.push({
        parameter,
        name: 'above-maximum',
        value: constraints.maximum + 1,
        documented: `${parameter.name} <= ${constraints.maximum}`,
      });
    }
    if (numeric) {
      cases.push({
        parameter,
        name: 'wrong-type',
        value: 'abc',
        documented: `${parameter.name} is ${type === 'integer' ? 'an integer' : 'a number'}`,
      });
    }
    if (type === 'string' && constraints.enum && constraints.enum.length > 0) {
      cases.push({
        parameter,
        name: 'not-in-enum',
        value: 'not-a-documented-value',
        documented: `${parameter.name} is one of ${constraints.enum.map(String).join(', ')}`,
      });
    }
    if (type === 'string' && constraints.maxLength !== undefined) {
      cases.push({
        parameter,
        name: 'too-long',
        value: 'a'.repeat(constraints.maxLength + 1),
        documented: `${parameter.name} has at most ${constraints.maxLength} characters`,
      });
    }
    if (parameter.required) {
      cases.push({ parameter, name: 'missing', documented: `${parameter.name} is required` });
    }
  }
  return cases;
}

/** Applies one negative case to a valid request. */
export function applyNegativeCase(
  request: PreparedRequest,
  negative: NegativeCase,
): PreparedRequest {
  const query = { ...request.query };
  if (negative.name === 'missing') delete query[negative.parameter.name];
  else query[negative.parameter.name] = negative.value;
  return { ...request, query };
}

function primaryType(parameter: Parameter): string | undefined {
  const type = parameter.constraints.type ?? parameter.schema?.type;
  if (Array.isArray(type)) return type.find((t) => t !== 'null') as string | undefined;
  return typeof type === 'string' ? type : undefined;
}
