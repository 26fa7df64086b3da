/** The yargs parser of `exto-conformance`: commands registered, strict, usage errors thrown. */
import yargs, { type Argv, type CommandModule } from 'yargs';
import { editDistance } from '../core/suggest.ts';
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
  const parser: Argv = yargs(args);
  return parser
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
      throw new UsageError(withSuggestions(withoutCamelCaseTwins(message), knownFlags(parser)));
    });
}

/**
 * Parses the `verify` options alone, without running anything: what the argv tests inspect.
 * Throws UsageError for what strict mode rejects.
 */
export function parseTargetArgs(args: string[]): TargetArgs {
  const base: Argv = yargs(args);
  const parser = targetOptions(base)
    .strict()
    .version(false)
    .help(false)
    .exitProcess(false)
    .fail((message, error) => {
      if (error) throw error;
      throw new UsageError(withSuggestions(withoutCamelCaseTwins(message), knownFlags(base)));
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

/** Adds "Did you mean --rate-limit-per-second?" to an unknown-argument message for each typo. */
export function withSuggestions(message: string, known: readonly string[]): string {
  const match = /^Unknown arguments?: (.*)$/.exec(message);
  if (!match) return message;
  const hints: string[] = [];
  for (const name of match[1]!.split(', ')) {
    const suggestion = closestFlag(name, known);
    if (suggestion) hints.push(`Did you mean --${suggestion} for --${name}?`);
  }
  return hints.length > 0 ? `${message}. ${hints.join(' ')}` : message;
}

/**
 * Finds the known flag closest to `name`, whole or by its start, so `rate-limt` finds
 * `rate-limit-per-second`. A third of the name's length is the maximum edit distance, so a dropped or
 * swapped letter is found but an unrelated word is not.
 */
export function closestFlag(name: string, known: readonly string[]): string | undefined {
  const allowed = Math.max(1, Math.floor(name.length / 3));
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const flag of known) {
    const whole = editDistance(name, flag);
    const start = Math.min(
      ...[-1, 0, 1].map((extra) => editDistance(name, flag.slice(0, name.length + extra))),
    );
    // A whole-name match beats an equally close match of the start only.
    const distance = Math.min(whole, start + 0.5);
    if (distance < bestDistance) {
      best = flag;
      bestDistance = distance;
    }
  }
  return bestDistance <= allowed ? best : undefined;
}

/** Lists the dashed option names of the parser, without yargs' camel-case aliases. */
function knownFlags(instance: Argv): string[] {
  // NOTE: getOptions is public in yargs but missing from @types/yargs.
  const withOptions = instance as unknown as { getOptions(): { key: Record<string, unknown> } };
  const keys = withOptions.getOptions().key;
  return Object.keys(keys).filter((name) => name !== '$0' && !/[A-Z]/.test(name));
}

function camelCase(name: string): string {
  return name.replace(/-+([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
}
