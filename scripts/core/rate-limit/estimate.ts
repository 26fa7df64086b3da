/**
 * Estimates the enforced limit from probes sent above it, with a confidence interval.
 */
import { bestPredictions, observedOutcome } from './simulate.ts';
import { ALGORITHMS, type Algorithm, type Sample } from './types.ts';
import { steadyWindows } from './windows.ts';

export interface LimitEstimate {
  /** Requests per window of the best-fitting model, expressed per second. */
  perSecond: number;
  /** 95 % percentile-bootstrap interval of that limit, resampling one-window blocks. */
  low: number;
  high: number;
  /** Models tied at the best fit for the estimated limit. */
  algorithms: Algorithm[];
  /** Share of 2xx/429 outcomes the best model predicts (1 = every one). */
  score: number;
  /** Number of one-window blocks behind the estimate. */
  windows: number;
  method: 'model-fit-bootstrap';
}

export interface EstimateOptions {
  windowMs?: number;
  /** Largest limit tried; four times the documented limit is plenty for a probe at 4x. */
  maxLimit: number;
  resamples?: number;
  /** Seed of the bootstrap's random numbers, so one timeline always gives one interval. */
  seed?: number;
}

/**
 * Estimates the limit by replaying the probes through every algorithm with every limit from 1 to
 * `maxLimit`, and taking the limit whose best model predicts the most observed outcomes (the
 * smallest limit on a tie). The interval comes from a block bootstrap: the samples are grouped in
 * one-window blocks per probe, blocks are resampled with replacement, and the winning limit is
 * taken again each time.
 *
 * A model fit is used instead of counting accepted requests per second, because some limiters lose
 * time by design: a fixed window that opens at the first request after the last one closed accepts
 * about 2.8 per second from a 6-per-second client at a limit of 3, although its limit is 3.
 * Each probe is replayed from a fresh limiter state, so probes must start after a pause.
 */
export function estimateLimit(
  probes: readonly (readonly Sample[])[],
  options: EstimateOptions,
): LimitEstimate | undefined {
  const windowMs = options.windowMs ?? 1000;
  const blocks = blockIndexes(probes, windowMs);
  const blockCount = blocks.count;
  if (blockCount === 0) return undefined;

  // matched[c][b]: outcomes of block b that candidate c predicts.
  const candidates: { limit: number; algorithm: Algorithm }[] = [];
  const matched: number[][] = [];
  let compared = 0;
  for (const sample of probes.flat())
    if (observedOutcome(sample.status) !== undefined) compared += 1;
  for (let limit = 1; limit <= options.maxLimit; limit += 1) {
    for (const algorithm of ALGORITHMS) {
      const { predicted } = bestPredictions(algorithm, probes, { limit, windowMs });
      const perBlock = new Array<number>(blockCount).fill(0);
      probes.forEach((probe, p) =>
        probe.forEach((sample, i) => {
          const observed = observedOutcome(sample.status);
          if (observed !== undefined && predicted[p]![i] === observed)
            perBlock[blocks.of[p]![i]!]! += 1;
        }),
      );
      candidates.push({ limit, algorithm });
      matched.push(perBlock);
    }
  }

  const allBlocks = Array.from({ length: blockCount }, (_, b) => b);
  const best = winner(candidates, matched, allBlocks);
  const random = mulberry32(options.seed ?? 1);
  const limits: number[] = [];
  for (let r = 0; r < (options.resamples ?? 500); r += 1) {
    const resample = allBlocks.map(() => Math.floor(random() * blockCount));
    limits.push(winner(candidates, matched, resample).limit);
  }
  limits.sort((a, b) => a - b);
  const perSecond = 1000 / windowMs;
  return {
    perSecond: best.limit * perSecond,
    low: quantile(limits, 0.025) * perSecond,
    high: quantile(limits, 0.975) * perSecond,
    algorithms: best.algorithms,
    score: compared === 0 ? 0 : best.matched / compared,
    windows: blockCount,
    method: 'model-fit-bootstrap',
  };
}

function winner(
  candidates: readonly { limit: number; algorithm: Algorithm }[],
  matched: readonly number[][],
  blocks: readonly number[],
): { limit: number; algorithms: Algorithm[]; matched: number } {
  let best = { limit: 0, algorithms: [] as Algorithm[], matched: -1 };
  candidates.forEach((candidate, c) => {
    let total = 0;
    for (const b of blocks) total += matched[c]![b]!;
    if (total > best.matched)
      best = { limit: candidate.limit, algorithms: [candidate.algorithm], matched: total };
    else if (total === best.matched && candidate.limit === best.limit)
      best.algorithms.push(candidate.algorithm);
  });
  return best;
}

/** Numbers each sample's one-window block, counted across probes. */
function blockIndexes(
  probes: readonly (readonly Sample[])[],
  windowMs: number,
): { of: number[][]; count: number } {
  let count = 0;
  const of = probes.map((probe) => {
    if (probe.length === 0) return [];
    const start = probe[0]!.tMs;
    const local = probe.map((sample) => Math.floor((sample.tMs - start) / windowMs));
    const base = count;
    count += Math.max(...local) + 1;
    return local.map((index) => base + index);
  });
  return { of, count };
}

export interface ThroughputEstimate {
  /** Mean accepted requests per second over the steady windows. */
  perSecond: number;
  /** 95 % percentile-bootstrap interval of that mean, resampling windows. */
  low: number;
  high: number;
  windows: number;
}

/**
 * Accepted requests per second over the steady windows of a probe (see `steadyWindows`), with a
 * bootstrap interval. This is what a client gets, not necessarily the configured limit.
 */
export function estimateThroughput(
  samples: readonly Sample[],
  options: { windowMs?: number; endMs?: number; resamples?: number; seed?: number } = {},
): ThroughputEstimate | undefined {
  const windowMs = options.windowMs ?? 1000;
  const counts = steadyWindows(samples, windowMs, options.endMs).map((window) => window.accepted);
  if (counts.length === 0) return undefined;
  const random = mulberry32(options.seed ?? 1);
  const means: number[] = [];
  for (let r = 0; r < (options.resamples ?? 2000); r += 1) {
    let sum = 0;
    for (let i = 0; i < counts.length; i += 1) sum += counts[Math.floor(random() * counts.length)]!;
    means.push(sum / counts.length);
  }
  means.sort((a, b) => a - b);
  const perSecond = 1000 / windowMs;
  return {
    perSecond: mean(counts) * perSecond,
    low: quantile(means, 0.025) * perSecond,
    high: quantile(means, 0.975) * perSecond,
    windows: counts.length,
  };
}

function mean(values: readonly number[]): number {
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}

/** Linear interpolation between the closest ranks of sorted values. */
function quantile(sorted: readonly number[], q: number): number {
  const position = (sorted.length - 1) * q;
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  return sorted[lower]! + (sorted[upper]! - sorted[lower]!) * (position - lower);
}

/** A small seeded generator (mulberry32); k6 and Node both lack a seedable Math.random. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
