import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
  loadSettingsEnv,
  parseDurationSeconds,
  readLoadSettings,
} from '../../scripts/core/load/settings.ts';

const BASE = { EXTO_BASE_URL: 'http://127.0.0.1:4010/data/' };

test('defaults apply without variables', () => {
  const settings = readLoadSettings(BASE);
  assert.equal(settings.baseUrl, 'http://127.0.0.1:4010/data');
  assert.equal(settings.rateLimitPerSecond, 3);
  assert.equal(settings.durationSeconds, 30);
  assert.equal(settings.tokenCount, 1);
});

test('rate defaults below the limit', () => {
  assert.equal(readLoadSettings(BASE).ratePerToken, 2.8);
  assert.equal(readLoadSettings({ ...BASE, EXTO_RATE_LIMIT: '6' }).ratePerToken, 5.6);
});

test('missing base URL names the fix', () => {
  assert.throws(() => readLoadSettings({}), /EXTO_BASE_URL must be an http\(s\) URL/);
});

test('invalid number names variable and value', () => {
  assert.throws(
    () => readLoadSettings({ ...BASE, EXTO_LOAD_RATE: 'fast' }),
    /EXTO_LOAD_RATE must be a positive number up to 1000, got "fast"/,
  );
  assert.throws(() => readLoadSettings({ ...BASE, EXTO_LOAD_DURATION: '2h' }), /up to 3600/);
});

test('durations accept k6 notation', () => {
  assert.equal(parseDurationSeconds('45'), 45);
  assert.equal(parseDurationSeconds('30s'), 30);
  assert.equal(parseDurationSeconds('2m'), 120);
  assert.equal(parseDurationSeconds('1m30s'), 90);
  assert.equal(parseDurationSeconds('1h'), 3600);
  assert.equal(parseDurationSeconds('soon'), undefined);
  assert.equal(parseDurationSeconds('2ms'), undefined);
});

test('settings survive the environment', () => {
  const settings = readLoadSettings({
    ...BASE,
    EXTO_LOAD_RATE: '2.5',
    EXTO_LOAD_TOKEN_COUNT: '4',
    EXTO_LOAD_SCHEMAS_FILE: '/tmp/spec.json',
  });
  assert.deepEqual(readLoadSettings(loadSettingsEnv(settings)), settings);
});
