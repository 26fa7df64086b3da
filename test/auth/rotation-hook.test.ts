/**
 * The rotation hook's output convention: only a line `EXTO_NEW_TOKEN=<token>` reports the token
 * issued after a rotation, and the output kept for messages never shows it.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { Redactor } from '../../scripts/core/redact.ts';
import {
  findNewToken,
  maskHookOutput,
  runRotationHook,
} from '../../suites/destructive/rotation-hook.ts';

const TOKEN = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ0In0.c2lnbmF0dXJlLXZhbHVl';

/** Builds a shell command that prints `lines` to stdout, one per line, through node. */
function printing(...lines: string[]): string {
  return `node -e 'console.log(process.argv.slice(1).join("\\n"))' ${lines
    .map((line) => `'${line.replace(/'/g, `'\\''`)}'`)
    .join(' ')}`;
}

test('JSON last line is no token', () => {
  assert.deepEqual(findNewToken('rotating\n{"rotatedAt":"2026-12-04T16:40:00.000Z"}\n'), {});
});

test('bare long word is no token', () => {
  assert.deepEqual(findNewToken(`rotated\n${TOKEN}\n`), {});
});

test('marker line gives the token', () => {
  assert.deepEqual(findNewToken(`EXTO_NEW_TOKEN=${TOKEN}\n{"rotatedAt":"x"}\n`), {
    token: TOKEN,
  });
});

test('marker line with CRLF and spaces', () => {
  assert.equal(findNewToken(`done\r\n  EXTO_NEW_TOKEN=${TOKEN}  \r\n`).token, TOKEN);
});

test('last marker line wins', () => {
  assert.equal(
    findNewToken(`EXTO_NEW_TOKEN=old-token-value\nEXTO_NEW_TOKEN=${TOKEN}\n`).token,
    TOKEN,
  );
});

test('marker inside a line is ignored', () => {
  assert.deepEqual(findNewToken(`export EXTO_NEW_TOKEN=${TOKEN}\n`), {});
});

test('empty marker value is a problem', () => {
  const found = findNewToken('EXTO_NEW_TOKEN=\n');
  assert.equal(found.token, undefined);
  assert.match(found.problem ?? '', /carried no token/);
});

test('marker value with a space is a problem', () => {
  const found = findNewToken('EXTO_NEW_TOKEN=Bearer abc.def\n');
  assert.equal(found.token, undefined);
  assert.match(found.problem ?? '', /whitespace/);
});

test('masking hides marker value and token', () => {
  const output = `EXTO_NEW_TOKEN=${TOKEN}\nissued ${TOKEN} for tenant t1\n`;
  const masked = maskHookOutput(output, new Redactor(), TOKEN);
  assert.ok(!masked.includes(TOKEN), masked);
  assert.match(masked, /^EXTO_NEW_TOKEN=\*\*\*$/m);
  assert.match(masked, /issued \*\*\* for tenant t1/);
});

test('masking hides an invalid marker value', () => {
  const masked = maskHookOutput('EXTO_NEW_TOKEN=short secret\n', new Redactor());
  assert.equal(masked, 'EXTO_NEW_TOKEN=***\n');
});

test('hook with JSON output reports no token', async () => {
  const result = await runRotationHook(
    printing('{"rotatedAt":"2026-12-04T16:40:00.000Z"}'),
    new Redactor(),
    10_000,
  );
  assert.equal(result.ok, true, result.output);
  assert.equal(result.newToken, undefined);
  assert.match(result.output, /rotatedAt/);
});

test('hook with bare long word reports no token', async () => {
  const result = await runRotationHook(printing('rotated', TOKEN), new Redactor(), 10_000);
  assert.equal(result.ok, true, result.output);
  assert.equal(result.newToken, undefined);
});

test('hook with marker line reports token', async () => {
  const result = await runRotationHook(
    printing(`EXTO_NEW_TOKEN=${TOKEN}`, '{"rotatedAt":"2026-12-04T16:40:00.000Z"}'),
    new Redactor(),
    10_000,
  );
  assert.equal(result.ok, true, result.output);
  assert.equal(result.newToken, TOKEN);
  assert.ok(!result.output.includes(TOKEN), result.output);
});

test('failing hook masks its token', async () => {
  const result = await runRotationHook(
    `${printing(`EXTO_NEW_TOKEN=${TOKEN}`)} && echo ${TOKEN} >&2 && exit 3`,
    new Redactor(),
    10_000,
  );
  assert.equal(result.ok, false);
  assert.equal(result.exitCode, 3);
  assert.ok(!result.output.includes(TOKEN), result.output);
});

test('hook output masks configured secrets', async () => {
  const secret = 'admin-secret-value-42';
  const result = await runRotationHook(printing(`using ${secret}`), new Redactor([secret]), 10_000);
  assert.ok(!result.output.includes(secret), result.output);
});
