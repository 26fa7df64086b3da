/**
 * Restart and key rotation (destructive). A restart without a key change must leave tokens
 * working, because an ephemeral key would end them all. After the Access Token Private Key
 * changes, every token issued before must get 401 and a token issued after must work at once.
 * Runs only with --allow-destructive: on the reference server the admin interface restarts and
 * rotates, on a real deployment the operator's commands do. Rotation runs last, because it ends
 * every token of the run.
 */
import { test, type CheckDef, type CheckRecorder } from '../fixtures.ts';
import { DATA_ATTACHMENT, DATA_CONTENT_TYPE } from '../../scripts/core/types.ts';
import { pollWithBackoff, type ProbeSample } from '../../scripts/lib/probe.ts';
import { AuthTarget, PROBE_PATH } from '../auth/target.ts';
import { NEW_TOKEN_MARKER, runRotationHook } from './rotation-hook.ts';

const base = { method: 'GET', path: PROBE_PATH } as const;
const CHECKS = {
  restart: {
    id: 'auth.restart.tokens-survive',
    title: 'Tokens keep working after a restart without a key change',
    severity: 'critical',
    ...base,
  },
  oldRejected: {
    id: 'auth.key-rotation.old-tokens-rejected',
    title: 'Tokens issued before a key rotation get 401',
    severity: 'critical',
    ...base,
  },
  newAccepted: {
    id: 'auth.key-rotation.new-token-accepted',
    title: 'A token issued after a key rotation works at once',
    severity: 'critical',
    ...base,
  },
} satisfies Record<string, CheckDef>;

/** Statuses that mean the target is still coming back from a restart, so the poll goes on. */
const RESTARTING = new Set([0, 429, 502, 503, 504]);
/** Maximum wait for the target to respond again after the restart command returned. */
const RESTART_WAIT_MS = 120_000;

test.describe('key rotation @destructive', () => {
  test('restart keeps tokens working', async ({
    settings,
    secrets,
    apiContext,
    redactor,
    checks,
  }, testInfo) => {
    test.setTimeout(RESTART_WAIT_MS + 150_000);
    const target = new AuthTarget(settings, secrets, apiContext, redactor);
    const def = CHECKS.restart;
    if (!settings.allowDestructive) {
      await checks.skipTest(
        def,
        'A restart interrupts the target, so it runs only when destructive checks are allowed.',
        target.canMint ? '--allow-destructive' : '--allow-destructive --restart-command',
      );
      return;
    }
    if (!target.canMint && !settings.restartCommand) {
      await checks.skipTest(
        def,
        'No restart hook: a real deployment needs the command that restarts the Data API without changing its key.',
        '--restart-command',
      );
      return;
    }

    const tokens = target.canMint
      ? [(await target.mint({ name: 'conformance-before-restart' })).token]
      : [...target.configuredTokens];
    const before = await Promise.all(tokens.map((token) => target.send(token)));
    const working = tokens.filter((_, index) => before[index]!.status === 200);
    if (working.length === 0) {
      await checks.skipTest(
        def,
        `No token worked before the restart (statuses ${before.map((s) => s.status).join(', ')}), so the restart was not run.`,
      );
      return;
    }

    if (target.canMint) {
      const reply = await target.admin('POST', '/restart');
      if (reply.status !== 200) throw new Error(`POST /_admin/restart answered ${reply.status}.`);
    } else {
      const hook = await runRotationHook(settings.restartCommand!, target.mask);
      if (!hook.ok) {
        throw new Error(
          `The restart command failed with exit code ${hook.exitCode} after ${Math.round(hook.durationMs)} ms; ` +
            `fix --restart-command. Output (secrets masked):\n${hook.output}`,
        );
      }
    }
    // Polls at most every second per token, under the limit of each token.
    const polls = await Promise.all(
      working.map((token) =>
        pollWithBackoff(
          () => target.send(token),
          (sample) => !RESTARTING.has(sample.status),
          { maxMs: RESTART_WAIT_MS, firstDelayMs: 1_000, maxDelayMs: 5_000 },
        ),
      ),
    );
    const finals = polls.map((poll) => poll.met ?? poll.attempts.at(-1)!.result);
    const timing = {
      kind: 'token-timing',
      event: 'restart',
      // Not `tokens`: the Redactor masks everything under that key, so the report showed "***".
      perToken: polls.map((poll) => ({
        answeredAfterMs: poll.elapsedMs === undefined ? null : Math.round(poll.elapsedMs),
        finalStatus: poll.attempts.at(-1)?.result.status ?? null,
        attempts: poll.attempts.length,
      })),
    };
    await testInfo.attach(DATA_ATTACHMENT, {
      body: JSON.stringify(timing),
      contentType: DATA_CONTENT_TYPE,
    });
    const statuses = finals.map((sample) => sample.status);
    const silent = polls.filter((poll) => !poll.met).length;
    const rejected = statuses.filter((status) => status !== 200 && !RESTARTING.has(status));
    let failure: string | undefined;
    if (rejected.length > 0) {
      failure = `${rejected.length} of ${finals.length} token(s) that worked before the restart got ${rejected.join(', ')} after it: the Access Token Private Key changed on restart, as an ephemeral key does.`;
    } else if (silent > 0) {
      failure = `${silent} of ${finals.length} token(s) got no answer but ${[...new Set(statuses)].join(', ')} for ${RESTART_WAIT_MS / 1000} s after the restart.`;
    }
    await checks.verdict(
      def,
      failure
        ? {
            message: failure,
            received: `statuses after the restart: ${statuses.join(', ')}`,
            documented:
              'only a change of the Access Token Private Key ends tokens, as the Exto documentation states; a restart keeps them working',
            curl: target.curl(),
            data: timing,
          }
        : undefined,
      {
        message: `${finals.length} token(s) got 200 after the restart.`,
        data: timing,
      },
    );
  });

  test('key rotation ends old tokens', async ({
    settings,
    secrets,
    apiContext,
    redactor,
    checks,
  }, testInfo) => {
    test.setTimeout(300_000);
    const target = new AuthTarget(settings, secrets, apiContext, redactor);
    if (!settings.allowDestructive) {
      const enable = target.canMint
        ? '--allow-destructive'
        : '--allow-destructive --rotate-key-command';
      await checks.skip(
        CHECKS.newAccepted,
        'Key rotation ends every token of the target, so it runs only when allowed.',
        enable,
      );
      await checks.skipTest(
        CHECKS.oldRejected,
        'Key rotation ends every token of the target, so it runs only when allowed.',
        enable,
      );
      return;
    }
    if (!target.canMint && !settings.rotateKeyCommand) {
      const reason =
        'No rotation hook: a real deployment needs the command that changes the Access Token Private Key.';
      await checks.skip(CHECKS.newAccepted, reason, '--rotate-key-command');
      await checks.skipTest(CHECKS.oldRejected, reason, '--rotate-key-command');
      return;
    }

    // Tokens issued before the rotation: a fresh one on the reference server, else the run's own.
    const old = target.canMint
      ? [(await target.mint({ name: 'conformance-before-rotation' })).token]
      : [...target.configuredTokens];
    const before = await Promise.all(old.map((token) => target.send(token)));
    const working = old.filter((_, index) => before[index]!.status === 200);
    if (working.length === 0) {
      await checks.skip(
        CHECKS.newAccepted,
        'No token worked before the rotation, so the rotation was not run.',
      );
      await checks.skipTest(
        CHECKS.oldRejected,
        `No token worked before the rotation (statuses ${before.map((s) => s.status).join(', ')}), so the rotation was not run.`,
      );
      return;
    }

    let newToken: string | undefined;
    let markerProblem: string | undefined;
    if (target.canMint) {
      const reply = await target.admin('POST', '/rotate-key');
      if (reply.status !== 200)
        throw new Error(`POST /_admin/rotate-key answered ${reply.status}.`);
    } else {
      const hook = await runRotationHook(settings.rotateKeyCommand!, target.mask);
      if (!hook.ok) {
        throw new Error(
          `The rotation command failed with exit code ${hook.exitCode} after ${Math.round(hook.durationMs)} ms; ` +
            `fix --rotate-key-command. Output (secrets masked):\n${hook.output}`,
        );
      }
      newToken = hook.newToken;
      markerProblem = hook.markerProblem;
      if (newToken) target.redact(newToken);
    }
    const boundMs = settings.revocationBoundSeconds * 1000;
    // Polls at most every 400 ms, under the limit of 3 per second of each old token.
    const polls = await Promise.all(
      working.map((token) =>
        pollWithBackoff(
          () => target.send(token),
          (sample) => sample.status !== 200 && sample.status !== 429,
          { maxMs: Math.max(2 * boundMs, 10_000), firstDelayMs: 400 },
        ),
      ),
    );
    if (target.canMint)
      newToken = (await target.mint({ name: 'conformance-after-rotation' })).token;

    const lastAccepted = polls.map((poll) =>
      Math.max(
        -1,
        ...poll.attempts.filter(({ result }) => result.status === 200).map(({ tMs }) => tMs),
      ),
    );
    const keptWorkingMs = Math.max(...lastAccepted);
    const timing = {
      kind: 'token-timing',
      event: 'key-rotation',
      boundMs,
      oldTokens: polls.map((poll, index) => ({
        lastAcceptedMs: lastAccepted[index]! >= 0 ? lastAccepted[index] : null,
        firstRejectedMs: poll.elapsedMs ?? null,
        finalStatus: poll.attempts.at(-1)?.result.status ?? null,
      })),
    };
    await testInfo.attach(DATA_ATTACHMENT, {
      body: JSON.stringify(timing),
      contentType: DATA_CONTENT_TYPE,
    });

    await judgeOldTokens(
      checks,
      target,
      polls.map((poll) => poll.met ?? poll.attempts.at(-1)!.result),
      keptWorkingMs,
      boundMs,
      timing,
    );

    if (!newToken) {
      const printed = markerProblem
        ? `The rotation command printed a ${NEW_TOKEN_MARKER}= line, but ${markerProblem}`
        : `The rotation command printed no line ${NEW_TOKEN_MARKER}=<token> on stdout`;
      await checks.skip(
        CHECKS.newAccepted,
        `${printed}, so no token issued after the rotation is available.`,
        `--rotate-key-command whose stdout includes the line ${NEW_TOKEN_MARKER}=<token issued after the rotation>`,
      );
      return;
    }
    // The first request right away and one a second later: a stale key cache shows on either.
    const first = await target.send(newToken);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const second = await target.send(newToken);
    const statuses = [first.status, second.status];
    await checks.verdict(
      CHECKS.newAccepted,
      statuses.some((status) => status !== 200)
        ? {
            message: `A token issued after the rotation got ${statuses.join(' then ')}.`,
            received: statuses.join(', '),
            documented: '200 on the first request after the rotation and after',
            curl: target.curl(),
            httpStatus: statuses.find((status) => status !== 200)!,
          }
        : undefined,
      { message: 'A token issued after the rotation got 200 at once and a second later.' },
    );
  });
});

async function judgeOldTokens(
  checks: CheckRecorder,
  target: AuthTarget,
  finals: readonly ProbeSample[],
  keptWorkingMs: number,
  boundMs: number,
  timing: Record<string, unknown>,
): Promise<void> {
  const stillWorking = finals.filter(
    (sample) => sample.status === 200 || sample.status === 429,
  ).length;
  const wrongStatus = finals.filter(
    (sample) => sample.status !== 401 && sample.status !== 200 && sample.status !== 429,
  );
  const kept =
    keptWorkingMs < 0 ? '0 s (rejected at once)' : `${(keptWorkingMs / 1000).toFixed(1)} s`;
  let failure: string | undefined;
  if (stillWorking > 0)
    failure = `${stillWorking} of ${finals.length} token(s) issued before the rotation still work ${kept} after it.`;
  else if (keptWorkingMs > boundMs)
    failure = `Tokens issued before the rotation kept working for ${kept}, longer than ${boundMs / 1000} s.`;
  else if (wrongStatus.length > 0) {
    failure = `Tokens issued before the rotation got ${wrongStatus.map((s) => s.status).join(', ')} instead of 401.`;
  }
  await checks.verdict(
    CHECKS.oldRejected,
    failure
      ? {
          message: failure,
          received: `final statuses ${finals.map((s) => s.status).join(', ')}; old tokens kept working for ${kept}`,
          documented:
            'every token issued before an Access Token Private Key change stops working at once (401)',
          curl: target.curl(),
          data: timing,
        }
      : undefined,
    {
      message: `Old tokens got 401; they kept working for ${kept} after the rotation.`,
      data: timing,
    },
  );
}
