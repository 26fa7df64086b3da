import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { handleAdmin, ADMIN_PREFIX } from './admin/handler.ts';
import { handleAuthRoutes } from './auth/login.ts';
import { createTokenService } from './auth/tokens.ts';
import { createUserStore } from './auth/users.ts';
import { parseFaults } from './faults.ts';
import { createLogger } from './log.ts';
import {
  DEFAULT_RATE_LIMIT,
  type ReferenceServerOptions,
  type RunningReferenceServer,
} from './options.ts';
import { createRateLimiter } from './rate-limit/limiter.ts';
import { DATA_PREFIX, createDataServer } from './server.ts';
import { openDatabase } from './store/database.ts';
import { EntityStore } from './store/entities.ts';

export type { ReferenceServerOptions, RunningReferenceServer } from './options.ts';
export { FAULTS, FAULT_NAMES, parseFaults, type FaultName } from './faults.ts';
export { DEFAULT_RATE_LIMIT } from './options.ts';
export { SCRATCH_COLLECTIONS } from './store/seed.ts';

/**
 * Starts the reference Exto Data API on loopback (a free port unless `port` is given), with the
 * Data API under `/data` and the admin interface under `/_admin`. Prints nothing: the caller
 * decides what to show. `close()` stops listening, ends open connections and closes the database.
 */
export async function startReferenceServer(
  options: ReferenceServerOptions = {},
): Promise<RunningReferenceServer> {
  const faults = parseFaults(options.faults ?? []);
  const logger = createLogger(options.logLevel ?? 'silent');
  const host = options.host ?? '127.0.0.1';
  const adminSecret = options.adminSecret ?? randomBytes(24).toString('base64url');
  const db = openDatabase(options.dbFile);
  let databaseOpen = true;
  try {
    const tokens = createTokenService(db, {
      faults,
      logger,
      ...(options.accessTokenPrivateKey
        ? { accessTokenPrivateKey: options.accessTokenPrivateKey }
        : {}),
    });
    const users = createUserStore(db);
    const limiter = createRateLimiter({ ...DEFAULT_RATE_LIMIT, ...options.rateLimit, faults });
    const app = {
      store: new EntityStore(db),
      startedAt: new Date().toISOString(),
      databaseOpen: () => databaseOpen,
    };
    const { server, stats } = createDataServer({
      app,
      tokens,
      limiter,
      faults,
      logger,
      prefixHandlers: [
        {
          prefix: ADMIN_PREFIX,
          handle: async (req, res) => {
            await handleAdmin(req, res, { tokens, adminSecret, stats: () => stats, logger });
            return true;
          },
        },
        {
          prefix: '/rest/',
          handle: (req, res) => handleAuthRoutes(req, res, { users, tokens, logger }),
        },
      ],
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    const { port } = server.address() as AddressInfo;
    const origin = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
    logger.info(
      { origin, faults, dbFile: options.dbFile ?? ':memory:' },
      'reference server started',
    );

    let closing: Promise<void> | undefined;
    const close = (): Promise<void> => {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => {
          databaseOpen = false;
          db.close();
          logger.info({ origin }, 'reference server stopped');
          resolve();
        });
        server.closeAllConnections();
      });
      return closing;
    };
    return {
      baseUrl: `${origin}${DATA_PREFIX}`,
      adminUrl: `${origin}${ADMIN_PREFIX}`,
      adminSecret,
      faults,
      close,
    };
  } catch (error) {
    db.close();
    throw error;
  }
}
