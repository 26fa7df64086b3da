/**
 * Runs every benchmark under bench/ one after another, each in its own process so one does not
 * warm or load the next. Each prints its measured figure and the ratio to its target; this runner
 * only adds a header per benchmark and exits non-zero when one crashes (a figure below target is
 * reported, not a crash). Arguments narrow the run to files whose name contains them.
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
