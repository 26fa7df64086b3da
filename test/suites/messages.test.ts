import assert from 'node:assert/strict';
import { test } from 'node:test';

import type { Operation, Parameter } from '../../scripts/core/spec/types.ts';
import type { ApiResponse } from '../../suites/support/api.ts';
import {
  documentedMessages,
  fillMessage,
  messageForCase,
  messageMismatch,
  reportedCase,
} from '../../suites/support/messages.ts';
import type { NegativeCase, NegativeCaseName } from '../../suites/support/requests.ts';

const LIST_MESSAGES = [
  'Page size must be between 1 and 1000',
  'Page must be greater than 0',
  'Missing module name.',
];

function negative(name: string, caseName: NegativeCaseName): NegativeCase {
  const parameter: Parameter = { name, in: 'query', required: false, constraints: {} };
  return { parameter, name: caseName, documented: '' };
}

function operation(path: string, method: Operation['method'] = 'get'): Operation {
  return {
    operationId: 'op',
    method,
    path,
    tags: [],
    deprecated: false,
    security: ['bearer'],
    parameters: [],
    responses: {},
  };
}

function errorResponse(summary: unknown, detail: unknown): ApiResponse {
  return {
    method: 'GET',
    url: 'http://127.0.0.1/data/x',
    path: '/x',
    status: 400,
    headers: {},
    mediaType: 'application/json',
    text: '',
    json: { code: 400, error: { summary, detail } },
    sentAt: 0,
    durationMs: 0,
    curl: '',
  };
}

test('pageSize range case gets the range message', () => {
  const message = messageForCase(LIST_MESSAGES, negative('pageSize', 'above-maximum'));
  assert.equal(message, 'Page size must be between 1 and 1000');
});

test('page range case gets the page message', () => {
  const message = messageForCase(LIST_MESSAGES, negative('page', 'below-minimum'));
  assert.equal(message, 'Page must be greater than 0');
});

test('wrong type gets no message', () => {
  assert.equal(messageForCase(LIST_MESSAGES, negative('pageSize', 'wrong-type')), undefined);
});

test('missing parameter gets the required message', () => {
  const messages = ['moduleName is required'];
  assert.equal(
    messageForCase(messages, negative('moduleName', 'missing')),
    'moduleName is required',
  );
  assert.equal(
    messageForCase(['Username is mandatory'], negative('username', 'missing')),
    'Username is mandatory',
  );
});

test('missing message matches its subject', () => {
  assert.equal(
    messageForCase(LIST_MESSAGES, negative('moduleName', 'missing')),
    'Missing module name.',
  );
  assert.equal(messageForCase(LIST_MESSAGES, negative('pageSize', 'missing')), undefined);
});

test('sub-table pageSize name stays distinct', () => {
  const messages = [
    'Page size must be between 1 and 100',
    'subTablePageSize must be between 1 and 100',
  ];
  assert.equal(
    messageForCase(messages, negative('subTablePageSize', 'above-maximum')),
    'subTablePageSize must be between 1 and 100',
  );
  assert.equal(
    messageForCase(messages, negative('pageSize', 'above-maximum')),
    'Page size must be between 1 and 100',
  );
});

test('detail containing message matches', () => {
  const response = errorResponse('Bad Request', ['Error: Page must be greater than 0']);
  assert.equal(messageMismatch(response, 'Page must be greater than 0'), undefined);
});

test('summary equal to message matches', () => {
  const response = errorResponse('Page must be greater than 0', []);
  assert.equal(messageMismatch(response, 'Page must be greater than 0'), undefined);
});

test('other wording is a mismatch', () => {
  const response = errorResponse('Bad Request', ['page must be positive']);
  const mismatch = messageMismatch(response, 'Page must be greater than 0');
  assert.match(mismatch ?? '', /neither carries the documented message/);
});

test('missing error object is a mismatch', () => {
  assert.notEqual(messageMismatch(errorResponse(undefined, undefined), 'x'), undefined);
});

test('placeholders take request values', () => {
  assert.equal(
    fillMessage('Maximum 100 records allowed but received <N>', { N: 101 }),
    'Maximum 100 records allowed but received 101',
  );
  assert.equal(fillMessage('<state> unknown', {}), '<state> unknown');
});

test('documented messages come from the document', () => {
  const document = {
    paths: { '/a': { get: { 'x-exto-messages': { '400': ['one', 2, 'two'] } } } },
  };
  assert.deepEqual(documentedMessages(document, operation('/a'), 400), ['one', 'two']);
  assert.deepEqual(documentedMessages(document, operation('/a'), 500), []);
  assert.deepEqual(documentedMessages(document, operation('/a', 'post'), 400), []);
});

test('conflict cases are reported', () => {
  const subTable = operation('/api/v1/sub-table/{tableID}');
  const jobs = operation('/api/v1/jobstatus/{id}');
  const master = operation('/api/v1/master-record/{masterName}');
  assert.notEqual(reportedCase(subTable, negative('pageSize', 'above-maximum')), undefined);
  assert.notEqual(reportedCase(jobs, negative('pageSize', 'above-maximum')), undefined);
  assert.equal(reportedCase(master, negative('pageSize', 'above-maximum')), undefined);
  assert.equal(reportedCase(subTable, negative('page', 'below-minimum')), undefined);
});
