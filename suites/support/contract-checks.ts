/**
 * The checks the spec-driven contract suite records for one operation: the documented status,
 * content type and schema of a valid call, and the rejection of missing or malformed credentials
 * and of invalid parameters.
 */
import type { LocatedError, Operation, ResponseVerdict } from '../../scripts/core/spec/types.ts';
import type { ApiResponse } from './api.ts';
import type { CheckDef, CheckRecorder } from './checks.ts';
import { errorBodyProblems, preview } from './expectations.ts';
import { messageMismatch } from './messages.ts';
import { operationLabel, type SuiteSpec } from './spec.ts';

export function operationCheck(
  operation: Operation,
  id: string,
  title: string,
  severity: CheckDef['severity'],
): CheckDef {
  return {
    id,
    title,
    severity,
    operationId: operation.operationId,
    method: operation.method.toUpperCase(),
    path: operation.path,
  };
}

export function contractDefs(operation: Operation, status?: number) {
  const label = operationLabel(operation);
  const opId = operation.operationId;
  return {
    status: operationCheck(
      operation,
      `contract.${opId}.status`,
      `${label} answers a valid request with a documented success status`,
      'critical',
    ),
    contentType: operationCheck(
      operation,
      `contract.${opId}.content-type`,
      `${label} answers with a documented content type`,
      'critical',
    ),
    schema: operationCheck(
      operation,
      `contract.${opId}.${status ?? 'success'}.schema`,
      `${label} answers with a body that matches the ${status ?? 'success'} schema`,
      'critical',
    ),
    served: operationCheck(
      operation,
      `coverage.${opId}.served`,
      `${label} is served by the target`,
      'minor',
    ),
  };
}

/**
 * True when a 404 means the route is missing rather than the entity: the operation does not document
 * 404, or it is deprecated (deprecated routes may be unmounted while still documented).
 */
export function isNotServed(operation: Operation, response: ApiResponse): boolean {
  return response.status === 404 && (operation.deprecated || !('404' in operation.responses));
}

/**
 * Records status, content type and schema for one valid call, reusing the one response for all
 * three. A 404 that the operation does not document means the target does not serve it.
 */
export async function checkValidResponse(
  checks: CheckRecorder,
  spec: SuiteSpec,
  operation: Operation,
  response: ApiResponse,
  options: { recordServed: boolean },
): Promise<void> {
  const verdict = spec.validators.validateResponse(
    operation.operationId,
    response.status,
    response.headers['content-type'],
    response.json,
  );
  const defs = contractDefs(operation, response.status);
  const base = { curl: response.curl, httpStatus: response.status };

  if (isNotServed(operation, response)) {
    if (options.recordServed)
      await checks.warn(
        defs.served,
        `${operationLabel(operation)} answered 404: the target does not serve this documented operation.`,
        base,
      );
    for (const def of [defs.status, defs.contentType, defs.schema]) {
      await checks.skip(def, 'The target does not serve this operation (404).');
    }
    return;
  }
  if (options.recordServed) await checks.pass(defs.served, base);

  // A documented 4xx can be correct for the data found (a record without documents), so
  // only an undocumented status, a 5xx, or a rejected token fail the status check.
  const success = response.status >= 200 && response.status < 300;
  const acceptable =
    verdict.statusDocumented &&
    (success ||
      (response.status >= 400 && response.status < 500 && ![401, 429].includes(response.status)));
  await checks.verdict(
    defs.status,
    acceptable
      ? undefined
      : {
          message: verdict.statusDocumented
            ? 'The target did not accept a request built from documented values.'
            : 'The target answered with a status the document does not list for this operation.',
          received: `${response.status} ${preview(response.text)}`,
          documented: verdict.documentedStatuses.join(', ') || '(no responses)',
          ...base,
        },
    success
      ? base
      : {
          ...base,
          message: `Returned the documented ${response.status}, so the success response was not exercised.`,
        },
  );
  await checkContentType(checks, defs.contentType, verdict, response);
  await checkSchema(checks, defs.schema, verdict, response);
}

async function checkContentType(
  checks: CheckRecorder,
  def: CheckDef,
  verdict: ResponseVerdict,
  response: ApiResponse,
): Promise<void> {
  const base = { curl: response.curl, httpStatus: response.status };
  if (!verdict.statusDocumented) {
    await checks.skip(
      def,
      `Status ${response.status} is not documented, so no content type is either.`,
    );
    return;
  }
  const hasBody = response.text.length > 0;
  const documentsBody = verdict.documentedContentTypes.length > 0;
  if (!documentsBody) {
    // A body where none is documented breaks no client, so it is a documentation finding.
    if (hasBody) {
      await checks.warn(
        def,
        `The response has a ${response.headers['content-type'] ?? 'untyped'} body although the document declares none for ${response.status}.`,
        base,
      );
    } else {
      await checks.pass(def, { ...base, message: 'No body, and none documented.' });
    }
    return;
  }
  await checks.verdict(
    def,
    verdict.contentTypeDocumented
      ? undefined
      : {
          message:
            'The Content-Type of the response is not one the document lists for this status.',
          received: response.headers['content-type'] ?? '(no Content-Type)',
          documented: verdict.documentedContentTypes.join(', ') || '(no body)',
          ...base,
        },
    base,
  );
}

async function checkSchema(
  checks: CheckRecorder,
  def: CheckDef,
  verdict: ResponseVerdict,
  response: ApiResponse,
): Promise<void> {
  const base = { curl: response.curl, httpStatus: response.status };
  if (!verdict.statusDocumented) {
    await checks.skip(
      def,
      `Status ${response.status} is not documented, so there is no schema to check.`,
    );
    return;
  }
  const wantsJson = verdict.documentedContentTypes.some((type) => /json/i.test(type));
  if (wantsJson && response.json === undefined) {
    await checks.fail(def, {
      message: `The body is not JSON (${response.jsonError ?? 'unreadable'}).`,
      received: preview(response.text),
      documented: verdict.documentedContentTypes.join(', '),
      ...base,
    });
    return;
  }
  const errors = verdict.schemaErrors;
  const conflict = shapeConflict(def.path, errors, response.json);
  if (conflict) {
    await checks.warn(def, conflict, {
      ...base,
      data: { schemaErrors: errors.map((error) => error.raw) },
    });
    return;
  }
  await checks.verdict(
    def,
    errors.length === 0
      ? undefined
      : {
          message: `${errors.length} schema violation(s).`,
          received: errors
            .slice(0, 5)
            .map((error) => error.message)
            .join('; '),
          documented: `the ${verdict.matchedStatusKey} response schema`,
          ...base,
          data: { schemaErrors: errors.slice(0, 20).map((error) => error.raw) },
        },
    base,
  );
}

/**
 * Response shapes on which the API's own sources disagree: a bare array in the published examples
 * against an object in the draft. A target that uses either variant is reported, not failed.
 */
const SHAPE_CONFLICTS: Record<string, string> = {
  '/api/v1/master-record/{masterName}':
    'The published API page shows a bare array, the Response Format page and the draft the {rows, total, page, pageSize, totalPages} envelope.',
  '/api/v1/module-record/{moduleName}':
    'The published API page shows a bare array, the draft the {rows, total, page, pageSize, totalPages} envelope.',
  '/api/v1/user/user-access':
    'The published example is a bare array of {user, groups, projects}, the draft an untyped object.',
  // The groups list sits in the same documented section as the users list and disagrees the
  // same way, so it is reported the same way.
  '/api/v1/user/groups':
    'The published page describes a list of groups without a shape, the draft an untyped object.',
};

/** Returns a documentation finding when the only violation is the array-or-object choice of a known conflict. */
export function shapeConflict(
  path: string | undefined,
  errors: LocatedError[],
  body: unknown,
): string | undefined {
  const known = path ? SHAPE_CONFLICTS[path] : undefined;
  if (!known || errors.length !== 1) return undefined;
  const [error] = errors;
  if (error!.instancePath !== '' || error!.keyword !== 'type') return undefined;
  const variant = Array.isArray(body) ? 'a bare array' : 'an object';
  return `${known} The target returns ${variant}, which the document does not declare.`;
}

/**
 * Lists how a response misses a rejection: a status outside `accepted`, or an error body that
 * deviates from the documented format. An empty list means the request was rejected as documented.
 */
export function rejectionProblems(response: ApiResponse, accepted: number[]): string[] {
  const problems: string[] = [];
  if (!accepted.includes(response.status)) {
    problems.push(`status ${response.status}, expected ${accepted.join(' or ')}`);
  }
  if (response.status >= 400) problems.push(...errorBodyProblems(response));
  return problems;
}

/**
 * Fails unless the response is a 4xx from `accepted` with the documented error body. Used for
 * invalid parameters and for unknown paths or methods. With `reportOnly` (the reason the rule rests
 * on a documentation conflict), a deviation is recorded as a warning instead.
 */
export async function checkRejected(
  checks: CheckRecorder,
  def: CheckDef,
  response: ApiResponse,
  accepted: number[],
  documented: string,
  reportOnly?: string,
): Promise<void> {
  const base = { curl: response.curl, httpStatus: response.status };
  const problems = rejectionProblems(response, accepted);
  if (problems.length > 0 && reportOnly) {
    await checks.warn(def, `${problems.join('; ')}. ${reportOnly}`, {
      ...base,
      data: { received: `${response.status} ${preview(response.text)}`, documented },
    });
    return;
  }
  await checks.verdict(
    def,
    problems.length === 0
      ? undefined
      : {
          message: problems.join('; '),
          received:
            `${response.status} ${response.headers['content-type'] ?? ''} ${preview(response.text)}`.trim(),
          documented,
          ...base,
        },
    base,
  );
}

/**
 * Checks that a rejection carries the documented message: `error.detail` contains it or
 * `error.summary` equals it. A response that is not the documented rejection skips the check,
 * because the rejection check already records that. With `reportOnly`, a mismatch is a warning.
 */
export async function checkMessage(
  checks: CheckRecorder,
  def: CheckDef,
  response: ApiResponse,
  status: number,
  message: string,
  reportOnly?: string,
): Promise<void> {
  const base = { curl: response.curl, httpStatus: response.status };
  if (response.status !== status) {
    await checks.skip(
      def,
      `The target answered ${response.status}, not ${status}, so there is no message to compare.`,
    );
    return;
  }
  const mismatch = messageMismatch(response, message);
  if (mismatch && reportOnly) {
    await checks.warn(def, `${mismatch}. ${reportOnly}`, {
      ...base,
      data: { documented: message },
    });
    return;
  }
  await checks.verdict(
    def,
    mismatch === undefined
      ? undefined
      : {
          message: mismatch,
          received: preview(response.text),
          documented: `${status} with "${message}" in error.detail or as error.summary`,
          ...base,
        },
    { ...base, message: `The response carries "${message}".` },
  );
}
