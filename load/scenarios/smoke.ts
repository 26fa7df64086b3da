/**
 * smoke: one VU, one iteration, one read per operation group (health, build, user management,
 * workspaces) spaced at 1.5 periods of the limit. Proves the wiring: target up, tokens accepted,
 * bodies match their schemas, no 5xx. Bounded by 6 requests and 60 s.
 */
import type { Options } from 'k6/options';

import { createRun } from '../lib/run.ts';

const run = createRun('smoke');

export const options: Options = run.options;

export function setup(): void {
  run.setup();
}

export default function (): void {
  run.iterate();
}

export function handleSummary(data: unknown): Record<string, string> {
  return run.summary(data);
}
