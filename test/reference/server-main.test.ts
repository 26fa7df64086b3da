import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { test } from 'node:test';

const MAIN = new URL('../../reference/main.ts', import.meta.url).pathname;

function startMain(args: string[]) {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', MAIN, '--log-level', 'silent', ...args],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exit = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  return { child, exit, stderr: () => stderr };
}

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  test(`main.ts stops on ${signal}`, async () => {
    const { child, exit } = startMain(['--port', '0', '--log-level', 'info']);
    const line = await new Promise<string>((resolve) =>
      createInterface({ input: child.stdout! }).on('line', (text) => {
        if (text.startsWith('listening ')) resolve(text);
      }),
    );
    assert.match(line, /^listening http:\/\/127\.0\.0\.1:\d+\/data$/);
    const readiness = await fetch(`${line.slice('listening '.length)}/api/v1/health/readiness`);
    assert.equal(readiness.status, 200);
    child.kill(signal);
    const [code] = await exit;
    assert.equal(code, 0);
  });
}

test('main.ts rejects an unknown fault', async () => {
  const { exit, stderr } = startMain(['--fault', 'no-such-fault']);
  const [code] = await exit;
  assert.equal(code, 2);
  assert.match(stderr(), /Unknown fault profile "no-such-fault"/);
});

test('main.ts rejects a bad port', async () => {
  const { exit, stderr } = startMain(['--port', 'abc']);
  const [code] = await exit;
  assert.equal(code, 2);
  assert.match(stderr(), /--port must be an integer/);
});
