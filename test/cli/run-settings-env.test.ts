/** The operator's commands reach the suites through the environment, not run-settings.json. */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { readRunSettings } from '../../suites/support/settings.ts';

const folder = mkdtempSync(join(tmpdir(), 'exto-settings-env-'));
after(() => rmSync(folder, { recursive: true, force: true }));
const settingsPath = join(folder, 'run-settings.json');
writeFileSync(
  settingsPath,
  JSON.stringify({
    baseUrl: 'http://127.0.0.1:1/data',
    specPath: '/spec.yaml',
    hasRotateKeyCommand: true,
  }),
);

test('rotate command comes from env', () => {
  const settings = readRunSettings({
    EXTO_RUN_SETTINGS: settingsPath,
    EXTO_ROTATE_KEY_COMMAND: './rotate.sh',
  });
  assert.equal(settings.rotateKeyCommand, './rotate.sh');
});

test('restart command comes from env', () => {
  const settings = readRunSettings({
    EXTO_RUN_SETTINGS: settingsPath,
    EXTO_RESTART_COMMAND: './restart.sh',
  });
  assert.equal(settings.restartCommand, './restart.sh');
});

test('no command without env', () => {
  const settings = readRunSettings({ EXTO_RUN_SETTINGS: settingsPath });
  assert.equal(settings.rotateKeyCommand, undefined);
});
