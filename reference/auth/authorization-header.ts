/**
 * Parses an `Authorization` header value into a bearer credential. The scheme is case-insensitive
 * (RFC 9110 §11.1) and may be followed by one or more spaces (RFC 6750 §2.1). Every other shape is
 * a rejection with a reason, never an exception, because a crash here would turn a bad header into
 * a 5xx.
 */

export type ParsedAuthorization =
  { ok: true; credential: string } | { ok: false; reason: 'missing' | 'malformed'; detail: string };

/** RFC 6750 `b64token`: the only characters a bearer credential may contain. */
const B64TOKEN = /^[A-Za-z0-9\-._~+/]+=*$/;

const EXPECTED = 'Send the header as `Authorization: Bearer <token>`.';

export function parseAuthorization(
  value: string | readonly string[] | undefined,
): ParsedAuthorization {
  if (value === undefined) {
    return { ok: false, reason: 'missing', detail: `Authorization header is missing. ${EXPECTED}` };
  }
  if (typeof value !== 'string') {
    if (value.length === 0) return parseAuthorization(undefined);
    if (value.length > 1) {
      return malformed(`The request has ${value.length} Authorization headers. Send exactly one.`);
    }
    return parseAuthorization(value[0]);
  }

  // HTTP parsers strip surrounding spaces and tabs; stripping them here too keeps direct callers
  // consistent with what arrives over the wire.
  const trimmed = value.replace(/^[ \t]+|[ \t]+$/g, '');
  if (trimmed === '') return malformed(`Authorization header is empty. ${EXPECTED}`);

  const match = /^(\S+)( +)(.*)$/s.exec(trimmed);
  if (!match) {
    // A single word: either the scheme without a credential or a credential without a scheme.
    if (trimmed.toLowerCase() === 'bearer') {
      return malformed(`Authorization header has the Bearer scheme but no token. ${EXPECTED}`);
    }
    if (/\s/.test(trimmed)) {
      return malformed(
        `Authorization header separates the scheme from the token with a character other than a space. ${EXPECTED}`,
      );
    }
    return malformed(`Authorization header has no scheme. ${EXPECTED}`);
  }

  const [, scheme = '', , credential = ''] = match;
  if (scheme.toLowerCase() !== 'bearer') {
    return malformed(
      `Authorization scheme ${JSON.stringify(schemeForMessage(scheme))} is not supported. ${EXPECTED}`,
    );
  }
  if (!B64TOKEN.test(credential)) {
    return malformed(
      `Authorization header has characters after the token or a token with invalid characters. ${EXPECTED}`,
    );
  }
  return { ok: true, credential };
}

function malformed(detail: string): ParsedAuthorization {
  return { ok: false, reason: 'malformed', detail };
}

/**
 * Shows a scheme in a message only when it looks like one, because a client that sends a bare token
 * with a space in it would otherwise see part of its token echoed back.
 */
function schemeForMessage(scheme: string): string {
  return /^[A-Za-z][A-Za-z0-9-]{0,19}$/.test(scheme) ? scheme : '(not a scheme name)';
}
