/**
 * Turns the schemas of an OpenAPI document into JSON Schema that ajv validates the way the OpenAPI
 * dialect means. Rules, applied the same way to every schema:
 *
 * - 3.0 and converted Swagger 2.0: `nullable: true` next to `type` adds `null` to the type (and to
 *   `enum` when there is one). Without a sibling `type`, OAS 3.0.3 gives `nullable` no effect, so it
 *   is dropped with a lint warning. A boolean `exclusiveMinimum`/`exclusiveMaximum` becomes the
 *   numeric form of draft-06 and later.
 * - 3.1: `nullable` means nothing, so it is dropped with a lint warning.
 * - A write-only property is not required in a response and must not appear in one. A read-only
 *   property is the same for requests. One compiled schema serves both directions, because the
 *   caller passes the direction as ajv context.
 * - An `allOf` whose branches close themselves with `additionalProperties: false` can never accept
 *   properties of the other branches. It is reported as an unsatisfiable spec, and the closure moves
 *   to the merged property set, so a body with the documented properties is accepted and a body with
 *   an undocumented one is still flagged.
 * - `x-*` extensions are removed. An unknown keyword is removed with a lint warning, so a typo is
 *   reported instead of silently validating nothing. An unknown `format` is a SpecError.
 *
 * The output keeps every schema at its original location, so internal `$ref`s still resolve.
 */
import { SpecError } from './errors.ts';
import { KNOWN_FORMATS } from './formats.ts';
import { knownKeywords, suggestKeyword } from './keywords.ts';
import { resolvePointer, toPointer } from './pointer.ts';
import type { JsonSchema, SpecDialect, SpecLintWarning } from './types.ts';

/** Marks a write-only property: present in a response, it fails. */
export const WRITE_ONLY_KEYWORD = 'oasWriteOnly';
/** Marks a read-only property: present in a request, it fails. */
export const READ_ONLY_KEYWORD = 'oasReadOnly';
/** `required` names of write-only properties: required in requests, optional in responses. */
export const REQUIRED_EXCEPT_RESPONSE_KEYWORD = 'oasRequiredExceptResponse';
/** `required` names of read-only properties: required in responses, optional in requests. */
export const REQUIRED_EXCEPT_REQUEST_KEYWORD = 'oasRequiredExceptRequest';

/**
 * Direction of a validated value, passed to ajv as context (`passContext`). `any` applies neither
 * read-only nor write-only rules, for examples of schemas used in both directions.
 */
export type Direction = 'response' | 'request' | 'any';

export interface NormalizedDocument {
  /** The document with every schema normalised; non-schema parts are copied as they are. */
  document: Record<string, unknown>;
  lint: SpecLintWarning[];
}

type Tokens = readonly (string | number)[];

const SCHEMA_MAP_KEYWORDS = [
  'properties',
  'patternProperties',
  'definitions',
  '$defs',
  'dependentSchemas',
];
const SCHEMA_ARRAY_KEYWORDS = ['allOf', 'anyOf', 'oneOf', 'prefixItems'];
const SCHEMA_KEYWORDS = [
  'additionalProperties',
  'additionalItems',
  'contains',
  'propertyNames',
  'not',
  'if',
  'then',
  'else',
  'unevaluatedProperties',
  'unevaluatedItems',
  'contentSchema',
];
/** Values that are data, not schemas: copied unchanged and never checked. */
const DATA_KEYWORDS = new Set(['example', 'examples', 'default', 'const', 'enum']);

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

class Normalizer {
  readonly lint: SpecLintWarning[] = [];

  constructor(
    private readonly source: Record<string, unknown>,
    private readonly dialect: SpecDialect,
    private readonly file: string,
  ) {}

  /** Follows a chain of internal `$ref`s in the source document. */
  deref(schema: unknown): unknown {
    let node = schema;
    const seen = new Set<string>();
    while (isObject(node) && typeof node.$ref === 'string' && node.$ref.startsWith('#')) {
      if (seen.has(node.$ref)) return undefined;
      seen.add(node.$ref);
      node = resolvePointer(this.source, node.$ref);
    }
    return node;
  }

  warn(code: SpecLintWarning['code'], tokens: Tokens, message: string): void {
    this.lint.push({ code, pointer: toPointer(tokens), message });
  }

  /** Copies the OpenAPI structure around the schemas and normalises each schema it meets. */
  walkDocument(node: unknown, tokens: Tokens): unknown {
    if (Array.isArray(node))
      return node.map((item, index) => this.walkDocument(item, [...tokens, index]));
    if (!isObject(node)) return node;
    const output: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(node)) {
      const childTokens = [...tokens, key];
      if (key.startsWith('x-')) continue;
      if (key === 'example' || key === 'examples') output[key] = value;
      else if (key === 'schema' && (isObject(value) || typeof value === 'boolean'))
        output[key] = this.schema(value, childTokens);
      else if (tokens.length === 2 && tokens[0] === 'components' && tokens[1] === 'schemas')
        output[key] = this.schema(value, childTokens);
      else output[key] = this.walkDocument(value, childTokens);
    }
    return output;
  }

  schema(input: unknown, tokens: Tokens): unknown {
    if (!isObject(input)) return input;
    const output: Record<string, unknown> = {};
    const known = knownKeywords(this.dialect);
    for (const [key, value] of Object.entries(input)) {
      if (key.startsWith('x-')) continue;
      if (!known.has(key)) {
        const suggestion = suggestKeyword(key, this.dialect);
        const hint = suggestion ? ` (did you mean \`${suggestion}\`?)` : '';
        this.warn(
          'unknown-keyword',
          [...tokens, key],
          `Unknown keyword \`${key}\`${hint} is ignored.`,
        );
        continue;
      }
      output[key] = DATA_KEYWORDS.has(key) ? value : this.child(key, value, tokens);
    }
    this.checkFormat(output, tokens);
    this.applyNullable(input, output, tokens);
    if (this.dialect !== 'openapi-3.1') this.convertExclusiveBounds(output);
    this.applyAccessModes(output);
    this.openClosedAllOf(output, tokens);
    return output;
  }

  child(key: string, value: unknown, tokens: Tokens): unknown {
    if (SCHEMA_MAP_KEYWORDS.includes(key) && isObject(value)) {
      const output: Record<string, unknown> = {};
      for (const [name, schema] of Object.entries(value))
        output[name] = this.schema(schema, [...tokens, key, name]);
      return output;
    }
    if ((SCHEMA_ARRAY_KEYWORDS.includes(key) || key === 'items') && Array.isArray(value))
      return value.map((schema, index) => this.schema(schema, [...tokens, key, index]));
    if (SCHEMA_KEYWORDS.includes(key) || key === 'items')
      return this.schema(value, [...tokens, key]);
    if (key === 'dependencies' && isObject(value)) {
      const output: Record<string, unknown> = {};
      for (const [name, entry] of Object.entries(value))
        output[name] = Array.isArray(entry) ? entry : this.schema(entry, [...tokens, key, name]);
      return output;
    }
    return value;
  }

  checkFormat(schema: Record<string, unknown>, tokens: Tokens): void {
    const format = schema.format;
    if (format === undefined || (typeof format === 'string' && KNOWN_FORMATS.has(format))) return;
    throw new SpecError({
      file: this.file,
      pointer: toPointer([...tokens, 'format']),
      problem: `unknown format ${JSON.stringify(format)}; the validators never ignore a format.`,
      fix: `use one of ${[...KNOWN_FORMATS].sort().join(', ')}, or remove the format keyword`,
    });
  }

  applyNullable(
    input: Record<string, unknown>,
    output: Record<string, unknown>,
    tokens: Tokens,
  ): void {
    if (!('nullable' in input)) return;
    delete output.nullable;
    if (input.nullable !== true) return;
    if (this.dialect === 'openapi-3.1') {
      this.warn(
        'nullable-in-3.1',
        [...tokens, 'nullable'],
        'nullable has no meaning in OpenAPI 3.1 and is ignored; add "null" to type instead.',
      );
      return;
    }
    if (output.type === undefined) {
      this.warn(
        'nullable-without-type',
        [...tokens, 'nullable'],
        'nullable ignored: no sibling type (OpenAPI 3.0.3 gives nullable no effect without type); ' +
          'add a type, or use anyOf with {type: "null"} written out in a 3.1 document.',
      );
      return;
    }
    const types = Array.isArray(output.type) ? output.type : [output.type];
    if (!types.includes('null')) output.type = [...types, 'null'];
    // NOTE: an enum must list null for null to pass it; a nullable enum is read as allowing null.
    if (Array.isArray(output.enum) && !output.enum.includes(null))
      output.enum = [...output.enum, null];
  }

  convertExclusiveBounds(schema: Record<string, unknown>): void {
    for (const [flag, bound] of [
      ['exclusiveMinimum', 'minimum'],
      ['exclusiveMaximum', 'maximum'],
    ] as const) {
      if (typeof schema[flag] !== 'boolean') continue;
      if (schema[flag] === true && typeof schema[bound] === 'number') {
        schema[flag] = schema[bound];
        delete schema[bound];
      } else {
        delete schema[flag];
      }
    }
  }

  /**
   * Marks read-only and write-only properties so one compiled schema serves both directions: the
   * caller passes the direction as ajv context, and the keywords below check it.
   */
  applyAccessModes(schema: Record<string, unknown>): void {
    if (!isObject(schema.properties)) return;
    const properties = schema.properties;
    const modeOf = (name: string): 'readOnly' | 'writeOnly' | undefined => {
      const target = properties[name];
      const resolved = isObject(target) && '$ref' in target ? this.deref(target) : target;
      if (!isObject(resolved)) return undefined;
      if (resolved.writeOnly === true) return 'writeOnly';
      return resolved.readOnly === true ? 'readOnly' : undefined;
    };
    const writeOnly: string[] = [];
    const readOnly: string[] = [];
    for (const name of Object.keys(properties)) {
      const mode = modeOf(name);
      const target = properties[name];
      if (mode === undefined || !isObject(target)) continue;
      (mode === 'writeOnly' ? writeOnly : readOnly).push(name);
      properties[name] = {
        ...target,
        [mode === 'writeOnly' ? WRITE_ONLY_KEYWORD : READ_ONLY_KEYWORD]: true,
      };
    }
    if (!Array.isArray(schema.required)) return;
    const required = schema.required.map(String);
    const kept = required.filter((name) => !writeOnly.includes(name) && !readOnly.includes(name));
    const exceptResponse = required.filter((name) => writeOnly.includes(name));
    const exceptRequest = required.filter((name) => readOnly.includes(name));
    if (kept.length > 0) schema.required = kept;
    else delete schema.required;
    if (exceptResponse.length > 0) schema[REQUIRED_EXCEPT_RESPONSE_KEYWORD] = exceptResponse;
    if (exceptRequest.length > 0) schema[REQUIRED_EXCEPT_REQUEST_KEYWORD] = exceptRequest;
  }

  /** Property names a schema documents, through `$ref`s and nested `allOf`s. */
  propertyNames(schema: unknown, depth = 0): Set<string> | undefined {
    const resolved = this.deref(schema);
    if (!isObject(resolved) || depth > 20) return undefined;
    const names = new Set<string>(
      isObject(resolved.properties) ? Object.keys(resolved.properties) : [],
    );
    if (Array.isArray(resolved.allOf)) {
      for (const branch of resolved.allOf) {
        const branchNames = this.propertyNames(branch, depth + 1);
        if (!branchNames) return undefined;
        for (const name of branchNames) names.add(name);
      }
    }
    if (resolved.patternProperties !== undefined || isObject(resolved.additionalProperties))
      return undefined;
    return names;
  }

  openClosedAllOf(schema: Record<string, unknown>, tokens: Tokens): void {
    if (!Array.isArray(schema.allOf) || schema.allOf.length < 2) return;
    const branches = schema.allOf as unknown[];
    const closed = branches
      .map((branch, index) => ({ index, resolved: this.deref(branch) }))
      .filter(({ resolved }) => isObject(resolved) && resolved.additionalProperties === false);
    if (closed.length === 0) return;

    const merged = this.propertyNames({ ...schema, allOf: branches.map((b) => this.deref(b)) });
    for (const { index, resolved } of closed) {
      const own = this.propertyNames(resolved);
      const foreign = merged && own ? [...merged].filter((name) => !own.has(name)) : [];
      if (foreign.length === 0) continue;
      this.warn(
        'unsatisfiable-allof',
        [...tokens, 'allOf', index, 'additionalProperties'],
        `allOf branch ${index} sets additionalProperties: false, so no instance with ` +
          `${foreign.map((name) => `\`${name}\``).join(', ')} from the other branches can pass; ` +
          'the suite checks undocumented properties against the merged property set instead.',
      );
    }
    if (!merged) return;
    schema.allOf = branches.map((branch) => {
      const resolved = this.deref(branch);
      if (!isObject(resolved) || resolved.additionalProperties !== false) return branch;
      // A copy of the branch without its closure: the `$ref`s inside still point into the document.
      const opened =
        isObject(branch) && '$ref' in branch ? { ...this.normalizedCopy(branch) } : { ...resolved };
      delete opened.additionalProperties;
      return opened;
    });
    const properties = isObject(schema.properties) ? { ...schema.properties } : {};
    for (const name of merged) if (!(name in properties)) properties[name] = true;
    schema.properties = properties;
    schema.additionalProperties = false;
  }

  /** Normalises the target of a `$ref` again, for a copy that is about to change. */
  normalizedCopy(reference: Record<string, unknown>): Record<string, unknown> {
    const target = this.deref(reference);
    const lintLength = this.lint.length;
    const copy = this.schema(target, ['(copy)']);
    // The target is normalised at its own location too; keep its warnings from appearing twice.
    this.lint.length = lintLength;
    return isObject(copy) ? copy : {};
  }
}

/** Root keys of an OpenAPI document that `$ref`s in schemas point into. */
export const SCHEMA_ROOT_KEYS = ['components', 'paths', 'webhooks'];

/**
 * Normalises every schema in an OpenAPI 3.x document (Swagger 2.0 already converted). Throws a
 * SpecError for an unknown format; returns the other problems as lint warnings.
 */
export function normalizeDocument(
  document: Record<string, unknown>,
  dialect: SpecDialect,
  file: string,
): NormalizedDocument {
  const normalizer = new Normalizer(document, dialect, file);
  const output = normalizer.walkDocument(document, []) as Record<string, unknown>;
  return { document: output, lint: normalizer.lint };
}

/** Normalises one schema that does not belong to a document (ad-hoc checks, tests). */
export function normalizeSchema(
  schema: JsonSchema,
  dialect: SpecDialect,
  file = 'inline schema',
): NormalizedDocument {
  const normalizer = new Normalizer({}, dialect, file);
  const output = normalizer.schema(schema, []) as Record<string, unknown>;
  return { document: output, lint: normalizer.lint };
}
