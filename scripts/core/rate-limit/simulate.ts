/**
 * Replays send times through a model of each common limiter, to say which first 429 each would
 * allow and which one explains an observed accept/reject sequence best.
 */
import {
  ALGORITHMS,
  isAccepted,
  isRejected,
  type Algorithm,
  type LimitPolicy,
  type Sample,
} from './types.ts';

/** Slack for floating-point token counts, so 3 refills of 1/3 make a whole token. */
const EPSILON = 1e-9;

export interface SimulationOptions {
  /** Fixed windows only: where a window starts, in the timeline's clock (any start modulo the window). */
  phaseMs?: number;
  /**
   * Fixed windows only: a window opens at the first request after the previous one closed, instead
   * of at `phaseMs` plus whole windows. Such windows drift with the traffic, so no phase fits them.
   */
  anchored?: boolean;
  /** True when a rejected request also uses up quota (some limiters do; the documented one does not). */
  countRejected?: boolean;
}

/**
 * Predicts accept (true) or reject for each send time under `algorithm`, starting from a fresh
 * state. Times must be in send order.
 *
 * - fixed window: windows of `windowMs` starting at `phaseMs`; a window accepts `limit` requests;
 * - sliding window (log): a request is accepted when fewer than `limit` accepted requests lie in
 *   the preceding `windowMs` (a request exactly `windowMs` earlier has left the window);
 * - token bucket: capacity `limit`, refilled at `limit` per `windowMs`, full at the start.
 */
export function simulate(
  algorithm: Algorithm,
  timesMs: readonly number[],
  policy: LimitPolicy,
  options: SimulationOptions = {},
): boolean[] {
  switch (algorithm) {
    case 'fixed-window':
      return simulateFixedWindow(timesMs, policy, options);
    case 'sliding-window':
      return simulateSlidingWindow(timesMs, policy, options);
    case 'token-bucket':
      return simulateTokenBucket(timesMs, policy, options);
  }
}

function simulateFixedWindow(
  timesMs: readonly number[],
  { limit, windowMs }: LimitPolicy,
  { phaseMs = 0, anchored = false, countRejected = false }: SimulationOptions,
): boolean[] {
  let currentWindow = Number.NaN;
  let windowStart = Number.NEGATIVE_INFINITY;
  let used = 0;
  return timesMs.map((t) => {
    if (anchored) {
      if (t >= windowStart + windowMs) {
        windowStart = t;
        used = 0;
      }
    } else {
      const window = Math.floor((t - phaseMs) / windowMs);
      if (window !== currentWindow) {
        currentWindow = window;
        used = 0;
      }
    }
    const accepted = used < limit;
    if (accepted || countRejected) used += 1;
    return accepted;
  });
}

function simulateSlidingWindow(
  timesMs: readonly number[],
  { limit, windowMs }: LimitPolicy,
  { countRejected = false }: SimulationOptions,
): boolean[] {
  const counted: number[] = [];
  return timesMs.map((t) => {
    while (counted.length > 0 && counted[0]! <= t - windowMs) counted.shift();
    const accepted = counted.length < limit;
    if (accepted || countRejected) counted.push(t);
    return accepted;
  });
}

function simulateTokenBucket(
  timesMs: readonly number[],
  { limit, windowMs }: LimitPolicy,
  { countRejected = false }: SimulationOptions,
): boolean[] {
  const refillPerMs = limit / windowMs;
  let tokens = limit;
  let last = timesMs.length > 0 ? timesMs[0]! : 0;
  return timesMs.map((t) => {
    tokens = Math.min(limit, tokens + (t - last) * refillPerMs);
    last = t;
    const accepted = tokens >= 1 - EPSILON;
    // A limiter that charges rejected requests lets the bucket go negative, so they delay refill.
    if (accepted || countRejected) tokens -= 1;
    return accepted;
  });
}

/**
 * Predicts each sample's outcome one step ahead: the model's state is built from the outcomes the
 * target actually gave so far, not from the model's own earlier predictions. One request that
 * timer jitter moved across a window edge then costs one mismatch instead of shifting every later
 * prediction, which matters for fixed windows that open at the first request.
 */
export function predictOneStepAhead(
  algorithm: Algorithm,
  samples: readonly Sample[],
  { limit, windowMs }: LimitPolicy,
  { phaseMs = 0, anchored = false }: SimulationOptions = {},
): boolean[] {
  const refillPerMs = limit / windowMs;
  let windowKey = Number.NaN;
  let windowStart = Number.NEGATIVE_INFINITY;
  let used = 0;
  const acceptedTimes: number[] = [];
  let tokens = limit;
  let last = samples.length > 0 ? samples[0]!.tMs : 0;

  return samples.map(({ tMs: t, status }) => {
    const accepted = isAccepted(status);
    let predicted: boolean;
    if (algorithm === 'fixed-window') {
      if (anchored) {
        const opens = t >= windowStart + windowMs;
        predicted = opens || used < limit;
        // An accept the model expected to open a window, or one it could not explain (its window
        // was full), is where the target opened its window.
        if (accepted && (opens || used >= limit)) {
          windowStart = t;
          used = 0;
        }
      } else {
        const key = Math.floor((t - phaseMs) / windowMs);
        if (key !== windowKey) {
          windowKey = key;
          used = 0;
        }
        predicted = used < limit;
      }
      if (accepted) used += 1;
    } else if (algorithm === 'sliding-window') {
      while (acceptedTimes.length > 0 && acceptedTimes[0]! <= t - windowMs) acceptedTimes.shift();
      predicted = acceptedTimes.length < limit;
      if (accepted) acceptedTimes.push(t);
    } else {
      tokens = Math.min(limit, tokens + (t - last) * refillPerMs);
      last = t;
      predicted = tokens >= 1 - EPSILON;
      if (accepted) tokens -= 1;
    }
    return predicted;
  });
}

/**
 * Window starts worth trying for a fixed window: a boundary just at or just after each send time
 * covers every distinct way the windows can split the timeline.
 */
export function candidatePhases(timesMs: readonly number[], windowMs: number): number[] {
  const phases = new Set<number>();
  for (const t of timesMs) {
    const offset = ((t % windowMs) + windowMs) % windowMs;
    phases.add(offset);
    phases.add((offset + 0.001) % windowMs);
  }
  if (phases.size === 0) phases.add(0);
  return [...phases];
}

/**
 * Index (0-based, in send order) of the first request `algorithm` would reject, or undefined when
 * it rejects none. For a fixed window, whose phase the client cannot know, this is the latest first
 * rejection over every phase.
 */
export function latestFirstRejection(
  algorithm: Algorithm,
  timesMs: readonly number[],
  policy: LimitPolicy,
): number | undefined {
  let latest: number | undefined = -1;
  for (const variant of limiterVariants(algorithm, timesMs, policy)) {
    const index = simulate(algorithm, timesMs, policy, variant).indexOf(false);
    if (index === -1) return undefined;
    latest = Math.max(latest, index);
  }
  return latest;
}

/** Index of the earliest first rejection any phase of `algorithm` allows, or undefined for none. */
export function earliestFirstRejection(
  algorithm: Algorithm,
  timesMs: readonly number[],
  policy: LimitPolicy,
): number | undefined {
  let earliest: number | undefined;
  for (const variant of limiterVariants(algorithm, timesMs, policy)) {
    const index = simulate(algorithm, timesMs, policy, variant).indexOf(false);
    if (index !== -1) earliest = Math.min(earliest ?? index, index);
  }
  return earliest;
}

/**
 * The ways one algorithm can line up with a timeline: for a fixed window every distinct phase plus
 * a window anchored at the first request; the other algorithms have no free parameter.
 */
export function limiterVariants(
  algorithm: Algorithm,
  timesMs: readonly number[],
  policy: LimitPolicy,
): SimulationOptions[] {
  if (algorithm !== 'fixed-window') return [{}];
  return [
    { anchored: true },
    ...candidatePhases(timesMs, policy.windowMs).map((phaseMs) => ({ phaseMs })),
  ];
}

/** Fit of one algorithm to the observed outcomes. */
export interface AlgorithmFit {
  algorithm: Algorithm;
  /** Samples whose predicted outcome matched the observed one (2xx or 429 only). */
  matched: number;
  compared: number;
  /** matched / compared, 0 when nothing was compared. */
  score: number;
  /** Fixed window only: per segment, the phase that fit best, or `anchored`. */
  phasesMs?: (number | 'anchored')[];
}

export interface BestFit {
  /** Ranked best first. */
  fits: AlgorithmFit[];
  /** Every algorithm tied at the best score (more than one when the timings cannot tell them apart). */
  best: Algorithm[];
}

/**
 * Ranks the algorithms by how many observed outcomes they predict one step ahead. Each segment (a
 * probe phase that started after the limiter had recovered) starts from a fresh state; a fixed
 * window gets its best phase per segment, or a window anchored at the first request. Samples other
 * than 2xx and 429 use no quota and are not compared.
 */
export function fitAlgorithms(
  segments: readonly (readonly Sample[])[],
  policy: LimitPolicy,
  algorithms: readonly Algorithm[] = ALGORITHMS,
): BestFit {
  const fits = algorithms.map((algorithm) => fitOne(algorithm, segments, policy));
  fits.sort((a, b) => b.score - a.score);
  const top = fits[0]?.score ?? 0;
  return {
    fits,
    best: fits
      .filter((fit) => fit.compared > 0 && top - fit.score < EPSILON)
      .map((fit) => fit.algorithm),
  };
}

/**
 * One-step-ahead predictions of `algorithm` for each segment, using for a fixed window the variant
 * (phase or anchored) that matches the most observed outcomes in that segment.
 */
export function bestPredictions(
  algorithm: Algorithm,
  segments: readonly (readonly Sample[])[],
  policy: LimitPolicy,
): { predicted: boolean[][]; phasesMs: (number | 'anchored')[] } {
  const predicted: boolean[][] = [];
  const phasesMs: (number | 'anchored')[] = [];
  for (const segment of segments) {
    const times = segment.map((sample) => sample.tMs);
    let best = { matched: -1, variant: {} as SimulationOptions, predicted: [] as boolean[] };
    for (const variant of limiterVariants(algorithm, times, policy)) {
      const candidate = predictOneStepAhead(algorithm, segment, policy, variant);
      const { matched } = compare(segment, candidate);
      if (matched > best.matched) best = { matched, variant, predicted: candidate };
    }
    predicted.push(best.predicted);
    phasesMs.push(best.variant.anchored ? 'anchored' : (best.variant.phaseMs ?? 0));
  }
  return { predicted, phasesMs };
}

/** True, false or undefined: the observed outcome of a sample as the models see it. */
export function observedOutcome(status: number): boolean | undefined {
  if (isAccepted(status)) return true;
  return isRejected(status) ? false : undefined;
}

function fitOne(
  algorithm: Algorithm,
  segments: readonly (readonly Sample[])[],
  policy: LimitPolicy,
): AlgorithmFit {
  const { predicted, phasesMs } = bestPredictions(algorithm, segments, policy);
  let matched = 0;
  let compared = 0;
  segments.forEach((segment, index) => {
    const score = compare(segment, predicted[index]!);
    matched += score.matched;
    compared += score.compared;
  });
  return {
    algorithm,
    matched,
    compared,
    score: compared === 0 ? 0 : matched / compared,
    ...(algorithm === 'fixed-window' ? { phasesMs } : {}),
  };
}

function compare(
  samples: readonly Sample[],
  predicted: readonly boolean[],
): { matched: number; compared: number } {
  let matched = 0;
  let compared = 0;
  samples.forEach((sample, index) => {
    const observed = observedOutcome(sample.status);
    if (observed === undefined) return;
    compared += 1;
    if (predicted[index] === observed) matched += 1;
  });
  return { matched, compared };
}
