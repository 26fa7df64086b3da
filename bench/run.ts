/**
 * Runs every benchmark under bench/ one after another, each in its own process so one does not
 * warm or load the next. Each benchmark prints its figure and the ratio to its target. A figure
 * below target is reported, not an error, so this runner exits non-zero only when one crashes.
 * Arguments narrow the run to files whose name contains them.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const benchDir = fileURLToPath(new URL('.', import.meta.url));
const filters = process.argv.slice(2);
const files = readdirSync(benchDir)
  .filter((name) => name.endsWith('.bench.ts'))
  .filter((name) => filters.length === 0 || filters.some((filter) => name.includes(filter)))
  .sort();

let crashed = 0;
for (const file of files) {
  console.log(`\n== ${file}`);
  const result = spawnSync(process.execPath, ['--import', 'tsx', `bench/${file}`], {
    cwd: fileURLToPath(new URL('..', import.meta.url)),
    stdio: 'inherit',
  });
  if (result.status !== 0) {
    console.log(`${file} exited with ${result.status ?? result.signal}.`);
    crashed += 1;
  }
}
process.exit(crashed === 0 ? 0 : 1);
