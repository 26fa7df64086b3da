/**
 * Reads what the CLI hands to the suites: run-settings.json (named by EXTO_RUN_SETTINGS) and the
 * secrets that travel only in the environment.
 */
import { readFileSync } from 'node:fs';

import {
  ENV_ADMIN_SECRET,
  ENV_EXTRA_HEADERS,
  ENV_RESTART_COMMAND,
  ENV_ROTATE_KEY_COMMAND,
  ENV_RUN_SETTINGS,
  ENV_TOKENS,
  type RunSettings,
} from '../../scripts/core/run-settings.ts';

export interface SuiteSecrets {
  tokens: string[];
  extraHeaders: Record<string, string>;
  adminSecret?: string;
}

export function readRunSettings(env: NodeJS.ProcessEnv = process.env): RunSettings {
  const path = env[ENV_RUN_SETTINGS];
  if (!path) {
    throw new Error(
      `${ENV_RUN_SETTINGS} is not set: run the suites through \`exto-conformance verify\`, ` +
        `or set ${ENV_RUN_SETTINGS} to the path of a run-settings.json.`,
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(
      `${ENV_RUN_SETTINGS} names ${path}, which cannot be read as JSON (${(error as Error).message}). ` +
        'Point it at the run-settings.json the CLI wrote.',
      { cause: error },
    );
  }
  const settings = parsed as RunSettings;
  if (typeof settings.baseUrl !== 'string' || typeof settings.specPath !== 'string') {
    throw new Error(`${path} must contain string fields baseUrl and specPath.`);
  }
  // The operator's commands may embed credentials, so they travel in the environment only.
  const rotateKeyCommand = env[ENV_ROTATE_KEY_COMMAND] || undefined;
  const restartCommand = env[ENV_RESTART_COMMAND] || undefined;
  return {
    ...settings,
    ...(rotateKeyCommand ? { rotateKeyCommand } : {}),
    ...(restartCommand ? { restartCommand } : {}),
  };
}

/** Returns the settings when EXTO_RUN_SETTINGS is set, otherwise undefined (for `--list`). */
export function tryReadRunSettings(env: NodeJS.ProcessEnv = process.env): RunSettings | undefined {
  return env[ENV_RUN_SETTINGS] ? readRunSettings(env) : undefined;
}

export function readSecrets(env: NodeJS.ProcessEnv = process.env): SuiteSecrets {
  const tokens = (env[ENV_TOKENS] ?? '')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
  let extraHeaders: Record<string, string> = {};
  const rawHeaders = env[ENV_EXTRA_HEADERS];
  if (rawHeaders && rawHeaders.trim() !== '') {
    try {
      extraHeaders = JSON.parse(rawHeaders) as Record<string, string>;
    } catch {
      // The value may hold a secret, so the message names the variable only.
      throw new Error(
        `${ENV_EXTRA_HEADERS} is not a JSON object: set it to, for example, {"Header-Name": "value"}.`,
      );
    }
  }
  const adminSecret = env[ENV_ADMIN_SECRET];
  return { tokens, extraHeaders, ...(adminSecret ? { adminSecret } : {}) };
}
