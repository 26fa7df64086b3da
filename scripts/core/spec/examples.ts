/**
 * Finds the examples embedded in an OpenAPI 3.x document, each with the schema it illustrates, so
 * a test can validate every example against its own schema.
 */
import { followRef } from './operations.ts';
import { encodePointerToken } from './pointer.ts';

export interface EmbeddedExample {
  /** Pointer of the example value, for example `#/components/schemas/Record/example`. */
  pointer: string;
  /** Pointer of the schema the example belongs to. */
  schemaPointer: string;
  value: unknown;
  /** Where the example travels, read from its location: request bodies and parameters are requests. */
  direction: 'request' | 'response' | 'any';
}

function directionOf(pointer: string): EmbeddedExample['direction'] {
  if (/\/(responses|headers)\//.test(pointer)) return 'response';
  if (/\/(requestBody|requestBodies|parameters)\//.test(pointer)) return 'request';
  return 'any';
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

const SUBSCHEMA_MAPS = ['properties', 'patternProperties', 'definitions', '$defs'];
const SUBSCHEMA_LISTS = ['allOf', 'anyOf', 'oneOf', 'prefixItems'];
const SUBSCHEMAS = ['items', 'additionalProperties', 'not', 'if', 'then', 'else', 'contains'];

/**
 * Lists media-type and parameter examples (`example` and `examples.*.value`) and schema
 * `example`s, in document order. `$ref`'d schemas are visited where they are defined, once.
 */
export function collectExamples(document: Json): EmbeddedExample[] {
  const found: EmbeddedExample[] = [];
  const add = (pointer: string, schemaPointer: string, value: unknown): void => {
    found.push({ pointer, schemaPointer, value, direction: directionOf(pointer) });
  };

  const visitSchema = (schema: unknown, pointer: string): void => {
    if (!isObject(schema) || '$ref' in schema) return;
    if ('example' in schema) add(`${pointer}/example`, pointer, schema.example);
    for (const key of SUBSCHEMA_MAPS) {
      const map = schema[key];
      if (!isObject(map)) continue;
      for (const [name, child] of Object.entries(map))
        visitSchema(child, `${pointer}/${key}/${encodePointerToken(name)}`);
    }
    for (const key of SUBSCHEMA_LISTS) {
      const list = schema[key];
      if (Array.isArray(list))
        list.forEach((child, index) => visitSchema(child, `${pointer}/${key}/${index}`));
    }
    for (const key of SUBSCHEMAS) {
      const child = schema[key];
      if (Array.isArray(child))
        child.forEach((item, index) => visitSchema(item, `${pointer}/${key}/${index}`));
      else visitSchema(child, `${pointer}/${key}`);
    }
  };

  /** Collects the examples of a parameter, header or media type object, and those in its schema. */
  const visitHolder = (holder: unknown, pointer: string): void => {
    if (!isObject(holder)) return;
    const schemaPointer = `${pointer}/schema`;
    if (holder.schema !== undefined) {
      if ('example' in holder) add(`${pointer}/example`, schemaPointer, holder.example);
      if (isObject(holder.examples)) {
        for (const [name, entry] of Object.entries(holder.examples)) {
          const examplePointer = `${pointer}/examples/${encodePointerToken(name)}`;
          const resolved = followRef(document, entry, examplePointer);
          if (isObject(resolved.node) && 'value' in resolved.node)
            add(`${resolved.pointer}/value`, schemaPointer, resolved.node.value);
        }
      }
      visitSchema(holder.schema, schemaPointer);
    }
    if (isObject(holder.content)) {
      for (const [mediaType, media] of Object.entries(holder.content))
        visitHolder(media, `${pointer}/content/${encodePointerToken(mediaType)}`);
    }
  };

  const visitNode = (node: unknown, pointer: string, key: string): void => {
    if (!isObject(node)) return;
    if (key === 'schemas') {
      for (const [name, schema] of Object.entries(node))
        visitSchema(schema, `${pointer}/${encodePointerToken(name)}`);
      return;
    }
    if ('schema' in node || 'content' in node) {
      visitHolder(node, pointer);
      if (!('headers' in node)) return;
    }
    for (const [childKey, child] of Object.entries(node)) {
      if (childKey.startsWith('x-') || childKey === 'examples' || childKey === 'example') continue;
      const childPointer = `${pointer}/${encodePointerToken(childKey)}`;
      if (Array.isArray(child))
        child.forEach((item, index) => visitNode(item, `${childPointer}/${index}`, ''));
      else visitNode(child, childPointer, childKey);
    }
  };

  visitNode(document.paths, '#/paths', 'paths');
  visitNode(document.components, '#/components', 'components');
  return found;
}
