import assert from 'node:assert/strict';
import { test } from 'node:test';

import { parseMetricLines, readMetricStream } from '../../scripts/lib/k6/stream.ts';

const fixture = new URL('./fixtures/metrics.ndjson', import.meta.url).pathname;

test('fixture stream yields every request', async () => {
  const stream = await readMetricStream(fixture);
  const count = (scenario: string, status: number) =>
    stream.requests.filter((r) => r.scenario === scenario && r.status === status).length;
  assert.equal(stream.requests.length, 92);
  assert.equal(count('at_limit', 200), 31);
  assert.equal(count('beyond_limit', 200), 31);
  assert.equal(count('beyond_limit', 429), 30);
  assert.deepEqual(stream.malformedLines, []);
});

test('start time subtracts duration', () => {
  const stream = parseMetricLines([
    JSON.stringify({
      metric: 'http_req_duration',
      type: 'Point',
      data: {
        time: '2026-12-04T15:04:47.500Z',
        value: 250,
        tags: { scenario: 'at_limit', status: '429', token: '2', expected_response: 'false' },
      },
    }),
  ]);
  assert.deepEqual(stream.requests, [
    {
      startMs: Date.parse('2026-12-04T15:04:47.250Z'),
      durationMs: 250,
      status: 429,
      scenario: 'at_limit',
      token: 2,
      expected: false,
    },
  ]);
});

test('dropped iterations add up', () => {
  const point = (value: number) =>
    JSON.stringify({
      metric: 'dropped_iterations',
      type: 'Point',
      data: { time: '2026-12-04T15:04:47Z', value, tags: { scenario: 'at_limit' } },
    });
  const stream = parseMetricLines([point(1), point(2), '{"truncated']);
  assert.deepEqual(stream.dropped, { at_limit: 3 });
  assert.deepEqual(stream.malformedLines, [3]);
});

test('setup requests are left out', () => {
  const stream = parseMetricLines([
    JSON.stringify({
      metric: 'http_req_duration',
      type: 'Point',
      data: { time: '2026-12-04T15:04:47Z', value: 1, tags: { status: '200', name: 'setup' } },
    }),
  ]);
  assert.equal(stream.requests.length, 0);
});
