/** `exto-conformance report`: rebuilds gate.json and the reports from a run folder's results.json. */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { Redactor } from '../../core/redact.ts';
import type { RunSettings } from '../../core/run-settings.ts';
import { readResults } from '../../report/results.ts';
import { RUN_META_FILE, writeReports, type RunMeta } from '../../report/write-reports.ts';
import { CliError, EXIT } from '../exit-codes.ts';
import { printVerdict } from '../verdict.ts';

interface ReportArgs {
  dir: string;
  allure?: boolean;
}

export const reportCommand: CommandModule<object, ReportArgs> = {
  command: 'report [dir]',
  describe: 'Rebuild gate.json, report.html, summary.md and the Allure report from a run folder',
  builder: (yargs: Argv) =>
    yargs
      .positional('dir', {
        type: 'string',
        default: 'reports/latest',
        describe: 'Run folder that contains results.json',
      })
      .option('allure', {
        type: 'boolean',
        default: true,
        describe: 'Build the Allure HTML report (--no-allure skips it)',
      }) as Argv<ReportArgs>,
  handler: async (args: ArgumentsCamelCase<ReportArgs>) => {
    const dir = resolve(args.dir);
    const resultsPath = join(dir, 'results.json');
    if (!existsSync(resultsPath)) {
      throw new CliError(
        `${resultsPath} not found. Pass the folder of a run, e.g. reports/latest.`,
        EXIT.usage,
      );
    }
    const results = readResults(resultsPath);
    const meta = readMeta(dir);
    // Artifacts were redacted when first written; the extra pass guards against hand-edited inputs.
    const { gate } = await writeReports(dir, results, meta, new Redactor(), {
      allure: args.allure,
    });
    printVerdict(gate, dir);
    process.exitCode = gate.verdict === 'pass' ? EXIT.conformant : EXIT.checkFailed;
  },
};

/** Reads run-meta.json, falling back to run-settings.json for runs that ended before the gate. */
function readMeta(dir: string): RunMeta {
  const metaPath = join(dir, RUN_META_FILE);
  if (existsSync(metaPath)) return JSON.parse(readFileSync(metaPath, 'utf8')) as RunMeta;
  const settingsPath = join(dir, 'run-settings.json');
  if (!existsSync(settingsPath)) {
    throw new CliError(
      `${dir} has neither ${RUN_META_FILE} nor run-settings.json; is it a run folder?`,
      EXIT.usage,
    );
  }
  const settings = JSON.parse(readFileSync(settingsPath, 'utf8')) as RunSettings;
  return {
    target: {
      baseUrl: settings.baseUrl,
      reference: !!settings.referenceAdminUrl,
      ...(settings.referenceFaults ? { referenceFaults: settings.referenceFaults } : {}),
    },
    spec: null,
    tokenCount: settings.tokenCount,
    rateLimitPerSecond: settings.rateLimitPerSecond,
  };
}
