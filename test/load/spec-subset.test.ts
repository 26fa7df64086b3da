import assert from 'node:assert/strict';
import { test } from 'node:test';

import { LOAD_OPERATION_IDS } from '../../scripts/core/load/operations.ts';
import { loadSchemaFile, subsetSpec } from '../../scripts/lib/k6/spec-subset.ts';
import { loadSpec } from '../../scripts/lib/spec-loader.ts';

const document = {
  openapi: '3.0.3',
  info: { title: 't', version: '1' },
  paths: {
    '/a': {
      get: {
        operationId: 'getA',
        responses: {
          '200': {
            content: { 'application/json': { schema: { $ref: '#/components/schemas/A' } } },
          },
        },
      },
      post: { operationId: 'postA', responses: {} },
    },
    '/b': { get: { operationId: 'getB', responses: {} } },
  },
  components: {
    schemas: {
      A: { type: 'object', properties: { b: { $ref: '#/components/schemas/B' } } },
      B: { type: 'string' },
      Unused: { type: 'integer' },
    },
  },
};

test('subset keeps requested operations', () => {
  const subset = subsetSpec(document, ['getA']);
  assert.deepEqual(Object.keys(subset.paths as object), ['/a']);
  assert.deepEqual(Object.keys((subset.paths as Record<string, object>)['/a']!), ['get']);
});

test('subset follows nested references', () => {
  const subset = subsetSpec(document, ['getA']);
  const schemas = (subset.components as { schemas: Record<string, unknown> }).schemas;
  assert.deepEqual(Object.keys(schemas).sort(), ['A', 'B']);
});

test('project spec keeps load operations', async () => {
  const spec = await loadSpec(
    new URL('../../schemas/exto-data-api.openapi.yaml', import.meta.url).pathname,
  );
  const file = JSON.parse(loadSchemaFile(spec)) as { bundled: { paths: Record<string, object> } };
  const ids = Object.values(file.bundled.paths).flatMap((item) =>
    Object.values(item).map((operation) => (operation as { operationId?: string }).operationId),
  );
  for (const id of LOAD_OPERATION_IDS) assert.ok(ids.includes(id), `${id} is missing`);
  assert.ok(JSON.stringify(file).length < JSON.stringify(spec.bundled).length / 2);
});
