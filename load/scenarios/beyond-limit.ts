/**
 * beyond-limit: one token at 1x, 2x, 4x and 10x the documented limit, EXTO_LOAD_STAGE_DURATION
 * each with a 2 s pause between stages. 200 and 429 are expected: from 2x on, accepted throughput
 * stays at the limit, the excess gets 429 with the error body, 429 latency stays under
 * EXTO_LOAD_P95_MS, no 5xx. Bounded by 17 x limit x stage duration requests.
 */
import type { Options } from 'k6/options';

import { createRun } from '../lib/run.ts';

const run = createRun('beyond-limit');

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
