/**
 * Loads an OpenAPI document for a run: Swagger 2.0, OpenAPI 3.0 or 3.1, JSON or YAML, from a file
 * or an http(s) URL. Every `$ref` is resolved, and every problem that would make the verdicts
 * untrustworthy (bad YAML, a dangling `$ref`, an unknown format, an HTML page instead of a spec)
 * ends in a SpecError naming the file, the JSON pointer and the fix.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { dirname, resolve as resolvePath } from 'node:path';
import { fileURLToPath } from 'node:url';
import $RefParser, { type JSONSchema } from '@apidevtools/json-schema-ref-parser';
import swagger2openapi from 'swagger2openapi';
import { parseDocument } from 'yaml';
import { isHtmlBody } from '../core/checks.ts';
import { SpecError } from '../core/spec/errors.ts';
import { normalizeDocument } from '../core/spec/normalize.ts';
import { extractOperations } from '../core/spec/operations.ts';
import { createValidators } from '../core/spec/validators.ts';
import { resolvePointer, toPointer, parsePointer } from '../core/spec/pointer.ts';
import type { LoadedSpec, SpecDialect } from '../core/spec/types.ts';

export interface LoadSpecOptions {
  /** Time allowed for downloading a spec given as a URL, in milliseconds (default 10,000). */
  timeoutMs?: number;
  /**
   * Compiles every schema once at load time, so an invalid schema fails before any request is
   * sent (default true). A caller that builds validators right away may skip it.
   */
  compile?: boolean;
}

type Json = Record<string, unknown>;

interface SourceText {
  text: string;
  bytes: Uint8Array;
  contentType?: string;
  /** Base for relative `$ref`s: the file path or the URL. */
  base: string;
  isUrl: boolean;
}

function isObject(value: unknown): value is Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

async function readSource(source: string, timeoutMs: number): Promise<SourceText> {
  if (/^https?:\/\//i.test(source)) {
    let response: Response;
    try {
      response = await fetch(source, { signal: AbortSignal.timeout(timeoutMs) });
    } catch (error) {
      throw new SpecError({
        file: source,
        pointer: '#',
        problem: `the download failed (${(error as Error).message}).`,
        fix: 'check that the URL is reachable from this machine, or pass a local file with --spec',
      });
    }
    const bytes = new Uint8Array(await response.arrayBuffer());
    const text = new TextDecoder().decode(bytes);
    const contentType = response.headers.get('content-type') ?? undefined;
    if (!response.ok) {
      throw new SpecError({
        file: source,
        pointer: '#',
        problem: `the server returned HTTP ${response.status} instead of the document.`,
        fix: 'check the URL, and any credentials a proxy in front of it needs',
      });
    }
    return { text, bytes, contentType, base: source, isUrl: true };
  }
  const path = source.startsWith('file:') ? fileURLToPath(source) : source;
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new SpecError({
      file: source,
      pointer: '#',
      problem:
        code === 'ENOENT' ? 'the file does not exist.' : `the file cannot be read (${code}).`,
      fix: 'pass the path of an OpenAPI document (JSON or YAML) with --spec',
    });
  }
  return { text: new TextDecoder().decode(bytes), bytes, base: path, isUrl: false };
}

function parseText(source: string, input: SourceText): Json {
  if (isHtmlBody(input.contentType, input.text)) {
    throw new SpecError({
      file: source,
      pointer: '#',
      problem:
        'the content is an HTML page, not an OpenAPI document (a proxy error or login page?).',
      fix: 'point --spec at the raw JSON or YAML document',
    });
  }
  const document = parseDocument(input.text);
  const [error] = document.errors;
  if (error) {
    const position = error.linePos?.[0];
    const where = position ? ` at line ${position.line}, column ${position.col}` : '';
    throw new SpecError({
      file: source,
      pointer: '#',
      problem: `the document is not valid JSON or YAML${where}: ${error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')}.`,
      fix: 'correct the syntax at that line',
    });
  }
  const value: unknown = document.toJS({ maxAliasCount: 1000 });
  if (!isObject(value)) {
    throw new SpecError({
      file: source,
      pointer: '#',
      problem: 'the document is not an object.',
      fix: 'provide an OpenAPI document with an openapi (or swagger) field at the top level',
    });
  }
  return value;
}

function dialectOf(source: string, document: Json): SpecDialect {
  const openapi = document.openapi;
  if (document.swagger === '2.0') return 'swagger-2.0';
  if (typeof openapi === 'string' && /^3\.0\.\d+/.test(openapi)) return 'openapi-3.0';
  if (typeof openapi === 'string' && /^3\.1\.\d+/.test(openapi)) return 'openapi-3.1';
  const found = openapi ?? document.swagger;
  let pointer = '#';
  if (openapi !== undefined) pointer = '#/openapi';
  else if (document.swagger !== undefined) pointer = '#/swagger';
  throw new SpecError({
    file: source,
    pointer,
    problem:
      found === undefined
        ? 'the document has no openapi or swagger field.'
        : `version ${JSON.stringify(found)} is not supported.`,
    fix: 'use a Swagger 2.0 (swagger: "2.0"), OpenAPI 3.0.x or OpenAPI 3.1.x document',
  });
}

/** Keys whose values are literal data: a `$ref` key inside them is not a reference. */
const LITERAL_KEYS = new Set(['example', 'default', 'enum', 'const']);

/** Fails on the first internal `$ref` that points nowhere, naming where the `$ref` sits. */
function checkInternalRefs(source: string, document: Json): void {
  const visit = (node: unknown, tokens: (string | number)[]): void => {
    if (Array.isArray(node)) {
      node.forEach((item, index) => visit(item, [...tokens, index]));
      return;
    }
    if (!isObject(node)) return;
    const ref = node.$ref;
    if (typeof ref === 'string' && ref.startsWith('#')) {
      if (parsePointer(ref) === undefined || resolvePointer(document, ref) === undefined) {
        const target = (parsePointer(ref) ?? []).join('.');
        throw new SpecError({
          file: source,
          pointer: toPointer(tokens),
          problem: `$ref ${JSON.stringify(ref)} does not resolve.`,
          fix: `define ${target || 'the target'} or correct the reference (escape "/" as ~1, "~" as ~0, and braces as %7B and %7D)`,
        });
      }
    }
    for (const [key, value] of Object.entries(node)) {
      if (!LITERAL_KEYS.has(key)) visit(value, [...tokens, key]);
    }
  };
  visit(document, []);
}

/** Replaces the Swagger 2.0 `x-nullable` extension with `nullable`, wherever it survived conversion. */
function convertXNullable(node: unknown): void {
  if (Array.isArray(node)) {
    node.forEach(convertXNullable);
    return;
  }
  if (!isObject(node)) return;
  if ('x-nullable' in node) {
    if (!('nullable' in node)) node.nullable = node['x-nullable'] === true;
    delete node['x-nullable'];
  }
  for (const [key, value] of Object.entries(node))
    if (!LITERAL_KEYS.has(key)) convertXNullable(value);
}

async function convertSwagger(source: string, document: Json): Promise<Json> {
  // x-nullable is converted here, before and after the converter, because converters have lost it
  // on `$ref`'d responses shared by several operations.
  convertXNullable(document);
  try {
    const { openapi } = await swagger2openapi.convertObj(document as never, {
      patch: true,
      warnOnly: true,
      resolve: false,
    });
    const converted = openapi as unknown as Json;
    convertXNullable(converted);
    return converted;
  } catch (error) {
    throw new SpecError({
      file: source,
      pointer: '#',
      problem: `the Swagger 2.0 document cannot be converted to OpenAPI 3.0 (${(error as Error).message}).`,
      fix: 'correct the Swagger 2.0 document, or convert it to OpenAPI 3 with another tool first',
    });
  }
}

function refParserOptions(input: SourceText, timeoutMs: number) {
  // A document from a file may reference only files. A document from a URL may reference only
  // URLs on the same origin, so a spec cannot make the loader fetch from any other host. Because
  // the origin is the one the user gave, the resolver's own block on loopback and private
  // addresses is lifted for it.
  const origin = input.isUrl ? new URL(input.base).origin : undefined;
  const sameOrigin = (file: { url: string }) => {
    try {
      return new URL(file.url).origin === origin;
    } catch {
      return false;
    }
  };
  const resolve = input.isUrl
    ? { file: false, http: { timeout: timeoutMs, safeUrlResolver: false, canRead: sameOrigin } }
    : { http: false };
  return { resolve, dereference: { circular: 'ignore' as const } };
}

/** Lists the `$ref`s that name another file or URL, with the pointer where each sits. */
function externalRefs(document: unknown): { pointer: string; ref: string }[] {
  const found: { pointer: string; ref: string }[] = [];
  const visit = (node: unknown, tokens: (string | number)[]): void => {
    if (Array.isArray(node)) {
      node.forEach((item, index) => visit(item, [...tokens, index]));
      return;
    }
    if (!isObject(node)) return;
    if (typeof node.$ref === 'string' && !node.$ref.startsWith('#'))
      found.push({ pointer: toPointer(tokens), ref: node.$ref });
    for (const [key, value] of Object.entries(node))
      if (!LITERAL_KEYS.has(key)) visit(value, [...tokens, key]);
  };
  visit(document, []);
  return found;
}

function refFailure(source: string, input: SourceText, document: Json, error: unknown): SpecError {
  const parserError = error as { message?: string; errors?: { message?: string }[] };
  const message = parserError.errors?.[0]?.message ?? parserError.message ?? String(error);
  // ref-parser names the target it could not read, not where the `$ref` sits, so find the
  // `$ref` whose target appears in its message.
  const culprit = externalRefs(document).find(({ ref }) => {
    const target = ref.split('#')[0]!;
    const absolute = input.isUrl
      ? new URL(target, input.base).href
      : resolvePath(dirname(input.base), target);
    return target !== '' && (message.includes(absolute) || message.includes(target));
  });
  const remoteFromFile = !input.isUrl && culprit !== undefined && /^https?:/i.test(culprit.ref);
  return new SpecError({
    file: source,
    pointer: culprit?.pointer ?? '#',
    problem: `a $ref cannot be resolved (${message}).`,
    fix: remoteFromFile
      ? 'download the referenced document and point the $ref at the local copy, because a spec loaded from a file may reference only files'
      : 'correct the reference, or make the file or URL it names available (a spec loaded from a URL may reference only the same origin)',
  });
}

/** Loads, converts, resolves and checks an OpenAPI document. Throws SpecError on any defect. */
export async function loadSpec(source: string, options: LoadSpecOptions = {}): Promise<LoadedSpec> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const input = await readSource(source, timeoutMs);
  const raw = parseText(source, input);
  const dialect = dialectOf(source, raw);
  checkInternalRefs(source, raw);
  const openapi = dialect === 'swagger-2.0' ? await convertSwagger(source, raw) : raw;

  const parserOptions = refParserOptions(input, timeoutMs);
  let bundled: Json;
  let document: Json;
  try {
    bundled = (await $RefParser.bundle(
      input.base,
      structuredClone(openapi) as JSONSchema,
      parserOptions,
    )) as Json;
    document = (await $RefParser.dereference(
      input.base,
      structuredClone(bundled) as JSONSchema,
      parserOptions,
    )) as Json;
  } catch (error) {
    throw refFailure(source, input, openapi, error);
  }

  const { lint } = normalizeDocument(bundled, dialect, source);
  if (options.compile ?? true) createValidators({ bundled, dialect, source }).compileAll();
  const info = isObject(document.info) ? document.info : {};
  return {
    title: typeof info.title === 'string' ? info.title : '',
    version: typeof info.version === 'string' ? info.version : '',
    dialect,
    source,
    sha256: createHash('sha256').update(input.bytes).digest('hex'),
    document,
    bundled,
    operations: extractOperations(document),
    lint,
  };
}
