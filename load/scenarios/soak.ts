/**
 * soak: the at-limit shape held for long (EXTO_LOAD_DURATION, the CLI defaults it to 10 min) on
 * one token at EXTO_LOAD_RATE requests per second. Same checks as at-limit: no 429, p95 latency,
 * no 5xx, no dropped iterations, bodies match their schemas. Bounded by rate x duration requests.
 */
import type { Options } from 'k6/options';

import { createRun } from '../lib/run.ts';

const run = createRun('soak');

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
