/**
 * Playwright fixtures shared by every suite. Worker-scoped: run settings, the loaded spec with its
 * compiled validators, the worker's token and pacer, and the request contexts. Test-scoped: the
 * check recorder and the API clients, which report pacing findings into the current test.
 *
 * Each worker owns one token (`parallelIndex` picks it) and paces it on its own, so workers never
 * share a rate budget as long as there are at least as many tokens as workers.
 */
import { test as base, expect, type APIRequestContext } from '@playwright/test';

import { Redactor } from '../scripts/core/redact.ts';
import type { RunSettings } from '../scripts/core/run-settings.ts';
import { DATA_ATTACHMENT, DATA_CONTENT_TYPE } from '../scripts/core/types.ts';
import { ApiClient, type ApiClientOptions } from './support/api.ts';
import { CheckRecorder, type CheckDef } from './support/checks.ts';
import { Discovery } from './support/discovery.ts';
import { LatencyLog } from './support/latency.ts';
import { Pacer } from './support/pacer.ts';
import { newMarker, removeLeftovers } from './support/scratch.ts';
import { readRunSettings, readSecrets, type SuiteSecrets } from './support/settings.ts';
import { loadSuiteSpec, type SuiteSpec } from './support/spec.ts';

export interface WorkerFixtures {
  settings: RunSettings;
  secrets: SuiteSecrets;
  spec: SuiteSpec;
  /** The worker's bearer token, or undefined when EXTO_TOKENS is empty. */
  token: string | undefined;
  redactor: Redactor;
  pacer: Pacer;
  /** Request context for authenticated requests; it carries no default headers. */
  apiContext: APIRequestContext;
  /** A separate context for requests that must carry no Authorization at all. */
  anonymousContext: APIRequestContext;
  /** Names, ids and records the suite found on the target, looked up once per worker. */
  discovery: Discovery;
  /**
   * Marker value the write checks put in every record they create. The fixture's teardown deletes
   * any record that still carries it from the scratch master and module.
   */
  writeMarker: string;
  /** Durations of the worker's successful list requests, for `performance.list-latency`. */
  latencyLog: LatencyLog;
}

export interface TestFixtures {
  checks: CheckRecorder;
  api: ApiClient;
  anonymousApi: ApiClient;
}

/** The pacing finding recorded when the target throttled a request outside the rate-limit suite. */
export const THROTTLED_CHECK: CheckDef = {
  id: 'pacing.throttled-by-harness',
  title: 'Requests outside the rate-limit suite stay within the token budget',
  severity: 'minor',
};

export const test = base.extend<TestFixtures, WorkerFixtures>({
  settings: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      await use(readRunSettings());
    },
    { scope: 'worker' },
  ],

  secrets: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      await use(readSecrets());
    },
    { scope: 'worker' },
  ],

  spec: [
    async ({ settings }, use) => {
      await use(await loadSuiteSpec(settings.specPath));
    },
    { scope: 'worker' },
  ],

  token: [
    async ({ secrets }, use, workerInfo) => {
      const { tokens } = secrets;
      await use(tokens.length > 0 ? tokens[workerInfo.parallelIndex % tokens.length] : undefined);
    },
    { scope: 'worker' },
  ],

  redactor: [
    async ({ secrets }, use) => {
      await use(
        new Redactor([
          ...secrets.tokens,
          ...Object.values(secrets.extraHeaders),
          secrets.adminSecret,
        ]),
      );
    },
    { scope: 'worker' },
  ],

  pacer: [
    async ({ settings, secrets }, use, workerInfo) => {
      // More workers than tokens means some workers share a token, so each gets a share of it.
      const tokens = Math.max(secrets.tokens.length, 1);
      const share = Math.min(1, tokens / Math.max(workerInfo.config.workers, 1));
      await use(new Pacer({ perSecond: settings.pacingPerSecond * share }));
    },
    { scope: 'worker' },
  ],

  apiContext: [
    async ({ playwright }, use) => {
      const context = await playwright.request.newContext({ extraHTTPHeaders: {} });
      await use(context);
      await context.dispose();
    },
    { scope: 'worker' },
  ],

  anonymousContext: [
    async ({ playwright }, use) => {
      const context = await playwright.request.newContext({ extraHTTPHeaders: {} });
      await use(context);
      await context.dispose();
    },
    { scope: 'worker' },
  ],

  latencyLog: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      await use(new LatencyLog());
    },
    { scope: 'worker' },
  ],

  discovery: [
    async ({ settings, secrets, token, pacer, redactor, apiContext, latencyLog }, use) => {
      // NOTE: discovery runs outside any one test, so a 429 it meets is retried but not recorded
      // as a pacing finding; the target's 429 count still shows it.
      const client = new ApiClient({
        ...clientOptions(settings, secrets, pacer, redactor, apiContext),
        ...(token ? { token } : {}),
        onResponse: (response) => latencyLog.record(response),
      });
      await use(new Discovery(client, settings));
    },
    { scope: 'worker' },
  ],

  writeMarker: [
    async (
      { settings, discovery, token, pacer, redactor, apiContext, secrets },
      use,
      workerInfo,
    ) => {
      const marker = newMarker(workerInfo.parallelIndex);
      await use(marker);
      if (!settings.allowWrites || !token) return;
      const client = new ApiClient({
        ...clientOptions(settings, secrets, pacer, redactor, apiContext),
        token,
      });
      const user = await discovery.userName();
      const outcome = await removeLeftovers(client, settings, marker, user?.value);
      for (const { path, found, status } of outcome) {
        // Tests delete their own records, so anything found here is a leftover worth a line.
        if (found > 0)
          console.warn(
            `Removed ${found} record(s) marked ${marker} left on ${path} (DELETE answered ${status}).`,
          );
      }
    },
    { scope: 'worker' },
  ],

  checks: async ({ redactor }, use, testInfo) => {
    await use(new CheckRecorder(testInfo, redactor));
  },

  api: async (
    { settings, secrets, token, pacer, redactor, apiContext, checks, latencyLog },
    use,
    testInfo,
  ) => {
    const client = new ApiClient({
      ...clientOptions(settings, secrets, pacer, redactor, apiContext),
      ...(token ? { token } : {}),
      onResponse: (response) => latencyLog.record(response),
      onThrottled: async (event) => {
        await checks.warn(
          THROTTLED_CHECK,
          `The target answered 429 to ${event.method} ${event.path} outside the rate-limit suite; ` +
            `the request was retried after ${Math.round(event.waitedMs)} ms. ` +
            'Lower pacingPerSecond or give each worker its own token.',
          { curl: event.curl, httpStatus: 429, data: { retryAfter: event.retryAfter } },
        );
      },
    });
    await use(client);
    await attachRequestStats(testInfo, 'api', client);
  },

  anonymousApi: async ({ settings, secrets, pacer, redactor, anonymousContext }, use, testInfo) => {
    const client = new ApiClient(
      clientOptions(settings, secrets, pacer, redactor, anonymousContext),
    );
    await use(client);
    await attachRequestStats(testInfo, 'anonymousApi', client);
  },
});

export { expect };
export type { ApiClient, ApiResponse, ApiRequest, AuthMode } from './support/api.ts';
export type { CheckDef, CheckRecorder, FailureDetail, PassDetail } from './support/checks.ts';
export type { Discovery } from './support/discovery.ts';
export type { LatencyLog } from './support/latency.ts';
export type { Pacer } from './support/pacer.ts';
export type { SuiteSpec } from './support/spec.ts';

function clientOptions(
  settings: RunSettings,
  secrets: SuiteSecrets,
  pacer: Pacer,
  redactor: Redactor,
  context: APIRequestContext,
): ApiClientOptions {
  return {
    context,
    baseUrl: settings.baseUrl,
    pacer,
    redactor,
    extraHeaders: secrets.extraHeaders,
  };
}

/** Request counts per test, so a benchmark can compute how much of the budget the suite used. */
async function attachRequestStats(
  testInfo: {
    attach: (name: string, options: { body: string; contentType: string }) => Promise<void>;
  },
  client: string,
  api: ApiClient,
): Promise<void> {
  const stats = api.stats();
  if (stats.sent === 0) return;
  await testInfo.attach(DATA_ATTACHMENT, {
    body: JSON.stringify({ kind: 'requests', client, ...stats }),
    contentType: DATA_CONTENT_TYPE,
  });
}
