/**
 * The CLI's structured logger: pino writing JSON lines to stderr, so stdout stays free for verdict
 * lines and machine-readable output. Every line passes through the run's `Redactor` first.
 */
import { pino, type Logger } from 'pino';
import { Redactor } from '../core/redact.ts';

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export const LOG_LEVELS: readonly LogLevel[] = [
  'fatal',
  'error',
  'warn',
  'info',
  'debug',
  'trace',
  'silent',
];

/**
 * Creates the root logger. `redactor` is read on every write, so secrets learned after start-up
 * (tokens minted on the reference server) are masked too.
 */
export function createLogger(level: LogLevel, redactor: () => Redactor): Logger {
  const stream = {
    write(line: string): void {
      process.stderr.write(redactor().text(line));
    },
  };
  return pino({ level, base: undefined, timestamp: pino.stdTimeFunctions.isoTime }, stream);
}

export type { Logger };
