/**
 * The parts every scenario file shares: options from the plan, the fail-fast setup, the iteration
 * of an arrival-rate phase, and the summary. Call `createRun` from a scenario's init context,
 * because it opens the schema file with `open()`.
 */
import exec from 'k6/execution';
import http from 'k6/http';
import { sleep } from 'k6';

import { buildOptions, type LoadOptions } from '../../scripts/core/load/options.ts';
import { buildPlan, type LoadPlan, type Phase } from '../../scripts/core/load/plan.ts';
import type { LoadSettings, ScenarioName } from '../../scripts/core/load/settings.ts';
import { LIVENESS, LOAD_OPERATION, SMOKE_OPERATIONS } from '../../scripts/core/load/operations.ts';
import { send, type SendContext } from './request.ts';
import { createSchemaChecker, openSchemas, type SchemaChecker } from './schemas.ts';
import { writeSummary } from './summary.ts';
import { loadExtraHeaders, loadSettings, loadTokens } from './target.ts';

export interface ScenarioRun {
  settings: LoadSettings;
  plan: LoadPlan;
  options: LoadOptions;
  setup(): void;
  iterate(): void;
  summary(data: unknown): Record<string, string>;
}

export function createRun(scenario: ScenarioName): ScenarioRun {
  const settings = loadSettings();
  const plan = buildPlan(scenario, settings);
  const tokens = loadTokens(scenario === 'multi-token' ? settings.tokenCount : 1);
  const extraHeaders = loadExtraHeaders();
  const schemas = createSchemaChecker(openSchemas(settings.schemasFile));
  return {
    settings,
    plan,
    options: buildOptions(plan, settings),
    setup: () => checkTargetUp(settings.baseUrl, extraHeaders),
    iterate: () =>
      scenario === 'smoke'
        ? smokeIteration(plan, settings, tokens, extraHeaders, schemas)
        : phaseIteration(plan, settings, tokens, extraHeaders, schemas),
    summary: (data) => writeSummary(data, settings.summaryFile),
  };
}

/**
 * Aborts the test (k6 exit code 108) when the liveness probe gets no response or a non-2xx status.
 */
function checkTargetUp(baseUrl: string, extraHeaders: Record<string, string>): void {
  const url = `${baseUrl}${LIVENESS.path}`;
  const response = http.get(url, {
    headers: extraHeaders,
    timeout: '10s',
    tags: { name: 'setup' },
  });
  if (response.status < 200 || response.status >= 300) {
    const received =
      response.status === 0 ? `no response (${response.error})` : `status ${response.status}`;
    exec.test.abort(
      `Target is down: GET ${url} got ${received}. Check the base URL and that the deployment is running.`,
    );
  }
}

function phaseIteration(
  plan: LoadPlan,
  settings: LoadSettings,
  tokens: string[],
  extraHeaders: Record<string, string>,
  schemas: SchemaChecker,
): void {
  const phase = currentPhase(plan);
  // iterationInTest counts the scenario's iterations across all VUs, so round-robin over it gives
  // each token an even share at evenly spaced arrival times.
  const tokenIndex = exec.scenario.iterationInTest % phase.tokens;
  const context: SendContext = {
    baseUrl: settings.baseUrl,
    token: tokens[tokenIndex],
    extraHeaders,
    expectedStatuses: phase.expectedStatuses,
    schemas,
    tags: { token: String(tokenIndex) },
  };
  send(LOAD_OPERATION, context);
}

function smokeIteration(
  plan: LoadPlan,
  settings: LoadSettings,
  tokens: string[],
  extraHeaders: Record<string, string>,
  schemas: SchemaChecker,
): void {
  const phase = currentPhase(plan);
  // Spacing of 1.5 periods keeps one token well under its limit even with timing jitter.
  const pauseSeconds = 1.5 / settings.rateLimitPerSecond;
  for (const operation of SMOKE_OPERATIONS) {
    send(operation, {
      baseUrl: settings.baseUrl,
      token: tokens[0],
      extraHeaders,
      expectedStatuses: phase.expectedStatuses,
      schemas,
      tags: { token: '0', operation_group: operation.group },
    });
    sleep(pauseSeconds);
  }
}

function currentPhase(plan: LoadPlan): Phase {
  const phase = plan.phases.find((p) => p.name === exec.scenario.name);
  if (!phase)
    throw new Error(`k6 scenario ${exec.scenario.name} is not a phase of ${plan.scenario}.`);
  return phase;
}
