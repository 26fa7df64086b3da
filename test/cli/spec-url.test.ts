/**
 * `--spec` given as a URL: the document is downloaded, loaded like a file and copied into the run
 * folder, so the suites and a later `report` read the same bytes. Served from a loopback server.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, test } from 'node:test';
import { loadRunSpec } from '../../scripts/cli/verify-run.ts';
import { ConfigError } from '../../scripts/lib/config.ts';
import type { RunSettings } from '../../scripts/core/run-settings.ts';
import { runCli } from './helpers.ts';

const specText = readFileSync(
  new URL('../../schemas/exto-data-api.openapi.yaml', import.meta.url),
  'utf8',
);
let server: Server;
let origin: string;

before(async () => {
  server = createServer((request, response) => {
    if (request.url === '/specs/exto.yaml') {
      response.writeHead(200, { 'content-type': 'application/yaml' });
      response.end(specText);
      return;
    }
    response.writeHead(404, { 'content-type': 'text/plain' });
    response.end('not here');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(() => {
  server.close();
});

test('spec URL is downloaded and loaded', async () => {
  const spec = await loadRunSpec(`${origin}/specs/exto.yaml`);
  assert.equal(spec.downloaded, true);
  assert.equal(spec.title, 'Exto Data API');
  assert.equal(readFileSync(spec.path, 'utf8'), specText);
});

test('download keeps the extension', async () => {
  const spec = await loadRunSpec(`${origin}/specs/exto.yaml`);
  assert.match(spec.path, /\.yaml$/);
});

test('missing spec URL names the status', async () => {
  const url = `${origin}/specs/missing.yaml`;
  await assert.rejects(
    loadRunSpec(url),
    (error: unknown) =>
      error instanceof ConfigError && error.message === `Spec ${url} returned 404. Check --spec.`,
  );
});

test('unreachable spec URL is a config error', async () => {
  // A listener closed right away leaves a loopback port that refuses connections.
  const closed = createServer();
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
  const port = (closed.address() as AddressInfo).port;
  await new Promise((resolve) => closed.close(resolve));
  await assert.rejects(
    loadRunSpec(`http://127.0.0.1:${port}/spec.yaml`),
    (error: unknown) =>
      error instanceof ConfigError && /could not be downloaded/.test(error.message),
  );
});

test('verify copies a spec URL into the run', { timeout: 180_000 }, async () => {
  const cwd = mkdtempSync(join(tmpdir(), 'exto-spec-url-'));
  const result = await runCli(
    ['verify', '--out', 'reports', '--spec', `${origin}/specs/exto.yaml`, '--grep', 'health'],
    { cwd, timeoutMs: 170_000 },
  );
  assert.equal(result.code, 0, result.stderr);
  const settings = JSON.parse(
    readFileSync(join(cwd, 'reports', 'latest', 'run-settings.json'), 'utf8'),
  ) as RunSettings;
  assert.equal(dirname(settings.specPath), settings.outDir);
  assert.equal(existsSync(settings.specPath), true);
});
