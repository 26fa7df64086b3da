import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { runCli } from './helpers.ts';

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'exto-cli-'));
}

test('unreachable target exits 3', async () => {
  const cwd = tempDir();
  const result = await runCli(['verify', '--base-url', 'http://127.0.0.1:9/data'], {
    cwd,
    env: { EXTO_TOKEN: 'unreachable-test-token' },
  });
  assert.equal(result.code, 3);
  const lines = result.stderr.trim().split('\n');
  assert.equal(lines.length, 1);
  assert.match(
    lines[0]!,
    /http:\/\/127\.0\.0\.1:9\/data\/api\/v1\/health\/liveness refused the connection/,
  );
  assert.match(lines[0]!, /Check --base-url/);
});

test('unreachable target leaves no run folder', async () => {
  const cwd = tempDir();
  await runCli(['verify', '--base-url', 'http://127.0.0.1:9'], {
    cwd,
    env: { EXTO_TOKEN: 'unreachable-test-token' },
  });
  assert.deepEqual(readdirSync(cwd), []);
});

test('proxy HTML page exits 3', async () => {
  const server: Server = createServer((_request, response) => {
    response.writeHead(502, { 'content-type': 'text/html', server: 'nginx' });
    response.end('<html><head><title>502 Bad Gateway</title></head></html>');
  });
  await new Promise<void>((resolveListen) => server.listen(0, '127.0.0.1', resolveListen));
  const { port } = server.address() as AddressInfo;
  try {
    const result = await runCli(['verify', '--base-url', `http://127.0.0.1:${port}/data`], {
      cwd: tempDir(),
      env: { EXTO_TOKEN: 'proxy-test-token' },
    });
    assert.equal(result.code, 3);
    assert.match(result.stderr, /returned 502 with an HTML page from nginx/);
  } finally {
    server.close();
  }
});

test('malformed config exits 2 naming key', async () => {
  const cwd = tempDir();
  writeFileSync(
    join(cwd, 'exto-conformance.config.json'),
    JSON.stringify({ pacingPerSecond: 'fast' }),
  );
  const result = await runCli(['verify'], { cwd });
  assert.equal(result.code, 2);
  assert.match(result.stderr, /key "pacingPerSecond" must be number; got "fast"\./);
  assert.match(result.stderr, /Use a value of type number\./);
});

test('misspelt config key suggests the fix', async () => {
  const cwd = tempDir();
  writeFileSync(join(cwd, 'exto-conformance.config.yaml'), 'baseURL: http://127.0.0.1:9/data\n');
  const result = await runCli(['verify'], { cwd });
  assert.equal(result.code, 2);
  assert.match(result.stderr, /unknown key "baseURL"\. Did you mean "baseUrl"\?/);
});

test('unset placeholder exits 2', async () => {
  const cwd = tempDir();
  writeFileSync(
    join(cwd, 'exto-conformance.config.json'),
    JSON.stringify({ extraHeaders: { 'Ocp-Apim-Subscription-Key': '${APIM_KEY_FOR_TEST}' } }),
  );
  const result = await runCli(['verify'], { cwd });
  assert.equal(result.code, 2);
  assert.match(result.stderr, /extraHeaders\.Ocp-Apim-Subscription-Key/);
  assert.match(result.stderr, /APIM_KEY_FOR_TEST is not set/);
});

test('unknown option exits 2', async () => {
  const result = await runCli(['verify', '--rate-limt', '3'], { cwd: tempDir() });
  assert.equal(result.code, 2);
  assert.match(
    result.stderr,
    /^Unknown argument: rate-limt\. Did you mean --rate-limit-per-second for --rate-limt\?$/m,
  );
});

test('token flag exits 2 without echo', async () => {
  const result = await runCli(['verify', '--token=visible-secret-value'], { cwd: tempDir() });
  assert.equal(result.code, 2);
  assert.doesNotMatch(result.stderr + result.stdout, /visible-secret-value/);
  assert.match(result.stderr, /Use EXTO_TOKEN or --tokens-file/);
});

test('missing tokens exit 2', async () => {
  const result = await runCli(['verify', '--base-url', 'http://127.0.0.1:9/data'], {
    cwd: tempDir(),
  });
  assert.equal(result.code, 2);
  assert.match(result.stderr, /No bearer token/);
});

test('missing command exits 2', async () => {
  const result = await runCli([], { cwd: tempDir() });
  assert.equal(result.code, 2);
  assert.match(result.stderr, /Name a command/);
});

test('help exits 0', async () => {
  const result = await runCli(['verify', '--help'], { cwd: tempDir() });
  assert.equal(result.code, 0);
  assert.match(result.stdout, /--extra-header/);
});

test('malformed spec exits 2', async () => {
  const cwd = tempDir();
  writeFileSync(join(cwd, 'bad.yaml'), 'openapi: [\n');
  const result = await runCli(['verify', '--spec', 'bad.yaml'], { cwd });
  assert.equal(result.code, 2);
  assert.match(result.stderr, /^Invalid spec bad\.yaml at #: .*Fix: /);
  assert.deepEqual(readdirSync(cwd), ['bad.yaml']);
});

const PASTED_JWT =
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJwYXN0ZWQifQ.cGFzdGVkLXNpZ25hdHVyZS12YWx1ZQ';

test('pasted token as path exits 2', async () => {
  const result = await runCli(
    ['verify', '--base-url', 'http://127.0.0.1:9/data', '--tokens-file', PASTED_JWT],
    { cwd: tempDir() },
  );
  assert.equal(result.code, 2);
  assert.match(result.stderr, /looks like a token/);
});

test('pasted token is never echoed', async () => {
  const result = await runCli(
    ['verify', '--base-url', 'http://127.0.0.1:9/data', '--tokens-file', PASTED_JWT],
    { cwd: tempDir() },
  );
  assert.doesNotMatch(result.stderr + result.stdout, /eyJ/);
});

test('non-number flag exits 2', async () => {
  const result = await runCli(['verify', '--rate-limit-per-second', 'abc'], { cwd: tempDir() });
  assert.equal(result.code, 2);
  assert.match(
    result.stderr,
    /^--rate-limit-per-second is not a number\. Pass a number such as 3\./,
  );
});

test('zero timeout exits 2', async () => {
  const result = await runCli(['verify', '--timeout-seconds', '0'], { cwd: tempDir() });
  assert.equal(result.code, 2);
  assert.match(result.stderr, /^--timeout-seconds must be > 0; got 0\./);
});

test('schemeless base URL exits 2', async () => {
  const result = await runCli(['verify', '--base-url', '127.0.0.1:9/data'], { cwd: tempDir() });
  assert.equal(result.code, 2);
  assert.match(result.stderr, /^--base-url must start with http:\/\/ or https:\/\//);
});

test('missing expired-token file exits 2', async () => {
  const result = await runCli(
    [
      'verify',
      '--base-url',
      'http://127.0.0.1:9/data',
      '--expired-token-file',
      'no-such-expired-token.txt',
    ],
    { cwd: tempDir(), env: { EXTO_TOKEN: 'state-file-test-token' } },
  );
  assert.equal(result.code, 2);
  assert.match(result.stderr, /^Expired-token file .*no-such-expired-token\.txt not found/);
});

test('misspelt variable warns with suggestion', async () => {
  const result = await runCli(['verify', '--base-url', 'http://127.0.0.1:9/data'], {
    cwd: tempDir(),
    env: { EXTO_TOKEN: 'env-warning-test-token', EXTO_RATE_LIMT_PER_SECOND: '3' },
  });
  assert.match(result.stderr, /Did you mean EXTO_RATE_LIMIT_PER_SECOND\?/);
});

test('base URL without data warns', async () => {
  const result = await runCli(['verify', '--base-url', 'http://127.0.0.1:9/api'], {
    cwd: tempDir(),
    env: { EXTO_TOKEN: 'data-warning-test-token' },
  });
  assert.match(result.stderr, /does not end in \/data/);
});
