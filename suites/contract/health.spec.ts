/**
 * Liveness and readiness: public, with the documented shapes. A readiness failure is the
 * deployment's own report that it cannot serve, so its message is passed on as it is.
 */
import { test } from '../fixtures.ts';
import type { CheckDef } from '../support/checks.ts';
import { preview } from '../support/expectations.ts';

const LIVENESS: CheckDef = {
  id: 'health.liveness.shape',
  title: 'Liveness answers 200 without a token with ok, cpuPercent and memPercent',
  severity: 'critical',
  method: 'GET',
  path: '/api/v1/health/liveness',
};
const READINESS_SHAPE: CheckDef = {
  id: 'health.readiness.shape',
  title: 'Readiness answers without a token with a boolean ok',
  severity: 'critical',
  method: 'GET',
  path: '/api/v1/health/readiness',
};
const READY: CheckDef = {
  id: 'health.readiness.ready',
  title: 'The deployment reports itself ready',
  severity: 'blocker',
  method: 'GET',
  path: '/api/v1/health/readiness',
};
const LATENCY: CheckDef = {
  id: 'health.latency',
  title: 'Health probes answer within the probe budget',
  severity: 'minor',
};

/**
 * Kubernetes' default probe timeout is 1 s; liveness samples CPU for about one second first, so
 * the budget leaves room for that sample.
 */
const PROBE_BUDGET_MS = 2500;

test(
  'GET /api/v1/health/liveness answers without a token',
  { tag: '@contract' },
  async ({ anonymousApi, checks }) => {
    const response = await anonymousApi.get('/api/v1/health/liveness', undefined, 'none');
    const body = response.json as Record<string, unknown> | undefined;
    const problems: string[] = [];
    if (response.status !== 200) problems.push(`status ${response.status}`);
    if (typeof body?.ok !== 'boolean') problems.push('ok is not a boolean');
    if (typeof body?.cpuPercent !== 'number') problems.push('cpuPercent is not a number');
    if (typeof body?.memPercent !== 'number') problems.push('memPercent is not a number');
    const base = {
      curl: response.curl,
      httpStatus: response.status,
      data: { latencyMs: Math.round(response.durationMs) },
    };
    await checks.verdict(
      LIVENESS,
      problems.length === 0
        ? undefined
        : {
            message: problems.join('; '),
            received: `${response.status} ${preview(response.text)}`,
            documented:
              '200 {ok: boolean, cpuPercent: number, memPercent: number}, no token needed',
            ...base,
          },
      base,
    );
    await reportLatency(checks, 'liveness', response.durationMs, response.curl);
  },
);

test(
  'GET /api/v1/health/readiness answers without a token',
  { tag: '@contract' },
  async ({ anonymousApi, checks }) => {
    const response = await anonymousApi.get('/api/v1/health/readiness', undefined, 'none');
    const body = response.json as Record<string, unknown> | undefined;
    const base = {
      curl: response.curl,
      httpStatus: response.status,
      data: { latencyMs: Math.round(response.durationMs) },
    };

    if (response.status === 200 || (response.status === 500 && isErrorBody(body))) {
      const shapeOk = response.status !== 200 || typeof body?.ok === 'boolean';
      await checks.verdict(
        READINESS_SHAPE,
        shapeOk
          ? undefined
          : {
              message: 'ok is not a boolean',
              received: preview(response.text),
              documented: '{ok: boolean}',
              ...base,
            },
        base,
      );
    } else {
      await checks.fail(READINESS_SHAPE, {
        message: 'Readiness needs no token and answers 200, or 500 with the error body.',
        received: `${response.status} ${preview(response.text)}`,
        documented: '200 {ok: boolean} without a token',
        ...base,
      });
    }

    if (response.status === 200 && body?.ok === true) {
      await checks.pass(READY, base);
    } else if (response.status === 500 || body?.ok === false) {
      const detail = errorDetail(body) ?? preview(response.text);
      await checks.fail(READY, {
        message: `The deployment reports that it is not ready: ${detail}. This is a problem of the deployment (for example its database connection), not of the suite.`,
        received: `${response.status} ${preview(response.text)}`,
        documented: '200 {ok: true} when the database connection is up',
        ...base,
      });
    }
    await reportLatency(checks, 'readiness', response.durationMs, response.curl);
  },
);

async function reportLatency(
  checks: import('../support/checks.ts').CheckRecorder,
  probe: string,
  durationMs: number,
  curl: string,
): Promise<void> {
  const def = {
    ...LATENCY,
    id: `health.${probe}.latency`,
    title: `${probe} answers within ${PROBE_BUDGET_MS} ms`,
  };
  const data = { latencyMs: Math.round(durationMs), budgetMs: PROBE_BUDGET_MS };
  if (durationMs <= PROBE_BUDGET_MS) await checks.pass(def, { curl, data });
  else
    await checks.warn(
      def,
      `The ${probe} probe took ${Math.round(durationMs)} ms, over ${PROBE_BUDGET_MS} ms.`,
      { curl, data },
    );
}

function isErrorBody(body: Record<string, unknown> | undefined): boolean {
  return typeof body?.code === 'number' && typeof body.error === 'object';
}

function errorDetail(body: Record<string, unknown> | undefined): string | undefined {
  const error = body?.error as { summary?: unknown; detail?: unknown } | undefined;
  if (!error) return undefined;
  const detail = Array.isArray(error.detail) ? error.detail.join('; ') : undefined;
  return [error.summary, detail]
    .filter((part) => typeof part === 'string' && part !== '')
    .join(': ');
}
