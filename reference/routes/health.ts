import { cpus, freemem, totalmem } from 'node:os';
import { ApiError } from '../http/errors.ts';
import type { Route } from '../http/router.ts';
import type { App } from './common.ts';

let lastSample = { at: performance.now(), usage: process.cpuUsage() };

/**
 * Returns the CPU use of this process since the previous liveness call, in percent of all cores.
 * NOTE: the documented probe samples for one second. This one measures the interval since the
 * last call instead, so a probe does not wait.
 */
function cpuPercent(): number {
  const now = performance.now();
  const usage = process.cpuUsage(lastSample.usage);
  const elapsedMicros = Math.max(1, (now - lastSample.at) * 1000);
  lastSample = { at: now, usage: process.cpuUsage() };
  const percent = ((usage.user + usage.system) / elapsedMicros / cpus().length) * 100;
  return Math.round(percent * 10) / 10;
}

export const healthRoutes: Route<App>[] = [
  {
    method: 'GET',
    pattern: '/api/v1/health/liveness',
    operationId: 'checkLiveness',
    auth: false,
    handler: () => {
      const memPercent = Math.round((1 - freemem() / totalmem()) * 1000) / 10;
      return { status: 200, json: { ok: true, cpuPercent: cpuPercent(), memPercent } };
    },
  },
  {
    method: 'GET',
    pattern: '/api/v1/health/readiness',
    operationId: 'checkReadiness',
    auth: false,
    handler: ({ app }) => {
      if (!app.databaseOpen()) throw new ApiError(500, ['Database - disconnected']);
      return { status: 200, text: '{"ok":true}' };
    },
  },
  {
    method: 'GET',
    pattern: '/api/v1/build/info',
    operationId: 'getBuildInfo',
    auth: true,
    handler: ({ app }) => ({
      status: 200,
      json: {
        name: 'exto-data-api',
        version: '1.0.0',
        branch: 'reference',
        commit: 'exto-conformance-reference',
        date: app.startedAt,
      },
    }),
  },
];
