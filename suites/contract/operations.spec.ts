/**
 * Spec-driven checks, generated at collection time for every operation of the loaded document:
 * credentials, a valid call (status, content type, schema) and invalid parameters.
 */
import { test } from '../fixtures.ts';
import type { Operation } from '../../scripts/core/spec/types.ts';
import type { ApiResponse, AuthMode } from '../support/api.ts';
import {
  checkMessage,
  checkRejected,
  checkValidResponse,
  contractDefs,
  isNotServed,
  operationCheck,
} from '../support/contract-checks.ts';
import { errorBodyProblems, preview } from '../support/expectations.ts';
import { documentedMessages, messageForCase, reportedCase } from '../support/messages.ts';
import {
  applyNegativeCase,
  negativeCases,
  prepareValidRequest,
  type NegativeCase,
} from '../support/requests.ts';
import { fillPath, isProtected, loadSpecForCollection, operationLabel } from '../support/spec.ts';
import { requireWritesForProbe, validCallSkipReason } from '../support/write-scope.ts';

const collected = await loadSpecForCollection();

/** A token that no deployment issued: long enough to look real, random so it is never valid. */
const GARBAGE_TOKEN = `exto-conformance-not-a-token-${'x'.repeat(24)}`;

for (const operation of collected?.loaded.operations ?? []) {
  const label = operationLabel(operation);

  if (isProtected(operation)) {
    test(
      `${label} rejects a missing token`,
      { tag: ['@contract', '@auth'] },
      async ({ anonymousApi, checks, settings }) => {
        const defs = contractDefs(operation);
        const def = operationCheck(
          operation,
          `auth.${operation.operationId}.no-token.rejected`,
          `${label} rejects a request without a token`,
          'blocker',
        );
        await requireWritesForProbe(checks, operation, settings, [def, defs.served]);
        const response = await anonymousApi.send({ ...probeRequest(operation), auth: 'none' });
        const base = { curl: response.curl, httpStatus: response.status };
        if (response.status === 404) {
          await checks.warn(
            defs.served,
            `${label} answered 404: the target does not serve this documented operation.`,
            base,
          );
          await checks.skipTest(def, 'The target does not serve this operation (404).');
        }
        await checks.pass(defs.served, base);
        await checks.verdict(
          def,
          response.status === 401
            ? undefined
            : {
                message:
                  response.status < 300
                    ? 'The operation answered without any credentials.'
                    : 'A request without a token must get 401.',
                received: `${response.status} ${preview(response.text)}`,
                documented: '401 with the error body',
                ...base,
              },
          base,
        );
        await reportErrorFormat(checks, operation, response);
      },
    );

    test(
      `${label} rejects malformed Authorization headers`,
      { tag: ['@contract', '@auth'] },
      async ({ anonymousApi, checks, token, settings }) => {
        const def = operationCheck(
          operation,
          `auth.${operation.operationId}.malformed-header.rejected`,
          `${label} rejects malformed Authorization headers with 401`,
          'blocker',
        );
        await requireWritesForProbe(checks, operation, settings, [def]);
        if (!token)
          await checks.skipTest(def, 'No token to build header variants from.', 'EXTO_TOKENS');
        const variants: { name: string; auth: AuthMode }[] = [
          { name: 'token without a scheme', auth: { header: token! } },
          {
            name: 'lower-case bearer with a garbage token',
            auth: { header: `bearer ${GARBAGE_TOKEN}` },
          },
          {
            name: 'two spaces before a garbage token',
            auth: { header: `Bearer  ${GARBAGE_TOKEN}` },
          },
          { name: 'empty credentials', auth: { header: 'Bearer ' } },
          { name: 'garbage token', auth: { header: `Bearer ${GARBAGE_TOKEN}` } },
        ];
        const problems: string[] = [];
        let firstBad: ApiResponse | undefined;
        let last: ApiResponse | undefined;
        for (const variant of variants) {
          const response = await anonymousApi.send({
            ...probeRequest(operation),
            auth: variant.auth,
          });
          last = response;
          // An empty credential is syntactically broken, so 400 invalid_request is acceptable too.
          const accepted = variant.name === 'empty credentials' ? [400, 401] : [401];
          if (response.status === 404) {
            await checks.skipTest(def, 'The target does not serve this operation (404).');
          }
          if (!accepted.includes(response.status)) {
            problems.push(`${variant.name}: ${response.status}`);
            firstBad ??= response;
          }
        }
        const shown = firstBad ?? last!;
        await checks.verdict(
          def,
          problems.length === 0
            ? undefined
            : {
                message: 'Malformed Authorization headers must get 401, never a success or a 5xx.',
                received: problems.join('; '),
                documented: '401 for every variant (400 also accepted for empty credentials)',
                curl: shown.curl,
                httpStatus: shown.status,
              },
          { curl: shown.curl, httpStatus: shown.status },
        );
      },
    );
  }

  if (operation.method === 'get') {
    test(
      `${label} answers a valid request as documented`,
      { tag: '@contract' },
      async ({ api, anonymousApi, spec, discovery, checks }) => {
        const prepared = await prepareValidRequest(operation, discovery);
        const defs = contractDefs(operation);
        if (!prepared.ok) {
          for (const def of [defs.status, defs.contentType]) {
            await checks.skip(def, prepared.reason, prepared.enableWith);
          }
          if (!isProtected(operation))
            await checks.skip(defs.served, prepared.reason, prepared.enableWith);
          await checks.skipTest(defs.schema, prepared.reason, prepared.enableWith);
        }
        const request = (prepared as Extract<typeof prepared, { ok: true }>).request;
        const client = isProtected(operation) ? api : anonymousApi;
        const response = await client.send({
          method: 'GET',
          path: request.path,
          query: request.query,
          headers: request.headers,
          auth: isProtected(operation) ? 'token' : 'none',
        });
        await checkValidResponse(checks, spec, operation, response, {
          recordServed: !isProtected(operation),
        });
      },
    );
  } else {
    test(
      `${label} answers a valid request as documented`,
      { tag: '@contract' },
      async ({ checks }) => {
        // No enabling option: --allow-writes enables the writes suite, not this check.
        await checks.skipTest(contractDefs(operation).status, validCallSkipReason(operation));
      },
    );
  }

  const negatives = operation.method === 'get' ? negativeCases(operation) : [];
  if (negatives.length > 0) {
    test(
      `${label} rejects invalid parameters`,
      { tag: '@contract' },
      async ({ api, anonymousApi, spec, discovery, checks }) => {
        const prepared = await prepareValidRequest(operation, discovery);
        const defs = negatives.map((negative) => negativeDef(operation, negative));
        if (!prepared.ok) {
          for (const def of defs.slice(1))
            await checks.skip(def, prepared.reason, prepared.enableWith);
          await checks.skipTest(defs[0]!, prepared.reason, prepared.enableWith);
        }
        const valid = (prepared as Extract<typeof prepared, { ok: true }>).request;
        const client = isProtected(operation) ? api : anonymousApi;
        const accepted = documentedClientErrors(operation);
        for (const [index, negative] of negatives.entries()) {
          const request = applyNegativeCase(valid, negative);
          const response = await client.send({
            method: 'GET',
            path: request.path,
            query: request.query,
            headers: request.headers,
            auth: isProtected(operation) ? 'token' : 'none',
          });
          if (isNotServed(operation, response)) {
            for (const def of defs.slice(index + 1))
              await checks.skip(def, 'The target does not serve this operation (404).');
            await checks.skipTest(defs[index]!, 'The target does not serve this operation (404).');
          }
          const reportOnly = reportedCase(operation, negative);
          await checkRejected(
            checks,
            defs[index]!,
            response,
            accepted,
            `${accepted.join(' or ')} with the error body, because ${negative.documented}`,
            reportOnly,
          );
          const message = messageForCase(
            documentedMessages(spec.loaded.document, operation, 400),
            negative,
          );
          if (message) {
            await checkMessage(
              checks,
              messageDef(operation, negative, message),
              response,
              400,
              message,
              reportOnly,
            );
          }
        }
      },
    );
  }
}

function messageDef(operation: Operation, negative: NegativeCase, message: string) {
  return operationCheck(
    operation,
    `errors.${operation.operationId}.${negative.parameter.name}.${negative.name}.message`,
    `${operationLabel(operation)} names the ${negative.parameter.name} problem with "${message}"`,
    'normal',
  );
}

function negativeDef(operation: Operation, negative: NegativeCase) {
  const shown =
    negative.name === 'missing'
      ? 'a missing'
      : `${negative.name} (${String(negative.value).slice(0, 20)})`;
  return operationCheck(
    operation,
    `errors.${operation.operationId}.${negative.parameter.name}.${negative.name}.rejected`,
    `${operationLabel(operation)} rejects ${shown} ${negative.parameter.name}`,
    'critical',
  );
}

/** Statuses that reject a bad parameter: 400, plus 422 where the operation documents it. */
function documentedClientErrors(operation: Operation): number[] {
  const statuses = [400];
  if (operation.responses['422']) statuses.push(422);
  return statuses;
}

/**
 * The request an auth probe sends: path placeholders filled with a harmless value, because the
 * token must be checked before anything in the path is looked up. Write operations carry no body,
 * so a server with an auth hole still has nothing to write.
 */
function probeRequest(operation: Operation) {
  const values = Object.fromEntries(
    operation.parameters.filter((p) => p.in === 'path').map((p) => [p.name, 'conformance-probe']),
  );
  return { method: operation.method.toUpperCase(), path: fillPath(operation.path, values) };
}

/**
 * 401 bodies are expected to follow the error format, but no example documents one, so a deviation
 * is a finding (warning), not a failure.
 */
async function reportErrorFormat(
  checks: import('../support/checks.ts').CheckRecorder,
  operation: Operation,
  response: ApiResponse,
): Promise<void> {
  if (response.status !== 401) return;
  const problems = errorBodyProblems(response);
  const def = operationCheck(
    operation,
    `errors.${operation.operationId}.401.format`,
    `${operationLabel(operation)} describes a 401 with the error body`,
    'minor',
  );
  const base = { curl: response.curl, httpStatus: response.status };
  if (problems.length === 0) await checks.pass(def, base);
  else
    await checks.warn(
      def,
      `The 401 body deviates from the error format: ${problems.join('; ')}.`,
      base,
    );
}
