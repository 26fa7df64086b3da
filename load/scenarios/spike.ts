/**
 * spike: one token at the limit for EXTO_LOAD_STAGE_DURATION, then 10x the limit for the same
 * time, then back at the limit. 200 and 429 are expected: during the peak accepted throughput
 * stays at the limit and the excess gets fast 429s, no 5xx, and the recovery stage is served.
 * Bounded by 12 x limit x stage duration requests.
 */
import type { Options } from 'k6/options';

import { createRun } from '../lib/run.ts';

const run = createRun('spike');

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
