/** `exto-conformance serve`: runs the reference Exto server until SIGINT or SIGTERM. */
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { FAULT_NAMES, parseFaults } from '../../../reference/faults.ts';
import type { RateLimitAlgorithm } from '../../../reference/options.ts';
import { ConfigError } from '../../lib/config.ts';
import { interruptSignal } from '../interrupt.ts';

interface ServeArgs {
  port: number;
  host: string;
  dbFile?: string;
  fault?: string[];
  rateLimitPerSecond: number;
  rateLimitAlgorithm: RateLimitAlgorithm;
  adminSecretFile: string;
  durationSeconds?: number;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'silent';
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

export const serveCommand: CommandModule<object, ServeArgs> = {
  command: 'serve',
  describe: 'Run the reference Exto Data API server (a loopback test target)',
  builder: (yargs: Argv) =>
    yargs
      .option('port', { type: 'number', default: 0, describe: 'Port; 0 picks a free one' })
      .option('host', {
        type: 'string',
        default: '127.0.0.1',
        describe: 'Loopback address to bind',
      })
      .option('db-file', { type: 'string', describe: 'SQLite file; in memory when absent' })
      .option('fault', {
        type: 'string',
        array: true,
        choices: FAULT_NAMES,
        describe: 'Fault profile that makes the server non-conformant (repeatable)',
      })
      .option('rate-limit-per-second', {
        type: 'number',
        default: 3,
        describe: 'Requests per second per token',
      })
      .option('rate-limit-algorithm', {
        choices: ['fixed-window', 'sliding-window', 'token-bucket'] as const,
        default: 'fixed-window' as const,
        describe: 'Counting method of the rate limiter',
      })
      .option('admin-secret-file', {
        type: 'string',
        default: 'reports/serve-admin-secret',
        describe: 'File that receives the admin secret (mode 0600) unless EXTO_ADMIN_SECRET is set',
      })
      .option('duration-seconds', { type: 'number', describe: 'Stop after this many seconds' })
      .option('log-level', {
        choices: ['fatal', 'error', 'warn', 'info', 'debug', 'silent'] as const,
        default: 'info' as const,
        describe: 'Log level of the server',
      }) as unknown as Argv<ServeArgs>,
  handler: async (args: ArgumentsCamelCase<ServeArgs>) => {
    if (!LOOPBACK.has(args.host)) {
      throw new ConfigError(
        `--host ${args.host} is not a loopback address. The reference server is a test target: ` +
          'bind it to 127.0.0.1 or ::1.',
        'host',
      );
    }
    // Loaded on demand, so the other commands start without the server and its SQLite binding.
    const { startReferenceServer } = await import('../../../reference/index.ts');
    const adminSecret = process.env.EXTO_ADMIN_SECRET || randomBytes(24).toString('base64url');
    const server = await startReferenceServer({
      port: args.port,
      host: args.host,
      dbFile: args.dbFile,
      faults: parseFaults(args.fault ?? []),
      rateLimit: { perSecond: args.rateLimitPerSecond, algorithm: args.rateLimitAlgorithm },
      adminSecret,
      logLevel: args.logLevel,
    });
    let secretNote = 'admin secret: the value of EXTO_ADMIN_SECRET';
    if (!process.env.EXTO_ADMIN_SECRET) {
      const file = resolve(args.adminSecretFile);
      writeFileSync(file, `${adminSecret}\n`, { mode: 0o600 });
      secretNote = `admin secret written to ${file}`;
    }
    process.stdout.write(
      `Reference server listening.\n  Data API: ${server.baseUrl}\n  Admin:    ${server.adminUrl}\n` +
        `  ${secretNote}\n  Faults:   ${server.faults.join(', ') || 'none'}\n`,
    );
    const signal = interruptSignal('Stopping the reference server...');
    await new Promise<void>((resolveStop) => {
      signal.addEventListener('abort', () => resolveStop(), { once: true });
      if (args.durationSeconds) setTimeout(resolveStop, args.durationSeconds * 1000).unref();
    });
    await server.close();
    process.exitCode = 0;
  },
};
