/**
 * Rules for the requests the suite sends to operations that change data. Without --allow-writes it
 * sends no write method to such an operation at all, not even a probe without a token, because on
 * a target whose authentication is broken that probe would run the write.
 */
import type { RunSettings } from '../../scripts/core/run-settings.ts';
import type { Operation } from '../../scripts/core/spec/types.ts';
import type { CheckDef, CheckRecorder } from './checks.ts';
import { operationLabel } from './spec.ts';

const WRITE_METHODS = new Set(['post', 'put', 'patch', 'delete']);

/**
 * Path templates whose writes the writes suite checks (`writes.*`), on the scratch master and
 * module only.
 */
export const WRITES_SUITE_TEMPLATES: readonly string[] = [
  '/api/v1/master-record/{masterName}',
  '/api/v1/module-record/{moduleName}',
];

/** True for the sign-in calls, which issue tokens rather than change data. */
export function issuesTokens(operation: Operation): boolean {
  return /(^|\/)auth\//.test(operation.path);
}

/** True when a request with the operation's method would change data on the target. */
export function writesData(operation: Operation): boolean {
  return WRITE_METHODS.has(operation.method.toLowerCase()) && !issuesTokens(operation);
}

/**
 * The reason the spec-driven suite does not call a non-GET operation with a valid request. No
 * option would change that, so the reason names where the operation is checked instead, if
 * anywhere, and carries no enabling option.
 */
export function validCallSkipReason(operation: Operation): string {
  const label = operationLabel(operation);
  if (issuesTokens(operation)) {
    return `${label} issues tokens rather than writing data. The auth suite runs the sign-in flow (auth.login.flow).`;
  }
  if (WRITES_SUITE_TEMPLATES.includes(operation.path)) {
    return `${label} is checked by the writes.* checks, which write only to the scratch master and module.`;
  }
  return `${label} writes data, and the suite writes only to the scratch master and module: this operation has no scratch target.`;
}

/**
 * Skips the test, recording every def as skipped, when the operation writes data and writes are
 * off. Returns normally otherwise, so the probe runs.
 */
export async function requireWritesForProbe(
  checks: CheckRecorder,
  operation: Operation,
  settings: Pick<RunSettings, 'allowWrites'>,
  defs: CheckDef[],
): Promise<void> {
  if (settings.allowWrites || !writesData(operation)) return;
  const reason =
    `${operationLabel(operation)} writes data and writes are off, so the suite sends it ` +
    'no request, not even one without a valid token.';
  for (const def of defs.slice(1)) await checks.skip(def, reason, '--allow-writes');
  await checks.skipTest(defs[0]!, reason, '--allow-writes');
}
