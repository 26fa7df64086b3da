/**
 * JSON pointers (RFC 6901) in URI-fragment form: `~0` for `~`, `~1` for `/`, and percent-encoding for
 * characters a URI fragment may not hold, such as the braces of a path template (`%7Bid%7D`).
 */

/** Encodes one reference token: `/users/{id}` becomes `~1users~1%7Bid%7D`. */
export function encodePointerToken(token: string): string {
  const escaped = token.replace(/~/g, '~0').replace(/\//g, '~1');
  // encodeURIComponent leaves `~` alone, and it also encodes characters that a fragment allows, so
  // keep the set of encoded characters to what a fragment cannot contain.
  return escaped.replace(/[^A-Za-z0-9\-._~!$&'()*+,;=:@]/g, (char) => encodeURIComponent(char));
}

/** Builds `#/a/b~1c` from tokens. */
export function toPointer(tokens: readonly (string | number)[]): string {
  return '#' + tokens.map((token) => '/' + encodePointerToken(String(token))).join('');
}

/**
 * Splits a pointer into its tokens. Accepts the URI-fragment form (`#/a/b`) and the plain form
 * (`/a/b`); returns `undefined` when the text is not a pointer.
 */
export function parsePointer(pointer: string): string[] | undefined {
  let text = pointer;
  if (text.startsWith('#')) {
    try {
      text = decodeURIComponent(text.slice(1));
    } catch {
      return undefined;
    }
  }
  if (text === '') return [];
  if (!text.startsWith('/')) return undefined;
  return text
    .slice(1)
    .split('/')
    .map((token) => token.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** Looks up a pointer in a document; `undefined` when any token is missing. */
export function resolvePointer(document: unknown, pointer: string): unknown {
  const tokens = parsePointer(pointer);
  if (tokens === undefined) return undefined;
  let node: unknown = document;
  for (const token of tokens) {
    if (node === null || typeof node !== 'object') return undefined;
    if (!Object.prototype.hasOwnProperty.call(node, token)) return undefined;
    node = (node as Record<string, unknown>)[token];
  }
  return node;
}
