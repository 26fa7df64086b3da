/**
 * Probes the ID/access-token login flow: `POST <prefix>/login` for an ID token, then
 * `POST <prefix>/access-token` for an access token. The published documentation puts the flow under
 * `/rest/api/auth`, the draft under `/api/auth`, so both are probed and the report names the one
 * that responds.
 *
 * NOTE: both sources say the flow is being reworked, so its outcome stays out of the pass/fail
 * verdict: it passes only when the whole flow ran and returned the documented bodies, a flow that
 * ran and deviated is a warning, and a flow that could not run is skipped. A 401 or 403 to the
 * empty-body probe counts as "not exposed" and gives a skip, not a warning. The login call needs
 * no token, so such an answer comes from a gateway or an access rule in front of the flow (Azure API
 * Management answers 401 without its subscription key), and it shows that the flow was not
 * reached, not that it is broken.
 */
import type { APIRequestContext, APIResponse } from '@playwright/test';

import { toCurl } from '../../scripts/core/curl.ts';
import type { Redactor } from '../../scripts/core/redact.ts';

/** The published prefix first, then the draft's: the first one that responds is used. */
export const LOGIN_PREFIXES = ['/rest/api/auth', '/api/auth'] as const;

/** The login example of the published documentation, which the reference server seeds. */
export const EXAMPLE_LOGIN = { username: 'john@exto360.com', password: 'secure' } as const;

/** Statuses of the empty-body probe that mean the flow was not reached at that prefix. */
const NOT_REACHED = new Set([0, 401, 403, 404, 405]);

const TIMEOUT_MS = 15_000;

export interface LoginCredentials {
  username: string;
  password: string;
}

export interface LoginFlowOptions {
  /** Scheme, host and port of the target; the flow lives outside the Data API's `/data`. */
  origin: string;
  /**
   * Headers sent on every request of the flow, such as a gateway's subscription key. The probe
   * sets its own Authorization on the access-token call.
   */
  headers: Record<string, string>;
  /** A user to sign in as; without one the flow cannot run, and the check is skipped. */
  credentials?: LoginCredentials;
  /** Masks secrets in the curl lines of warnings. */
  redactor: Redactor;
  /** Receives every token the flow issues, so the caller can mask it wherever it appears. */
  onSecret?: (secret: string) => void;
}

export type LoginFlowOutcome =
  | { status: 'passed'; message: string; data: Record<string, unknown> }
  | {
      status: 'warning';
      message: string;
      curl: string;
      httpStatus?: number;
      data: Record<string, unknown>;
    }
  | { status: 'skipped'; reason: string; data: Record<string, unknown> };

/** Runs the probe and returns the outcome for `auth.login.flow`; each request is bounded to 15 s. */
export async function probeLoginFlow(
  context: APIRequestContext,
  options: LoginFlowOptions,
): Promise<LoginFlowOutcome> {
  const answers = await probePrefixes(context, options);
  const data: Record<string, unknown> = { answers };
  const prefix = LOGIN_PREFIXES.find((candidate) => !NOT_REACHED.has(answers[candidate]!));
  if (!prefix) {
    const refused = Object.values(answers).some((status) => status === 401 || status === 403);
    return {
      status: 'skipped',
      reason:
        `The target does not expose the login flow at ${LOGIN_PREFIXES.join(' or ')}: ` +
        `POST <prefix>/login with an empty body returned ${describeAnswers(answers)}.` +
        (refused
          ? ' The login call needs no token, so a 401 or 403 comes from a gateway or access rule in front of the flow.'
          : ''),
      data,
    };
  }
  data.prefix = prefix;
  const probeStatus = answers[prefix]!;
  const loginUrl = `${options.origin}${prefix}/login`;
  if (probeStatus < 300 || probeStatus >= 500) {
    // The documentation gives 400 or 422 for invalid input. A success or a server error for an
    // empty body deviates from that, whether or not the suite can sign in.
    return {
      status: 'warning',
      message: `POST ${prefix}/login with an empty body returned ${probeStatus}, but 400 or 422 is documented for invalid input.`,
      curl: curlLine(options, loginUrl, {}),
      httpStatus: probeStatus,
      data,
    };
  }
  if (!options.credentials) {
    return {
      status: 'skipped',
      reason:
        `POST ${prefix}/login responds (${probeStatus} for an empty body), but running the flow needs a ` +
        'user name and password, which the suite has only for the reference server.',
      data,
    };
  }
  return runFlow(context, options, options.credentials, prefix, data);
}

/**
 * Sends an empty body to each prefix's login, which an exposed endpoint rejects with 400 or 422.
 * The body carries no credentials, so it cannot sign anyone in or change an account.
 */
async function probePrefixes(
  context: APIRequestContext,
  options: LoginFlowOptions,
): Promise<Record<string, number>> {
  const answers: Record<string, number> = {};
  for (const prefix of LOGIN_PREFIXES) {
    // A transport error counts as status 0, so an unreachable flow is skipped like a missing one.
    const response = await post(context, `${options.origin}${prefix}/login`, options.headers, {})
      .then((reply) => reply.status())
      .catch(() => 0);
    answers[prefix] = response;
  }
  return answers;
}

async function runFlow(
  context: APIRequestContext,
  options: LoginFlowOptions,
  credentials: LoginCredentials,
  prefix: string,
  data: Record<string, unknown>,
): Promise<LoginFlowOutcome> {
  const loginUrl = `${options.origin}${prefix}/login`;
  const login = await post(context, loginUrl, options.headers, credentials);
  const idToken = await stringField(login, 'id_token');
  data.loginStatus = login.status();
  if (idToken) options.onSecret?.(idToken);
  if (login.status() !== 200 || !idToken) {
    return {
      status: 'warning',
      message: `POST ${prefix}/login with a valid user returned ${login.status()} ${idToken ? 'with' : 'without'} an id_token, but 200 with an id_token is documented.`,
      curl: curlLine(options, loginUrl, credentials),
      httpStatus: login.status(),
      data,
    };
  }

  // The documentation does not say how the ID token travels; the bearer scheme is the common way.
  const accessUrl = `${options.origin}${prefix}/access-token`;
  const accessHeaders = { ...options.headers, Authorization: `Bearer ${idToken}` };
  const access = await post(context, accessUrl, accessHeaders, {});
  const accessToken = await stringField(access, 'access_token');
  data.accessStatus = access.status();
  if (accessToken) options.onSecret?.(accessToken);
  if (access.status() !== 200 || !accessToken) {
    return {
      status: 'warning',
      message: `POST ${prefix}/access-token with the ID token returned ${access.status()} ${accessToken ? 'with' : 'without'} an access_token, but 200 with an access_token is documented.`,
      curl: curlLine({ ...options, headers: accessHeaders }, accessUrl, {}),
      httpStatus: access.status(),
      data,
    };
  }
  return {
    status: 'passed',
    message:
      `POST ${prefix}/login returned an id_token and POST ${prefix}/access-token an access_token. ` +
      'Whether the Data API accepts the access token is not documented, so it is not checked.',
    data,
  };
}

function post(
  context: APIRequestContext,
  url: string,
  headers: Record<string, string>,
  body: object,
): Promise<APIResponse> {
  return context.post(url, {
    headers: { Accept: 'application/json', ...headers },
    data: body,
    failOnStatusCode: false,
    maxRedirects: 0,
    timeout: TIMEOUT_MS,
  });
}

/** Reads a string field of a JSON body; undefined for any other body. */
async function stringField(response: APIResponse, field: string): Promise<string | undefined> {
  const body = (await response.json().catch(() => undefined)) as
    Record<string, unknown> | undefined;
  const value = body?.[field];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function describeAnswers(answers: Record<string, number>): string {
  return Object.entries(answers)
    .map(([prefix, status]) => `${status} at ${prefix}`)
    .join(', ');
}

function curlLine(options: LoginFlowOptions, url: string, body: object): string {
  return toCurl(
    {
      method: 'POST',
      url,
      headers: { 'Content-Type': 'application/json', ...options.headers },
      body,
    },
    options.redactor,
  );
}
