/**
 * A local model of the documented filter grammar: which of the records the suite can see each
 * condition should return. Where the documentation leaves a choice open (blank fields under `ne`
 * and `nc`, case sensitivity of string operators), a record may be returned or not.
 */

export type FilterType = 'NUMBER' | 'STRING' | 'DATE' | 'PRIMITIVE';
export type Expectation = 'in' | 'out' | 'either';
export type Row = Record<string, unknown>;

export interface Condition {
  field: string;
  type: FilterType;
  operator: string;
  /** `null` for the blank tests `eq:null` and `ne:null`. */
  value: string | null;
  /** Time zone for DATE comparisons of date-times. */
  timeZone?: string;
}

/** Form B `field:op:value`, the one most examples use. */
export function formB(condition: Condition): string {
  return `${condition.field}:${condition.operator}:${condition.value ?? 'null'}`;
}

/** Form A `field:TYPE:op:value`, the one of the syntax block. */
export function formA(condition: Condition): string {
  return `${condition.field}:${condition.type}:${condition.operator}:${condition.value ?? 'null'}`;
}

export function readField(row: Row, field: string): unknown {
  const custom = row.customFields as Row | undefined;
  return custom && field in custom ? custom[field] : row[field];
}

export function isBlank(value: unknown): boolean {
  return (
    value === null ||
    value === undefined ||
    value === '' ||
    (Array.isArray(value) && value.length === 0)
  );
}

export function expectation(row: Row, condition: Condition): Expectation {
  const value = readField(row, condition.field);
  if (condition.value === null) {
    const blank = isBlank(value);
    return (condition.operator === 'eq') === blank ? 'in' : 'out';
  }
  if (isBlank(value)) {
    // Whether a blank field is "not equal" to a value is not documented (MongoDB's $ne matches them).
    return condition.operator === 'ne' || condition.operator === 'nc' ? 'either' : 'out';
  }
  switch (condition.type) {
    case 'NUMBER':
      return numberExpectation(value, condition);
    case 'STRING':
      return stringExpectation(value, condition);
    case 'DATE':
      return dateExpectation(value, condition);
    case 'PRIMITIVE':
      return primitiveExpectation(value, condition);
  }
}

function numberExpectation(value: unknown, condition: Condition): Expectation {
  const n = typeof value === 'number' ? value : Number((value as Row).value);
  const targets = condition.value!.split('|').map(Number);
  const target = targets[0]!;
  const result: Record<string, boolean> = {
    eq: n === target,
    ne: n !== target,
    gt: n > target,
    ge: n >= target,
    lt: n < target,
    le: n <= target,
    in: targets.includes(n),
  };
  return toExpectation(result[condition.operator]);
}

function stringExpectation(value: unknown, condition: Condition): Expectation {
  const text = String(value);
  const target = condition.value!;
  const exact = stringResult(text, target, condition.operator);
  const folded = stringResult(text.toLowerCase(), target.toLowerCase(), condition.operator);
  // Case sensitivity is not documented, so a record that only one reading returns may go either way.
  if (exact !== folded) return 'either';
  return toExpectation(exact);
}

function stringResult(text: string, target: string, operator: string): boolean | undefined {
  switch (operator) {
    case 'eq':
      return text === target;
    case 'ne':
      return text !== target;
    case 'cn':
      return text.includes(target);
    case 'nc':
      return !text.includes(target);
    case 'sw':
      return text.startsWith(target);
    case 'ew':
      return text.endsWith(target);
    case 'in':
      return target.split('|').includes(text);
    default:
      return undefined;
  }
}

function dateExpectation(value: unknown, condition: Condition): Expectation {
  const day = dayOf(value, condition.timeZone ?? 'UTC');
  if (day === undefined) return 'either';
  const target = condition.value!;
  // YYYY-MM-DD days compare correctly as strings.
  const result: Record<string, boolean> = {
    eq: day === target,
    ne: day !== target,
    gt: day > target,
    ge: day >= target,
    lt: day < target,
    le: day <= target,
  };
  return toExpectation(result[condition.operator]);
}

function primitiveExpectation(value: unknown, condition: Condition): Expectation {
  const text = String(value);
  const result: Record<string, boolean> = {
    eq: text === condition.value,
    ne: text !== condition.value,
  };
  return toExpectation(result[condition.operator]);
}

function toExpectation(result: boolean | undefined): Expectation {
  if (result === undefined) return 'either';
  return result ? 'in' : 'out';
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/** Returns the calendar day of a date or date-time value in `timeZone`. */
export function dayOf(value: unknown, timeZone: string): string | undefined {
  if (typeof value !== 'string') return undefined;
  if (DATE_ONLY.test(value)) return value;
  const time = Date.parse(value);
  if (Number.isNaN(time)) return undefined;
  // en-CA formats as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date(time));
}

export interface Comparison {
  exact: boolean;
  missing: string[];
  unexpected: string[];
  expectedCount: number;
  returnedCount: number;
}

/** Compares returned ids with the model: every `in` record returned, nothing `out` returned. */
export function compareResults(
  visible: Row[],
  returnedIds: string[],
  predicate: (row: Row) => Expectation,
): Comparison {
  const returned = new Set(returnedIds);
  const missing: string[] = [];
  const allowed = new Set<string>();
  let expectedCount = 0;
  for (const row of visible) {
    const id = rowId(row);
    const verdict = predicate(row);
    if (verdict !== 'out') allowed.add(id);
    if (verdict === 'in') {
      expectedCount += 1;
      if (!returned.has(id)) missing.push(id);
    }
  }
  const unexpected = [...returned].filter((id) => !allowed.has(id));
  return {
    exact: missing.length === 0 && unexpected.length === 0,
    missing,
    unexpected,
    expectedCount,
    returnedCount: returned.size,
  };
}

export function rowId(row: Row): string {
  return String(row._id ?? row.id ?? row.refId);
}

export type FieldKind = 'number' | 'string' | 'date' | 'date-time' | 'boolean';

/** Kinds of the custom fields seen in `rows`, by the values they hold. */
export function fieldKinds(
  rows: Row[],
): Map<string, { kind: FieldKind; blanks: number; values: unknown[] }> {
  const seen = new Map<string, Set<string>>();
  const stats = new Map<string, { blanks: number; values: unknown[] }>();
  for (const row of rows) {
    for (const [field, value] of Object.entries((row.customFields as Row | undefined) ?? {})) {
      const entry = stats.get(field) ?? { blanks: 0, values: [] };
      stats.set(field, entry);
      if (isBlank(value)) {
        entry.blanks += 1;
        continue;
      }
      entry.values.push(value);
      const kinds = seen.get(field) ?? new Set<string>();
      seen.set(field, kinds);
      kinds.add(kindOf(value));
    }
  }
  const result = new Map<string, { kind: FieldKind; blanks: number; values: unknown[] }>();
  for (const [field, kinds] of seen) {
    const [kind] = [...kinds];
    if (kinds.size === 1 && kind !== 'other')
      result.set(field, { kind: kind as FieldKind, ...stats.get(field)! });
  }
  return result;
}

function kindOf(value: unknown): FieldKind | 'other' {
  if (typeof value === 'number') return 'number';
  if (typeof value === 'boolean') return 'boolean';
  if (typeof value === 'string') {
    if (DATE_ONLY.test(value)) return 'date';
    if (/^\d{4}-\d{2}-\d{2}T/.test(value)) return 'date-time';
    return 'string';
  }
  return 'other';
}
