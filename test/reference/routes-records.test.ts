import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { SEED_COUNTS } from '../../reference/store/seed.ts';
import { startTestServer, TIMESTAMP, type TestServer } from './server-helpers.ts';

let t: TestServer;
// Every LOCATION record, read once through two full pages; the oracle for filter results.
/* eslint-disable @typescript-eslint/no-explicit-any -- records are read as loose JSON */
interface Row {
  _id: string;
  id: string;
  customFields: Record<string, any>;
  [key: string]: any;
}
/* eslint-enable @typescript-eslint/no-explicit-any */
let locations: Row[];

before(async () => {
  t = await startTestServer();
  const first = await t.call('/api/v1/master-record/LOCATION?page=1&pageSize=1000');
  const second = await t.call('/api/v1/master-record/LOCATION?page=2&pageSize=1000');
  locations = [...first.json.rows, ...second.json.rows];
});
after(() => t.close());

test('GET master returns the list envelope', async () => {
  const response = await t.call('/api/v1/master-record/LOCATION?page=3&pageSize=100');
  assert.equal(response.status, 200);
  assert.equal(response.headers.get('content-type'), 'application/json; charset=utf-8');
  assert.equal(response.json.rows.length, 100);
  assert.equal(response.json.total, SEED_COUNTS.LOCATION);
  assert.equal(response.json.page, 3);
  assert.equal(response.json.pageSize, 100);
  assert.equal(response.json.totalPages, Math.ceil(SEED_COUNTS.LOCATION / 100));
  assert.equal(response.json.rows[0]._id, locations[200]!._id);
});

test('GET master applies default paging', async () => {
  const response = await t.call('/api/v1/master-record/LOCATION');
  assert.equal(response.json.page, 1);
  assert.equal(response.json.pageSize, 25);
  assert.equal(response.json.rows.length, 25);
});

test('records have the documented fields', () => {
  assert.equal(locations.length, SEED_COUNTS.LOCATION);
  for (const record of locations) {
    assert.match(record._id, /^[0-9a-f]{24}$/);
    assert.equal(record.id, record._id);
    assert.equal(typeof record.customFields, 'object');
    assert.equal(record.isDeleted, false);
    assert.match(record.createdAt, TIMESTAMP);
    assert.ok(record.parentID === null || typeof record.parentID === 'string');
    for (const key of ['tenantID', 'projectID', 'slug', 'refId'])
      assert.equal(typeof record[key], 'string');
    const { budget, date1, inspectedAt } = record.customFields;
    if (budget !== null) {
      assert.equal(typeof budget.value, 'number');
      assert.match(budget.currency, /^[A-Z]{3}$/);
      assert.equal(budget.label, `${budget.value.toFixed(3)} ${budget.currency}`);
    }
    if (date1 !== null) assert.match(date1, /^\d{4}-\d{2}-\d{2}$/);
    if (inspectedAt !== null) assert.match(inspectedAt, TIMESTAMP);
  }
  const ids = new Set(locations.map((record) => record._id));
  assert.equal(ids.size, locations.length);
});

test('master names are case-insensitive', async () => {
  const upper = await t.call('/api/v1/master-record/LOCATION?pageSize=5');
  const lower = await t.call('/api/v1/master-record/location?pageSize=5');
  assert.equal(lower.status, 200);
  assert.deepEqual(lower.json.rows, upper.json.rows);
});

test('paging parameters out of range give 400', async () => {
  const cases: Array<[string, string]> = [
    ['pageSize=0', 'Page size must be between 1 and 1000'],
    ['pageSize=1001', 'Page size must be between 1 and 1000'],
    ['pageSize=abc', 'Page size must be between 1 and 1000'],
    ['page=0', 'Page must be greater than 0'],
    ['page=-1', 'Page must be greater than 0'],
  ];
  for (const base of [
    '/api/v1/master-record/LOCATION',
    '/api/v1/module-record/SAT_TDSP',
    '/api/v1/hierarchy-master-record/ASSET_TREE',
  ]) {
    for (const [query, message] of cases) {
      const response = await t.call(`${base}?${query}`);
      assert.equal(response.status, 400, `${base}?${query}`);
      assert.deepEqual(response.json.error.detail, [message], `${base}?${query}`);
    }
  }
  const edge = await t.call('/api/v1/master-record/LOCATION?pageSize=1000');
  assert.equal(edge.json.rows.length, 1000);
});

test('unknown master gives Service Exception', async () => {
  const response = await t.call('/api/v1/master-record/ITEM_MASTER?page=1&pageSize=10');
  assert.equal(response.status, 500);
  assert.equal(response.json.error.summary, 'Service Exception');
  assert.deepEqual(response.json.error.detail, ['ITEM_MASTER not Found.']);
  assert.equal(response.json.path, '/api/v1/master-record/ITEM_MASTER');
});

const FILTER_ORACLES: Array<[string, (record: Row) => boolean]> = [
  ['number1:eq:50', (r) => r.customFields.number1 === 50],
  ['number1:ne:50', (r) => r.customFields.number1 !== 50],
  ['number1:gt:90', (r) => r.customFields.number1 !== null && r.customFields.number1 > 90],
  ['number1:NUMBER:ge:90', (r) => r.customFields.number1 !== null && r.customFields.number1 >= 90],
  ['number1:lt:5', (r) => r.customFields.number1 !== null && r.customFields.number1 < 5],
  ['number1:le:5', (r) => r.customFields.number1 !== null && r.customFields.number1 <= 5],
  ['number1:eq:null', (r) => r.customFields.number1 === null],
  ['number1:ne:null', (r) => r.customFields.number1 !== null],
  ['number2:in:2|5|9', (r) => [2, 5, 9].includes(r.customFields.number2)],
  ['budget:gt:20000', (r) => r.customFields.budget !== null && r.customFields.budget.value > 20000],
  ['city:eq:Berlin', (r) => r.customFields.city === 'Berlin'],
  ['email_id:cn:example', (r) => r.customFields.email_id?.includes('example') === true],
  ['email_id:STRING:sw:site1', (r) => r.customFields.email_id?.startsWith('site1') === true],
  ['email_id:ew:.org', (r) => r.customFields.email_id?.endsWith('.org') === true],
  ['email_id:nc:example', (r) => !(r.customFields.email_id ?? '').includes('example')],
  ['email_id:eq:null', (r) => r.customFields.email_id === null],
  ['email_id:ne:null', (r) => r.customFields.email_id !== null],
  [
    'date1:ge:2025-01-01:and:date1:le:2025-01-31',
    (r) => r.customFields.date1 >= '2025-01-01' && r.customFields.date1 <= '2025-01-31',
  ],
  [
    'date1:DATE:gt:2025-12-01',
    (r) => r.customFields.date1 !== null && r.customFields.date1 > '2025-12-01',
  ],
  [
    'date1:lt:2024-02-01',
    (r) => r.customFields.date1 !== null && r.customFields.date1 < '2024-02-01',
  ],
  ['date1:eq:null', (r) => r.customFields.date1 === null],
  ['active:eq:true', (r) => r.customFields.active === true],
  ['active:PRIMITIVE:ne:true', (r) => r.customFields.active !== true],
  ['checkbox:eq:A', (r) => r.customFields.checkbox.includes('A')],
  [
    'number2:eq:6:and:city:eq:Berlin:or:number1:eq:7',
    (r) =>
      (r.customFields.number2 === 6 && r.customFields.city === 'Berlin') ||
      r.customFields.number1 === 7,
  ],
];

test('GET master filters like the oracle', async () => {
  for (const [filter, oracle] of FILTER_ORACLES) {
    const expected = locations.filter(oracle).map((record) => record._id);
    const response = await t.call(
      `/api/v1/master-record/LOCATION?pageSize=1000&filter=${encodeURIComponent(filter)}`,
    );
    assert.equal(response.status, 200, filter);
    assert.equal(response.json.total, expected.length, filter);
    assert.deepEqual(
      response.json.rows.map((r: Row) => r._id),
      expected.slice(0, 1000),
      filter,
    );
    // Each filter must select something and leave something out, or the comparison proves little.
    assert.ok(expected.length > 0, `${filter} selects nothing`);
    assert.ok(expected.length < locations.length, `${filter} selects everything`);
  }
});

test('date filter respects localTimeZone', async () => {
  const day = '2024-06-15';
  const inZone = (value: string | null, timeZone: string): string | undefined =>
    value === null
      ? undefined
      : new Intl.DateTimeFormat('en-CA', { timeZone }).format(new Date(value));
  for (const timeZone of ['America/Los_Angeles', 'Asia/Kolkata', 'Pacific/Kiritimati']) {
    const expected = locations
      .filter((r) => inZone(r.customFields.inspectedAt, timeZone) === day)
      .map((r) => r._id);
    const response = await t.call(
      `/api/v1/master-record/LOCATION?pageSize=1000&filter=inspectedAt:eq:${day}&localTimeZone=${encodeURIComponent(timeZone)}`,
    );
    assert.deepEqual(
      response.json.rows.map((r: Row) => r._id),
      expected,
      timeZone,
    );
  }
});

test('invalid filter gives 400 naming it', async () => {
  const response = await t.call('/api/v1/master-record/LOCATION?filter=number1:zz:3');
  assert.equal(response.status, 400);
  assert.deepEqual(response.json.error.detail, [
    'Invalid filter "number1:zz:3": unknown operator "zz"; use one of eq, ne, gt, ge, lt, le, cn, nc, sw, ew, in',
  ]);
  const zone = await t.call(
    '/api/v1/master-record/LOCATION?filter=date1:eq:2025-01-01&localTimeZone=Nowhere/City',
  );
  assert.equal(zone.status, 400);
  assert.match(zone.json.error.detail[0], /Invalid localTimeZone "Nowhere\/City"/);
});

test('sort orders records by a field', async () => {
  const ascending = await t.call('/api/v1/master-record/LOCATION?pageSize=1000&sort=capacity');
  const capacities = ascending.json.rows.map((r: Row) => r.customFields.capacity as number);
  assert.deepEqual(
    capacities,
    [...capacities].sort((a, b) => a - b),
  );
  const descending = await t.call('/api/v1/master-record/LOCATION?pageSize=5&sort=-createdAt');
  assert.equal(descending.json.rows[0]._id, locations[locations.length - 1]!._id);
  const unknown = await t.call('/api/v1/master-record/LOCATION?sort=nope');
  assert.equal(unknown.status, 400);
});

test('x-project-id limits records to one project', async () => {
  const response = await t.call('/api/v1/master-record/LOCATION?pageSize=1000', {
    headers: { 'x-project-id': 'Vx6-j2Z' },
  });
  const expected = locations.filter((r) => r.projectID === 'Vx6-j2Z').length;
  assert.equal(response.json.total, expected);
  const other = await t.call('/api/v1/master-record/LOCATION', {
    headers: { 'x-project-id': 'NOPE123' },
  });
  assert.equal(other.status, 403);
});

test('POST master inserts then updates by unique field', async () => {
  const items = [
    { code: 'T-UPSERT-1', name: 'one', number1: 1 },
    { code: 'T-UPSERT-2', name: 'two', number1: 2 },
  ];
  const created = await t.call('/api/v1/master-record/VENDOR', {
    method: 'POST',
    body: items.map((i) => ({ vendor_code: i.code, vendor_name: i.name })),
  });
  assert.equal(created.status, 201);
  assert.equal(created.json.insertedCount, 2);
  assert.equal(created.json.updatedCount, 0);
  assert.equal(created.json.insertedIds.length, 2);
  for (const id of created.json.insertedIds) assert.match(id, /^[0-9a-f]{24}$/);
  const again = await t.call('/api/v1/master-record/VENDOR', {
    method: 'POST',
    body: items.map((i) => ({ vendor_code: i.code, vendor_name: `${i.name}!` })),
  });
  assert.equal(again.status, 201);
  assert.equal(again.json.insertedCount, 0);
  assert.equal(again.json.updatedCount, 2);
  const read = await t.call('/api/v1/master-record/VENDOR?filter=vendor_code:sw:T-UPSERT');
  assert.equal(read.json.total, 2);
  assert.deepEqual(
    read.json.rows.map((r: Row) => r.customFields.vendor_name),
    ['one!', 'two!'],
  );
});

test('POST master rejects bad bodies', async () => {
  const tooMany = Array.from({ length: 1001 }, (_, i) => ({ vendor_code: `X${i}` }));
  const cases: Array<[unknown, RegExp]> = [
    [tooMany, /1001 items; send at most 1000/],
    [{ vendor_code: 'x' }, /must be an array/],
    [[], /at least one item/],
    [[1], /Item 0 must be an object/],
    [[{ rating: 'five' }], /Item 0: field "rating" must be a number/],
  ];
  for (const [body, message] of cases) {
    const response = await t.call('/api/v1/master-record/VENDOR', { method: 'POST', body });
    assert.equal(response.status, 400, String(message));
    assert.match(response.json.error.detail.join(' '), message);
  }
});

test('PATCH master updates by refId', async () => {
  const target = locations[10]!;
  const response = await t.call('/api/v1/master-record/LOCATION', {
    method: 'PATCH',
    body: [{ refId: target.refId, name: 'patched' }],
  });
  assert.equal(response.status, 200);
  assert.equal(response.json.updatedCount, 1);
  const read = await t.call(`/api/v1/master-record/LOCATION?filter=refId:eq:${target.refId}`);
  assert.equal(read.json.rows[0].customFields.name, 'patched');
  assert.equal(read.json.rows[0].customFields.code, target.customFields.code);
});

test('DELETE master checks the acting user', async () => {
  const created = await t.call('/api/v1/master-record/VENDOR', {
    method: 'POST',
    body: [{ vendor_code: 'T-DEL-1' }],
  });
  assert.equal(created.status, 201);
  const record = (await t.call('/api/v1/master-record/VENDOR?filter=vendor_code:eq:T-DEL-1')).json
    .rows[0];
  const noUser = await t.call('/api/v1/master-record/VENDOR', {
    method: 'DELETE',
    body: [{ recordNumber: record.recordNumber }],
  });
  assert.equal(noUser.status, 400);
  const inactive = await t.call('/api/v1/master-record/VENDOR?userName=inactive.user@exto360.com', {
    method: 'DELETE',
    body: [{ recordNumber: record.recordNumber }],
  });
  assert.deepEqual(inactive.json.error.detail, ['User not found or active']);
  const outsider = await t.call('/api/v1/master-record/VENDOR?userName=outsider@other-tenant.com', {
    method: 'DELETE',
    body: [{ recordNumber: record.recordNumber }],
  });
  assert.equal(outsider.status, 403);
  assert.deepEqual(outsider.json.error.detail, ['User not authorized to make this transaction']);
  const viewer = await t.call('/api/v1/master-record/VENDOR?userName=qa.viewer@exto360.com', {
    method: 'DELETE',
    body: [{ recordNumber: record.recordNumber }],
  });
  assert.equal(viewer.status, 200);
  assert.deepEqual(viewer.json, {
    success: false,
    message: "User doesn't have permission to delete the record",
  });
  const allowed = await t.call('/api/v1/master-record/VENDOR?userName=JohnDoe@exto360.com', {
    method: 'DELETE',
    body: [{ refId: record.refId }],
  });
  assert.deepEqual(allowed.json, { success: true, message: 'Records deleted successfully' });
  const gone = await t.call('/api/v1/master-record/VENDOR?filter=vendor_code:eq:T-DEL-1');
  assert.equal(gone.json.total, 0);
});

test('module operations need userName', async () => {
  const base = '/api/v1/module-record/SAT_TDSP';
  const missing = await t.call(base, { method: 'POST', body: [{ title: 'x' }] });
  assert.equal(missing.status, 400);
  const unknown = await t.call(`${base}?userName=ghost@exto360.com`, {
    method: 'POST',
    body: [{ title: 'x' }],
  });
  assert.deepEqual(unknown.json.error.detail, ['User not found or active']);
  const invalid = await t.call(`${base}?userName=johndoe@exto360.com`, {
    method: 'POST',
    body: [{ serial_number: 'one' }],
  });
  assert.equal(invalid.status, 400);
  assert.equal(invalid.json.error.detail[0], 'MODULE_RECORD_VALIDATION_FAILED');
});

test('module records upsert, patch and delete', async () => {
  const base = '/api/v1/module-record/sat_tdsp';
  const user = 'userName=johndoe@exto360.com';
  const created = await t.call(`${base}?${user}`, {
    method: 'POST',
    body: [{ serial_number: 90001, title: 'new' }],
  });
  assert.equal(created.status, 201);
  assert.equal(created.json.insertedCount, 1);
  const record = (await t.call(`${base}?filter=serial_number:eq:90001`)).json.rows[0];
  assert.equal(record.status, 'Draft');
  const withId = await t.call(`${base}?${user}`, {
    method: 'PATCH',
    body: [{ _id: record._id, title: 'x' }],
  });
  assert.equal(withId.status, 400);
  assert.deepEqual(withId.json.error.detail, ["Updating '_id' is not allowed"]);
  const patched = await t.call(`${base}?${user}`, {
    method: 'PATCH',
    body: { refId: record.refId, title: 'patched' },
  });
  assert.equal(patched.status, 200);
  assert.equal(patched.json.updatedCount, 1);
  const deleted = await t.call(`${base}?${user}`, {
    method: 'DELETE',
    body: [{ recordNumber: record.recordNumber }],
  });
  assert.equal(deleted.status, 200);
  const again = await t.call(`${base}?${user}`, {
    method: 'DELETE',
    body: [{ recordNumber: record.recordNumber }],
  });
  assert.equal(again.status, 404);
});

test('GET module filters and rejects a missing name', async () => {
  const response = await t.call(
    '/api/v1/module-record/INSPECTION_CHECKLIST?filter=serial_number:NUMBER:eq:1234',
  );
  assert.equal(response.status, 200);
  assert.equal(response.json.total, 1);
  assert.equal(response.json.rows[0].customFields.serial_number, 1234);
  const status = await t.call(
    '/api/v1/module-record/INSPECTION_CHECKLIST?status=Approved&pageSize=1000',
  );
  assert.ok(status.json.total > 0);
  assert.ok(status.json.rows.every((r: Row) => r.status === 'Approved'));
  const missing = await t.call('/api/v1/module-record/');
  assert.equal(missing.status, 400);
  assert.deepEqual(missing.json.error.detail, ['Missing module name.']);
});

test('expand pages records and sub-tables', async () => {
  const base = '/api/v1/module-record/INSPECTION_CHECKLIST/expand';
  const response = await t.call(`${base}?pageSize=5&subTablePageSize=2`);
  assert.equal(response.status, 200);
  assert.equal(response.json.moduleName, 'INSPECTION_CHECKLIST');
  assert.equal(response.json.records.length, 5);
  assert.equal(response.json.total, SEED_COUNTS.INSPECTION_CHECKLIST);
  assert.deepEqual(response.json.nextPage, { page: 2, pageSize: 5 });
  assert.deepEqual(
    response.json.subTables.map((s: { tableID: string }) => s.tableID),
    ['Findings', 'Signatures'],
  );
  const findings = response.json.records[4].subTableData.Findings;
  assert.equal(findings.total, 5);
  assert.equal(findings.rows.length, 2);
  assert.deepEqual(findings.nextPage, { page: 2, pageSize: 2 });
  const id = response.json.records[4]._id;
  const paged = await t.call(
    `${base}?recordIds=${id}&fields=recordNumber&subTablePaging=${encodeURIComponent('{"Findings":{"page":3,"pageSize":2}}')}`,
  );
  assert.equal(paged.json.records.length, 1);
  assert.deepEqual(Object.keys(paged.json.records[0]).sort(), [
    '_id',
    'recordNumber',
    'subTableData',
  ]);
  assert.equal(paged.json.records[0].subTableData.Findings.rows.length, 1);
  assert.equal(paged.json.records[0].subTableData.Findings.nextPage, null);
  const errors: Array<[string, string]> = [
    ['pageSize=101', 'Page size must be between 1 and 100'],
    ['page=0', 'Page must be greater than 0'],
    ['subTablePageSize=101', 'subTablePageSize must be between 1 and 100'],
  ];
  for (const [query, message] of errors) {
    const bad = await t.call(`${base}?${query}`);
    assert.equal(bad.status, 400, query);
    assert.deepEqual(bad.json.error.detail, [message], query);
  }
  const badPaging = await t.call(
    `${base}?subTablePaging=${encodeURIComponent('{"Findings":{"pageSize":500}}')}`,
  );
  assert.equal(badPaging.status, 400);
  assert.match(badPaging.json.error.detail[0], /Findings/);
});

test('sub-table rows are written, read and deleted', async () => {
  const parent = (await t.call('/api/v1/module-record/SAT_TDSP?filter=serial_number:eq:100')).json
    .rows[0];
  const query = `moduleName=SAT_TDSP&recordId=${parent._id}`;
  const before = await t.call(`/api/v1/sub-table/Signatures?${query}`);
  assert.equal(before.status, 200);
  const written = await t.call(`/api/v1/sub-table/Signatures?${query}`, {
    method: 'POST',
    body: [{ signer: 'a' }, { signer: 'b' }],
  });
  assert.equal(written.status, 201);
  assert.equal(written.json.insertedCount, 2);
  const after = await t.call(`/api/v1/sub-table/Signatures?${query}&pageSize=1000`);
  assert.equal(after.json.total, before.json.total + 2);
  const last = after.json.rows[after.json.rows.length - 1];
  assert.equal(last.parentID, parent._id);
  const empty = await t.call(`/api/v1/sub-table/Signatures?${query}`, {
    method: 'DELETE',
    body: [],
  });
  assert.equal(empty.status, 400);
  assert.deepEqual(empty.json.error.detail, [
    'Request body must be a non-empty array of objects with "recordNumber"',
  ]);
  const removed = await t.call(`/api/v1/sub-table/Signatures?${query}`, {
    method: 'DELETE',
    body: [{ recordNumber: last.recordNumber }],
  });
  assert.equal(removed.status, 200);
  assert.equal(removed.json.deletedCount, 1);
  const missing = await t.call('/api/v1/sub-table/Signatures?moduleName=SAT_TDSP');
  assert.equal(missing.status, 400);
});

test('hierarchy master rows carry tree fields', async () => {
  const response = await t.call('/api/v1/hierarchy-master-record/asset_tree?pageSize=100');
  assert.equal(response.status, 200);
  assert.equal(response.json.total, SEED_COUNTS.ASSET_TREE);
  const child = response.json.rows[10];
  assert.equal(typeof child.sys_rowID, 'string');
  assert.equal(typeof child.sys_parentRowID, 'string');
  assert.ok(child.sys_path.endsWith(child.sys_rowID));
  const created = await t.call('/api/v1/hierarchy-master-record/ASSET_TREE', {
    method: 'POST',
    body: { asset_code: 'AST-NEW', asset_name: 'new' },
  });
  assert.equal(created.status, 201);
  const withId = await t.call('/api/v1/hierarchy-master-record/ASSET_TREE', {
    method: 'PATCH',
    body: [{ _id: child._id, asset_name: 'x' }],
  });
  assert.deepEqual(withId.json.error.detail, ["Updating '_id' is not allowed"]);
  const patched = await t.call('/api/v1/hierarchy-master-record/ASSET_TREE', {
    method: 'PATCH',
    body: { refId: child.refId, asset_name: 'renamed' },
  });
  assert.equal(patched.status, 200);
  const missing = await t.call('/api/v1/hierarchy-master-record/');
  assert.deepEqual(missing.json.error.detail, ['Missing Master name']);
});
