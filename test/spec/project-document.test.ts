// The project's own OpenAPI document: it must load cleanly and describe every documented operation.
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { before, test } from 'node:test';
import { collectExamples } from '../../scripts/core/spec/examples.ts';
import type { LoadedSpec, Operation } from '../../scripts/core/spec/types.ts';
import { createValidators } from '../../scripts/core/spec/validators.ts';
import { loadSpec } from '../../scripts/lib/spec-loader.ts';
import { DRAFT_OPENAPI_PATH, skipWithoutShared } from '../shared-material.ts';

const projectPath = fileURLToPath(
  new URL('../../schemas/exto-data-api.openapi.yaml', import.meta.url),
);
const draftPath = DRAFT_OPENAPI_PATH;
const skipDraft = skipWithoutShared(draftPath);

/**
 * Method, path and operationId, with template names blanked: OpenAPI forbids two paths that differ
 * only in a template name, so `/jobstatus/{projectID}` and `/jobstatus/{id}` share one path item.
 */
function signature(operation: Operation): string {
  return `${operation.method.toUpperCase()} ${operation.path.replace(/\{[^}]+\}/g, '{}')} ${operation.operationId}`;
}

let project: LoadedSpec;
let draft: LoadedSpec;

before(async () => {
  project = await loadSpec(projectPath);
  if (!skipDraft) draft = await loadSpec(draftPath);
});

test('project document has no lint warnings', () => {
  assert.deepEqual(project.lint, []);
});

test('project document lists every draft operation', { skip: skipDraft }, () => {
  const documented = new Set(project.operations.map(signature));
  const missing = draft.operations.map(signature).filter((entry) => !documented.has(entry));
  assert.deepEqual(missing, []);
});

test('project document adds the token endpoints', { skip: skipDraft }, () => {
  const drafted = new Set(draft.operations.map(signature));
  const extra = project.operations.map(signature).filter((entry) => !drafted.has(entry));
  assert.deepEqual(extra, [
    'POST /api/auth/login login',
    'POST /api/auth/access-token createAccessToken',
  ]);
});

test('project document operation ids are unique', () => {
  const ids = project.operations.map((operation) => operation.operationId);
  assert.equal(ids.length, 51);
  assert.equal(new Set(ids).size, ids.length);
});

test('project document examples conform', () => {
  const validators = createValidators(project);
  const failing = collectExamples(project.bundled).flatMap((example) =>
    validators
      .validateSchema(example.schemaPointer, example.value, { direction: example.direction })
      .map((error) => `${example.pointer}: ${error.message}`),
  );
  assert.deepEqual(failing, []);
});
