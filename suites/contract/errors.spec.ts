/**
 * Routing errors: an unknown path and a method the path does not support must be answered with
 * the JSON error body, not with an HTML page from a framework or an ingress.
 */
import { test } from '../fixtures.ts';
import type { CheckDef } from '../support/checks.ts';
import { checkRejected } from '../support/contract-checks.ts';

const UNKNOWN_PATH: CheckDef = {
  id: 'errors.unknown-path.format',
  title: 'An unknown path gets 404 with the error body',
  severity: 'critical',
};
const WRONG_METHOD: CheckDef = {
  id: 'errors.wrong-method.format',
  title: 'An unsupported method gets 405 with the error body',
  severity: 'critical',
};
const WRONG_METHOD_STATUS: CheckDef = {
  id: 'errors.wrong-method.status',
  title: 'An unsupported method gets 405 rather than 404',
  severity: 'minor',
};

test(
  'GET /api/v1/conformance-unknown-path answers 404 with the error body',
  { tag: '@contract' },
  async ({ api, checks }) => {
    const response = await api.get('/api/v1/conformance-unknown-path');
    await checkRejected(checks, UNKNOWN_PATH, response, [404], '404 with the error body');
  },
);

test(
  'DELETE /api/v1/build/info answers 405 with the error body',
  { tag: '@contract' },
  async ({ api, checks }) => {
    const response = await api.send({ method: 'DELETE', path: '/api/v1/build/info' });
    // Whether an unsupported method gets 404 or 405 is not documented, so 404 is a finding only.
    await checkRejected(
      checks,
      WRONG_METHOD,
      response,
      [405, 404],
      '405 (or 404) with the error body',
    );
    const base = { curl: response.curl, httpStatus: response.status };
    if (response.status === 405) {
      const allow = response.headers['allow'];
      if (allow) await checks.pass(WRONG_METHOD_STATUS, { ...base, data: { allow } });
      else
        await checks.warn(
          WRONG_METHOD_STATUS,
          'The 405 response has no Allow header (RFC 9110 requires one).',
          base,
        );
    } else if (response.status === 404) {
      await checks.warn(
        WRONG_METHOD_STATUS,
        'The target answers an unsupported method with 404, not 405.',
        base,
      );
    }
  },
);
