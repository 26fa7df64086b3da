import assert from 'node:assert/strict';
import { test } from 'node:test';
import { timelineSvg, type Timeline } from '../../scripts/report/timeline.ts';

/** Twelve requests a second, three accepted: the bars reach the top of the plot. */
const beyondTwelve: Timeline = {
  label: 'beyond 12',
  buckets: Array.from({ length: 5 }, (_, second) => ({ second, accepted: 3, rejected: 9 })),
};

function labelY(svg: string): number {
  const match = /<text class="limit-label" x="[\d.]+" y="([\d.]+)"[^>]*>limit 3\/s<\/text>/.exec(
    svg,
  );
  assert.ok(match, 'the limit label is drawn');
  return Number(match[1]);
}

test('limit label sits above bars', () => {
  const svg = timelineSvg(beyondTwelve, 3);
  const barTops = [...svg.matchAll(/<rect class="\w+" x="[\d.]+" y="([\d.]+)"/g)].map((m) =>
    Number(m[1]),
  );
  assert.ok(labelY(svg) < Math.min(...barTops));
});

test('limit label follows the bars', () => {
  const svg = timelineSvg(beyondTwelve, 3);
  assert.ok(svg.indexOf('class="limit-label"') > svg.lastIndexOf('<rect'));
});
