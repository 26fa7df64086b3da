/**
 * Merges the JUnit files of several Playwright runs (one per project) into one `<testsuites>`
 * document, summing the counts, so CI systems see a single junit.xml.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

const COUNTS = ['tests', 'failures', 'skipped', 'errors'] as const;

export function mergeJunitFiles(inputs: readonly string[], output: string): boolean {
  const documents = inputs
    .filter((path) => existsSync(path))
    .map((path) => readFileSync(path, 'utf8'));
  if (documents.length === 0) return false;
  const totals: Record<(typeof COUNTS)[number] | 'time', number> = {
    tests: 0,
    failures: 0,
    skipped: 0,
    errors: 0,
    time: 0,
  };
  const bodies: string[] = [];
  for (const document of documents) {
    const open = /<testsuites\b([^>]*)>/.exec(document);
    if (!open) continue;
    for (const name of [...COUNTS, 'time'] as const) {
      const value = new RegExp(`\\b${name}="([0-9.]+)"`).exec(open[1]!)?.[1];
      totals[name] += value ? Number(value) : 0;
    }
    const start = open.index + open[0].length;
    const end = document.lastIndexOf('</testsuites>');
    bodies.push(document.slice(start, end === -1 ? undefined : end).trim());
  }
  const attributes = COUNTS.map((name) => `${name}="${totals[name]}"`).join(' ');
  const xml =
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<testsuites name="exto-conformance" ${attributes} time="${totals.time.toFixed(3)}">\n` +
    `${bodies.filter(Boolean).join('\n')}\n</testsuites>\n`;
  writeFileSync(output, xml);
  return true;
}
