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

/**
 * Returns the process-wide interrupt signal. `notice` is printed on the first signal; the default
 * suits `verify` and `load`, which write their reports while they stop.
 */
export function interruptSignal(
  notice = 'Interrupted: stopping the run and writing the reports so far...',
): AbortSignal {
  if (controller) return controller.signal;
  const created = new AbortController();
  controller = created;
  const onSignal = (): void => {
    if (created.signal.aborted) {
      lastWords?.();
      process.exit(EXIT.interrupted);
    }
    process.stderr.write(`\n${notice}\n`);
    created.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return created.signal;
}
