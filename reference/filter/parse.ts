/**
 * Parser of the Exto filter language used by the `filter` query parameter of the list operations.
 *
 * Grammar (conditions joined by `:and:` and `:or:`, AND binding tighter than OR):
 *
 *   filter    = and-expr *( ":or:" and-expr )
 *   and-expr  = condition *( ":and:" condition )
 *   condition = field [ ":" TYPE ] ":" operator ":" value
 *   TYPE      = "NUMBER" / "STRING" / "DATE" / "PRIMITIVE"
 *   value     = "null" (after eq or ne) / text *( "|" text ) (after in) / text
 *
 * The parser splits on `:` and reads segments in order, so a value can contain neither `:` nor,
 * outside `in` lists, a meaningful `|`. The documentation defines no escape for either.
 */

export const FIELD_TYPES = ['NUMBER', 'STRING', 'DATE', 'PRIMITIVE'] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

export const OPERATORS = [
  'eq',
  'ne',
  'gt',
  'ge',
  'lt',
  'le',
  'cn',
  'nc',
  'sw',
  'ew',
  'in',
] as const;
export type Operator = (typeof OPERATORS)[number];

/** Operators that apply to each field type. `eq:null` and `ne:null` apply to every type. */
export const OPERATORS_BY_TYPE: Record<FieldType, readonly Operator[]> = {
  NUMBER: ['eq', 'ne', 'gt', 'ge', 'lt', 'le', 'in'],
  STRING: ['eq', 'ne', 'cn', 'nc', 'sw', 'ew', 'in'],
  DATE: ['eq', 'ne', 'gt', 'ge', 'lt', 'le', 'in'],
  PRIMITIVE: ['eq', 'ne', 'in'],
};

export interface Condition {
  field: string;
  /** The type segment of form A (`field:TYPE:op:value`); undefined for form B. */
  type?: FieldType;
  operator: Operator;
  /** `null` for `eq:null` and `ne:null`; several values only for `in`. */
  values: string[] | null;
  /** The condition as written, for error messages. */
  text: string;
}

/** A filter in disjunctive form: the record matches when every condition of any group matches. */
export interface FilterExpression {
  anyOf: Condition[][];
}

/** A filter that cannot be parsed or applied; `message` names the bad part and the fix. */
export class FilterError extends Error {
  override name = 'FilterError';
}

const FIELD_NAME = /^[A-Za-z0-9_.]+$/;

/** Parses a filter string into groups of conditions; throws FilterError naming the bad segment. */
export function parseFilter(filter: string): FilterExpression {
  if (filter.trim() === '') {
    throw new FilterError(
      'Invalid filter "": the filter is empty; remove the parameter or add a condition such as name:eq:value',
    );
  }
  const segments = filter.split(':');
  const anyOf: Condition[][] = [[]];
  let index = 0;
  while (index < segments.length) {
    const start = index;
    const field = segments[index++] ?? '';
    let type: FieldType | undefined;
    if ((FIELD_TYPES as readonly string[]).includes(segments[index] ?? '')) {
      type = segments[index++] as FieldType;
    }
    const operatorText = segments[index++];
    const valueText = segments[index++];
    // `eq:null` and `ne:null` are ordinary values here: the grammar needs no look-ahead.
    const text = segments.slice(start, index).join(':');
    anyOf[anyOf.length - 1]!.push(toCondition(field, type, operatorText, valueText, text));

    if (index >= segments.length) break;
    const joiner = segments[index++];
    if (joiner === 'or') {
      anyOf.push([]);
    } else if (joiner !== 'and') {
      throw new FilterError(
        `Invalid filter "${filter}": unexpected "${joiner}" after "${text}"; join conditions with :and: or :or:`,
      );
    }
    const rest = segments.slice(index);
    if (rest.length === 0 || (rest.length === 1 && rest[0] === '')) {
      throw new FilterError(`Invalid filter "${filter}": missing condition after ":${joiner}:"`);
    }
  }
  return { anyOf };
}

function toCondition(
  field: string,
  type: FieldType | undefined,
  operatorText: string | undefined,
  valueText: string | undefined,
  text: string,
): Condition {
  if (!FIELD_NAME.test(field)) {
    throw new FilterError(
      `Invalid filter "${text}": field name "${field}" is invalid; use letters, digits and underscores`,
    );
  }
  if (operatorText === undefined || operatorText === '') {
    throw new FilterError(
      `Invalid filter "${text}": missing operator; write field:operator:value, for example ${field}:eq:1`,
    );
  }
  if (!(OPERATORS as readonly string[]).includes(operatorText)) {
    throw new FilterError(
      `Invalid filter "${text}": unknown operator "${operatorText}"; use one of ${OPERATORS.join(', ')}`,
    );
  }
  const operator = operatorText as Operator;
  if (valueText === undefined || valueText === '') {
    throw new FilterError(`Invalid filter "${text}": missing value after "${operator}"`);
  }
  if (type && !OPERATORS_BY_TYPE[type].includes(operator)) {
    throw new FilterError(
      `Invalid filter "${text}": operator "${operator}" does not apply to ${type} fields; ` +
        `use one of ${OPERATORS_BY_TYPE[type].join(', ')}`,
    );
  }
  if (valueText === 'null') {
    if (operator !== 'eq' && operator !== 'ne') {
      throw new FilterError(`Invalid filter "${text}": null is allowed only after eq or ne`);
    }
    return { field, type, operator, values: null, text };
  }
  const values = operator === 'in' ? valueText.split('|') : [valueText];
  if (values.some((value) => value === '')) {
    throw new FilterError(
      `Invalid filter "${text}": empty value in the list; separate values with a single |`,
    );
  }
  return { field, type, operator, values, text };
}
