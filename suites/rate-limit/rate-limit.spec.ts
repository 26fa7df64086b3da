/**
 * Rate limiting, measured: a burst from one token, a probe just under the limit, two probes above
 * it, recovery after Retry-After, isolation between two tokens, and the informational headers.
 * Every probe is bounded in requests and time; all timing uses the monotonic clock. The verdicts
 * come from the pure analysis in scripts/core/rate-limit, which the k6 scenarios share.
 */
import type { TestInfo } from '@playwright/test';

import { test, type CheckDef, type CheckRecorder } from '../fixtures.ts';
import {
  atLimitRate,
  checkHeaderConsistency,
  ditheredSchedule,
  estimateLimit,
  estimateThroughput,
  evenSchedule,
  fitAlgorithms,
  isRejected,
  judgeAtLimit,
  judgeFirstRejection,
  judgeForwardedForSpoof,
  parseRetryAfter,
  SPOOFED_FORWARDED_FOR,
  type LimitPolicy,
} from '../../scripts/core/rate-limit/index.ts';
import { DATA_ATTACHMENT, DATA_CONTENT_TYPE } from '../../scripts/core/types.ts';
import {
  monotonicNow,
  sendBackToBack,
  sendOnSchedule,
  sleep,
  timedSend,
  type ProbeSample,
  type SendOnce,
} from '../../scripts/lib/probe.ts';
import { AuthTarget, PROBE_PATH } from '../auth/target.ts';
import { ProbeTokens } from './probe-tokens.ts';

/** Most requests of the burst probe. */
const BURST_REQUESTS = 30;
/** Length of the at-limit and beyond-limit probes. */
const PROBE_MS = 10_000;
/** Allowed distance of accepted throughput from the documented limit. */
const THROUGHPUT_TOLERANCE = 0.1;
/** Longest Retry-After the recovery probe waits for. */
const MAX_RECOVERY_WAIT_S = 60;

const base = { method: 'GET', path: PROBE_PATH } as const;
const CHECKS = {
  enforced: {
    id: 'rate-limit.enforced',
    title: 'Requests beyond the limit get 429',
    severity: 'critical',
    ...base,
  },
  firstRejection: {
    id: 'rate-limit.burst.first-429',
    title: 'The first 429 of a burst comes where the documented limit puts it',
    severity: 'normal',
    ...base,
  },
  errorBody: {
    id: 'rate-limit.429.error-body',
    title: '429 carries the error body',
    severity: 'minor',
    ...base,
  },
  retryAfter: {
    id: 'rate-limit.retry-after.valid',
    title: '429 carries a valid Retry-After',
    severity: 'normal',
    ...base,
  },
  atLimit: {
    id: 'rate-limit.at-limit.no-429',
    title: 'A token just under the limit never gets 429',
    severity: 'critical',
    ...base,
  },
  throughput: {
    id: 'rate-limit.beyond.accepted-throughput',
    title: 'Beyond the limit, accepted throughput stays at the documented limit',
    severity: 'critical',
    ...base,
  },
  measured: {
    id: 'rate-limit.measured-limit',
    title: 'Measured limit and best-fitting algorithm',
    severity: 'minor',
    ...base,
  },
  recovery: {
    id: 'rate-limit.recovery',
    title: 'A request after Retry-After is accepted',
    severity: 'normal',
    ...base,
  },
  isolation: {
    id: 'rate-limit.isolation',
    title: 'Exhausting one token does not limit another',
    severity: 'normal',
    ...base,
  },
  forwardedFor: {
    id: 'rate-limit.forwarded-for.no-reset',
    title: 'A spoofed X-Forwarded-For does not reset the per-token limit',
    severity: 'normal',
    ...base,
  },
  headers: {
    id: 'rate-limit.headers.consistent',
    title: 'Rate-limit headers agree with the observed behaviour',
    severity: 'minor',
    ...base,
  },
} satisfies Record<string, CheckDef>;

interface Phase {
  name: string;
  samples: ProbeSample[];
  /** Monotonic time at which the probe stopped sending. */
  endMs?: number;
}

test.describe('rate limit @rate-limit', () => {
  test('rate limit behaves as documented', async ({
    settings,
    secrets,
    apiContext,
    redactor,
    checks,
  }, testInfo) => {
    // Four 10-second probes, a burst, recovery and isolation; on a shared token also the pauses.
    test.setTimeout(180_000);
    const target = new AuthTarget(settings, secrets, apiContext, redactor);
    const tokens = new ProbeTokens(target);
    const limit = settings.rateLimitPerSecond;
    const policy: LimitPolicy = { limit, windowMs: 1000 };
    const documented = `${limit} requests per second per token; excess requests get 429 with Retry-After`;
    const phases: Phase[] = [];
    const record = async (phase: Phase): Promise<Phase> => {
      phases.push(phase);
      await attachTimeline(testInfo, phase, target);
      return phase;
    };

    const burstToken = await tokens.next('burst');
    const burst = await test.step('burst', async () => {
      const samples = await sendBackToBack(target.sender(burstToken), BURST_REQUESTS, 10_000);
      return record({ name: 'burst', samples });
    });

    await test.step('recovery', async () => {
      const recovery = await probeRecovery(burst.samples, target.sender(burstToken));
      tokens.used(0);
      if (recovery) await record(recovery.phase);
      await judgeRecovery(checks, recovery?.verdict, target);
    });

    const atLimit = await test.step('at the limit', async () => {
      const token = await tokens.next('at-limit');
      const start = monotonicNow();
      const samples = await sendOnSchedule(
        target.sender(token),
        evenSchedule(atLimitRate(limit), PROBE_MS),
      );
      tokens.used(lastRetryAfter(samples));
      return record({ name: 'at-limit', samples, endMs: start + PROBE_MS });
    });

    const beyond: Phase[] = [];
    for (const factor of [2, 4]) {
      await test.step(`beyond the limit at ${factor}x`, async () => {
        const token = await tokens.next(`beyond-${factor}x`);
        const start = monotonicNow();
        const schedule = ditheredSchedule(limit * factor, PROBE_MS, factor);
        const samples = await sendOnSchedule(target.sender(token), schedule);
        tokens.used(lastRetryAfter(samples));
        beyond.push(
          await record({
            name: `beyond-${limit * factor}-per-second`,
            samples,
            endMs: start + PROBE_MS,
          }),
        );
      });
    }

    const forwarded = await test.step('spoofed X-Forwarded-For', async () => {
      const token = await tokens.next('forwarded-for');
      const samples = await sendBackToBack(
        rotateForwardedFor(target, token),
        limit * SPOOFED_FORWARDED_FOR.length,
        5_000,
      );
      tokens.used(lastRetryAfter(samples));
      return record({ name: 'forwarded-for-spoof', samples });
    });

    const isolation = await test.step('isolation', () => probeIsolation(target, tokens, limit));
    if (isolation) {
      for (const phase of isolation.phases) await record(phase);
    }

    // Verdicts, each from the timelines above.
    const all = phases.flatMap((phase) => phase.samples);
    const rejections = all.filter((sample) => isRejected(sample.status));
    const beyondRejections = [...burst.samples, ...beyond.flatMap((p) => p.samples)].filter((s) =>
      isRejected(s.status),
    );
    await checks.verdict(
      CHECKS.enforced,
      beyondRejections.length === 0
        ? {
            message: `No 429 in ${BURST_REQUESTS} back-to-back requests nor at ${limit * 2} and ${limit * 4} requests per second for ${PROBE_MS / 1000} s each: the rate limit is not enforced.`,
            received: `${all.length} requests, statuses ${statusCounts(all)}`,
            documented,
            curl: target.curl(),
          }
        : undefined,
      { message: `${beyondRejections.length} requests beyond the limit got 429.` },
    );

    await judgeBurst(checks, burst, policy, target, documented);
    await judgeErrorBody(checks, phases, target);
    await judgeRetryAfter(checks, rejections, target);

    const atLimitVerdict = judgeAtLimit(atLimit.samples, policy);
    // NOTE: "at the limit" is paced at 14/15 of the limit (2.8 per second for 3), not exactly at
    // it: sending at the limit leaves no room for timer and network jitter, which alone can put
    // limit + 1 requests into one rolling second. Any 429 at this pace fails the check, unless the
    // measured send and response times show that the target may have received more than the limit
    // within one second.
    if (atLimitVerdict.rejected === 0) {
      await checks.pass(CHECKS.atLimit, {
        message: `${atLimit.samples.length} requests at ${atLimitRate(limit).toFixed(2)} per second: no 429.`,
        data: { ...atLimitVerdict },
      });
    } else if (atLimitVerdict.harnessExceededLimit) {
      await checks.warn(
        CHECKS.atLimit,
        `${atLimitVerdict.rejected} request(s) got 429, but the probe's own timing explains them: by the measured send and response times, more than ${limit} requests may have reached the target within one second. No verdict on the target; rerun on a less loaded runner.`,
        { data: { ...atLimitVerdict } },
      );
    } else {
      await checks.fail(CHECKS.atLimit, {
        message: `${atLimitVerdict.rejected} of ${atLimit.samples.length} requests at ${atLimitRate(limit).toFixed(2)} per second got 429, although no second held more than ${atLimitVerdict.maxSentPerWindow} requests.`,
        received: `statuses ${statusCounts(atLimit.samples)}`,
        documented,
        curl: target.curl(),
        data: { ...atLimitVerdict },
      });
    }

    const segments = [burst, atLimit, ...beyond].map((phase) => phase.samples);
    const estimate = estimateLimit(segments, { maxLimit: limit * 4 });
    const fit = fitAlgorithms(segments, policy);
    await judgeThroughput(checks, beyond, limit, estimate?.perSecond, target);

    const measuredData = {
      documentedPerSecond: limit,
      estimate: estimate ?? null,
      bestFit: fit.best,
      fits: fit.fits,
    };
    if (!estimate) {
      await checks.skip(
        CHECKS.measured,
        'The probes above the limit produced no full window to measure.',
      );
    } else {
      const summary = `Measured limit ${estimate.perSecond} per second (95 % interval ${estimate.low} to ${estimate.high}, ${estimate.method} over ${estimate.windows} windows); timings fit ${estimate.algorithms.join(' or ')} best (${Math.round(estimate.score * 100)} % of outcomes predicted).`;
      const off = estimate.low > limit * 1.05 || estimate.high < limit * 0.95;
      if (off) {
        await checks.warn(CHECKS.measured, `${summary} The documented limit is ${limit}.`, {
          data: measuredData,
        });
      } else {
        await checks.pass(CHECKS.measured, { message: summary, data: measuredData });
      }
    }

    await judgeIsolation(checks, isolation?.verdict, target);
    await judgeForwardedFor(checks, forwarded, policy, target, beyondRejections.length > 0);
    await judgeHeaders(checks, phases, policy);
  });
});

/**
 * One token, each request with the next spoofed X-Forwarded-For address in turn: a limiter keyed
 * on that header gives every address a fresh quota (forwarded.ts explains why four addresses).
 */
function rotateForwardedFor(target: AuthTarget, token: string): SendOnce {
  const senders = SPOOFED_FORWARDED_FOR.map((address) =>
    target.sender(token, PROBE_PATH, { 'X-Forwarded-For': address }),
  );
  let next = 0;
  return () => senders[next++ % senders.length]!();
}

async function judgeForwardedFor(
  checks: CheckRecorder,
  phase: Phase,
  policy: LimitPolicy,
  target: AuthTarget,
  enforced: boolean,
): Promise<void> {
  if (!enforced) {
    await checks.skip(
      CHECKS.forwardedFor,
      'The limit is not enforced at all (see rate-limit.enforced), so its key cannot be judged.',
    );
    return;
  }
  const verdict = judgeForwardedForSpoof(phase.samples, policy);
  const spanMs = Math.round((phase.samples.at(-1)?.tMs ?? 0) - (phase.samples[0]?.tMs ?? 0));
  const data = { ...verdict, spanMs, addresses: [...SPOOFED_FORWARDED_FOR] };
  if (verdict.outcome === 'inconclusive') {
    await checks.skip(
      CHECKS.forwardedFor,
      `${phase.samples.length} requests took ${spanMs} ms, too slow to exceed ${policy.limit} per second, so the probe shows nothing about the limiter's key.`,
    );
    return;
  }
  const curl = target.curl(PROBE_PATH, { 'X-Forwarded-For': SPOOFED_FORWARDED_FOR[0] });
  await checks.verdict(
    CHECKS.forwardedFor,
    verdict.outcome === 'reset'
      ? {
          message: `${verdict.accepted} of ${phase.samples.length} requests of one token within ${spanMs} ms were accepted while X-Forwarded-For rotated over ${SPOOFED_FORWARDED_FOR.length} addresses, more than the ${verdict.maxAllowed} one token may send: the limit is keyed on a client-supplied header.`,
          received: `statuses ${statusCounts(phase.samples)}`,
          documented: `${policy.limit} requests per second per token, whatever X-Forwarded-For says`,
          curl,
          data,
        }
      : undefined,
    {
      message: `With X-Forwarded-For rotating, ${verdict.accepted} of ${phase.samples.length} requests were accepted (at most ${verdict.maxAllowed} allowed).`,
      data,
    },
  );
}

async function attachTimeline(testInfo: TestInfo, phase: Phase, target: AuthTarget): Promise<void> {
  const start = phase.samples[0]?.tMs ?? 0;
  const mask = target.mask;
  const body = {
    kind: 'rate-limit-timeline',
    phase: phase.name,
    samples: phase.samples.map((sample) => ({
      tMs: Math.round((sample.tMs - start) * 10) / 10,
      status: sample.status,
      latencyMs: Math.round(sample.latencyMs * 10) / 10,
      headers: mask.headers(pickHeaders(sample.headers)),
      ...(sample.error ? { error: sample.error } : {}),
    })),
  };
  await testInfo.attach(DATA_ATTACHMENT, {
    body: JSON.stringify(body),
    contentType: DATA_CONTENT_TYPE,
  });
}

/** Keeps the headers the report charts and the analysis reads, so the attachment stays small. */
function pickHeaders(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers).filter(([name]) =>
      /^(retry-after|date|x-ratelimit-.*|ratelimit.*)$/i.test(name),
    ),
  );
}

function lastRetryAfter(samples: readonly ProbeSample[]): number {
  const last = [...samples].reverse().find((sample) => isRejected(sample.status));
  if (!last) return 0;
  return parseRetryAfter(last.headers['retry-after'], last.headers.date).seconds ?? 1;
}

function statusCounts(samples: readonly ProbeSample[]): string {
  const counts = new Map<number, number>();
  for (const sample of samples) counts.set(sample.status, (counts.get(sample.status) ?? 0) + 1);
  return [...counts.entries()].map(([status, count]) => `${count}x ${status}`).join(', ');
}

async function judgeBurst(
  checks: CheckRecorder,
  burst: Phase,
  policy: LimitPolicy,
  target: AuthTarget,
  documented: string,
): Promise<void> {
  const verdict = judgeFirstRejection(burst.samples, policy);
  const spanMs = (burst.samples.at(-1)?.tMs ?? 0) - (burst.samples[0]?.tMs ?? 0);
  const data = { ...verdict, requests: burst.samples.length, spanMs: Math.round(spanMs) };
  const bounds = Object.entries(verdict.latestByAlgorithm)
    .map(([algorithm, index]) => `${algorithm} #${index === undefined ? 'none' : index + 1}`)
    .join(', ');
  const observed =
    verdict.observed === -1 ? 'no 429' : `the first 429 at request #${verdict.observed + 1}`;
  const messages: Record<typeof verdict.outcome, string | undefined> = {
    'within-bounds': undefined,
    'none-expected': undefined,
    'too-early': `${observed} of a burst over ${Math.round(spanMs)} ms: the target limits below ${policy.limit} per second.`,
    'too-late': `${observed} of a burst over ${Math.round(spanMs)} ms: more requests got through than any common algorithm allows at ${policy.limit} per second (latest first 429: ${bounds}).`,
    missing: `${observed} in ${burst.samples.length} requests over ${Math.round(spanMs)} ms, although every common algorithm rejects one (latest first 429: ${bounds}).`,
  };
  const message = messages[verdict.outcome];
  await checks.verdict(
    CHECKS.firstRejection,
    message
      ? {
          message,
          received: `${observed}; statuses ${statusCounts(burst.samples)}`,
          documented: `${documented}; the first 429 at request #${(verdict.earliestAllowed ?? policy.limit) + 1} to #${(verdict.latestAllowed ?? policy.limit) + 1}`,
          curl: target.curl(),
          data,
        }
      : undefined,
    {
      message: `${observed} of ${burst.samples.length} back-to-back requests (latest allowed: ${bounds}).`,
      data,
    },
  );
}

async function judgeErrorBody(
  checks: CheckRecorder,
  phases: readonly Phase[],
  target: AuthTarget,
): Promise<void> {
  const first = phases
    .flatMap((phase) => phase.samples)
    .find((sample) => isRejected(sample.status));
  if (!first) {
    await checks.skip(CHECKS.errorBody, 'No request got 429, so there is no 429 body to check.');
    return;
  }
  const problems = target.errorBodyProblems(first);
  // The 429 body is not documented; the general error format is expected, and a deviation is
  // reported without failing the run.
  if (problems.length > 0) {
    await checks.warn(
      CHECKS.errorBody,
      `The 429 body deviates from the error format: ${problems.join('; ')}`,
      {
        curl: target.curl(),
        httpStatus: 429,
        data: { problems },
      },
    );
  } else {
    await checks.pass(CHECKS.errorBody, {
      httpStatus: 429,
      message: '429 carries the documented error body.',
    });
  }
}

async function judgeRetryAfter(
  checks: CheckRecorder,
  rejections: readonly ProbeSample[],
  target: AuthTarget,
): Promise<void> {
  if (rejections.length === 0) {
    await checks.skip(
      CHECKS.retryAfter,
      'No request got 429, so there is no Retry-After to check.',
    );
    return;
  }
  const problems = new Map<string, number>();
  const values = new Map<string, number>();
  for (const sample of rejections) {
    const value = sample.headers['retry-after'];
    values.set(String(value), (values.get(String(value)) ?? 0) + 1);
    const parsed = parseRetryAfter(value, sample.headers.date);
    if (!parsed.valid) problems.set(parsed.problem, (problems.get(parsed.problem) ?? 0) + 1);
  }
  const seen = [...values.entries()].map(([value, count]) => `${count}x ${value}`).join(', ');
  await checks.verdict(
    CHECKS.retryAfter,
    problems.size > 0
      ? {
          message: [...problems.entries()]
            .map(([problem, count]) => `${problem} (${count} of ${rejections.length} 429s)`)
            .join('; '),
          received: `Retry-After values: ${seen}`,
          documented:
            'Retry-After as delay-seconds (whole seconds) or an HTTP-date (RFC 9110 section 10.2.3)',
          curl: target.curl(),
          httpStatus: 429,
        }
      : undefined,
    { message: `${rejections.length} 429s, Retry-After values: ${seen}.`, httpStatus: 429 },
  );
}

interface RecoveryVerdict {
  retryAfter: string | undefined;
  waitedMs: number;
  sample: ProbeSample;
}

/**
 * Waits the Retry-After of the burst's last 429 (plus 50 ms) and sends one request with the same
 * token. Retry-After: 0 gets no wait, so a target that sends it must accept at once.
 */
async function probeRecovery(
  burst: readonly ProbeSample[],
  send: SendOnce,
): Promise<{ phase: Phase; verdict: RecoveryVerdict } | undefined> {
  const last = [...burst].reverse().find((sample) => isRejected(sample.status));
  if (!last) return undefined;
  const parsed = parseRetryAfter(last.headers['retry-after'], last.headers.date);
  const seconds = Math.min(parsed.seconds ?? 1, MAX_RECOVERY_WAIT_S);
  // Counted from the response, which is when the client reads Retry-After.
  await sleep(last.tMs + last.latencyMs + seconds * 1000 + 50 - monotonicNow());
  const sample = await timedSend(send);
  return {
    phase: { name: 'recovery', samples: [last, sample] },
    verdict: { retryAfter: last.headers['retry-after'], waitedMs: sample.tMs - last.tMs, sample },
  };
}

async function judgeRecovery(
  checks: CheckRecorder,
  verdict: RecoveryVerdict | undefined,
  target: AuthTarget,
): Promise<void> {
  if (!verdict) {
    await checks.skip(
      CHECKS.recovery,
      'The burst got no 429, so there is nothing to recover from.',
    );
    return;
  }
  const { sample, retryAfter, waitedMs } = verdict;
  const data = {
    retryAfter: retryAfter ?? null,
    waitedMs: Math.round(waitedMs),
    status: sample.status,
  };
  await checks.verdict(
    CHECKS.recovery,
    sample.status !== 200
      ? {
          message: `After waiting Retry-After (${retryAfter ?? 'missing, so 1 s'}) the next request got HTTP ${sample.status}.`,
          received: `HTTP ${sample.status} after ${Math.round(waitedMs)} ms`,
          documented: 'a request sent Retry-After seconds after a 429 is accepted',
          curl: target.curl(),
          httpStatus: sample.status,
          data,
        }
      : undefined,
    {
      message: `Accepted ${Math.round(waitedMs)} ms after the last 429 (Retry-After: ${retryAfter ?? 'missing'}).`,
      data,
    },
  );
}

interface IsolationVerdict {
  exhaustedRejections: number;
  partner: ProbeSample[];
}

/**
 * Exhausts one token with a back-to-back burst, then at once sends `limit` requests with a second
 * token of the same tenant: with a per-token limit all of them are accepted.
 */
async function probeIsolation(
  target: AuthTarget,
  tokens: ProbeTokens,
  limit: number,
): Promise<{ phases: Phase[]; verdict: IsolationVerdict } | undefined> {
  const pair = await tokens.partners();
  if (!pair) return undefined;
  const [first, second] = pair;
  const exhausted = await sendBackToBack(target.sender(first), limit * 2 + 2, 5_000);
  const partner = await sendBackToBack(target.sender(second), limit, 5_000);
  tokens.used(Math.max(lastRetryAfter(exhausted), lastRetryAfter(partner)));
  return {
    phases: [
      { name: 'isolation-exhausted', samples: exhausted },
      { name: 'isolation-partner', samples: partner },
    ],
    verdict: { exhaustedRejections: exhausted.filter((s) => isRejected(s.status)).length, partner },
  };
}

async function judgeIsolation(
  checks: CheckRecorder,
  verdict: IsolationVerdict | undefined,
  target: AuthTarget,
): Promise<void> {
  if (!verdict) {
    await checks.skip(
      CHECKS.isolation,
      'Isolation needs two tokens, and only one is configured.',
      'EXTO_TOKENS with two or more tokens (one per line)',
    );
    return;
  }
  if (verdict.exhaustedRejections === 0) {
    await checks.skip(
      CHECKS.isolation,
      'The first token got no 429, so it could not be exhausted.',
    );
    return;
  }
  const rejected = verdict.partner.filter((sample) => isRejected(sample.status)).length;
  await checks.verdict(
    CHECKS.isolation,
    rejected > 0
      ? {
          message: `With the first token exhausted, ${rejected} of ${verdict.partner.length} requests of a second token of the same tenant got 429: the limit is not counted per token.`,
          received: `second token: ${statusCounts(verdict.partner)}`,
          documented: 'the limit is counted per token',
          curl: target.curl(),
        }
      : undefined,
    {
      message: `A second token of the same tenant got ${statusCounts(verdict.partner)} while the first was exhausted.`,
    },
  );
}

/**
 * Accepted throughput of each probe above the limit must stay within 10 % of the documented limit.
 */
// NOTE: throughput below the band fails only when the model-fit estimate is below the documented
// limit too. A fixed window that opens at the first request loses the time between its close and
// the next request, so a limiter of exactly 3 per second delivers about 2.8 to a 6-per-second
// client; that is the algorithm, not a stricter limit.
async function judgeThroughput(
  checks: CheckRecorder,
  beyond: readonly Phase[],
  limit: number,
  estimatedLimit: number | undefined,
  target: AuthTarget,
): Promise<void> {
  const results = beyond.map((phase) => ({
    phase: phase.name,
    throughput: estimateThroughput(
      phase.samples,
      phase.endMs !== undefined ? { endMs: phase.endMs } : {},
    ),
  }));
  const problems: string[] = [];
  for (const { phase, throughput } of results) {
    if (!throughput) {
      problems.push(`${phase}: no full window to measure`);
      continue;
    }
    const rate = throughput.perSecond;
    const text = `${phase}: ${rate.toFixed(2)} accepted per second`;
    if (rate > limit * (1 + THROUGHPUT_TOLERANCE)) problems.push(`${text}, above ${limit}`);
    else if (rate < limit * (1 - THROUGHPUT_TOLERANCE) && (estimatedLimit ?? 0) < limit) {
      problems.push(`${text}, below ${limit}`);
    }
  }
  const data = { documentedPerSecond: limit, tolerance: THROUGHPUT_TOLERANCE, phases: results };
  const summary = results
    .map(
      ({ phase, throughput }) =>
        `${phase}: ${throughput ? throughput.perSecond.toFixed(2) : 'n/a'}`,
    )
    .join(', ');
  await checks.verdict(
    CHECKS.throughput,
    problems.length > 0
      ? {
          message: `Accepted throughput beyond the limit is not within 10 % of ${limit} per second: ${problems.join('; ')}.`,
          received: summary,
          documented: `${limit} accepted requests per second per token, whatever the client sends`,
          curl: target.curl(),
          data,
        }
      : undefined,
    { message: `Accepted per second: ${summary}.`, data },
  );
}

async function judgeHeaders(
  checks: CheckRecorder,
  phases: readonly Phase[],
  policy: LimitPolicy,
): Promise<void> {
  let present = false;
  const findings: string[] = [];
  // One phase is one token, so Remaining is compared only within a phase.
  for (const phase of phases) {
    const result = checkHeaderConsistency(phase.samples, policy);
    present ||= result.present;
    for (const finding of result.findings)
      findings.push(`${phase.name} #${finding.index + 1}: ${finding.message}`);
  }
  if (!present) {
    await checks.skip(CHECKS.headers, 'The target sends no RateLimit-* or X-RateLimit-* headers.');
    return;
  }
  const shown = findings.slice(0, 5);
  await checks.verdict(
    CHECKS.headers,
    findings.length > 0
      ? {
          message: `${findings.length} inconsistencies: ${shown.join('; ')}${findings.length > shown.length ? '; ...' : ''}`,
          received: shown.join('; '),
          documented: `headers that match ${policy.limit} per second and the observed 429s`,
          data: { findings },
        }
      : undefined,
    { message: 'Rate-limit headers agree with the observed accepts and 429s.' },
  );
}
