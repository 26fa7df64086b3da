/**
 * Settings of one run, written by the CLI to `<out>/run-settings.json` and read by the Playwright
 * fixtures and k6 scenarios. Contains no secret: tokens, the admin secret and extra header values
 * reach the child processes only through the environment variables named below.
 */
export interface RunSettings {
  /** Base URL of the Data API, ending in `/data` for Exto, without a trailing slash. */
  baseUrl: string;
  /** Absolute path of the OpenAPI document (a URL given with --spec is downloaded first). */
  specPath: string;
  /** The run's report folder (absolute). */
  outDir: string;
  /** Documented limit, requests per second per token (3 for Exto). */
  rateLimitPerSecond: number;
  /** Rate at which non-rate-limit checks pace each token, below the limit for a safety margin. */
  pacingPerSecond: number;
  /** Number of tokens in EXTO_TOKENS (never the tokens themselves). */
  tokenCount: number;
  allowWrites: boolean;
  scratchMaster?: string;
  scratchModule?: string;
  allowDestructive: boolean;
  /** Shell command that rotates the Access Token Private Key on a real deployment. */
  rotateKeyCommand?: string;
  /**
   * Shell command that restarts the Data API without changing the Access Token Private Key, for
   * example `kubectl rollout restart deployment/exto-api && kubectl rollout status ...`.
   */
  restartCommand?: string;
  /**
   * Id of a tenant the configured tokens have no access to (not a secret): with it the auth suite
   * checks that such a request gets 403, not 401.
   */
  foreignTenantId?: string;
  /** Files holding tokens in a known state, supplied by the operator for a real deployment. */
  expiredTokenFile?: string;
  revokedTokenFile?: string;
  disabledTokenFile?: string;
  /** Names of extra headers (values are in EXTO_EXTRA_HEADERS). */
  extraHeaderNames: string[];
  /**
   * Upper bound for the p95 latency of the suite's successful list requests, in milliseconds;
   * `performance.list-latency` fails above it. The suites use 750 when it is absent.
   */
  latencyBoundMs?: number;
  /** Upper bound for the revocation delay before `auth.revoked-token.rejected` fails, in seconds. */
  revocationBoundSeconds: number;
  /**
   * Present when the target is the embedded reference server: its admin interface lets the suite
   * mint, revoke, disable and rotate. The secret is in EXTO_ADMIN_SECRET.
   */
  referenceAdminUrl?: string;
  /** Fault profiles the reference server was started with (for the report only). */
  referenceFaults?: string[];
}

/** Environment variable holding the path of run-settings.json. */
export const ENV_RUN_SETTINGS = 'EXTO_RUN_SETTINGS';
/** Newline-separated bearer tokens. */
export const ENV_TOKENS = 'EXTO_TOKENS';
/** JSON object of extra headers, for example `{"Ocp-Apim-Subscription-Key": "..."}`. */
export const ENV_EXTRA_HEADERS = 'EXTO_EXTRA_HEADERS';
/** Secret of the reference server's admin interface. */
export const ENV_ADMIN_SECRET = 'EXTO_ADMIN_SECRET';
