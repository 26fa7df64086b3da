/** `exto-conformance verify`: runs the contract, auth and rate-limit suites and gates the result. */
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { SCENARIO_NAMES } from '../../core/load/settings.ts';
import { targetOptions } from '../options.ts';
import { verify, type VerifyArgs } from '../verify-run.ts';
import { interruptSignal } from '../interrupt.ts';

export const verifyCommand: CommandModule<object, VerifyArgs> = {
  command: 'verify',
  describe: 'Check a deployment (or the embedded reference server) against the documented contract',
  builder: (yargs: Argv) =>
    targetOptions(yargs)
      .option('load', {
        type: 'string',
        array: true,
        choices: SCENARIO_NAMES,
        describe: 'Also run this k6 scenario after the suites, in the same gate (repeatable)',
      })
      .epilog(
        'Each option but --load also reads a variable: EXTO_ and the option name in upper case ' +
          '(EXTO_RATE_LIMIT_PER_SECOND). Lists take commas (EXTO_TAGS, EXTO_REFERENCE_FAULTS); ' +
          'EXTO_EXTRA_HEADERS takes a JSON object. Flags win over variables, variables over ' +
          'the config file.',
      )
      .example('$0 verify', 'Run every suite against the embedded reference server')
      .example(
        'EXTO_TOKENS="$(cat tokens.txt)" $0 verify --base-url https://exto.example.com/data',
        'Run against a deployment',
      )
      .example(
        '$0 verify --reference-fault no-rate-limit',
        'Prove the suite catches a missing limiter',
      )
      .example(
        '$0 verify --load beyond-limit',
        'Suites and a k6 scenario, one verdict',
      ) as Argv<VerifyArgs>,
  handler: async (args: ArgumentsCamelCase<VerifyArgs>) => {
    process.exitCode = await verify(args, {
      env: process.env,
      cwd: process.cwd(),
      signal: interruptSignal(),
    });
  },
};
