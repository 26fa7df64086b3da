/**
 * multi-token: EXTO_LOAD_TOKEN_COUNT tokens, each at EXTO_LOAD_RATE requests per second (default:
 * 14/15 of the limit), round-robin over one constant arrival rate for EXTO_LOAD_DURATION. Only 200
 * is expected, so aggregate accepted throughput is N x the per-token rate: the deployment's
 * capacity test. Bounded by N x rate x duration requests.
 */
import type { Options } from 'k6/options';

import { createRun } from '../lib/run.ts';

const run = createRun('multi-token');

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
