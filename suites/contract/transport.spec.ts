/**
 * Transport checks: list operations respond within a latency bound, and the target stays free of
 * 5xx under a short burst of concurrent requests. Both are bounded: the latency check reuses the
 * durations the worker already measured and sends one request for each list operation it has not
 * measured yet, and the burst is exactly BURST_SIZE requests to the public readiness probe, once
 * per run.
 */
import { test } from '../fixtures.ts';
import { ApiClient, type ApiResponse } from '../support/api.ts';
import type { CheckDef } from '../support/checks.ts';
import {
  DEFAULT_LATENCY_BOUND_MS,
  LATENCY_LISTS,
  overBound,
  type LatencySummary,
} from '../support/latency.ts';
import { findOperation } from '../support/lists.ts';
import { Pacer } from '../support/pacer.ts';
import { prepareValidRequest } from '../support/requests.ts';

const LIST_LATENCY: CheckDef = {
  id: 'performance.list-latency',
  title: 'List operations answer within the latency bound at the 95th percentile',
  severity: 'minor',
};

const BURST: CheckDef = {
  id: 'transport.concurrency.no-5xx',
  title: 'The readiness probe answers a burst of concurrent requests without a 5xx',
  severity: 'critical',
  operationId: 'checkReadiness',
  method: 'GET',
  path: '/api/v1/health/readiness',
};

/** Concurrent requests in the burst: above the in-flight limits that small deployments set. */
const BURST_SIZE = 25;
/** Pacing for the burst client; readiness is public and not rate-limited, so it sends at once. */
const BURST_RATE_PER_SECOND = 10_000;

test(
  'list operations answer within the latency bound',
  { tag: '@contract' },
  async ({ api, spec, settings, discovery, checks, latencyLog }) => {
    const boundMs = settings.latencyBoundMs ?? DEFAULT_LATENCY_BOUND_MS;
    const skipped: string[] = [];
    for (const { template } of LATENCY_LISTS) {
      // Lists the worker already measured in earlier tests need no request of their own.
      if (latencyLog.count(template) > 0) continue;
      const operation = findOperation(spec, 'get', template);
      if (!operation) {
        skipped.push(`${template} (not in the document)`);
        continue;
      }
      const prepared = await prepareValidRequest(operation, discovery);
      if (!prepared.ok) {
        skipped.push(`${template} (${prepared.reason})`);
        continue;
      }
      // The log records the response through the client's hook, with the worker's earlier ones.
      await api.send({
        method: 'GET',
        path: prepared.request.path,
        query: prepared.request.query,
        headers: prepared.request.headers,
      });
    }
    const summaries: Record<string, LatencySummary> = latencyLog.summaries();
    if (Object.keys(summaries).length === 0) {
      await checks.skipTest(
        LIST_LATENCY,
        `No list request succeeded, so there is no latency to compare. Skipped: ${skipped.join('; ')}.`,
      );
    }
    const slow = overBound(summaries, boundMs);
    const data = { boundMs, perOperation: summaries, ...(skipped.length ? { skipped } : {}) };
    await checks.verdict(
      LIST_LATENCY,
      slow.length === 0
        ? undefined
        : {
            message: `${slow.length} list operation(s) exceed the ${boundMs} ms bound at the 95th percentile: ${slow.join(', ')}. Raise --latency-bound-ms if the deployment's bound is higher.`,
            received: slow.join(', '),
            documented: `p95 <= ${boundMs} ms for every list operation`,
            data,
          },
      { message: `Every list p95 is within ${boundMs} ms.`, data },
    );
  },
);

test(
  'GET /api/v1/health/readiness survives a burst of 25 requests',
  { tag: '@contract' },
  async ({ settings, redactor, anonymousContext, secrets, checks }) => {
    const burstClient = new ApiClient({
      context: anonymousContext,
      baseUrl: settings.baseUrl,
      pacer: new Pacer({ perSecond: BURST_RATE_PER_SECOND }),
      redactor,
      extraHeaders: secrets.extraHeaders,
      retryThrottled: false,
    });
    const responses: ApiResponse[] = await Promise.all(
      Array.from({ length: BURST_SIZE }, () =>
        burstClient.send({ path: '/api/v1/health/readiness', auth: 'none' }),
      ),
    );
    const byStatus: Record<string, number> = {};
    for (const response of responses) {
      byStatus[response.status] = (byStatus[response.status] ?? 0) + 1;
    }
    const failed = responses.filter((response) => response.status >= 500);
    const shown = failed[0] ?? responses[0]!;
    const base = { curl: shown.curl, httpStatus: shown.status, data: { byStatus } };
    await checks.verdict(
      BURST,
      failed.length === 0
        ? undefined
        : {
            message: `${failed.length} of ${BURST_SIZE} concurrent readiness requests got a 5xx.`,
            received: Object.entries(byStatus)
              .map(([status, count]) => `${count} x ${status}`)
              .join(', '),
            documented: '200 for every request; no undocumented 5xx',
            ...base,
          },
      base,
    );
  },
);
