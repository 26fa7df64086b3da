/**
 * One AbortSignal for SIGINT and SIGTERM. The first signal makes every step wind down and still
 * write what exists. A second one exits at once with code 130.
 */
import { EXIT } from './exit-codes.ts';

let controller: AbortController | undefined;
let lastWords: (() => void) | undefined;

/** Sets what a second signal prints before the process exits, such as where the reports are. */
export function onForcedExit(handler: () => void): void {
  lastWords = handler;
}

export function interruptSignal(): AbortSignal {
  if (controller) return controller.signal;
  const created = new AbortController();
  controller = created;
  const onSignal = (): void => {
    if (created.signal.aborted) {
      lastWords?.();
      process.exit(EXIT.interrupted);
    }
    process.stderr.write('\nInterrupted: stopping the run and writing the reports so far...\n');
    created.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return created.signal;
}
