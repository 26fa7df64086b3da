/**
 * Judges whether a client that rotates `X-Forwarded-For` gets a fresh quota per address. A limiter
 * keyed on the left-most forwarded address gives every address its own quota, so one token gets
 * more requests accepted than any per-token limiter allows for the same send times.
 */
// NOTE: 6 requests alternating two addresses cannot show the fault. A fixed window whose edge falls
// inside the burst accepts 6 from one token too, which a client cannot tell from two quotas of 3.
// Rotating four addresses makes a per-address limiter accept 12, which no per-token limiter allows
// in under a second, whatever its window phase.
import { limiterVariants, simulate } from './simulate.ts';
import { ALGORITHMS, isAccepted, isRejected, type LimitPolicy, type Sample } from './types.ts';

/** Addresses from TEST-NET-3 (RFC 5737), reserved for documentation, so they name no real client. */
export const SPOOFED_FORWARDED_FOR = [
  '203.0.113.1',
  '203.0.113.2',
  '203.0.113.3',
  '203.0.113.4',
] as const;

export interface ForwardedForVerdict {
  accepted: number;
  rejected: number;
  /** Maximum number of these requests that any common limiter accepts from one token. */
  maxAllowed: number;
  /**
   * `held` when no more were accepted than one token's quota allows, and `reset` when more were,
   * so the forwarded address bought extra quota. `inconclusive` when the requests were too slow to
   * exceed the limit at all.
   */
  outcome: 'held' | 'reset' | 'inconclusive';
}

export function judgeForwardedForSpoof(
  samples: readonly Sample[],
  policy: LimitPolicy,
): ForwardedForVerdict {
  const times = samples.map((sample) => sample.tMs);
  let maxAllowed = 0;
  for (const algorithm of ALGORITHMS) {
    for (const variant of limiterVariants(algorithm, times, policy)) {
      const allowed = simulate(algorithm, times, policy, variant).filter(Boolean).length;
      maxAllowed = Math.max(maxAllowed, allowed);
    }
  }
  const accepted = samples.filter((sample) => isAccepted(sample.status)).length;
  const rejected = samples.filter((sample) => isRejected(sample.status)).length;
  let outcome: ForwardedForVerdict['outcome'];
  if (accepted > maxAllowed) outcome = 'reset';
  else if (maxAllowed >= samples.length) outcome = 'inconclusive';
  else outcome = 'held';
  return { accepted, rejected, maxAllowed, outcome };
}
