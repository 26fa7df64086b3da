// The vendor's draft document: it must load cleanly, and every example in it is checked against
// its own schema. Failing examples are findings about the draft, listed exactly below.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { Ajv } from 'ajv';
import { collectExamples, type EmbeddedExample } from '../../scripts/core/spec/examples.ts';
import type { LoadedSpec } from '../../scripts/core/spec/types.ts';
import { createValidators, type CompiledValidators } from '../../scripts/core/spec/validators.ts';
import { loadSpec } from '../../scripts/lib/spec-loader.ts';
import { DRAFT_OPENAPI_PATH, skipWithoutShared } from '../shared-material.ts';

const draftPath = DRAFT_OPENAPI_PATH;
const skip = skipWithoutShared(draftPath);

/**
 * Examples of the draft that fail their own schema, with the reason. Empty: with OpenAPI 3.0
 * semantics (nullable, strict RFC 3339 date-time) every one of the 237 examples conforms.
 */
const FAILING_EXAMPLES: Record<string, string> = {};

/**
 * Examples that conform only because `nullable: true` is honoured: a plain JSON Schema validator
 * rejects their `null`. They guard the nullable rule against a regression.
 */
const NULLABLE_EXAMPLES = [
  '#/paths/~1api~1v1~1module-record~1%7BmoduleName%7D~1expand/get/responses/200/content/application~1json/schema/properties/nextPage/example',
  '#/components/schemas/Record/properties/parentID/example',
  '#/components/schemas/CreateWorkspaceDTO/example',
  '#/components/schemas/Workspace/example',
];

let spec: LoadedSpec;
let validators: CompiledValidators;
let examples: EmbeddedExample[];

before(async () => {
  if (skip) return;
  spec = await loadSpec(draftPath);
  validators = createValidators(spec);
  examples = collectExamples(spec.bundled);
});

test('draft loads as OpenAPI 3.0', { skip }, () => {
  assert.equal(spec.dialect, 'openapi-3.0');
  assert.equal(spec.title, 'Exto Data API');
});

test('draft has no lint warnings', { skip }, () => {
  assert.deepEqual(spec.lint, []);
});

test('draft schemas all compile', { skip }, () => {
  assert.ok(validators.compileAll() > 0);
});

test('draft operations have unique ids', { skip }, () => {
  const ids = spec.operations.map((operation) => operation.operationId);
  assert.equal(ids.length, 49);
  assert.equal(new Set(ids).size, ids.length);
});

test('draft example count', { skip }, () => {
  // Counted independently by walking the JSON for `example` keys; a smaller number means the
  // collector skipped some.
  assert.equal(examples.length, 237);
});

test('draft failing examples are exactly known', { skip }, () => {
  const failing: Record<string, string> = {};
  for (const example of examples) {
    const errors = validators.validateSchema(example.schemaPointer, example.value, {
      subject: 'Example',
      direction: example.direction,
    });
    if (errors.length > 0)
      failing[example.pointer] = errors.map((error) => error.message).join('; ');
  }
  assert.deepEqual(failing, FAILING_EXAMPLES);
});

test('draft examples are really checked', { skip }, () => {
  // Swapping each example for a value of another JSON type must fail, except where the schema
  // allows both (the nullable string `parentID` accepts a string in place of its null).
  const accepted = examples
    .filter((example) => {
      const value = example.value;
      const wrong =
        typeof value === 'string'
          ? 12345
          : Array.isArray(value)
            ? 'x'
            : typeof value === 'number'
              ? 'x'
              : value === null
                ? 'x'
                : [];
      return (
        validators.validateSchema(example.schemaPointer, wrong, { direction: example.direction })
          .length === 0
      );
    })
    .map((example) => example.pointer);
  assert.deepEqual(accepted, ['#/components/schemas/Record/properties/parentID/example']);
});

test('nullable examples need the nullable rule', { skip }, () => {
  // ajv 8 honours `nullable` itself, so the plain validator gets the document without it.
  const withoutNullable = (key: string, value: unknown) => (key === 'nullable' ? undefined : value);
  const { components, paths } = JSON.parse(JSON.stringify(spec.bundled, withoutNullable));
  const plain = new Ajv({ strict: false, logger: false, validateFormats: false });
  plain.addSchema({ components, paths }, 'draft.json');
  const rejected = examples
    .filter(
      (example) => !plain.validate({ $ref: `draft.json${example.schemaPointer}` }, example.value),
    )
    .map((example) => example.pointer);
  assert.deepEqual(rejected, NULLABLE_EXAMPLES);
});
