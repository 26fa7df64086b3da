/**
 * The target and the credentials of a k6 run: settings from `__ENV` (see
 * scripts/core/load/settings.ts) and bearer tokens from `EXTO_TOKENS`. k6 v1.3's secret sources
 * read only files or a mock, so tokens arrive through the environment that the Node side hands to
 * k6 (never as `-e` flags, which `ps` would show). Nothing here logs a token.
 */
import { ENV_EXTRA_HEADERS, ENV_TOKENS } from '../../scripts/core/run-settings.ts';
import { readLoadSettings, type LoadSettings } from '../../scripts/core/load/settings.ts';

export function loadSettings(): LoadSettings {
  return readLoadSettings(__ENV);
}

/** Tokens from EXTO_TOKENS, one per line; throws naming the fix when there are fewer than `min`. */
export function loadTokens(min: number): string[] {
  const tokens = (__ENV[ENV_TOKENS] ?? '')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
  if (tokens.length < min) {
    throw new Error(
      `${ENV_TOKENS} contains ${tokens.length} token(s) but this scenario needs ${min}. ` +
        `Put one bearer token per line in ${ENV_TOKENS}, or lower EXTO_LOAD_TOKEN_COUNT.`,
    );
  }
  return tokens;
}

/** Extra headers such as an API Management subscription key, from EXTO_EXTRA_HEADERS (JSON). */
export function loadExtraHeaders(): Record<string, string> {
  const raw = __ENV[ENV_EXTRA_HEADERS];
  if (!raw || raw.trim() === '') return {};
  try {
    return JSON.parse(raw) as Record<string, string>;
  } catch {
    // The value may be a secret, so the message names the variable but not its content.
    throw new Error(`${ENV_EXTRA_HEADERS} must be a JSON object of header names to values.`);
  }
}

/** Returns every secret of the run, for the summary's Redactor. */
export function secretValues(): string[] {
  const tokens = (__ENV[ENV_TOKENS] ?? '').split(/\r?\n/).map((line) => line.trim());
  return [...tokens, ...Object.values(safeExtraHeaders())];
}

function safeExtraHeaders(): Record<string, string> {
  try {
    return loadExtraHeaders();
  } catch {
    return {};
  }
}
