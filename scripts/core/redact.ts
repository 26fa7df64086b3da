/**
 * Redaction applied once on the way out: logs, reports, attachments, curl lines and k6 summaries.
 * Runtime-neutral so k6's handleSummary can use it too.
 */

/** The fixed marker that replaces every secret. */
export const REDACTED = '***';

/** Header names whose values are always secret, compared in lower case. */
const SECRET_HEADERS = new Set([
  'authorization',
  'proxy-authorization',
  'cookie',
  'set-cookie',
  'x-admin-secret',
  'ocp-apim-subscription-key',
  'x-api-key',
  'api-key',
]);

/** JSON keys whose values are always secret, compared in lower case. */
const SECRET_KEYS =
  /^(authorization|token|tokens|access_?token|id_?token|refresh_?token|password|secret|admin_?secret|api_?key|private_?key|accesstokenprivatekey)$/i;

/** Shortest configured secret that is replaced inside text; shorter values would mask ordinary words. */
const MIN_SECRET_LENGTH = 6;

export class Redactor {
  private readonly secrets: string[];

  constructor(secrets: Iterable<string | undefined> = []) {
    // Longest first, so a secret that contains another is replaced whole.
    this.secrets = [
      ...new Set([...secrets].filter((s): s is string => !!s && s.length >= MIN_SECRET_LENGTH)),
    ].sort((a, b) => b.length - a.length);
  }

  /** Returns a redactor that also masks `more`. */
  with(more: Iterable<string | undefined>): Redactor {
    return new Redactor([...this.secrets, ...more]);
  }

  /** Masks every configured secret and every bearer credential in free text. */
  text(value: string): string {
    let out = value;
    for (const secret of this.secrets) out = out.split(secret).join(REDACTED);
    // The lookahead leaves challenge parameters such as `Bearer error="invalid_token"` readable:
    // credentials never contain `=` followed by a letter or a quote, auth-params always do.
    return out.replace(
      /\b(Bearer|Basic)\s+(?![A-Za-z][\w-]*=["A-Za-z])[A-Za-z0-9._~+/=-]+/gi,
      `$1 ${REDACTED}`,
    );
  }

  /** Masks secret header values, keeping the names so a reader sees what was sent. */
  headers(headers: Record<string, string>): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [name, value] of Object.entries(headers)) {
      out[name] = SECRET_HEADERS.has(name.toLowerCase())
        ? maskHeaderValue(value)
        : this.text(value);
    }
    return out;
  }

  /** Deep copy of a JSON value with secret keys and secret text masked. */
  json<T>(value: T): T {
    return this.walk(value) as T;
  }

  private walk(value: unknown): unknown {
    if (typeof value === 'string') return this.text(value);
    if (Array.isArray(value)) return value.map((item) => this.walk(item));
    if (value && typeof value === 'object') {
      const out: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(value)) {
        // Only strings and structures can hold a credential; a count under a key such as `tokens` stays.
        const secret =
          SECRET_KEYS.test(key) && typeof item !== 'number' && typeof item !== 'boolean';
        out[key] = secret && item != null && item !== '' ? REDACTED : this.walk(item);
      }
      return out;
    }
    return value;
  }
}

/** Keeps the scheme of an Authorization value (`Bearer ***`) because the scheme is what a test varies. */
function maskHeaderValue(value: string): string {
  const scheme = /^(\S+)\s+\S/.exec(value);
  return scheme ? `${scheme[1]} ${REDACTED}` : REDACTED;
}
