/**
 * The operation list of an OpenAPI 3.x document: one entry per method under `paths`, with
 * parameters, request body and responses resolved through internal `$ref`s.
 */
import { resolvePointer, toPointer } from './pointer.ts';
import { normalizeStatusKey } from './status.ts';
import type {
  HeaderSpec,
  HttpMethod,
  JsonSchema,
  MediaTypeSpec,
  Operation,
  OperationSecurity,
  Parameter,
  ParameterConstraints,
  ParameterLocation,
  RequestBodySpec,
  ResponseSpec,
} from './types.ts';

export const HTTP_METHODS: readonly HttpMethod[] = [
  'get',
  'put',
  'post',
  'delete',
  'options',
  'head',
  'patch',
  'trace',
];

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** A node after following its `$ref` chain, with the pointer where it was found. */
export interface Located {
  node: unknown;
  pointer: string;
}

/** Follows internal `$ref`s from `node` (found at `pointer`) to the object they name. */
export function followRef(document: unknown, node: unknown, pointer: string): Located {
  let current: Located = { node, pointer };
  const seen = new Set<string>();
  while (isObject(current.node) && typeof current.node.$ref === 'string') {
    const ref = current.node.$ref;
    if (!ref.startsWith('#') || seen.has(ref)) break;
    seen.add(ref);
    current = { node: resolvePointer(document, ref), pointer: ref };
  }
  return current;
}

const CONSTRAINT_KEYS = [
  'type',
  'format',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'minLength',
  'maxLength',
  'pattern',
  'enum',
] as const;

function constraintsOf(schema: unknown): ParameterConstraints {
  const constraints: Record<string, unknown> = {};
  if (!isObject(schema)) return constraints;
  for (const key of CONSTRAINT_KEYS) {
    const value = schema[key];
    // A 3.0 boolean exclusiveMinimum only modifies `minimum`; the numeric form is the constraint.
    if (value !== undefined && typeof value !== 'boolean') constraints[key] = value;
    else if (value === true) {
      const bound = key === 'exclusiveMinimum' ? schema.minimum : schema.maximum;
      if (typeof bound === 'number') constraints[key] = bound;
    }
  }
  return constraints as ParameterConstraints;
}

function parametersOf(document: Json, list: unknown, pointer: string): Parameter[] {
  if (!Array.isArray(list)) return [];
  return list.flatMap((entry, index): Parameter[] => {
    const { node } = followRef(document, entry, `${pointer}/${index}`);
    if (!isObject(node) || typeof node.name !== 'string' || typeof node.in !== 'string') return [];
    const schema = followRef(document, node.schema, '').node;
    const parameter: Parameter = {
      name: node.name,
      in: node.in as ParameterLocation,
      required: node.required === true || node.in === 'path',
      constraints: constraintsOf(schema),
    };
    if (typeof node.description === 'string') parameter.description = node.description;
    if (node.deprecated === true) parameter.deprecated = true;
    if (isObject(schema)) parameter.schema = schema;
    const example = node.example ?? (isObject(schema) ? schema.example : undefined);
    if (example !== undefined) parameter.example = example;
    return [parameter];
  });
}

function contentOf(document: Json, content: unknown): Record<string, MediaTypeSpec> {
  const output: Record<string, MediaTypeSpec> = {};
  if (!isObject(content)) return output;
  for (const [mediaType, entry] of Object.entries(content)) {
    if (!isObject(entry)) continue;
    const spec: MediaTypeSpec = {};
    if (isObject(entry.schema) || typeof entry.schema === 'boolean')
      spec.schema = entry.schema as JsonSchema;
    if (entry.example !== undefined) spec.example = entry.example;
    if (isObject(entry.examples)) {
      spec.examples = {};
      for (const [name, example] of Object.entries(entry.examples))
        spec.examples[name] = followRef(document, example, '').node;
    }
    output[mediaType] = spec;
  }
  return output;
}

function responsesOf(document: Json, responses: unknown): Record<string, ResponseSpec> {
  const output: Record<string, ResponseSpec> = {};
  if (!isObject(responses)) return output;
  for (const [status, entry] of Object.entries(responses)) {
    if (status.startsWith('x-')) continue;
    const { node } = followRef(document, entry, '');
    if (!isObject(node)) continue;
    const headers: Record<string, HeaderSpec> = {};
    if (isObject(node.headers)) {
      for (const [name, header] of Object.entries(node.headers)) {
        const resolved = followRef(document, header, '').node;
        if (isObject(resolved)) headers[name] = resolved as HeaderSpec;
      }
    }
    output[normalizeStatusKey(status)] = {
      description: typeof node.description === 'string' ? node.description : '',
      headers,
      content: contentOf(document, node.content),
    };
  }
  return output;
}

function requestBodyOf(document: Json, body: unknown): RequestBodySpec | undefined {
  const { node } = followRef(document, body, '');
  if (!isObject(node)) return undefined;
  const spec: RequestBodySpec = {
    required: node.required === true,
    content: contentOf(document, node.content),
  };
  if (typeof node.description === 'string') spec.description = node.description;
  return spec;
}

/** Reads the security requirements into scheme kinds: `public`, `bearer` or the scheme name. */
function securityOf(document: Json, requirements: unknown): OperationSecurity[] {
  if (!Array.isArray(requirements) || requirements.length === 0) return ['public'];
  const schemes = resolvePointer(document, '#/components/securitySchemes');
  const kinds = new Set<OperationSecurity>();
  for (const requirement of requirements) {
    if (!isObject(requirement)) continue;
    const names = Object.keys(requirement);
    // An empty requirement `{}` makes authentication optional.
    if (names.length === 0) kinds.add('public');
    for (const name of names) {
      const scheme = isObject(schemes) ? followRef(document, schemes[name], '').node : undefined;
      const isBearer =
        isObject(scheme) &&
        scheme.type === 'http' &&
        typeof scheme.scheme === 'string' &&
        scheme.scheme.toLowerCase() === 'bearer';
      kinds.add(isBearer ? 'bearer' : name);
    }
  }
  return [...kinds];
}

function mergeParameters(pathLevel: Parameter[], operationLevel: Parameter[]): Parameter[] {
  const key = (parameter: Parameter) => `${parameter.in}:${parameter.name}`;
  const overridden = new Set(operationLevel.map(key));
  return [...pathLevel.filter((parameter) => !overridden.has(key(parameter))), ...operationLevel];
}

/**
 * Lists the operations of an OpenAPI 3.x document in document order. A missing `operationId` is
 * synthesised as `${METHOD} ${path}`.
 */
export function extractOperations(document: Json): Operation[] {
  const paths = document.paths;
  if (!isObject(paths)) return [];
  const operations: Operation[] = [];
  for (const [path, rawItem] of Object.entries(paths)) {
    if (path.startsWith('x-')) continue;
    const itemPointer = toPointer(['paths', path]);
    const item = followRef(document, rawItem, itemPointer).node;
    if (!isObject(item)) continue;
    const pathParameters = parametersOf(document, item.parameters, `${itemPointer}/parameters`);
    for (const method of HTTP_METHODS) {
      const raw = item[method];
      if (!isObject(raw)) continue;
      const pointer = `${itemPointer}/${method}`;
      const operation: Operation = {
        operationId:
          typeof raw.operationId === 'string' ? raw.operationId : `${method.toUpperCase()} ${path}`,
        method,
        path,
        tags: Array.isArray(raw.tags) ? raw.tags.map(String) : [],
        deprecated: raw.deprecated === true,
        security: securityOf(document, raw.security ?? document.security),
        parameters: mergeParameters(
          pathParameters,
          parametersOf(document, raw.parameters, `${pointer}/parameters`),
        ),
        responses: responsesOf(document, raw.responses),
      };
      if (typeof raw.summary === 'string') operation.summary = raw.summary;
      const requestBody = requestBodyOf(document, raw.requestBody);
      if (requestBody) operation.requestBody = requestBody;
      const servers = raw.servers ?? item.servers;
      if (Array.isArray(servers)) operation.servers = servers as Operation['servers'];
      operations.push(operation);
    }
  }
  return operations;
}
