import assert from 'node:assert/strict';
import { test } from 'node:test';

import { toCurl } from '../../scripts/core/curl.ts';
import { REDACTED, Redactor } from '../../scripts/core/redact.ts';

const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJqdGkiOiJrZXkifQ.c2lnbmF0dXJl-_x';

test('text masks bearer and basic credentials', () => {
  const redactor = new Redactor();
  assert.equal(redactor.text(`Authorization: Bearer ${jwt}`), `Authorization: Bearer ${REDACTED}`);
  assert.equal(redactor.text('Basic dXNlcjpwYXNz=='), `Basic ${REDACTED}`);
  assert.equal(redactor.text(`bearer ${jwt}`), `bearer ${REDACTED}`);
});

test('text keeps challenge parameters readable', () => {
  const redactor = new Redactor();
  const challenge = 'Bearer realm="exto", error="invalid_token"';
  assert.equal(redactor.text(challenge), challenge);
  assert.equal(redactor.text('Bearer error=invalid_token'), 'Bearer error=invalid_token');
});

test('text masks configured secrets anywhere', () => {
  const redactor = new Redactor(['admin-secret-123', 'short']);
  assert.equal(redactor.text('x=admin-secret-123&y=1'), `x=${REDACTED}&y=1`);
  // Values under six characters would mask ordinary words, so they are not configured secrets.
  assert.equal(redactor.text('a short word'), 'a short word');
});

test('json masks secret keys and nested text', () => {
  const redactor = new Redactor(['tok-abcdef']);
  const masked = redactor.json({
    token: 'anything',
    password: 'p',
    nested: { note: 'sent tok-abcdef', count: 3, empty: '' },
    list: [`Bearer ${jwt}`],
    tokens: 3,
  });
  assert.deepEqual(masked, {
    token: REDACTED,
    password: REDACTED,
    nested: { note: `sent ${REDACTED}`, count: 3, empty: '' },
    list: [`Bearer ${REDACTED}`],
    tokens: 3,
  });
});

test('headers keep names and the scheme', () => {
  const masked = new Redactor().headers({
    Authorization: `Bearer ${jwt}`,
    'Ocp-Apim-Subscription-Key': 'abcdef0123456789',
    Accept: 'application/json',
  });
  assert.equal(masked.Authorization, `Bearer ${REDACTED}`);
  assert.equal(masked['Ocp-Apim-Subscription-Key'], REDACTED);
  assert.equal(masked.Accept, 'application/json');
});

test('toCurl masks secrets and quotes for a shell', () => {
  const line = toCurl(
    {
      method: 'post',
      url: "http://127.0.0.1:1/data/api/v1/x?q=it's",
      headers: { Authorization: `Bearer ${jwt}` },
      body: { password: 'hunter22', name: 'A' },
    },
    new Redactor(),
  );
  assert.ok(!line.includes(jwt));
  assert.ok(!line.includes('hunter22'));
  assert.ok(line.startsWith("curl -sS -X POST 'http://127.0.0.1:1/data/api/v1/x?q=it'\\''s'"));
  assert.ok(line.includes(`-H 'Authorization: Bearer ${REDACTED}'`));
});
