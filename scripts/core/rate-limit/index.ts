/**
 * Rate-limit analysis shared by the Playwright suite and the k6 scenarios. Inputs are plain arrays
 * of `{ tMs, status }`; nothing here touches the network or a clock.
 */
export * from './types.ts';
export * from './windows.ts';
export * from './simulate.ts';
export * from './estimate.ts';
export * from './retry-after.ts';
export * from './headers.ts';
export * from './burst.ts';
export * from './forwarded.ts';
