// Walkers over a parsed OpenAPI 3.0 document, for the tests of the project's own document.

export type JsonObject = Record<string, unknown>;

const httpMethods = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

export interface OperationEntry {
  operationId: string;
  method: string;
  path: string;
  operation: JsonObject;
}

function isObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function escapePointerToken(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}

/**
 * Follows a URI-fragment JSON pointer such as `#/components/schemas/Record`. Returns undefined
 * when the pointer leads nowhere.
 */
export function resolvePointer(root: unknown, pointer: string): unknown {
  if (!pointer.startsWith('#'))
    throw new Error(
      `Invalid pointer ${pointer}: use a URI fragment such as #/components/schemas/Record.`,
    );
  const tokens = pointer.slice(1).split('/').slice(1);
  let node: unknown = root;
  for (const raw of tokens) {
    const token = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(node)) node = node[Number(token)];
    else if (isObject(node)) node = node[token];
    else return undefined;
  }
  return node;
}

/** Lists every operation under `paths` with its method and path template. */
export function listOperations(document: JsonObject): OperationEntry[] {
  const entries: OperationEntry[] = [];
  for (const [path, item] of Object.entries((document.paths ?? {}) as JsonObject)) {
    if (!isObject(item)) continue;
    for (const method of httpMethods) {
      const operation = item[method];
      if (!isObject(operation)) continue;
      entries.push({ operationId: String(operation.operationId), method, path, operation });
    }
  }
  return entries;
}

/**
 * Visits every object of the document with its pointer, skipping example values and extension
 * values, which hold data rather than OpenAPI structure. `parentKey` is the key the object sits
 * under, so callers can tell a `properties` map from a schema.
 */
function walk(
  node: unknown,
  at: string,
  parentKey: string,
  visit: (object: JsonObject, at: string, parentKey: string) => void,
): void {
  if (Array.isArray(node)) {
    node.forEach((item, i) => walk(item, `${at}/${i}`, parentKey, visit));
    return;
  }
  if (!isObject(node)) return;
  visit(node, at, parentKey);
  for (const [key, value] of Object.entries(node)) {
    if (key === 'example' || key === 'examples' || key.startsWith('x-')) continue;
    walk(value, `${at}/${escapePointerToken(key)}`, key, visit);
  }
}

/** Lists every `$ref` with the pointer of the object that carries it. */
export function collectRefs(document: JsonObject): { ref: string; at: string }[] {
  const refs: { ref: string; at: string }[] = [];
  walk(document, '#', '', (object, at, parentKey) => {
    if (parentKey !== 'properties' && typeof object.$ref === 'string') {
      refs.push({ ref: object.$ref, at });
    }
  });
  return refs;
}

/** Lists the names of all `x-` extension keys used anywhere in the document. */
export function collectExtensionKeywords(document: JsonObject): string[] {
  const names = new Set<string>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!isObject(node)) return;
    for (const [key, value] of Object.entries(node)) {
      if (key.startsWith('x-')) names.add(key);
      else if (key !== 'example') visit(value);
    }
  };
  visit(document);
  return [...names];
}

export interface EmbeddedExample {
  /** Pointer of the example itself. */
  at: string;
  /** Pointer of the schema that the example must satisfy. */
  schemaPointer: string;
  value: unknown;
}

/**
 * Lists every `example` and `examples` entry with the schema it belongs to: the `schema` beside it
 * for parameters, headers and media types, otherwise the schema object that carries it.
 */
export function collectExamples(document: JsonObject): EmbeddedExample[] {
  const examples: EmbeddedExample[] = [];
  walk(document, '#', '', (object, at, parentKey) => {
    // A `properties` map is keyed by property names, so its `example` key would be a property.
    if (parentKey === 'properties') return;
    const schemaPointer = 'schema' in object ? `${at}/schema` : at;
    if ('example' in object) {
      examples.push({ at: `${at}/example`, schemaPointer, value: object.example });
    }
    if (isObject(object.examples)) {
      for (const [name, entry] of Object.entries(object.examples)) {
        if (isObject(entry) && 'value' in entry) {
          examples.push({ at: `${at}/examples/${name}`, schemaPointer, value: entry.value });
        }
      }
    }
  });
  return examples;
}

/** Lists every `description` and `summary` string of the document. */
export function collectDescriptions(document: JsonObject): string[] {
  const texts: string[] = [];
  walk(document, '#', '', (object, _at, parentKey) => {
    if (parentKey === 'properties') return;
    for (const key of ['description', 'summary']) {
      const text = object[key];
      if (typeof text === 'string') texts.push(text);
    }
  });
  return texts;
}

/**
 * Returns a copy of a dereferenced document in which every OpenAPI 3.0 `nullable: true` schema
 * accepts null as JSON Schema expresses it: `type: [T, 'null']`, and null added to any `enum`.
 */
export function toJsonSchema(document: JsonObject): JsonObject {
  const copy = structuredClone(document);
  const seen = new Set<JsonObject>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!isObject(node) || seen.has(node)) return;
    seen.add(node);
    if ('nullable' in node) {
      if (node.nullable === true && typeof node.type === 'string') {
        node.type = [node.type, 'null'];
        if (Array.isArray(node.enum) && !node.enum.includes(null)) node.enum.push(null);
      }
      delete node.nullable;
    }
    for (const [key, value] of Object.entries(node)) {
      if (key !== 'example' && !key.startsWith('x-')) visit(value);
    }
  };
  visit(copy);
  return copy;
}

export interface Decision {
  /** Pointer of the object that carries the decision. */
  at: string;
  conflict?: unknown;
  choice?: unknown;
  reason?: unknown;
}

/** Lists every entry of every `x-exto-decision` list with the pointer of its carrier. */
export function collectDecisions(document: JsonObject): Decision[] {
  const decisions: Decision[] = [];
  walk(document, '#', '', (object, at) => {
    const list = object['x-exto-decision'];
    if (list === undefined) return;
    // An entry without choice and reason makes the caller's checks fail, as a non-list should.
    if (!Array.isArray(list)) decisions.push({ at });
    else for (const entry of list) decisions.push({ at, ...(entry as JsonObject) });
  });
  return decisions;
}
