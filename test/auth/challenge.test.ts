import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
  describeChallenges,
  judgeBearerChallenge,
  parseChallenges,
} from '../../scripts/core/tokens.ts';

test('bare Bearer parses without params', () => {
  assert.deepEqual(parseChallenges('Bearer'), [{ scheme: 'Bearer', params: {} }]);
});

test('params continue their challenge', () => {
  const [bearer, basic] = parseChallenges(
    'Bearer realm="exto", error="invalid_token", error_description="a, b", Basic realm="x"',
  );
  assert.deepEqual(bearer?.params, {
    realm: 'exto',
    error: 'invalid_token',
    error_description: 'a, b',
  });
  assert.equal(basic?.scheme, 'Basic');
});

test('joined header lines split', () => {
  const schemes = parseChallenges('Negotiate abc==\nBearer').map((c) => c.scheme);
  assert.deepEqual(schemes, ['Negotiate', 'Bearer']);
});

test('token68 is kept apart', () => {
  assert.equal(parseChallenges('Negotiate abc==')[0]?.token68, 'abc==');
});

test('missing header is a problem', () => {
  assert.match(judgeBearerChallenge(undefined, 'no-error').problem ?? '', /no WWW-Authenticate/);
});

test('bare Bearer meets no-error', () => {
  assert.equal(judgeBearerChallenge('Bearer realm="exto"', 'no-error').ok, true);
});

test('error code without credentials is flagged', () => {
  const verdict = judgeBearerChallenge('Bearer error="invalid_token"', 'no-error');
  assert.match(verdict.problem ?? '', /without credentials/);
});

test('invalid_token meets invalid-token', () => {
  assert.equal(judgeBearerChallenge('bearer error="invalid_token"', 'invalid-token').ok, true);
});

test('unquoted invalid_token is accepted', () => {
  assert.equal(judgeBearerChallenge('Bearer error=invalid_token', 'invalid-token').ok, true);
});

test('bare Bearer fails invalid-token', () => {
  assert.match(judgeBearerChallenge('Bearer', 'invalid-token').problem ?? '', /no error code/);
});

test('other error code is named', () => {
  const verdict = judgeBearerChallenge('Bearer error="insufficient_scope"', 'invalid-token');
  assert.match(verdict.problem ?? '', /insufficient_scope/);
});

test('non-Bearer scheme is flagged', () => {
  assert.match(
    judgeBearerChallenge('Basic realm="x"', 'no-error').problem ?? '',
    /no Bearer-scheme challenge \(schemes: Basic\)/,
  );
});

test('description never puts a word after the scheme', () => {
  assert.equal(
    describeChallenges('Bearer realm="exto", error="invalid_token"'),
    'Bearer (realm="exto", error="invalid_token")',
  );
});

test('missing header is described', () => {
  assert.equal(describeChallenges(undefined), '(no WWW-Authenticate header)');
});
