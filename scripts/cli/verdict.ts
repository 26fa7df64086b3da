/** The verdict lines on stdout at the end of `verify` and `report`: the only output when not a TTY. */
import { relative } from 'node:path';
import type { Gate } from '../report/gate.ts';

const MAX_LISTED = 10;
/** Longest `received` excerpt on a failure line; the full text is in report.html. */
const MAX_RECEIVED = 160;

export function formatVerdict(gate: Gate, outDir: string, latest?: string): string[] {
  const { counts } = gate;
  const lines = [
    `Verdict: ${gate.verdict.toUpperCase()} (${counts.passed} passed, ${counts.failed} failed, ` +
      `${counts.broken} broken, ${counts.warning} warnings, ${counts.skipped} skipped)`,
  ];
  for (const reason of gate.reasons) lines.push(`  ${reason}`);
  for (const id of gate.failures.slice(0, MAX_LISTED)) {
    const check = gate.checks.find((c) => c.id === id);
    lines.push(
      `  ${check?.status ?? 'failed'}: ${id}${check?.message ? `: ${check.message}` : ''}`,
    );
    // A count such as "1 schema violation(s)" is no help until the violation itself is shown.
    if (check?.received) lines.push(`    received: ${excerpt(check.received)}`);
  }
  if (gate.failures.length > MAX_LISTED) {
    lines.push(`  ... and ${gate.failures.length - MAX_LISTED} more in gate.json`);
  }
  const folder = latest ?? outDir;
  const fromCwd = relative(process.cwd(), folder);
  const shown = fromCwd === '' ? '.' : fromCwd.startsWith('..') ? folder : fromCwd;
  lines.push(`Report: ${shown}/report.html`);
  return lines;
}

function excerpt(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > MAX_RECEIVED ? `${line.slice(0, MAX_RECEIVED - 3)}...` : line;
}

export function printVerdict(gate: Gate, outDir: string, latest?: string): void {
  process.stdout.write(`${formatVerdict(gate, outDir, latest).join('\n')}\n`);
}
