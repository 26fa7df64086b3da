/**
 * at-limit: one token at a constant arrival rate of EXTO_LOAD_RATE requests per second for
 * EXTO_LOAD_DURATION. The default rate is 14/15 of the documented limit (2.8/s), which absorbs
 * 24 ms of timer jitter. Only 200 is expected: no 429, p95 latency of accepted requests under
 * EXTO_LOAD_P95_MS, no 5xx, no dropped iterations. Bounded by rate x duration requests.
 */
import type { Options } from 'k6/options';

import { createRun } from '../lib/run.ts';

const run = createRun('at-limit');

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
