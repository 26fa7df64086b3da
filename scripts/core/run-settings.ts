/**
 * Settings of one run, written by the CLI to `<out>/run-settings.json` and read by the Playwright
 * fixtures and k6 scenarios. Contains no secret: tokens, the admin secret and extra header values
 * reach the child processes only through the environment variables named below.
 */
export interface RunSettings {
  /** Base URL of the Data API, ending in `/data` for Exto, without a trailing slash. */
  baseUrl: string;
  /**
   * Absolute path of the OpenAPI document. For a URL given with --spec, the bundled copy the CLI
   * wrote to the run folder as spec.json.
   */
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
  /**
   * Hierarchy master the /hierarchy operations read: from --hierarchy-master, or on the reference
   * server its seeded one. No operation of the API lists hierarchy masters, so there is no other
   * source.
   */
  hierarchyMaster?: string;
  allowDestructive: boolean;
  /** True when --rotate-key-command is set; the command itself is in EXTO_ROTATE_KEY_COMMAND. */
  hasRotateKeyCommand?: boolean;
  /** True when --restart-command is set; the command itself is in EXTO_RESTART_COMMAND. */
  hasRestartCommand?: boolean;
  /**
   * Shell command that rotates the Access Token Private Key on a real deployment. Never written
   * to run-settings.json, because commands often embed credentials: `readRunSettings` in
   * suites/support/settings.ts fills it from EXTO_ROTATE_KEY_COMMAND.
   */
  rotateKeyCommand?: string;
  /**
   * Shell command that restarts the Data API without changing the Access Token Private Key, for
   * example `kubectl rollout restart deployment/exto-api && kubectl rollout status ...`. Filled
   * from EXTO_RESTART_COMMAND like `rotateKeyCommand`.
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
   * `performance.list-latency` fails above it. The CLI always writes it (--latency-bound-ms,
   * default 750); the suites use 750 when it is absent.
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
/** The operator's key-rotation command (may embed credentials, so never in run-settings.json). */
export const ENV_ROTATE_KEY_COMMAND = 'EXTO_ROTATE_KEY_COMMAND';
/** The operator's restart command, travelling like ENV_ROTATE_KEY_COMMAND. */
export const ENV_RESTART_COMMAND = 'EXTO_RESTART_COMMAND';
/** Secret of the reference server's admin interface. */
export const ENV_ADMIN_SECRET = 'EXTO_ADMIN_SECRET';
