/**
 * Turns ajv errors into located sentences such as
 * "Response body property `rows.0.createdAt` must match format date-time". Values from the body
 * never appear in the sentence, because a response may carry secrets (a write-only password).
 */
import type { ErrorObject } from 'ajv';
import {
  READ_ONLY_KEYWORD,
  REQUIRED_EXCEPT_REQUEST_KEYWORD,
  REQUIRED_EXCEPT_RESPONSE_KEYWORD,
  WRITE_ONLY_KEYWORD,
} from './normalize.ts';
import type { LocatedError, RawValidationError } from './types.ts';

/** `/rows/0/a~1b` becomes `rows.0.a/b`. */
export function dottedPath(instancePath: string): string {
  if (instancePath === '') return '';
  return instancePath
    .slice(1)
    .split('/')
    .map((token) => token.replace(/~1/g, '/').replace(/~0/g, '~'))
    .join('.');
}

function locate(subject: string, path: string): string {
  return path === '' ? subject : `${subject} property \`${path}\``;
}

function join(path: string, name: string): string {
  return path === '' ? name : `${path}.${name}`;
}

function describe(error: ErrorObject, subject: string): string {
  const path = dottedPath(error.instancePath);
  const at = locate(subject, path);
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
    case REQUIRED_EXCEPT_RESPONSE_KEYWORD:
    case REQUIRED_EXCEPT_REQUEST_KEYWORD:
      return `${subject} is missing required property \`${join(path, String(params.missingProperty))}\``;
    case 'additionalProperties':
    case 'unevaluatedProperties': {
      const name = String(params.additionalProperty ?? params.unevaluatedProperty);
      return `${locate(subject, join(path, name))} is not documented and must not be present`;
    }
    case 'type': {
      const types = String(params.type).split(',');
      return `${at} must be ${types.join(' or ')}`;
    }
    case 'format':
      return `${at} must match format ${String(params.format)}`;
    case 'enum': {
      const allowed = (params.allowedValues as unknown[]).map((value) => JSON.stringify(value));
      return `${at} must be one of ${allowed.join(', ')}`;
    }
    case 'const':
      return `${at} must be ${JSON.stringify(params.allowedValue)}`;
    case 'pattern':
      return `${at} must match pattern ${String(params.pattern)}`;
    case WRITE_ONLY_KEYWORD:
      return `${at} is write-only and must not be sent in a response`;
    case READ_ONLY_KEYWORD:
      return `${at} is read-only and must not be sent in a request`;
    default:
      return `${at} ${error.message ?? `fails keyword ${error.keyword}`}`;
  }
}

/** Converts one ajv error; `subject` names the validated value, for example `Response body`. */
export function locateError(error: ErrorObject, subject: string): LocatedError {
  return {
    message: describe(error, subject),
    instancePath: error.instancePath,
    schemaPath: error.schemaPath,
    keyword: error.keyword,
    raw: error as RawValidationError,
  };
}
