import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildPredicate, FilterError, type FieldType } from '../../reference/filter/index.ts';
import { parseFilter } from '../../reference/filter/parse.ts';

const TYPES: Record<string, FieldType> = {
  n: 'NUMBER',
  s: 'STRING',
  d: 'DATE',
  at: 'DATE',
  b: 'PRIMITIVE',
  tags: 'PRIMITIVE',
  money: 'NUMBER',
  createdAt: 'DATE',
};
const lookup = (field: string): FieldType | undefined => TYPES[field];

const records = [
  {
    id: 'r1',
    customFields: {
      n: 1,
      s: 'Alpha',
      d: '2024-03-01',
      at: '2024-03-01T03:00:00.000Z',
      b: true,
      tags: ['A'],
      money: { label: '5.000 USD', value: 5, currency: 'USD' },
    },
    createdAt: '2025-01-01T00:00:00.000Z',
  },
  {
    id: 'r2',
    customFields: {
      n: 2,
      s: 'beta@example.com',
      d: '2024-03-02',
      at: '2024-03-02T12:00:00.000Z',
      b: false,
      tags: ['A', 'B'],
      money: null,
    },
    createdAt: '2025-01-02T00:00:00.000Z',
  },
  {
    id: 'r3',
    customFields: {
      n: null,
      s: null,
      d: null,
      at: null,
      b: true,
      tags: [],
      money: { label: '50.000 EUR', value: 50, currency: 'EUR' },
    },
    createdAt: '2025-01-03T00:00:00.000Z',
  },
  {
    id: 'r4',
    customFields: {
      n: 10,
      s: 'gamma',
      d: '2024-04-15',
      at: '2024-04-15T23:30:00.000Z',
      b: false,
      tags: ['C'],
      money: { label: '7.500 USD', value: 7.5, currency: 'USD' },
    },
    createdAt: '2025-01-04T00:00:00.000Z',
  },
];

function ids(filter: string, timeZone?: string): string[] {
  const predicate = buildPredicate(filter, lookup, timeZone);
  return records.filter((record) => predicate(record)).map((record) => record.id);
}

function errorOf(filter: string, timeZone?: string): string {
  try {
    buildPredicate(filter, lookup, timeZone);
  } catch (error) {
    assert.ok(error instanceof FilterError, `expected FilterError, got ${String(error)}`);
    return error.message;
  }
  assert.fail(`filter ${filter} was accepted`);
}

const CASES: Array<[filter: string, expected: string[]]> = [
  ['n:eq:2', ['r2']],
  ['n:ne:2', ['r1', 'r3', 'r4']],
  ['n:gt:1', ['r2', 'r4']],
  ['n:ge:2', ['r2', 'r4']],
  ['n:lt:2', ['r1']],
  ['n:le:2', ['r1', 'r2']],
  ['n:in:1|10|15', ['r1', 'r4']],
  ['n:eq:null', ['r3']],
  ['n:ne:null', ['r1', 'r2', 'r4']],
  ['money:gt:6', ['r3', 'r4']],
  ['s:eq:gamma', ['r4']],
  ['s:cn:ET', ['r2']],
  ['s:sw:al', ['r1']],
  ['s:ew:.COM', ['r2']],
  ['s:nc:a', ['r3']],
  ['s:eq:null', ['r3']],
  ['s:ne:null', ['r1', 'r2', 'r4']],
  ['s:in:Alpha|gamma', ['r1', 'r4']],
  ['d:eq:2024-03-02', ['r2']],
  ['d:ne:2024-03-02', ['r1', 'r3', 'r4']],
  ['d:gt:2024-03-01', ['r2', 'r4']],
  ['d:ge:2024-03-02', ['r2', 'r4']],
  ['d:lt:2024-03-02', ['r1']],
  ['d:le:2024-03-02', ['r1', 'r2']],
  ['d:ge:2024-03-01:and:d:le:2024-03-31', ['r1', 'r2']],
  ['d:eq:null', ['r3']],
  ['b:eq:true', ['r1', 'r3']],
  ['b:ne:true', ['r2', 'r4']],
  ['tags:eq:A', ['r1', 'r2']],
  ['tags:in:B|C', ['r2', 'r4']],
  ['createdAt:ge:2025-01-03', ['r3', 'r4']],
];

test('filter operators select the right records', () => {
  for (const [filter, expected] of CASES) {
    assert.deepEqual(ids(filter), expected, filter);
  }
});

test('filter accepts the typed form', () => {
  assert.deepEqual(ids('n:NUMBER:gt:1'), ids('n:gt:1'));
  assert.deepEqual(ids('s:STRING:cn:a'), ids('s:cn:a'));
  assert.deepEqual(ids('d:DATE:lt:2024-03-02'), ['r1']);
  assert.deepEqual(ids('b:PRIMITIVE:ne:true'), ['r2', 'r4']);
});

test('and binds tighter than or', () => {
  // (n = 1 AND s = gamma) OR n = 10: the first group matches nothing, the second r4.
  assert.deepEqual(ids('n:eq:1:and:s:eq:gamma:or:n:eq:10'), ['r4']);
  // n = 10 OR (n = 1 AND b = true).
  assert.deepEqual(ids('n:eq:10:or:n:eq:1:and:b:eq:true'), ['r1', 'r4']);
  assert.deepEqual(parseFilter('a:eq:1:and:b:eq:2:or:c:eq:3').anyOf.length, 2);
});

test('date filter uses the time zone', () => {
  // 2024-04-15T23:30Z is 2024-04-16 in Tokyo and 2024-04-15 in Los Angeles.
  assert.deepEqual(ids('at:eq:2024-04-16', 'Asia/Tokyo'), ['r4']);
  assert.deepEqual(ids('at:eq:2024-04-15', 'America/Los_Angeles'), ['r4']);
  assert.deepEqual(ids('at:eq:2024-04-15'), ['r4']);
  // 2024-03-01T03:00Z is still 2024-02-29 in Los Angeles.
  assert.deepEqual(ids('at:lt:2024-03-01', 'America/Los_Angeles'), ['r1']);
  assert.deepEqual(ids('at:lt:2024-03-01', 'UTC'), []);
});

test('invalid filters name the bad part', () => {
  assert.equal(
    errorOf('n:zz:3'),
    'Invalid filter "n:zz:3": unknown operator "zz"; use one of eq, ne, gt, ge, lt, le, cn, nc, sw, ew, in',
  );
  assert.match(errorOf('n:gt:abc'), /^Invalid filter "n:gt:abc": value "abc" is not a number/);
  assert.match(
    errorOf('d:gt:2024-13-01'),
    /^Invalid filter "d:gt:2024-13-01": value "2024-13-01" is not a date/,
  );
  assert.match(errorOf('s:gt:a'), /operator "gt" does not apply to STRING fields/);
  assert.match(errorOf('n:NUMBER:cn:1'), /operator "cn" does not apply to NUMBER fields/);
  assert.match(errorOf('nope:eq:1'), /unknown field "nope"/);
  assert.match(errorOf('n:gt:null'), /null is allowed only after eq or ne/);
  assert.match(errorOf('n:eq'), /missing value after "eq"/);
  assert.match(errorOf('n'), /missing operator/);
  assert.match(errorOf('n:eq:1:xor:n:eq:2'), /unexpected "xor" after "n:eq:1"/);
  assert.match(errorOf('n:eq:1:and:'), /missing condition after ":and:"/);
  assert.match(errorOf('n:in:1||2'), /empty value in the list/);
  assert.match(errorOf(''), /the filter is empty/);
  assert.match(errorOf('d:eq:2024-03-01', 'Mars/Olympus'), /Invalid localTimeZone "Mars\/Olympus"/);
});
