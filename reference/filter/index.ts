import { compileFilter, type FieldTypeLookup, type RecordPredicate } from './evaluate.ts';
import { parseFilter } from './parse.ts';

export { FilterError, FIELD_TYPES, OPERATORS, type FieldType } from './parse.ts';
export { checkTimeZone, type FilterableRecord, type FieldTypeLookup } from './evaluate.ts';
export type { RecordPredicate };

/** Parses and compiles a filter string; throws FilterError with a message that names the bad part. */
export function buildPredicate(
  filter: string,
  lookup: FieldTypeLookup,
  timeZone?: string,
): RecordPredicate {
  return compileFilter(parseFilter(filter), lookup, timeZone);
}
