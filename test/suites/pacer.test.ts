import assert from 'node:assert/strict';
import { test } from 'node:test';

import { Pacer } from '../../suites/support/pacer.ts';

/** Creates a clock that moves only when the pacer sleeps, so the schedule is exact. */
function fakeClock() {
  let now = 1000;
  const sleeps: number[] = [];
  return {
    now: () => now,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      now += ms;
    },
    advance: (ms: number) => {
      now += ms;
    },
    sleeps,
  };
}

test('first request waits one interval', async () => {
  const clock = fakeClock();
  const pacer = new Pacer({ perSecond: 2, now: clock.now, sleep: clock.sleep });
  const sentAt = await pacer.acquire();
  assert.equal(sentAt, 1500);
});

test('requests are spaced one interval apart', async () => {
  const clock = fakeClock();
  const pacer = new Pacer({ perSecond: 4, now: clock.now, sleep: clock.sleep });
  const times = [];
  for (let i = 0; i < 5; i++) times.push(await pacer.acquire());
  assert.deepEqual(times, [1250, 1500, 1750, 2000, 2250]);
});

test('concurrent callers queue up', async () => {
  const clock = fakeClock();
  const pacer = new Pacer({ perSecond: 4, now: clock.now, sleep: clock.sleep });
  const times = await Promise.all([pacer.acquire(), pacer.acquire(), pacer.acquire()]);
  assert.deepEqual(times, [1250, 1500, 1750]);
});

test('idle time is not banked', async () => {
  const clock = fakeClock();
  const pacer = new Pacer({ perSecond: 4, now: clock.now, sleep: clock.sleep });
  await pacer.acquire();
  clock.advance(5000);
  const first = await pacer.acquire();
  const second = await pacer.acquire();
  assert.equal(second - first, 250);
});

test('no window of one second holds more than the rate', async () => {
  const clock = fakeClock();
  const pacer = new Pacer({ perSecond: 2.8, now: clock.now, sleep: clock.sleep });
  const times: number[] = [];
  for (let i = 0; i < 30; i++) times.push(await pacer.acquire());
  for (const start of times) {
    const inWindow = times.filter((t) => t >= start && t < start + 1000).length;
    assert.ok(inWindow <= 3, `${inWindow} requests in the second from ${start}`);
  }
});

test('delayUntil pushes the next slot back', async () => {
  const clock = fakeClock();
  const pacer = new Pacer({ perSecond: 4, now: clock.now, sleep: clock.sleep });
  await pacer.acquire();
  pacer.delayUntil(4000);
  assert.equal(await pacer.acquire(), 4000);
});

test('stats count requests sent', async () => {
  const clock = fakeClock();
  const pacer = new Pacer({ perSecond: 4, now: clock.now, sleep: clock.sleep });
  await pacer.acquire();
  await pacer.acquire();
  assert.equal(pacer.stats().sent, 2);
});

test('rejects a rate of zero', () => {
  assert.throws(() => new Pacer({ perSecond: 0 }), /pacingPerSecond/);
});

test('late wake-up keeps the full gap', async () => {
  let now = 0;
  // Every sleep overshoots by 100 ms, as timers do on a busy machine.
  const pacer = new Pacer({
    perSecond: 4,
    now: () => now,
    sleep: async (ms) => {
      now += ms + 100;
    },
  });
  const first = await pacer.acquire();
  const second = await pacer.acquire();
  assert.ok(second - first >= 250, `gap ${second - first} ms`);
});
