/**
 * Compiled validators for the responses of one OpenAPI document. One ajv instance per document;
 * each schema is compiled at its first use (or by `compileAll`) and cached for the run.
 */
import { Ajv, type AnySchema, type ErrorObject, type Options, type ValidateFunction } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { SpecError } from './errors.ts';
import { addSpecFormats } from './formats.ts';
import { OPENAPI_ANNOTATIONS } from './keywords.ts';
import { locateError } from './messages.ts';
import {
  type Direction,
  normalizeDocument,
  normalizeSchema,
  READ_ONLY_KEYWORD,
  REQUIRED_EXCEPT_REQUEST_KEYWORD,
  REQUIRED_EXCEPT_RESPONSE_KEYWORD,
  SCHEMA_ROOT_KEYS,
  WRITE_ONLY_KEYWORD,
} from './normalize.ts';
import { followRef, HTTP_METHODS } from './operations.ts';
import { encodePointerToken, parsePointer, resolvePointer, toPointer } from './pointer.ts';
import { matchMediaType, matchStatusKey, normalizeStatusKey } from './status.ts';
import type {
  JsonSchema,
  SchemaCheckOptions,
  LocatedError,
  ResponseVerdict,
  SpecDialect,
  SpecValidators,
} from './types.ts';

const RESPONSE: ValidationContext = { direction: 'response' };

/** Id under which the normalised document is registered with ajv; `$ref`s point into it. */
export const DOCUMENT_ID = 'exto.json';

/** Errors kept per validated value, so a systematically wrong 1,000-row page stays readable. */
export const DEFAULT_MAX_ERRORS = 20;

export interface ValidatorSource {
  /** The bundled OpenAPI 3.x document: external refs inlined, internal `$ref`s kept. */
  bundled: Record<string, unknown>;
  dialect: SpecDialect;
  /** File path or URL, for error messages. */
  source: string;
}

export interface ValidatorOptions {
  maxErrors?: number;
}

export interface CompiledValidators extends SpecValidators {
  /** Compiles every response schema and every named schema; returns how many were compiled. */
  compileAll(): number;
}

interface OperationIndex {
  /** Status key -> media type -> pointer of the schema (`undefined` when none is given). */
  responses: Map<string, Map<string, string | undefined>>;
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function indexOperations(document: Json): Map<string, OperationIndex> {
  const index = new Map<string, OperationIndex>();
  const paths = isObject(document.paths) ? document.paths : {};
  for (const [path, rawItem] of Object.entries(paths)) {
    const item = followRef(document, rawItem, toPointer(['paths', path]));
    if (!isObject(item.node)) continue;
    for (const method of HTTP_METHODS) {
      const operation = item.node[method];
      if (!isObject(operation)) continue;
      const operationId =
        typeof operation.operationId === 'string'
          ? operation.operationId
          : `${method.toUpperCase()} ${path}`;
      const responses = new Map<string, Map<string, string | undefined>>();
      const responsesNode = isObject(operation.responses) ? operation.responses : {};
      for (const [status, rawResponse] of Object.entries(responsesNode)) {
        if (status.startsWith('x-')) continue;
        const responsePointer = `${item.pointer}/${method}/responses/${encodePointerToken(status)}`;
        const response = followRef(document, rawResponse, responsePointer);
        const media = new Map<string, string | undefined>();
        const content = isObject(response.node) ? response.node.content : undefined;
        for (const [mediaType, entry] of Object.entries(isObject(content) ? content : {})) {
          const hasSchema = isObject(entry) && entry.schema !== undefined;
          const pointer = `${response.pointer}/content/${encodePointerToken(mediaType)}/schema`;
          media.set(mediaType, hasSchema ? pointer : undefined);
        }
        responses.set(normalizeStatusKey(status), media);
      }
      index.set(operationId, { responses });
    }
  }
  return index;
}

interface ValidationContext {
  direction: Direction;
}

type KeywordValidate = ((
  this: ValidationContext | undefined,
  schema: unknown,
  data: unknown,
) => boolean) & { errors?: Partial<ErrorObject>[] };

/** Registers the keywords that normalisation writes for readOnly, writeOnly and their `required` names. */
function addAccessModeKeywords(ajv: Ajv | Ajv2020): void {
  const forbiddenIn = (direction: Direction): KeywordValidate =>
    function (this: ValidationContext | undefined) {
      return this?.direction !== direction;
    };
  ajv.addKeyword({
    keyword: WRITE_ONLY_KEYWORD,
    schemaType: 'boolean',
    validate: forbiddenIn('response'),
  });
  ajv.addKeyword({
    keyword: READ_ONLY_KEYWORD,
    schemaType: 'boolean',
    validate: forbiddenIn('request'),
  });
  const requiredExcept = (keyword: string, direction: Direction) => {
    const validate: KeywordValidate = function (this, names, data) {
      if (this?.direction === direction || typeof data !== 'object' || data === null) return true;
      const missing = (names as string[]).filter((name) => !(name in data));
      validate.errors = missing.map((name) => ({
        keyword,
        params: { missingProperty: name },
        message: `must have required property '${name}'`,
      }));
      return missing.length === 0;
    };
    ajv.addKeyword({ keyword, schemaType: 'array', errors: true, validate });
  };
  requiredExcept(REQUIRED_EXCEPT_RESPONSE_KEYWORD, 'response');
  requiredExcept(REQUIRED_EXCEPT_REQUEST_KEYWORD, 'request');
}

/**
 * Compiles a `pattern` with the `u` flag when it allows, and without it otherwise. OpenAPI documents
 * often escape characters that need no escape, such as `[\w\-]`, which only the `u` flag rejects.
 */
const lenientRegExp = Object.assign(
  (pattern: string, flags: string): RegExp => {
    try {
      return new RegExp(pattern, flags);
    } catch (error) {
      if (!flags.includes('u')) throw error;
      return new RegExp(pattern, flags.replace('u', ''));
    }
  },
  { code: 'new RegExp' },
);

function createAjv(dialect: SpecDialect): Ajv | Ajv2020 {
  const options: Options = {
    // strictSchema rejects unknown keywords and formats. strictTypes and strictRequired stay off
    // because they reject patterns that valid OpenAPI documents use, such as `required` naming a
    // property of an allOf sibling, or `properties` without `type: object`.
    strict: true,
    strictTypes: false,
    strictTuples: false,
    strictRequired: false,
    allowUnionTypes: true,
    allErrors: true,
    logger: false,
    // Keywords read the direction (response or request) from the context of each call.
    passContext: true,
    code: { regExp: lenientRegExp },
  };
  const ajv = dialect === 'openapi-3.1' ? new Ajv2020(options) : new Ajv(options);
  addSpecFormats(ajv);
  // ajv's metadata vocabulary already defines `deprecated`, in draft-07 and in 2020-12.
  for (const keyword of [...OPENAPI_ANNOTATIONS, ...SCHEMA_ROOT_KEYS])
    if (keyword !== 'deprecated') ajv.addKeyword({ keyword });
  addAccessModeKeywords(ajv);
  return ajv;
}

/** Points `#/components/...` refs of an ad-hoc schema at the registered document. */
function anchorRefs(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(anchorRefs);
  if (!isObject(node)) return node;
  const output: Json = {};
  for (const [key, value] of Object.entries(node)) {
    const pointsIntoDocument =
      key === '$ref' &&
      typeof value === 'string' &&
      SCHEMA_ROOT_KEYS.some((root) => value.startsWith(`#/${root}/`));
    output[key] = pointsIntoDocument ? `${DOCUMENT_ID}${value as string}` : anchorRefs(value);
  }
  return output;
}

/** Builds the validators of one document. Throws a SpecError for an unknown format. */
export function createValidators(
  spec: ValidatorSource,
  options: ValidatorOptions = {},
): CompiledValidators {
  const maxErrors = options.maxErrors ?? DEFAULT_MAX_ERRORS;
  const normalized = normalizeDocument(spec.bundled, spec.dialect, spec.source).document;
  const ajv = createAjv(spec.dialect);
  const schemaRoot: Json = {};
  for (const key of SCHEMA_ROOT_KEYS) if (key in normalized) schemaRoot[key] = normalized[key];
  ajv.addSchema(schemaRoot, DOCUMENT_ID);

  const operations = indexOperations(spec.bundled);
  const byPointer = new Map<string, ValidateFunction>();
  const bySchema = new WeakMap<object, ValidateFunction>();
  let compileCount = 0;

  function compileFailure(pointer: string, error: unknown, file = spec.source): SpecError {
    const problem = error instanceof Error ? error.message : String(error);
    // `required: true` on a property is Swagger 2.0 parameter syntax, a frequent slip in schemas.
    const fix = /\/required$/.test(pointer)
      ? 'list required property names in the required array of the enclosing object schema'
      : 'correct the schema at this location so it is valid JSON Schema for the document version';
    return new SpecError({
      file,
      pointer,
      problem: `the schema does not compile (${problem}).`,
      fix,
    });
  }

  function compileWith(pointer: string, schema: AnySchema, file?: string): ValidateFunction {
    try {
      const validate = ajv.compile(schema);
      compileCount++;
      return validate;
    } catch (error) {
      throw compileFailure(pointer, error, file);
    }
  }

  function compilePointer(pointer: string): ValidateFunction {
    const cached = byPointer.get(pointer);
    if (cached) return cached;
    const node = resolvePointer(normalized, pointer);
    if (node === undefined) {
      throw new SpecError({
        file: spec.source,
        pointer,
        problem: 'no schema exists at this pointer.',
        fix: 'point at a schema of the document, for example #/components/schemas/Name',
      });
    }
    if (!ajv.validateSchema(node as AnySchema)) {
      // Name the offending keyword, for example #/components/schemas/Thing/properties/id/type.
      const [first] = ajv.errors ?? [];
      const tokens = parsePointer(first?.instancePath ?? '') ?? [];
      const location = pointer + tokens.map((token) => `/${encodePointerToken(token)}`).join('');
      throw compileFailure(
        location,
        `${tokens.at(-1) ?? 'schema'} ${first?.message ?? 'is invalid'}`,
      );
    }
    const validate = compileWith(pointer, { $ref: `${DOCUMENT_ID}${pointer}` });
    byPointer.set(pointer, validate);
    return validate;
  }

  function compileInline(schema: JsonSchema): ValidateFunction {
    const cached = bySchema.get(schema);
    if (cached) return cached;
    const file = 'inline schema';
    const prepared = anchorRefs(normalizeSchema(schema, spec.dialect, file).document);
    const validate = compileWith('#', prepared as AnySchema, file);
    bySchema.set(schema, validate);
    return validate;
  }

  function run(
    validate: ValidateFunction,
    value: unknown,
    options: SchemaCheckOptions,
  ): LocatedError[] {
    const context: ValidationContext = { direction: options.direction ?? 'any' };
    if (validate.call(context, value)) return [];
    const subject = options.subject ?? 'Value';
    const errors = (validate.errors ?? []) as ErrorObject[];
    return errors.slice(0, maxErrors).map((error) => locateError(error, subject));
  }

  function validateResponse(
    operationId: string,
    httpStatus: number,
    contentType: string | undefined,
    body: unknown,
  ): ResponseVerdict {
    const operation = operations.get(operationId);
    if (!operation) {
      throw new Error(
        `Unknown operationId "${operationId}" in ${spec.source}; use one of: ${[...operations.keys()].join(', ')}.`,
      );
    }
    const documentedStatuses = [...operation.responses.keys()];
    const matchedStatusKey = matchStatusKey(documentedStatuses, httpStatus);
    const verdict: ResponseVerdict = {
      statusDocumented: matchedStatusKey !== null,
      matchedStatusKey,
      contentTypeDocumented: false,
      documentedStatuses,
      documentedContentTypes: [],
      schemaErrors: [],
    };
    if (matchedStatusKey === null) return verdict;
    const media = operation.responses.get(matchedStatusKey)!;
    verdict.documentedContentTypes = [...media.keys()];
    if (media.size === 0) {
      // A response documented without content: an empty body conforms whatever its Content-Type.
      verdict.contentTypeDocumented = body === undefined;
      return verdict;
    }
    const mediaKey = matchMediaType(verdict.documentedContentTypes, contentType);
    verdict.contentTypeDocumented = mediaKey !== null;
    const pointer = mediaKey === null ? undefined : media.get(mediaKey);
    if (pointer === undefined) return verdict;
    if (body === undefined) {
      const message = `Response body is empty where ${mediaKey} content is documented`;
      const raw = {
        instancePath: '',
        schemaPath: pointer,
        keyword: 'emptyBody',
        params: {},
        message,
      };
      verdict.schemaErrors = [{ ...raw, message, raw }];
      verdict.schemaErrorCount = 1;
      return verdict;
    }
    const validate = compilePointer(pointer);
    if (!validate.call(RESPONSE, body)) {
      const errors = (validate.errors ?? []) as ErrorObject[];
      verdict.schemaErrorCount = errors.length;
      verdict.schemaErrors = errors.slice(0, maxErrors).map((e) => locateError(e, 'Response body'));
    }
    return verdict;
  }

  function validateSchema(
    pointerOrSchema: string | JsonSchema,
    value: unknown,
    options: SchemaCheckOptions = {},
  ): LocatedError[] {
    const validate =
      typeof pointerOrSchema === 'string'
        ? compilePointer(pointerOrSchema)
        : compileInline(pointerOrSchema);
    return run(validate, value, options);
  }

  function compileAll(): number {
    const before = compileCount;
    // Named schemas first, so an invalid one is reported where it is defined rather than at the
    // first response that references it.
    const components = normalized.components;
    const schemas = isObject(components) && isObject(components.schemas) ? components.schemas : {};
    for (const name of Object.keys(schemas))
      compilePointer(toPointer(['components', 'schemas', name]));
    for (const operation of operations.values()) {
      for (const media of operation.responses.values()) {
        for (const pointer of media.values()) if (pointer !== undefined) compilePointer(pointer);
      }
    }
    return compileCount - before;
  }

  return {
    validateResponse,
    validateSchema,
    compileAll,
    get compileCount() {
      return compileCount;
    },
  };
}
