import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startTestServer, TIMESTAMP, type TestServer } from './server-helpers.ts';

let t: TestServer;
before(async () => {
  t = await startTestServer();
});
after(() => t.close());

const USER = 'userName=johndoe@exto360.com';

test('health probes need no token', async () => {
  const liveness = await t.call('/api/v1/health/liveness', { auth: false });
  assert.equal(liveness.status, 200);
  assert.equal(liveness.json.ok, true);
  assert.equal(typeof liveness.json.cpuPercent, 'number');
  assert.equal(typeof liveness.json.memPercent, 'number');
  const readiness = await t.call('/api/v1/health/readiness', { auth: false });
  assert.equal(readiness.status, 200);
  assert.deepEqual(readiness.json, { ok: true });
});

test('build info needs a token', async () => {
  const anonymous = await t.call('/api/v1/build/info', { auth: false });
  assert.equal(anonymous.status, 401);
  assert.equal(anonymous.headers.get('www-authenticate'), 'Bearer');
  const response = await t.call('/api/v1/build/info');
  assert.equal(response.status, 200);
  for (const key of ['name', 'version', 'branch', 'commit', 'date'])
    assert.equal(typeof response.json[key], 'string');
  assert.match(response.json.date, TIMESTAMP);
});

test('protected operations reject a bad token', async () => {
  const paths = [
    '/api/v1/master-record/LOCATION',
    '/api/v1/user/groups',
    '/api/v1/workspace',
    '/api/v2/workflow?moduleName=SAT_TDSP',
  ];
  for (const path of paths) {
    const missing = await t.call(path, { auth: false });
    assert.equal(missing.status, 401, path);
    const bare = await t.call(path, { auth: false, headers: { Authorization: t.token } });
    assert.equal(bare.status, 401, path);
    const random = await t.call(path, {
      auth: false,
      headers: { Authorization: 'Bearer not-a-token' },
    });
    assert.equal(random.status, 401, path);
    assert.equal(random.json.code, 401, path);
  }
});

test('user access list and lookup', async () => {
  const list = await t.call('/api/v1/user/user-access?page=1&pageSize=1000');
  assert.equal(list.status, 200);
  assert.ok(Array.isArray(list.json));
  assert.equal(list.json[0].user.userName, 'johndoe@exto360.com');
  const one = await t.call('/api/v1/user/user-access/by-user?username=JohnDoe@Exto360.com');
  assert.equal(one.status, 200);
  assert.equal(one.json.user.userName, 'johndoe@exto360.com');
  const missing = await t.call('/api/v1/user/user-access/by-user');
  assert.deepEqual(missing.json.error.detail, ['Username is mandatory']);
  const page = await t.call('/api/v1/user/user-access?pageSize=1001');
  assert.deepEqual(page.json.error.detail, ['Page size must be between 1 and 1000']);
});

test('user access grant and removal', async () => {
  const tooMany = Array.from({ length: 101 }, (_, i) => `p${i}`);
  const projects = await t.call('/api/v1/user/user-access', {
    method: 'POST',
    body: { username: 'jasonsmith@exto360.com', projects: tooMany },
  });
  assert.deepEqual(projects.json.error.detail, ['Projects length must not exceed 100']);
  const groups = await t.call('/api/v1/user/user-access', {
    method: 'POST',
    body: { username: 'jasonsmith@exto360.com', groups: tooMany },
  });
  assert.deepEqual(groups.json.error.detail, ['Groups length must not exceed 100']);
  const granted = await t.call('/api/v1/user/user-access', {
    method: 'POST',
    body: { username: 'JasonSmith@exto360.com', projects: ['NEWPROJ'], groups: ['g_9'] },
  });
  assert.equal(granted.status, 200);
  assert.ok(granted.json.projects.some((p: { projectID: string }) => p.projectID === 'NEWPROJ'));
  const revoked = await t.call('/api/v1/user/user-access', {
    method: 'DELETE',
    body: { username: 'jasonsmith@exto360.com', projects: ['NEWPROJ'], groups: [] },
  });
  assert.equal(revoked.status, 200);
  assert.ok(!revoked.json.projects.some((p: { projectID: string }) => p.projectID === 'NEWPROJ'));
  const empty = await t.call('/api/v1/user/user-access', {
    method: 'DELETE',
    body: { username: 'jasonsmith@exto360.com', projects: [] },
  });
  assert.equal(empty.status, 200);
  assert.equal(empty.text, '');
  const removed = await t.call('/api/v1/user/project-access', {
    method: 'DELETE',
    body: { username: 'jasonsmith@exto360.com', projectIds: ['p6iDlWb'] },
  });
  assert.equal(removed.status, 200);
  assert.ok(!removed.json.projects.some((p: { projectID: string }) => p.projectID === 'p6iDlWb'));
});

test('groups filter by either flag spelling', async () => {
  const all = await t.call('/api/v1/user/groups');
  assert.equal(all.status, 200);
  for (const flag of ['onlyProjectsGroups', 'onlyProjectGroups']) {
    const projectOnly = await t.call(`/api/v1/user/groups?${flag}=true`);
    assert.ok(projectOnly.json.length > 0, flag);
    assert.ok(projectOnly.json.length < all.json.length, flag);
  }
});

test('users are activated and deactivated', async () => {
  const off = await t.call('/api/v1/user/deactivate-users', {
    method: 'PATCH',
    body: ['JasonSmith@exto360.com'],
  });
  assert.equal(off.status, 200);
  const blocked = await t.call('/api/v1/module-record/SAT_TDSP?userName=jasonsmith@exto360.com', {
    method: 'POST',
    body: [{ title: 'x' }],
  });
  assert.deepEqual(blocked.json.error.detail, ['User not found or active']);
  const on = await t.call('/api/v1/user/activate-users', {
    method: 'PATCH',
    body: ['jasonsmith@exto360.com'],
  });
  assert.equal(on.status, 200);
  const empty = await t.call('/api/v1/user/activate-users', { method: 'PATCH', body: [] });
  assert.equal(empty.status, 400);
  const unknown = await t.call('/api/v1/user/deactivate-users', {
    method: 'PATCH',
    body: ['ghost@x.com'],
  });
  assert.deepEqual(unknown.json.error.detail, ['Failed to deactivate users']);
});

test('user v2 routes are not mounted', async () => {
  assert.equal((await t.call('/api/v2/user/groups')).status, 404);
  assert.equal(
    (await t.call('/api/v2/user/workspace-access', { method: 'DELETE', body: {} })).status,
    404,
  );
});

test('workspaces are created, listed and updated', async () => {
  const created = await t.call('/api/v1/workspace', {
    method: 'POST',
    body: { name: 'South', parentId: null },
  });
  assert.equal(created.status, 201);
  assert.deepEqual(Object.keys(created.json).sort(), [
    'createdAt',
    'id',
    'name',
    'parentId',
    'updatedAt',
  ]);
  const list = await t.call('/api/v1/workspace?pageSize=1000');
  assert.ok(Array.isArray(list.json));
  assert.ok(list.json.some((w: { id: string }) => w.id === created.json.id));
  const one = await t.call(`/api/v1/workspace/${created.json.id}`);
  assert.equal(one.json.name, 'South');
  const patched = await t.call(`/api/v1/workspace/${created.json.id}`, {
    method: 'PATCH',
    body: { name: 'South 2', parentId: list.json[0].id },
  });
  assert.equal(patched.status, 200);
  assert.equal(patched.json.parentId, list.json[0].id);
  assert.equal((await t.call('/api/v1/workspace/ffffffffffffffffffffffff')).status, 404);
  assert.equal(
    (await t.call('/api/v1/workspace', { method: 'POST', body: { parentId: null } })).status,
    400,
  );
  assert.equal((await t.call('/api/v1/workspace?page=0')).status, 400);
});

test('jobs are registered, updated and logged', async () => {
  const created = await t.call('/api/v1/jobstatus', {
    method: 'POST',
    body: { jobTitle: 'Import', jobType: 'Import', projectID: 'Vx6-j2Z' },
  });
  assert.equal(created.status, 201);
  assert.match(created.json.id, /^[0-9a-f]{24}$/);
  const updated = await t.call(`/api/v1/jobstatus/${created.json.id}`, {
    method: 'PUT',
    body: { status: 'Completed' },
  });
  assert.deepEqual(updated.json, { message: 'Job updated successfully.' });
  const logged = await t.call(`/api/v1/jobstatus/${created.json.id}/logs`, {
    method: 'POST',
    body: { message: 'Row 1', level: 'info' },
  });
  assert.deepEqual(logged.json, { success: true });
  const list = await t.call('/api/v1/jobstatus/Vx6-j2Z?pageSize=200');
  assert.deepEqual(Object.keys(list.json).sort(), ['data', 'page', 'pageSize', 'total']);
  const job = list.json.data.find((j: { _id: string }) => j._id === created.json.id);
  assert.equal(job.status, 'Completed');
  assert.equal(job.log.length, 1);
  assert.equal((await t.call('/api/v1/jobstatus/Vx6-j2Z?pageSize=201')).status, 400);
  assert.equal(
    (
      await t.call('/api/v1/jobstatus/ffffffffffffffffffffffff', {
        method: 'PUT',
        body: { status: 'Failed' },
      })
    ).status,
    404,
  );
  assert.equal(
    (
      await t.call(`/api/v1/jobstatus/${created.json.id}`, {
        method: 'PUT',
        body: { status: 'Done' },
      })
    ).status,
    400,
  );
});

test('workflow v1 applies an action', async () => {
  const records = (await t.call('/api/v1/module-record/SAT_TDSP?status=Draft&pageSize=2')).json
    .rows;
  const ids = records.map((r: { _id: string }) => r._id);
  const response = await t.call(`/api/v1/workflow/SAT_TDSP?actionName=Approve&${USER}`, {
    method: 'POST',
    body: ids,
  });
  assert.equal(response.status, 201);
  assert.equal(response.json.length, 2);
  assert.equal(response.json[0].recordId, ids[0]);
  assert.match(response.json[0].workflowId, /^[0-9a-f]{24}$/);
  const approved = await t.call(
    `/api/v1/module-record/SAT_TDSP?filter=refId:eq:${records[0].refId}`,
  );
  assert.equal(approved.json.rows[0].status, 'Approved');
  const tooMany = Array.from({ length: 101 }, () => ids[0]);
  const limit = await t.call(`/api/v1/workflow/SAT_TDSP?actionName=Approve&${USER}`, {
    method: 'POST',
    body: tooMany,
  });
  assert.deepEqual(limit.json.error.detail, ['Maximum 100 records allowed but received 101']);
  const noSpace = await t.call(`/api/v1/workflow/SAT_TDSP?actionName=Approve&${USER}`, {
    method: 'POST',
    body: ids,
    headers: { 'x-project-id': 'Vx6-j2Z' },
  });
  assert.equal(noSpace.status, 400);
});

test('workflow v2 lists, shows history and acts', async () => {
  const missing = await t.call('/api/v2/workflow');
  assert.deepEqual(missing.json.error.detail, ['moduleName is required']);
  const unknown = await t.call('/api/v2/workflow?moduleName=NOPE');
  assert.equal(unknown.status, 500);
  assert.deepEqual(unknown.json.error.detail, ['NOPE not Found.']);
  const project = await t.call('/api/v2/workflow?moduleName=SAT_TDSP', {
    headers: { 'x-project-id': 'zzzzzzz' },
  });
  assert.deepEqual(project.json.error.detail, ['Project not found for id: zzzzzzz']);
  const list = await t.call('/api/v2/workflow?moduleName=SAT_TDSP&pageSize=100', {
    headers: { 'x-project-id': 'Vx6-j2Z' },
  });
  assert.equal(list.status, 200);
  assert.ok(list.json.total > 0);
  assert.ok(list.json.rows.every((row: { status: string }) => row.status !== 'Draft'));
  assert.equal((await t.call('/api/v2/workflow?moduleName=SAT_TDSP&pageSize=101')).status, 400);
  const filtered = await t.call('/api/v2/workflow?moduleName=SAT_TDSP&filter=phase:eq:Design');
  assert.equal(filtered.status, 200);
  assert.ok(filtered.json.total < list.json.total);
  const first = list.json.rows[0];
  const history = await t.call(
    `/api/v2/workflow/history?moduleName=SAT_TDSP&recordNumber=${first.recordNumber}`,
  );
  assert.equal(history.status, 200);
  const noModule = await t.call('/api/v2/workflow/history?moduleName=NOPE&recordNumber=TDSP-1');
  assert.equal(noModule.status, 500);
  const body = {
    recordId: first.recordId,
    moduleName: 'sat_tdsp',
    actionName: 'Submit',
    comment: { text: 'ok' },
  };
  for (const action of ['create', 'submit', 'return', 'reopen', 'revision']) {
    const response = await t.call(`/api/v2/workflow/${action}?${USER}`, { method: 'POST', body });
    assert.equal(response.status, 201, action);
  }
  const after = await t.call(
    `/api/v2/workflow?moduleName=SAT_TDSP&recordNumber=${first.recordNumber}`,
  );
  assert.equal(after.json.rows[0].steps.length, first.steps.length + 5);
  const invalid = await t.call(`/api/v2/workflow/submit?${USER}`, {
    method: 'POST',
    body: { moduleName: 'SAT_TDSP' },
  });
  assert.equal(invalid.status, 400);
  assert.equal(invalid.json.error.detail[0], 'VALIDATION_ERROR');
});

test('documents upload and download', async () => {
  const record = (await t.call('/api/v1/module-record/INSPECTION_CHECKLIST?pageSize=1')).json
    .rows[0];
  const form = new FormData();
  form.append('files', new Blob(['hello photo']), 'site-photo-1.jpg');
  form.append('other', new Blob(['second']), 'notes.txt');
  form.append('module', 'inspection');
  form.append('ID', record._id);
  form.append('meta', JSON.stringify({ userTags: ['punch-list'] }));
  const headers = {
    Authorization: `Bearer ${t.token}`,
    'x-tenant-id': 'cwWdTZK',
    'x-project-id': 'Vx6-j2Z',
  };
  const upload = await fetch(`${t.server.baseUrl}/api/v1/documents`, {
    method: 'POST',
    headers,
    body: form,
  });
  const uploaded = (await upload.json()) as {
    message: string;
    uploadedCount: number;
    data: Array<{ documentId: string; fileName: string }>;
  };
  assert.equal(upload.status, 200);
  assert.equal(uploaded.message, 'success.success_file_uploaded');
  assert.equal(uploaded.uploadedCount, 2);
  const one = await t.call(`/api/v1/documents/download/${uploaded.data[0]!.documentId}`, {
    headers,
  });
  assert.equal(one.status, 200);
  assert.equal(one.headers.get('content-type'), 'application/octet-stream');
  assert.equal(one.headers.get('content-disposition'), 'attachment; filename="site-photo-1.jpg"');
  assert.equal(one.text, 'hello photo');
  const all = await fetch(
    `${t.server.baseUrl}/api/v1/documents/download/all/${record._id}?module=inspection`,
    { headers },
  );
  assert.equal(all.status, 200);
  assert.equal(all.headers.get('content-type'), 'application/zip');
  assert.equal(
    all.headers.get('content-disposition'),
    `attachment; filename="${record._id}_attachments.zip"`,
  );
  const zip = Buffer.from(await all.arrayBuffer());
  assert.equal(zip.readUInt32LE(0), 0x04034b50);
  assert.equal(zip.readUInt16LE(zip.length - 22 + 10), 2);
  const unknown = await t.call('/api/v1/documents/download/ffffffffffffffffffffffff', { headers });
  assert.deepEqual(unknown.json.error.detail, ['errors.error_document_not_found']);
  const none = await t.call(
    '/api/v1/documents/download/all/ffffffffffffffffffffffff?module=inspection',
    { headers },
  );
  assert.deepEqual(none.json.error.detail, ['errors.error_no_documents_found']);
});

test('document upload checks are ordered', async () => {
  const send = async (headers: Record<string, string>, form: FormData): Promise<string[]> => {
    const response = await fetch(`${t.server.baseUrl}/api/v1/documents`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${t.token}`, ...headers },
      body: form,
    });
    return ((await response.json()) as { error: { detail: string[] } }).error.detail;
  };
  const empty = new FormData();
  empty.append('module', 'inspection');
  const withFile = new FormData();
  withFile.append('files', new Blob(['x']), 'a.txt');
  withFile.append('module', 'inspection');
  assert.deepEqual(await send({ 'x-project-id': 'Vx6-j2Z' }, empty), ['Missing tenant ID']);
  assert.deepEqual(await send({ 'x-tenant-id': 'cwWdTZK' }, empty), ['Missing project ID']);
  const scope = { 'x-tenant-id': 'cwWdTZK', 'x-project-id': 'Vx6-j2Z' };
  assert.deepEqual(await send(scope, empty), ['At least one file is required']);
  assert.deepEqual(await send(scope, withFile), ['ID is required when module is specified']);
});

test('CX operations validate their input', async () => {
  const upload = await t.call('/api/v1/cx/upload', {
    method: 'POST',
    body: { scheduleId: 's1', data: [{ ID: 'EQ-1', Name: 'Pump' }] },
    headers: { 'x-project-id': 'Vx6-j2Z' },
  });
  assert.equal(upload.status, 200);
  const noProject = await t.call('/api/v1/cx/upload', {
    method: 'POST',
    body: { scheduleId: 's1', data: [{ ID: 'EQ-1', Name: 'Pump' }] },
  });
  assert.deepEqual(noProject.json.error.detail, ['Missing project ID']);
  const item = {
    workfid: 'w1',
    scheduleid: 's1',
    activityid: '67bfcbd6117e4e25e1d31dd3',
    subtaskid: 't1',
  };
  const checklist = await t.call(
    `/api/v1/cx-step/createChecklist?moduleName=inspection_checklist&${USER}`,
    { method: 'POST', body: [item] },
  );
  assert.equal(checklist.status, 200);
  assert.equal(checklist.json.insertedIds.length, 1);
  const outsider = await t.call(
    '/api/v1/cx-step/createChecklist?moduleName=INSPECTION_CHECKLIST&userName=outsider@other-tenant.com',
    { method: 'POST', body: [item] },
  );
  assert.equal(outsider.status, 403);
});

test('scope headers outside the token give 403', async () => {
  const tenant = await t.call('/api/v1/master-record/LOCATION', {
    headers: { 'x-tenant-id': 'otherTenant' },
  });
  assert.equal(tenant.status, 403);
  assert.equal(tenant.json.code, 403);
});
