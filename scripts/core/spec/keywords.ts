/**
 * Schema keywords per dialect, for the spec-lint step that reports keywords no validator knows
 * (typos such as `requried`), and the OpenAPI vocabulary that ajv must accept in strict mode.
 */
import type { SpecDialect } from './types.ts';
import { closestMatch } from '../suggest.ts';

const DRAFT_07_KEYWORDS = [
  '$id',
  '$schema',
  '$ref',
  '$comment',
  'title',
  'description',
  'default',
  'readOnly',
  'writeOnly',
  'examples',
  'multipleOf',
  'maximum',
  'exclusiveMaximum',
  'minimum',
  'exclusiveMinimum',
  'maxLength',
  'minLength',
  'pattern',
  'additionalItems',
  'items',
  'maxItems',
  'minItems',
  'uniqueItems',
  'contains',
  'maxProperties',
  'minProperties',
  'required',
  'additionalProperties',
  'definitions',
  'properties',
  'patternProperties',
  'dependencies',
  'propertyNames',
  'const',
  'enum',
  'type',
  'format',
  'contentMediaType',
  'contentEncoding',
  'if',
  'then',
  'else',
  'allOf',
  'anyOf',
  'oneOf',
  'not',
];

const DRAFT_2020_12_EXTRA = [
  '$defs',
  '$anchor',
  '$dynamicRef',
  '$dynamicAnchor',
  '$vocabulary',
  'prefixItems',
  'dependentSchemas',
  'dependentRequired',
  'unevaluatedProperties',
  'unevaluatedItems',
  'minContains',
  'maxContains',
  'contentSchema',
  'deprecated',
];

/**
 * OpenAPI annotation keywords that ajv does not know: registered as no-op keywords so strict mode
 * compiles. `nullable` is absent on purpose because normalisation rewrites or removes it.
 */
export const OPENAPI_ANNOTATIONS = [
  'example',
  'xml',
  'externalDocs',
  'discriminator',
  'deprecated',
];

const KEYWORDS_3_0 = new Set([...DRAFT_07_KEYWORDS, ...OPENAPI_ANNOTATIONS, 'nullable']);
const KEYWORDS_3_1 = new Set([
  ...DRAFT_07_KEYWORDS,
  ...DRAFT_2020_12_EXTRA,
  ...OPENAPI_ANNOTATIONS,
  'nullable',
]);

/** Keywords a schema of this dialect may contain, besides `x-*` extensions. */
export function knownKeywords(dialect: SpecDialect): ReadonlySet<string> {
  return dialect === 'openapi-3.1' ? KEYWORDS_3_1 : KEYWORDS_3_0;
}

/** Returns the known keyword closest to `word` when it is close enough to be a typo of it. */
export function suggestKeyword(word: string, dialect: SpecDialect): string | undefined {
  return closestMatch(word, knownKeywords(dialect), Math.max(2, Math.floor(word.length / 3)));
}
