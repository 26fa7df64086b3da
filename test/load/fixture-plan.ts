import type { LoadPlan } from '../../scripts/core/load/plan.ts';

/** Returns the path of a recorded k6 v1.3 output in test/load/fixtures. */
export function k6Fixture(name: string): string {
  return new URL(`./fixtures/${name}`, import.meta.url).pathname;
}

/** The recorded run's own shape: 3/s for 10 s, then 6/s for 10 s from 11 s, against a 3/s limiter. */
export const fixturePlan: LoadPlan = {
  scenario: 'beyond-limit',
  rateLimitPerSecond: 3,
  phases: [
    {
      name: 'at_limit',
      ratePerToken: 3,
      tokens: 1,
      startSeconds: 0,
      durationSeconds: 10,
      expectedStatuses: [200],
      rejections: 'none',
    },
    {
      name: 'beyond_limit',
      ratePerToken: 6,
      tokens: 1,
      startSeconds: 11,
      durationSeconds: 10,
      expectedStatuses: [200, 429],
      rejections: 'excess',
    },
  ],
  maxRequests: 90,
  maxSeconds: 51,
};
