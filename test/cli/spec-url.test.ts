/**
 * `--spec` given as a URL: loadSpec reads it as a URL, so relative `$ref`s resolve against it, and
 * the bundled document is kept in the run folder for the suites. Served from a loopback server.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { loadRunSpec } from '../../scripts/cli/verify-run.ts';
import { CliError } from '../../scripts/cli/exit-codes.ts';
import type { RunSettings } from '../../scripts/core/run-settings.ts';
import { runCli } from './helpers.ts';

const specText = readFileSync(
  new URL('../../schemas/exto-data-api.openapi.yaml', import.meta.url),
  'utf8',
);
/** A document split in two files, the way a team may publish it. */
const MAIN = `openapi: 3.0.3
info: { title: Split, version: '1' }
paths:
  /items:
    get:
      operationId: getItems
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: { $ref: './parts.yaml#/Item' }
`;
const PARTS = `Item:
  type: object
  properties: { id: { type: string } }
`;
const DOCUMENTS: Record<string, string> = {
  '/specs/exto.yaml': specText,
  '/specs/main.yaml': MAIN,
  '/specs/parts.yaml': PARTS,
  '/specs/broken.yaml': MAIN.replace('./parts.yaml', './missing.yaml'),
};
let server: Server;
let origin: string;

before(async () => {
  server = createServer((request, response) => {
    const body = DOCUMENTS[request.url ?? ''];
    if (body !== undefined) {
      response.writeHead(200, { 'content-type': 'application/yaml' });
      response.end(body);
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

test('spec URL is loaded', async () => {
  const spec = await loadRunSpec(`${origin}/specs/exto.yaml`);
  assert.equal(spec.title, 'Exto Data API');
});

test('spec URL keeps the bundled document', async () => {
  const spec = await loadRunSpec(`${origin}/specs/exto.yaml`);
  assert.equal(typeof spec.bundled?.openapi, 'string');
});

test('spec file has no bundled copy', async () => {
  const spec = await loadRunSpec('schemas/exto-data-api.openapi.yaml');
  assert.equal(spec.bundled, undefined);
});

test('relative refs resolve against the URL', async () => {
  const spec = await loadRunSpec(`${origin}/specs/main.yaml`);
  assert.equal(spec.operationCount, 1);
});

test('bad ref error names the URL', async () => {
  const url = `${origin}/specs/broken.yaml`;
  await assert.rejects(
    loadRunSpec(url),
    (error: unknown) =>
      error instanceof CliError && error.exitCode === 2 && error.message.includes(url),
  );
});

test('missing spec URL names the status', async () => {
  const url = `${origin}/specs/missing.yaml`;
  await assert.rejects(
    loadRunSpec(url),
    (error: unknown) =>
      error instanceof CliError && error.message.includes(url) && error.message.includes('404'),
  );
});

test('unreachable spec URL exits 2', async () => {
  // A listener closed right away leaves a loopback port that refuses connections.
  const closed = createServer();
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
  const port = (closed.address() as AddressInfo).port;
  await new Promise((resolve) => closed.close(resolve));
  await assert.rejects(
    loadRunSpec(`http://127.0.0.1:${port}/spec.yaml`),
    (error: unknown) => error instanceof CliError && error.exitCode === 2,
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
  assert.equal(settings.specPath, join(settings.outDir, 'spec.json'));
  assert.equal(existsSync(settings.specPath), true);
});
