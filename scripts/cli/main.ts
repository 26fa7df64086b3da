/**
 * Entry of the `exto-conformance` CLI and the only code that exits the process. Exit codes are
 * 0 conformant, 1 a check failed or broke, 2 usage, config or spec error, 3 target unreachable
 * and 130 interrupted. The `load` command passes k6's own codes through.
 */
import { hideBin } from 'yargs/helpers';
import { isSpecError } from '../core/spec/errors.ts';
import { ConfigError } from '../lib/config.ts';
import { CliError, EXIT, InterruptedError } from './exit-codes.ts';
import { SECRET_FLAGS } from './options.ts';
import { createParser, UsageError } from './parser.ts';

async function main(args: string[]): Promise<number> {
  rejectSecretFlags(args);
  const parser = createParser(args);
  await parser.parseAsync();
  return typeof process.exitCode === 'number' ? process.exitCode : EXIT.conformant;
}

/** Stops before parsing when a secret is on the command line, and never echoes its value. */
function rejectSecretFlags(args: string[]): void {
  for (const arg of args) {
    const name = arg.split('=')[0]!;
    const instead = SECRET_FLAGS[name];
    if (instead) {
      throw new UsageError(
        `${name} is not an option: a secret on the command line shows in the process list and ` +
          `shell history. Use ${instead}.`,
      );
    }
  }
}

/** Maps an error to its exit code and prints one line for the operator on stderr. */
function exitCodeFor(error: unknown): number {
  if (error instanceof InterruptedError) {
    process.stderr.write('Interrupted.\n');
    return EXIT.interrupted;
  }
  if (error instanceof UsageError) {
    process.stderr.write(
      `${error.message}\nRun exto-conformance --help for the commands and options.\n`,
    );
    return EXIT.usage;
  }
  if (error instanceof CliError) {
    process.stderr.write(`${error.message}\n`);
    return error.exitCode;
  }
  if (error instanceof ConfigError || isSpecError(error)) {
    process.stderr.write(`${error.message}\n`);
    return EXIT.usage;
  }
  const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
  process.stderr.write(`Unexpected error: ${message}\n`);
  return EXIT.checkFailed;
}

let code: number;
try {
  code = await main(hideBin(process.argv));
} catch (error) {
  code = exitCodeFor(error);
}
process.exit(code);
