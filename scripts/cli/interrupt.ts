/**
 * One AbortSignal for SIGINT and SIGTERM. The first signal makes every step wind down and still
 * write what exists. A second one exits at once with code 130.
 */
import { EXIT } from './exit-codes.ts';

let controller: AbortController | undefined;

export function interruptSignal(): AbortSignal {
  if (controller) return controller.signal;
  const created = new AbortController();
  controller = created;
  const onSignal = (): void => {
    if (created.signal.aborted) process.exit(EXIT.interrupted);
    process.stderr.write('\nInterrupted: stopping the run and writing the reports so far...\n');
    created.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return created.signal;
}
