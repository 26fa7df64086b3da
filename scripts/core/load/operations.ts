/**
 * Requests the scenarios send. Load phases call one cheap bearer-protected read, so the limiter
 * is what they measure; smoke walks one read per operation group to prove the wiring.
 */

export interface LoadOperation {
  /** Operation group, for the smoke report. */
  group: string;
  method: 'GET';
  /** operationId in the OpenAPI document, which selects the response schemas. */
  operationId: string;
  /** Path template as documented, used as the request's `name` tag. */
  pathTemplate: string;
  /** Path with parameters filled in, appended to the base URL. */
  path: string;
  /** Health probes are documented without a token. */
  authenticated: boolean;
}

/** The request every load phase repeats: build info needs a token and reads no data. */
export const LOAD_OPERATION: LoadOperation = {
  group: 'build',
  method: 'GET',
  operationId: 'getBuildInfo',
  pathTemplate: '/api/v1/build/info',
  path: '/api/v1/build/info',
  authenticated: true,
};

/** Liveness probe, used by setup() to fail fast when the target is down. */
export const LIVENESS: LoadOperation = {
  group: 'health',
  method: 'GET',
  operationId: 'checkLiveness',
  pathTemplate: '/api/v1/health/liveness',
  path: '/api/v1/health/liveness',
  authenticated: false,
};

/** One read per operation group; smoke sends these in order, paced below the limit. */
export const SMOKE_OPERATIONS: LoadOperation[] = [
  LIVENESS,
  {
    group: 'health',
    method: 'GET',
    operationId: 'checkReadiness',
    pathTemplate: '/api/v1/health/readiness',
    path: '/api/v1/health/readiness',
    authenticated: false,
  },
  LOAD_OPERATION,
  {
    group: 'user-management',
    method: 'GET',
    operationId: 'getAllGroups',
    pathTemplate: '/api/v1/user/groups',
    path: '/api/v1/user/groups',
    authenticated: true,
  },
  {
    group: 'user-management',
    method: 'GET',
    operationId: 'getUserAccess',
    pathTemplate: '/api/v1/user/user-access',
    path: '/api/v1/user/user-access?page=1&pageSize=1',
    authenticated: true,
  },
  {
    group: 'workspaces',
    method: 'GET',
    operationId: 'listWorkspaces',
    pathTemplate: '/api/v1/workspace',
    path: '/api/v1/workspace',
    authenticated: true,
  },
];

/** operationIds of every request a scenario sends, so the schema file can leave out the rest. */
export const LOAD_OPERATION_IDS: readonly string[] = [
  ...new Set([LOAD_OPERATION, ...SMOKE_OPERATIONS].map((operation) => operation.operationId)),
];
