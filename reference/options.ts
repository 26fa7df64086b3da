import type { FaultName } from './faults.ts';

/** Counting method of the reference server's rate limiter. */
export type RateLimitAlgorithm = 'fixed-window' | 'sliding-window' | 'token-bucket';

export interface RateLimitOptions {
  /** Requests allowed per second per token; the documented value is 3. */
  perSecond: number;
  algorithm: RateLimitAlgorithm;
}

/** Options of `startReferenceServer`, also the flags of `exto-conformance serve`. */
export interface ReferenceServerOptions {
  /** 0 picks a free port. */
  port?: number;
  /** Loopback by default; the server is a test target, not a service. */
  host?: string;
  /** SQLite file; in memory when absent. */
  dbFile?: string;
  faults?: FaultName[];
  rateLimit?: RateLimitOptions;
  /** Secret for the admin interface; a random one is generated when absent. */
  adminSecret?: string;
  /** Access Token Private Key at start; a random one is generated when absent. */
  accessTokenPrivateKey?: string;
  logLevel?: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'silent';
}

export interface RunningReferenceServer {
  /** For example `http://127.0.0.1:41234/data`. */
  baseUrl: string;
  /** For example `http://127.0.0.1:41234/_admin`. */
  adminUrl: string;
  adminSecret: string;
  faults: FaultName[];
  close(): Promise<void>;
}

export const DEFAULT_RATE_LIMIT: RateLimitOptions = { perSecond: 3, algorithm: 'fixed-window' };
