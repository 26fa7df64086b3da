/**
 * Manifests for a distributed run with k6-operator: a ConfigMap holding the bundled scenario and
 * its schema file, and a TestRun that runs it on N pods. Tokens stay out of both: the runners read
 * EXTO_TOKENS from a Secret the operator creates beforehand (`secretName`).
 */
import { stringify } from 'yaml';

import { loadSettingsEnv, type LoadSettings, type ScenarioName } from '../../core/load/settings.ts';

/** Mount path of the script's ConfigMap in each k6-operator runner pod. */
export const OPERATOR_SCRIPT_DIR = '/test';

export interface OperatorManifestOptions {
  scenario: ScenarioName;
  parallelism: number;
  settings: LoadSettings;
  /** The bundled scenario (JavaScript). */
  bundle: string;
  /** The response-schema JSON, when schema checks should run in the pods. */
  schemas?: string;
  /** Secret with key EXTO_TOKENS (and optionally EXTO_EXTRA_HEADERS). */
  secretName: string;
  namespace?: string;
  /** Runner image; k6-operator's default is grafana/k6:latest. */
  image?: string;
}

export interface OperatorManifests {
  configMap: Record<string, unknown>;
  testRun: Record<string, unknown>;
  /** Both documents as one multi-document YAML file. */
  yaml: string;
}

export function buildOperatorManifests(options: OperatorManifestOptions): OperatorManifests {
  if (!Number.isInteger(options.parallelism) || options.parallelism < 1) {
    throw new Error(
      `--distributed must be a whole number of runner pods, 1 or more, got ${options.parallelism}.`,
    );
  }
  const name = `exto-load-${options.scenario}`;
  const metadata = (kind: string) => ({
    name: kind === 'ConfigMap' ? `${name}-script` : name,
    ...(options.namespace ? { namespace: options.namespace } : {}),
    labels: {
      'app.kubernetes.io/part-of': 'exto-conformance',
      'exto-conformance/scenario': options.scenario,
    },
  });
  const data: Record<string, string> = { 'scenario.js': options.bundle };
  if (options.schemas) data['schemas.json'] = options.schemas;

  // Paths inside the pod replace the local ones; the summary goes to stdout via handleSummary.
  const settings: LoadSettings = { ...options.settings };
  delete settings.summaryFile;
  if (options.schemas) settings.schemasFile = `${OPERATOR_SCRIPT_DIR}/schemas.json`;
  else delete settings.schemasFile;
  const env = Object.entries(loadSettingsEnv(settings)).map(([envName, value]) => ({
    name: envName,
    value,
  }));

  const configMap = { apiVersion: 'v1', kind: 'ConfigMap', metadata: metadata('ConfigMap'), data };
  const testRun = {
    apiVersion: 'k6.io/v1alpha1',
    kind: 'TestRun',
    metadata: metadata('TestRun'),
    spec: {
      parallelism: options.parallelism,
      script: { configMap: { name: configMap.metadata.name, file: 'scenario.js' } },
      arguments: '--no-usage-report',
      cleanup: 'post',
      runner: {
        ...(options.image ? { image: options.image } : {}),
        env,
        envFrom: [{ secretRef: { name: options.secretName } }],
      },
    },
  };
  return {
    configMap,
    testRun,
    yaml: `${stringify(configMap, { lineWidth: 0 })}---\n${stringify(testRun, { lineWidth: 0 })}`,
  };
}
