import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SpecError } from '../../scripts/core/spec/errors.ts';
import { createValidators } from '../../scripts/core/spec/validators.ts';
import { documentWith, loadDocument, messages } from './helpers.ts';

// These exact values pin the verdicts: a dependency bump that changes one of them fails here.
const validators = createValidators({
  bundled: documentWith({ Any: {} }),
  dialect: 'openapi-3.0',
  source: 'formats.test',
});

const cases: { schema: Record<string, unknown>; value: unknown; valid: boolean }[] = [
  { schema: { type: 'string', format: 'date-time' }, value: '2024-04-15T00:00:00Z', valid: true },
  { schema: { type: 'string', format: 'date-time' }, value: '2024-04-15T00:00:00', valid: false },
  {
    schema: { type: 'string', format: 'date-time' },
    value: '2024-04-15T00:00:00+0530',
    valid: false,
  },
  { schema: { type: 'string', format: 'date-time' }, value: '2024-04-15', valid: false },
  { schema: { type: 'string', format: 'date-time' }, value: 'not-a-date', valid: false },
  { schema: { type: 'string', format: 'date' }, value: '2024-04-15T00:00:00Z', valid: false },
  { schema: { type: 'integer', format: 'int32' }, value: 2147483648, valid: false },
  { schema: { type: 'string', format: 'uuid' }, value: '1234', valid: false },
  // More of RFC 3339 and of the OpenAPI numeric formats.
  {
    schema: { type: 'string', format: 'date-time' },
    value: '2024-04-15T00:00:00+09',
    valid: false,
  },
  {
    schema: { type: 'string', format: 'date-time' },
    value: '2024-04-15T05:30:00+05:30',
    valid: true,
  },
  {
    schema: { type: 'string', format: 'date-time' },
    value: '2025-02-27T02:20:06.958Z',
    valid: true,
  },
  { schema: { type: 'string', format: 'date-time' }, value: '2024-02-30T00:00:00Z', valid: false },
  { schema: { type: 'string', format: 'date-time' }, value: '2024-04-15T24:00:00Z', valid: false },
  { schema: { type: 'string', format: 'date-time' }, value: '2016-12-31T23:59:60Z', valid: true },
  { schema: { type: 'string', format: 'date-time' }, value: '2016-12-31T12:59:60Z', valid: false },
  { schema: { type: 'string', format: 'date' }, value: '2024-02-29', valid: true },
  { schema: { type: 'string', format: 'date' }, value: '2023-02-29', valid: false },
  { schema: { type: 'integer', format: 'int32' }, value: 2147483647, valid: true },
  { schema: { type: 'integer', format: 'int32' }, value: -2147483649, valid: false },
  { schema: { type: 'integer', format: 'int64' }, value: 2 ** 60, valid: true },
  { schema: { type: 'integer', format: 'int64' }, value: 9.223372036854776e21, valid: false },
  { schema: { type: 'number', format: 'double' }, value: 1.5, valid: true },
  { schema: { type: 'string', format: 'byte' }, value: 'aGVsbG8=', valid: true },
  { schema: { type: 'string', format: 'byte' }, value: 'not base64!', valid: false },
  { schema: { type: 'string', format: 'password' }, value: 'anything', valid: true },
  { schema: { type: 'string', format: 'binary' }, value: 'anything', valid: true },
];

for (const { schema, value, valid } of cases) {
  test(`${String(schema.format)} ${valid ? 'accepts' : 'rejects'} ${JSON.stringify(value)}`, () => {
    const errors = validators.validateSchema(schema, value);
    assert.equal(errors.length === 0, valid, messages(errors).join('; '));
  });
}

test('format error names the property', () => {
  const errors = validators.validateSchema(
    {
      type: 'object',
      properties: {
        rows: {
          type: 'array',
          items: {
            type: 'object',
            properties: { createdAt: { type: 'string', format: 'date-time' } },
          },
        },
      },
    },
    { rows: [{ createdAt: '2025-02-27' }] },
    { subject: 'Response body' },
  );
  assert.deepEqual(messages(errors), [
    'Response body property `rows.0.createdAt` must match format date-time',
  ]);
  assert.equal(errors[0]?.raw.keyword, 'format');
});

test('unknown format is a SpecError', async () => {
  const document = documentWith({ Thing: { type: 'string', format: 'objectid' } });
  await assert.rejects(loadDocument(document), (error: unknown) => {
    assert.ok(error instanceof SpecError);
    assert.equal(error.pointer, '#/components/schemas/Thing/format');
    assert.match(error.message, /unknown format "objectid"/);
    assert.match(error.fix, /remove the format keyword/);
    return true;
  });
});

test('unknown format inline is a SpecError', () => {
  assert.throws(
    () => validators.validateSchema({ type: 'string', format: 'phone' }, 'x'),
    SpecError,
  );
});
