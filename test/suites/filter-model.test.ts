import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
  compareResults,
  dayOf,
  expectation,
  fieldKinds,
  formA,
  formB,
  type Condition,
} from '../../suites/support/filter-model.ts';

const row = (id: string, customFields: Record<string, unknown>) => ({ _id: id, customFields });

test('NUMBER gt excludes blank fields', () => {
  const condition: Condition = { field: 'n', type: 'NUMBER', operator: 'gt', value: '5' };
  assert.equal(expectation(row('a', { n: null }), condition), 'out');
});

test('NUMBER ne leaves blank fields open', () => {
  const condition: Condition = { field: 'n', type: 'NUMBER', operator: 'ne', value: '5' };
  assert.equal(expectation(row('a', {}), condition), 'either');
});

test('eq null matches blank fields', () => {
  const condition: Condition = { field: 'n', type: 'NUMBER', operator: 'eq', value: null };
  assert.equal(expectation(row('a', { n: '' }), condition), 'in');
});

test('currency values compare by value', () => {
  const condition: Condition = { field: 'c', type: 'NUMBER', operator: 'ge', value: '10' };
  assert.equal(
    expectation(row('a', { c: { label: '12 USD', value: 12, currency: 'USD' } }), condition),
    'in',
  );
});

test('string case difference is open', () => {
  const condition: Condition = { field: 's', type: 'STRING', operator: 'cn', value: 'abc' };
  assert.equal(expectation(row('a', { s: 'xABCx' }), condition), 'either');
});

test('string sw matches the prefix', () => {
  const condition: Condition = { field: 's', type: 'STRING', operator: 'sw', value: 'sit' };
  assert.equal(expectation(row('a', { s: 'site1@example.com' }), condition), 'in');
});

test('date-time falls on its local day', () => {
  assert.equal(dayOf('2025-03-02T05:00:00.000Z', 'America/Los_Angeles'), '2025-03-01');
});

test('date-only value keeps its day', () => {
  assert.equal(dayOf('2025-03-02', 'America/Los_Angeles'), '2025-03-02');
});

test('compareResults flags a missing record', () => {
  const rows = [row('a', { n: 1 }), row('b', { n: 2 })];
  const condition: Condition = { field: 'n', type: 'NUMBER', operator: 'ge', value: '1' };
  const comparison = compareResults(rows, ['a'], (r) => expectation(r, condition));
  assert.deepEqual(comparison.missing, ['b']);
});

test('compareResults flags an unexpected record', () => {
  const rows = [row('a', { n: 1 }), row('b', { n: 2 })];
  const condition: Condition = { field: 'n', type: 'NUMBER', operator: 'eq', value: '1' };
  const comparison = compareResults(rows, ['a', 'b'], (r) => expectation(r, condition));
  assert.deepEqual(comparison.unexpected, ['b']);
});

test('compareResults accepts open records either way', () => {
  const rows = [row('a', { n: 1 }), row('b', {})];
  const condition: Condition = { field: 'n', type: 'NUMBER', operator: 'ne', value: '2' };
  assert.equal(compareResults(rows, ['a'], (r) => expectation(r, condition)).exact, true);
  assert.equal(compareResults(rows, ['a', 'b'], (r) => expectation(r, condition)).exact, true);
});

test('condition forms differ by the type segment', () => {
  const condition: Condition = { field: 'n', type: 'NUMBER', operator: 'eq', value: '1' };
  assert.equal(formB(condition), 'n:eq:1');
  assert.equal(formA(condition), 'n:NUMBER:eq:1');
});

test('fieldKinds classifies values', () => {
  const kinds = fieldKinds([
    row('a', {
      n: 1,
      s: 'x',
      d: '2024-01-01',
      t: '2024-01-01T00:00:00.000Z',
      b: true,
      blank: null,
    }),
  ]);
  const summary = Object.fromEntries([...kinds].map(([field, info]) => [field, info.kind]));
  assert.deepEqual(summary, { n: 'number', s: 'string', d: 'date', t: 'date-time', b: 'boolean' });
});
