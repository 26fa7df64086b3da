/**
 * Efficiency of the contract suite against the reference server: requests sent divided by
 * (3 per second x tokens x wall time), with 1 and with 3 tokens. Target: at least 0.85. The pacing
 * rate of 2.8 per second caps the figure at 0.93.
 * Run: node --import tsx bench/contract-efficiency.bench.ts [tokens...]   (default: 1 3)
 *
 * Two wall times are printed: the Playwright process from spawn to exit, and the span from the
 * first to the last request the suites sent (which leaves out process start and spec loading).
 * Each run is bounded by the suite itself (about 150 s with 1 token) and killed after 10 minutes.
 *
 * The check `transport.concurrency.no-5xx` sends BURST_REQUESTS unpaced readiness requests at once,
 * which would lift the figure above the pacing cap, so a third figure leaves them out.
 */
import { runPlaywright } from '../test/suites/run-playwright.ts';

const LIMIT_PER_SECOND = 3;
const TARGET = 0.85;
/** Requests of the concurrency burst in suites/contract/transport.spec.ts (BURST_SIZE there). */
const BURST_REQUESTS = 25;

const tokenCounts = process.argv.slice(2).map(Number);
for (const tokens of tokenCounts.length > 0 ? tokenCounts : [1, 3]) {
  const run = await runPlaywright({ tokens });
  const throttled = run.byStatus['429'] ?? 0;
  const budget = (ms: number): number => LIMIT_PER_SECOND * tokens * (ms / 1000);
  const process = run.serverRequests / budget(run.wallMs);
  const active = run.serverRequests / budget(run.activeMs);
  console.log(
    `contract suite, ${tokens} token(s): ${run.serverRequests} requests, ` +
      `${(run.wallMs / 1000).toFixed(1)} s wall, ${(run.activeMs / 1000).toFixed(1)} s first-to-last request, ` +
      `${throttled} answered 429, exit ${run.exitCode}`,
  );
  console.log(
    `  efficiency over the process: ${process.toFixed(3)} (${ratio(process)} of target ${TARGET})`,
  );
  console.log(
    `  efficiency over the requests: ${active.toFixed(3)} (${ratio(active)} of target ${TARGET})`,
  );
  const burst = run.checks.some((check) => check.id === 'transport.concurrency.no-5xx')
    ? BURST_REQUESTS
    : 0;
  const paced = (run.serverRequests - burst) / budget(run.wallMs);
  console.log(
    `  efficiency over the process without the ${burst} burst requests: ${paced.toFixed(3)} (${ratio(paced)} of target ${TARGET})`,
  );
}

function ratio(value: number): string {
  return `${((value / TARGET) * 100).toFixed(0)}%`;
}
