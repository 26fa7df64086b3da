/** summary.md: the verdict and the failures in GitHub-flavoured Markdown, for CI job summaries. */
import type { Gate, GateCheck } from './gate.ts';

const MAX_FAILURES = 50;

export function renderSummaryMd(gate: Gate): string {
  const { counts } = gate;
  const icon = gate.verdict === 'pass' ? '✅' : '❌';
  const lines = [
    `## ${icon} Exto conformance: ${gate.verdict.toUpperCase()}`,
    '',
    `- Target: ${gate.target.reference ? 'embedded reference server' : cell(gate.target.baseUrl)}` +
      (gate.target.referenceFaults?.length
        ? ` (faults: ${gate.target.referenceFaults.join(', ')})`
        : ''),
    `- Spec: ${gate.spec ? `${cell(gate.spec.title)} ${cell(gate.spec.version)}` : 'not loaded'}`,
    `- Tokens: ${gate.tokensUsed}`,
    `- Checks: ${counts.passed} passed, ${counts.failed} failed, ${counts.broken} broken, ` +
      `${counts.warning} warnings, ${counts.skipped} skipped`,
    '',
  ];
  for (const reason of gate.reasons) lines.push(`> ${reason}`);
  if (gate.reasons.length) lines.push('');
  const failures = gate.checks.filter((c) => c.status === 'failed' || c.status === 'broken');
  if (failures.length > 0) {
    lines.push(
      '### Failures',
      '',
      '| Check | Status | Severity | Message |',
      '| --- | --- | --- | --- |',
    );
    for (const check of failures.slice(0, MAX_FAILURES)) lines.push(row(check));
    if (failures.length > MAX_FAILURES) {
      lines.push('', `${failures.length - MAX_FAILURES} more failures are listed in gate.json.`);
    }
    lines.push('');
  }
  if (gate.load && gate.load.length > 0) {
    lines.push(
      '### Load',
      '',
      '| Scenario | Verdict | Accepted | Rejected (429) | Seconds | Limit |',
    );
    lines.push('| --- | --- | --- | --- | --- | --- |');
    for (const load of gate.load) {
      const measured =
        load.measuredLimitPerSecond === undefined
          ? ''
          : ` (measured ${load.measuredLimitPerSecond}/s)`;
      lines.push(
        `| ${cell(load.scenario)} | ${load.verdict} | ${load.accepted} | ${load.rejected} | ` +
          `${load.seconds} | ${load.rateLimitPerSecond}/s per token${measured} |`,
      );
    }
    lines.push('');
  }
  const warnings = gate.checks.filter((check) => check.status === 'warning');
  if (warnings.length > 0) {
    lines.push(`<details><summary>${warnings.length} warnings</summary>`, '');
    for (const warning of warnings)
      lines.push(`- \`${warning.id}\`: ${cell(warning.message ?? '')}`);
    lines.push('', '</details>', '');
  }
  if (gate.skipped.length > 0) {
    lines.push(`<details><summary>${gate.skipped.length} skipped</summary>`, '');
    for (const skip of gate.skipped) {
      lines.push(
        `- \`${skip.id}\`: ${cell(skip.reason)}${skip.enableWith ? ` (enable with \`${skip.enableWith}\`)` : ''}`,
      );
    }
    lines.push('', '</details>', '');
  }
  return `${lines.join('\n')}\n`;
}

function row(check: GateCheck): string {
  const message = [
    check.message,
    check.received && `Received ${check.received}`,
    check.documented && `Documented ${check.documented}`,
  ]
    .filter(Boolean)
    .join(' / ');
  return `| \`${check.id}\` | ${check.status} | ${check.severity} | ${cell(message)} |`;
}

/** Keeps a value on one table row: no pipes or newlines. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');
}
