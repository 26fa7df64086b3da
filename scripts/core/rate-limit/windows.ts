import { isAccepted, isRejected, type Sample } from './types.ts';

/** Requests of one window of a timeline, counted by outcome. */
export interface WindowCount {
  /** Start of the window in the timeline's clock. */
  startMs: number;
  accepted: number;
  rejected: number;
  /** Neither 2xx nor 429: errors that carry no information about the limiter. */
  other: number;
}

/**
 * Counts samples per consecutive window of `windowMs`, starting at `originMs` (the first sample by
 * default). Windows without samples are kept, so the array index is the window number.
 */
export function windowCounts(
  samples: readonly Sample[],
  windowMs = 1000,
  originMs: number = firstTime(samples),
): WindowCount[] {
  const counts: WindowCount[] = [];
  for (const sample of samples) {
    const index = Math.floor((sample.tMs - originMs) / windowMs);
    if (index < 0) continue;
    while (counts.length <= index) {
      counts.push({
        startMs: originMs + counts.length * windowMs,
        accepted: 0,
        rejected: 0,
        other: 0,
      });
    }
    const window = counts[index]!;
    if (isAccepted(sample.status)) window.accepted += 1;
    else if (isRejected(sample.status)) window.rejected += 1;
    else window.other += 1;
  }
  return counts;
}

/** Index of the first 429 in send order, or -1 when there is none. */
export function firstRejectionIndex(samples: readonly Sample[]): number {
  return samples.findIndex((sample) => isRejected(sample.status));
}

/**
 * Accepted requests per second in the steady state: the first window is left out because it holds
 * the limiter's burst allowance (a fresh token bucket, or a fixed window straddled by the probe),
 * and so is a last window that the probe did not cover to its end. Returns undefined when no full
 * window remains.
 */
export function steadyAcceptedPerSecond(
  samples: readonly Sample[],
  windowMs = 1000,
  endMs?: number,
): number | undefined {
  const counts = steadyWindows(samples, windowMs, endMs);
  if (counts.length === 0) return undefined;
  const accepted = counts.reduce((sum, window) => sum + window.accepted, 0);
  return (accepted / counts.length) * (1000 / windowMs);
}

/**
 * The full windows after the first one. `endMs` is when the probe stopped sending; by default one
 * mean gap after the last sample, which is when an evenly paced probe would have sent again.
 */
export function steadyWindows(
  samples: readonly Sample[],
  windowMs = 1000,
  endMs: number = defaultEnd(samples),
): WindowCount[] {
  if (samples.length === 0) return [];
  return windowCounts(samples, windowMs)
    .slice(1)
    .filter((window) => window.startMs + windowMs <= endMs + 1e-6);
}

/** Largest number of samples sent within any interval shorter than `windowMs`. */
export function maxSentWithin(samples: readonly Sample[], windowMs = 1000): number {
  const times = samples.map((sample) => sample.tMs).sort((a, b) => a - b);
  let best = 0;
  let start = 0;
  for (let end = 0; end < times.length; end += 1) {
    while (times[end]! - times[start]! >= windowMs) start += 1;
    best = Math.max(best, end - start + 1);
  }
  return best;
}

function firstTime(samples: readonly Sample[]): number {
  return samples.length === 0 ? 0 : Math.min(...samples.map((sample) => sample.tMs));
}

function defaultEnd(samples: readonly Sample[]): number {
  if (samples.length === 0) return 0;
  const times = samples.map((sample) => sample.tMs);
  const first = Math.min(...times);
  const last = Math.max(...times);
  return samples.length > 1 ? last + (last - first) / (samples.length - 1) : last;
}
