/**
 * String and number formats known to the validators: ajv-formats (pinned to 3.0.1 in package.json,
 * because date-time rules changed between its releases), the OpenAPI formats, and a strict RFC 3339
 * date-time. A format outside `KNOWN_FORMATS` is a spec error, never ignored.
 */
import type { Ajv } from 'ajv';
import formatsPlugin from 'ajv-formats';

// ajv-formats is CommonJS: under NodeNext the default import is the module object.
const addFormats = formatsPlugin.default;

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;
// 2^63 - 1 is not a double: as a JSON number it parses to 2^63, so the bound is inclusive of 2^63.
const INT64_LIMIT = 2 ** 63;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isLeapYear(year: number): boolean {
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
}

function isValidDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const maxDay = month === 2 && isLeapYear(year) ? 29 : (DAYS_IN_MONTH[month - 1] ?? 0);
  return day <= maxDay;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
// RFC 3339 section 5.6: the offset is mandatory and is `Z` or `+hh:mm` / `-hh:mm`; `+0530` and
// `+05` are not RFC 3339 (ajv-formats 3.0.1 still accepts them, so it is replaced here).
const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/;

/** Validates an RFC 3339 `full-date`. */
export function isRfc3339Date(value: string): boolean {
  const match = DATE.exec(value);
  if (!match) return false;
  return isValidDate(Number(match[1]), Number(match[2]), Number(match[3]));
}

/** Validates an RFC 3339 `date-time` with a mandatory offset. */
export function isRfc3339DateTime(value: string): boolean {
  const match = DATE_TIME.exec(value);
  if (!match) return false;
  const [, year, month, day, hour, minute, second] = match.map(Number) as number[];
  if (!isValidDate(year!, month!, day!)) return false;
  const offsetHour = match[9] === undefined ? 0 : Number(match[9]);
  const offsetMinute = match[10] === undefined ? 0 : Number(match[10]);
  if (hour! > 23 || minute! > 59 || offsetHour > 23 || offsetMinute > 59) return false;
  if (second! < 60) return true;
  if (second! > 60) return false;
  // A leap second is only valid at 23:59:60 UTC.
  const sign = match[8] === '-' ? -1 : 1;
  const utcMinutes = (hour! * 60 + minute! - sign * (offsetHour * 60 + offsetMinute) + 1440) % 1440;
  return utcMinutes === 23 * 60 + 59;
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Formats that ajv-formats provides and that the validators keep as they are. */
const AJV_FORMATS = [
  'time',
  'iso-time',
  'iso-date-time',
  'duration',
  'uri',
  'uri-reference',
  'uri-template',
  'url',
  'email',
  'hostname',
  'ipv4',
  'ipv6',
  'regex',
  'uuid',
  'json-pointer',
  'json-pointer-uri-fragment',
  'relative-json-pointer',
] as const;

/** Every format a spec may name. */
export const KNOWN_FORMATS: ReadonlySet<string> = new Set<string>([
  ...AJV_FORMATS,
  'date',
  'date-time',
  'int32',
  'int64',
  'float',
  'double',
  'byte',
  'binary',
  'password',
]);

/** Registers every known format on an ajv instance. */
export function addSpecFormats(ajv: Ajv): void {
  addFormats(ajv, { mode: 'full', formats: [...AJV_FORMATS] });
  ajv.addFormat('date', { type: 'string', validate: isRfc3339Date });
  ajv.addFormat('date-time', { type: 'string', validate: isRfc3339DateTime });
  ajv.addFormat('int32', {
    type: 'number',
    validate: (value: number) =>
      Number.isInteger(value) && value >= INT32_MIN && value <= INT32_MAX,
  });
  ajv.addFormat('int64', {
    type: 'number',
    validate: (value: number) => Number.isInteger(value) && Math.abs(value) <= INT64_LIMIT,
  });
  ajv.addFormat('float', { type: 'number', validate: (value: number) => Number.isFinite(value) });
  ajv.addFormat('double', { type: 'number', validate: (value: number) => Number.isFinite(value) });
  ajv.addFormat('byte', { type: 'string', validate: (value: string) => BASE64.test(value) });
  // `binary` and `password` only tell tools how to treat the value; any string conforms.
  ajv.addFormat('binary', true);
  ajv.addFormat('password', true);
}
