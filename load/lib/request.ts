/**
 * One request under load: send it with the phase's expected statuses, then check and record the
 * response in the custom metrics that the thresholds and the analysis read.
 */
import http from 'k6/http';
import { check } from 'k6';
import { Counter, Rate } from 'k6/metrics';

import { checkErrorBody, classifyStatus, parseJsonBody } from '../../scripts/core/load/classify.ts';
import { METRICS } from '../../scripts/core/load/options.ts';
import type { LoadOperation } from '../../scripts/core/load/operations.ts';
import type { SchemaChecker } from './schemas.ts';

const rejected = new Rate(METRICS.rejected);
const accepted = new Counter(METRICS.accepted);
const serverErrors = new Counter(METRICS.serverErrors);
const schemaInvalid = new Rate(METRICS.schemaInvalid);
const errorBodyInvalid = new Rate(METRICS.errorBodyInvalid);

export interface SendContext {
  baseUrl: string;
  token: string | undefined;
  extraHeaders: Record<string, string>;
  expectedStatuses: number[];
  schemas: SchemaChecker;
  /** Extra tags, for example the token index in multi-token. */
  tags?: Record<string, string>;
}

export function send(operation: LoadOperation, context: SendContext): number {
  const headers: Record<string, string> = { Accept: 'application/json', ...context.extraHeaders };
  if (operation.authenticated && context.token) headers.Authorization = `Bearer ${context.token}`;
  // The callback travels in the params argument. For a POST it must be the third argument, after
  // the body, because k6 would otherwise send it as the body and ignore it.
  const response = http.request(operation.method, `${context.baseUrl}${operation.path}`, null, {
    headers,
    responseCallback: http.expectedStatuses(...context.expectedStatuses),
    tags: { name: `${operation.method} ${operation.pathTemplate}`, ...context.tags },
  });
  const contentType = response.headers['Content-Type'];
  record(operation, response.status, contentType, response.body as string | null, context.schemas);
  return response.status;
}

function record(
  operation: LoadOperation,
  status: number,
  contentType: string | undefined,
  rawBody: string | null,
  schemas: SchemaChecker,
): void {
  const outcome = classifyStatus(status);
  rejected.add(outcome === 'rejected');
  if (outcome === 'accepted') accepted.add(1);
  if (outcome === 'server-error') serverErrors.add(1);
  const body = parseJsonBody(rawBody);
  if (outcome === 'accepted') {
    const problem = schemas.check(operation.operationId, status, contentType, body);
    if (problem !== undefined) {
      schemaInvalid.add(problem !== null);
      reportSchemaProblem(operation, problem);
      check(status, {
        [`${operation.operationId} ${status} matches its schema`]: () => problem === null,
      });
    }
    return;
  }
  if (status >= 400) {
    const verdict = checkErrorBody(status, body);
    errorBodyInvalid.add(!verdict.ok);
    check(status, { [`${status} has the error body`]: () => verdict.ok });
  }
}

// k6 provides console; @types/k6 does not declare it and this project compiles k6 code without DOM.
declare const console: { warn(...values: unknown[]): void };

/**
 * Operations whose first schema error this VU has already logged; one line each keeps logs short.
 */
const loggedSchemaProblems = new Set<string>();

function reportSchemaProblem(operation: LoadOperation, problem: string | null): void {
  if (problem === null || loggedSchemaProblems.has(operation.operationId)) return;
  loggedSchemaProblems.add(operation.operationId);
  console.warn(`${operation.method} ${operation.pathTemplate}: ${problem}`);
}
