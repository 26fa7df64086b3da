import {
  FilterError,
  OPERATORS_BY_TYPE,
  type Condition,
  type FieldType,
  type FilterExpression,
} from './parse.ts';

/** A record to filter. A field is looked up in `customFields` first, then on the record itself. */
export type FilterableRecord = Record<string, unknown>;

/** Declared filter type of each field a collection has; undefined for a field it does not have. */
export type FieldTypeLookup = (field: string) => FieldType | undefined;

export type RecordPredicate = (record: FilterableRecord) => boolean;

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Compiles a parsed filter into a predicate. Checks that each field exists, that the operator fits
 * the field's type and that each value parses, so a bad filter fails before any record is read.
 * DATE conditions compare calendar days in `timeZone` (an IANA name, UTC when absent).
 */
export function compileFilter(
  expression: FilterExpression,
  lookup: FieldTypeLookup,
  timeZone: string = 'UTC',
): RecordPredicate {
  const toLocalDate = localDateFormatter(timeZone);
  const groups = expression.anyOf.map((group) =>
    group.map((condition) => compileCondition(condition, lookup, toLocalDate)),
  );
  return (record) => groups.some((group) => group.every((test) => test(record)));
}

/** Throws FilterError unless `timeZone` is an IANA zone name that this runtime's Intl supports. */
export function checkTimeZone(timeZone: string): void {
  localDateFormatter(timeZone);
}

function compileCondition(
  condition: Condition,
  lookup: FieldTypeLookup,
  toLocalDate: (value: string) => string | undefined,
): RecordPredicate {
  const { field, operator, text } = condition;
  const declared = lookup(field);
  if (!declared) {
    throw new FilterError(`Invalid filter "${text}": unknown field "${field}"`);
  }
  const type = condition.type ?? declared;
  if (!OPERATORS_BY_TYPE[type].includes(operator)) {
    throw new FilterError(
      `Invalid filter "${text}": operator "${operator}" does not apply to ${type} fields; ` +
        `use one of ${OPERATORS_BY_TYPE[type].join(', ')}`,
    );
  }
  const read = (record: FilterableRecord): unknown => {
    const custom = record.customFields as Record<string, unknown> | undefined;
    return custom && field in custom ? custom[field] : record[field];
  };

  if (condition.values === null) {
    return operator === 'eq'
      ? (record) => isBlank(read(record))
      : (record) => !isBlank(read(record));
  }
  const values = condition.values;
  switch (type) {
    case 'NUMBER':
      return numberTest(
        condition,
        values.map((value) => parseNumber(value, text)),
        read,
      );
    case 'DATE':
      for (const value of values) parseDate(value, text);
      return dateTest(operator, values, (record) => toDay(read(record), toLocalDate));
    case 'STRING':
      return stringTest(operator, values, read);
    case 'PRIMITIVE':
      return primitiveTest(operator, values, read);
  }
}

function isBlank(value: unknown): boolean {
  return (
    value === null ||
    value === undefined ||
    value === '' ||
    (Array.isArray(value) && value.length === 0)
  );
}

function parseNumber(value: string, text: string): number {
  const number = Number(value);
  if (value.trim() === '' || !Number.isFinite(number)) {
    throw new FilterError(`Invalid filter "${text}": value "${value}" is not a number`);
  }
  return number;
}

function parseDate(value: string, text: string): void {
  const valid = DATE_ONLY.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`));
  if (!valid || new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10) !== value) {
    throw new FilterError(
      `Invalid filter "${text}": value "${value}" is not a date; use YYYY-MM-DD`,
    );
  }
}

/** Reads a number from a number field or a currency object `{label, value, currency}`. */
function numericValue(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (
    value &&
    typeof value === 'object' &&
    typeof (value as { value?: unknown }).value === 'number'
  ) {
    return (value as { value: number }).value;
  }
  return undefined;
}

function numberTest(
  condition: Condition,
  targets: number[],
  read: (record: FilterableRecord) => unknown,
): RecordPredicate {
  const target = targets[0]!;
  const compare: Record<string, (n: number) => boolean> = {
    eq: (n) => n === target,
    // NOTE: ne also matches blank fields, as MongoDB's $ne matches documents without the field.
    ne: (n) => n !== target,
    gt: (n) => n > target,
    ge: (n) => n >= target,
    lt: (n) => n < target,
    le: (n) => n <= target,
    in: (n) => targets.includes(n),
  };
  const test = compare[condition.operator]!;
  return (record) => {
    const n = numericValue(read(record));
    if (n === undefined) return condition.operator === 'ne';
    return test(n);
  };
}

/** Turns a date or date-time value into its calendar day, in the filter's time zone. */
function toDay(
  value: unknown,
  toLocalDate: (value: string) => string | undefined,
): string | undefined {
  if (typeof value !== 'string') return undefined;
  if (DATE_ONLY.test(value)) return value;
  return toLocalDate(value);
}

function dateTest(
  operator: string,
  targets: string[],
  readDay: (record: FilterableRecord) => string | undefined,
): RecordPredicate {
  const target = targets[0]!;
  // Days in YYYY-MM-DD order compare correctly as strings.
  const compare: Record<string, (day: string) => boolean> = {
    eq: (day) => day === target,
    ne: (day) => day !== target,
    gt: (day) => day > target,
    ge: (day) => day >= target,
    lt: (day) => day < target,
    le: (day) => day <= target,
    in: (day) => targets.includes(day),
  };
  const test = compare[operator]!;
  return (record) => {
    const day = readDay(record);
    if (day === undefined) return operator === 'ne';
    return test(day);
  };
}

function stringTest(
  operator: string,
  targets: string[],
  read: (record: FilterableRecord) => unknown,
): RecordPredicate {
  const target = targets[0]!;
  const lower = target.toLowerCase();
  // NOTE: eq and in compare exactly; cn, nc, sw and ew ignore case. The documentation leaves case
  // sensitivity open, and these choices match a case-insensitive regular expression on MongoDB.
  const compare: Record<string, (s: string) => boolean> = {
    eq: (s) => s === target,
    ne: (s) => s !== target,
    cn: (s) => s.toLowerCase().includes(lower),
    nc: (s) => !s.toLowerCase().includes(lower),
    sw: (s) => s.toLowerCase().startsWith(lower),
    ew: (s) => s.toLowerCase().endsWith(lower),
    in: (s) => targets.includes(s),
  };
  const test = compare[operator]!;
  const matchesBlank = operator === 'ne' || operator === 'nc';
  return (record) => {
    const value = read(record);
    if (typeof value === 'string' && value !== '') return test(value);
    if (typeof value === 'number') return test(String(value));
    return matchesBlank;
  };
}

function primitiveTest(
  operator: string,
  targets: string[],
  read: (record: FilterableRecord) => unknown,
): RecordPredicate {
  // A primitive value matches a target when their text forms are equal: `true`, `12`, `A`.
  // Checkbox arrays match when any element does.
  const matches = (value: unknown): boolean => {
    if (Array.isArray(value)) return value.some((item) => matches(item));
    if (value === null || value === undefined || typeof value === 'object') return false;
    return targets.includes(String(value));
  };
  if (operator === 'ne') return (record) => !matches(read(record));
  return (record) => matches(read(record));
}

const formatters = new Map<string, (value: string) => string | undefined>();

function localDateFormatter(timeZone: string): (value: string) => string | undefined {
  const cached = formatters.get(timeZone);
  if (cached) return cached;
  let format: Intl.DateTimeFormat;
  try {
    // en-CA formats dates as YYYY-MM-DD.
    format = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
  } catch {
    throw new FilterError(
      `Invalid localTimeZone "${timeZone}": use an IANA time zone name such as America/Los_Angeles`,
    );
  }
  const toLocalDate = (value: string): string | undefined => {
    const ms = Date.parse(value);
    return Number.isNaN(ms) ? undefined : format.format(ms);
  };
  formatters.set(timeZone, toLocalDate);
  return toLocalDate;
}
