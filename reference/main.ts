/**
 * Runs the reference server from the command line, for tests and manual use:
 *
 *   node --import tsx reference/main.ts [--port N] [--host H] [--db FILE] [--fault NAME]...
 *     [--rate-limit N] [--rate-limit-algorithm fixed-window|sliding-window|token-bucket]
 *     [--log-level LEVEL]
 *
 * Prints one line `listening <baseUrl>` on stdout once it accepts requests, and the admin secret
 * only to a file named by --admin-secret-file, so it never reaches a terminal log. Stops cleanly on
 * SIGINT and SIGTERM.
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { startReferenceServer } from './index.ts';
import type { RateLimitAlgorithm, ReferenceServerOptions } from './options.ts';

const ALGORITHMS: RateLimitAlgorithm[] = ['fixed-window', 'sliding-window', 'token-bucket'];
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'silent'] as const;

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(2);
}

function toInteger(name: string, text: string | undefined, min: number): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isInteger(value) || value < min)
    fail(`--${name} must be an integer of at least ${min}; received ${JSON.stringify(text)}.`);
  return value;
}

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        db: { type: 'string' },
        fault: { type: 'string', multiple: true },
        'rate-limit': { type: 'string' },
        'rate-limit-algorithm': { type: 'string' },
        'admin-secret-file': { type: 'string' },
        'log-level': { type: 'string' },
      },
      strict: true,
    }));
  } catch (error) {
    fail(`${(error as Error).message}. See the usage at the top of reference/main.ts.`);
  }
  const algorithm = values['rate-limit-algorithm'] ?? 'fixed-window';
  if (!ALGORITHMS.includes(algorithm as RateLimitAlgorithm)) {
    fail(
      `--rate-limit-algorithm must be one of ${ALGORITHMS.join(', ')}; received ${JSON.stringify(algorithm)}.`,
    );
  }
  const logLevel = values['log-level'] ?? 'info';
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel)) {
    fail(
      `--log-level must be one of ${LOG_LEVELS.join(', ')}; received ${JSON.stringify(logLevel)}.`,
    );
  }
  const options: ReferenceServerOptions = {
    port: toInteger('port', values.port, 0) ?? 0,
    rateLimit: {
      perSecond: toInteger('rate-limit', values['rate-limit'], 1) ?? 3,
      algorithm: algorithm as RateLimitAlgorithm,
    },
    logLevel: logLevel as ReferenceServerOptions['logLevel'],
    ...(values.host ? { host: values.host } : {}),
    ...(values.db ? { dbFile: values.db } : {}),
  };
  let server;
  try {
    server = await startReferenceServer({ ...options, faults: (values.fault ?? []) as never });
  } catch (error) {
    fail(`Reference server failed to start: ${(error as Error).message}`);
  }
  if (values['admin-secret-file'])
    writeFileSync(values['admin-secret-file'], server.adminSecret, { mode: 0o600 });
  process.stdout.write(`listening ${server.baseUrl}\n`);
  const stop = (): void => {
    void server.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

void main();
