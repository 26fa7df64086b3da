/** The yargs parser of `exto-conformance`: commands registered, strict, usage errors thrown. */
import yargs, { type Argv, type CommandModule } from 'yargs';
import { loadCommand } from './commands/load.ts';
import { reportCommand } from './commands/report.ts';
import { serveCommand } from './commands/serve.ts';
import { tokenCommand } from './commands/token.ts';
import { verifyCommand } from './commands/verify.ts';
import { CliError, EXIT } from './exit-codes.ts';
import { targetOptions, type TargetArgs } from './options.ts';

/** A yargs usage error (unknown option, missing value, bad choice): exit code 2. */
export class UsageError extends CliError {
  constructor(message: string) {
    super(message, EXIT.usage);
    this.name = 'UsageError';
  }
}

/** Builds the parser for `args` with every command registered. */
export function createParser(args: string[]): Argv {
  return yargs(args)
    .scriptName('exto-conformance')
    .usage('$0 <command> [options]')
    .command(verifyCommand as CommandModule)
    .command(reportCommand as CommandModule)
    .command(serveCommand as CommandModule)
    .command(tokenCommand as CommandModule)
    .command(loadCommand as CommandModule)
    .demandCommand(1, 'Name a command: verify, load, report, serve or token.')
    .strict()
    .epilog(
      'Exit codes: 0 conformant, 1 a check failed or broke, 2 usage, config or spec error, ' +
        '3 target unreachable, 130 interrupted. `load` passes k6 codes 99, 104, 107 and 108 through.',
    )
    .help()
    .version(false)
    .wrap(Math.min(100, process.stdout.columns ?? 100))
    .exitProcess(false)
    .fail((message, error) => {
      if (error) throw error;
      throw new UsageError(withoutCamelCaseTwins(message));
    });
}

/**
 * Parses the `verify` options alone, without running anything: what the argv tests inspect.
 * Throws UsageError for what strict mode rejects.
 */
export function parseTargetArgs(args: string[]): TargetArgs {
  const parser = targetOptions(yargs(args))
    .strict()
    .version(false)
    .help(false)
    .exitProcess(false)
    .fail((message, error) => {
      if (error) throw error;
      throw new UsageError(withoutCamelCaseTwins(message));
    });
  return parser.parseSync() as TargetArgs;
}

/**
 * yargs lists an unknown dashed option twice, as typed and camel-cased ("rate-limt, rateLimt");
 * this keeps the spelling the user typed.
 */
export function withoutCamelCaseTwins(message: string): string {
  const match = /^Unknown arguments?: (.*)$/.exec(message);
  if (!match) return message;
  const names = match[1]!.split(', ');
  const dashed = new Set(names.filter((n) => n.includes('-')).map(camelCase));
  const kept = names.filter((n) => !dashed.has(n));
  return `Unknown argument${kept.length > 1 ? 's' : ''}: ${kept.join(', ')}`;
}

function camelCase(name: string): string {
  return name.replace(/-+([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
}
