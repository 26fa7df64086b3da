/**
 * Public types of the spec loader and the response validators. Runtime-neutral: no Node built-ins,
 * because k6 bundles the validators.
 */

/** OpenAPI dialect of the source document, picked from its `openapi` or `swagger` field. */
export type SpecDialect = 'swagger-2.0' | 'openapi-3.0' | 'openapi-3.1';

/** JSON Schema object as it appears in an OpenAPI document (before or after normalisation). */
export type JsonSchema = Record<string, unknown>;

export type HttpMethod = 'get' | 'put' | 'post' | 'delete' | 'options' | 'head' | 'patch' | 'trace';

export type ParameterLocation = 'path' | 'query' | 'header' | 'cookie';

/** Constraints of a parameter, lifted out of its schema so suites can build boundary requests. */
export interface ParameterConstraints {
  type?: string | string[];
  format?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  enum?: unknown[];
}

export interface Parameter {
  name: string;
  in: ParameterLocation;
  required: boolean;
  description?: string;
  deprecated?: boolean;
  /** The parameter's schema after `$ref` resolution (not normalised). */
  schema?: JsonSchema;
  example?: unknown;
  constraints: ParameterConstraints;
}

export interface MediaTypeSpec {
  schema?: JsonSchema;
  example?: unknown;
  examples?: Record<string, unknown>;
}

export interface RequestBodySpec {
  required: boolean;
  description?: string;
  /** Keyed by media type as written in the document, for example `application/json`. */
  content: Record<string, MediaTypeSpec>;
}

export interface HeaderSpec {
  description?: string;
  required?: boolean;
  schema?: JsonSchema;
}

export interface ResponseSpec {
  description: string;
  headers: Record<string, HeaderSpec>;
  /** Keyed by media type as written in the document; empty when the response has no body. */
  content: Record<string, MediaTypeSpec>;
}

/**
 * Security of an operation: `public` when no requirement applies (or an empty requirement makes
 * it optional), `bearer` for an HTTP bearer scheme, otherwise the name of the scheme.
 */
export type OperationSecurity = 'public' | 'bearer' | (string & {});

export interface Operation {
  /** `operationId` from the document, or `${METHOD} ${path}` (for example `GET /health`) when missing. */
  operationId: string;
  method: HttpMethod;
  /** Path template as written under `paths`, for example `/api/v1/master-record/{masterName}`. */
  path: string;
  tags: string[];
  summary?: string;
  deprecated: boolean;
  security: OperationSecurity[];
  /** Path-level and operation-level parameters merged; the operation's entry wins on a clash. */
  parameters: Parameter[];
  requestBody?: RequestBodySpec;
  /** Keyed by status as written in the document: `200`, `4XX`, `default`. */
  responses: Record<string, ResponseSpec>;
  servers?: { url: string; description?: string }[];
}

export type SpecLintCode =
  'nullable-without-type' | 'nullable-in-3.1' | 'unknown-keyword' | 'unsatisfiable-allof';

/** A problem of the document that does not stop the run, for the spec author to fix. */
export interface SpecLintWarning {
  code: SpecLintCode;
  /** JSON pointer in URI-fragment form, for example `#/components/schemas/Account/properties/owner`. */
  pointer: string;
  message: string;
}

export interface LoadedSpec {
  title: string;
  version: string;
  dialect: SpecDialect;
  /** File path or URL the document was loaded from. */
  source: string;
  /** SHA-256 of the source bytes, lower-case hex. */
  sha256: string;
  /**
   * The dereferenced OpenAPI 3.x document (Swagger 2.0 already converted). A circular `$ref` stays a
   * `$ref`, so the object has no cycles and serialises to JSON.
   */
  document: Record<string, unknown>;
  /**
   * The same document with external references inlined and internal `$ref`s kept: the input of
   * `createValidators`, and small enough to hand to k6 as JSON.
   */
  bundled: Record<string, unknown>;
  operations: Operation[];
  lint: SpecLintWarning[];
}

/** Raw error object as ajv reports it (kept loose so this file does not depend on ajv's types). */
export interface RawValidationError {
  instancePath: string;
  schemaPath: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
}

/** One validation error as one located sentence, with the raw ajv error kept. */
export interface LocatedError {
  /** For example: Response body property `rows.0.createdAt` must match format date-time. */
  message: string;
  instancePath: string;
  schemaPath: string;
  keyword: string;
  raw: RawValidationError;
}

export interface ResponseVerdict {
  statusDocumented: boolean;
  /** Key of the documented response that matched: exact code, then `4XX` range, then `default`. */
  matchedStatusKey: string | null;
  contentTypeDocumented: boolean;
  documentedStatuses: string[];
  /** Media types of the matched response; empty when the status is undocumented. */
  documentedContentTypes: string[];
  /**
   * Empty when the body conforms, or when there was no schema to check (see the other fields).
   * Capped (20 by default); `schemaErrorCount` has the total.
   */
  schemaErrors: LocatedError[];
  schemaErrorCount?: number;
}

export interface SchemaCheckOptions {
  /** Starts each message, for example `Response body` (default `Value`). */
  subject?: string;
  /**
   * `response` makes write-only properties optional and forbidden, `request` does the same for
   * read-only properties, `any` (the default) applies neither rule.
   */
  direction?: 'response' | 'request' | 'any';
}

export interface SpecValidators {
  /**
   * Validates one response of an operation. `contentType` is the raw header value (parameters and
   * case are ignored); `body` is the parsed JSON, or `undefined` when the body was empty.
   */
  validateResponse(
    operationId: string,
    httpStatus: number,
    contentType: string | undefined,
    body: unknown,
  ): ResponseVerdict;
  /**
   * Validates a value against a schema given as a JSON pointer into the document
   * (`#/components/schemas/Error`) or as a schema object. Compiled validators are cached.
   */
  validateSchema(
    pointerOrSchema: string | JsonSchema,
    value: unknown,
    options?: SchemaCheckOptions,
  ): LocatedError[];
  /** Number of schemas compiled so far; lets tests assert one compile per schema per run. */
  readonly compileCount: number;
}
