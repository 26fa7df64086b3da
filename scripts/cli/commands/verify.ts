/** `exto-conformance verify`: runs the contract, auth and rate-limit suites and gates the result. */
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { targetOptions, type TargetArgs } from '../options.ts';
import { verify } from '../verify-run.ts';
import { interruptSignal } from '../interrupt.ts';

export const verifyCommand: CommandModule<object, TargetArgs> = {
  command: 'verify',
  describe: 'Check a deployment (or the embedded reference server) against the documented contract',
  builder: (yargs: Argv) =>
    targetOptions(yargs)
      .example('$0 verify', 'Run every suite against the embedded reference server')
      .example(
        'EXTO_TOKENS="$(cat tokens.txt)" $0 verify --base-url https://exto.example.com/data',
        'Run against a deployment',
      )
      .example(
        '$0 verify --reference-fault no-rate-limit',
        'Prove the suite catches a missing limiter',
      ),
  handler: async (args: ArgumentsCamelCase<TargetArgs>) => {
    process.exitCode = await verify(args, {
      env: process.env,
      cwd: process.cwd(),
      signal: interruptSignal(),
    });
  },
};
