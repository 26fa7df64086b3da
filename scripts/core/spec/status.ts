/**
 * Which documented response and media type a received response belongs to. Status precedence:
 * exact code, then a `4XX`-style range, then `default`. Media types compare on type/subtype only,
 * case-insensitively, with parameters such as `charset` ignored.
 */

/** Writes a status key the way lookups expect: ranges in upper case (`4XX`), others unchanged. */
export function normalizeStatusKey(key: string): string {
  return /^[1-5]xx$/i.test(key) ? key.toUpperCase() : key;
}

/** The documented status key that covers `httpStatus`, or `null` when none does. */
export function matchStatusKey(documented: readonly string[], httpStatus: number): string | null {
  const exact = String(httpStatus);
  if (documented.includes(exact)) return exact;
  const range = `${exact[0]}XX`;
  const rangeKey = documented.find((key) => key.toUpperCase() === range);
  if (rangeKey !== undefined) return rangeKey;
  return documented.includes('default') ? 'default' : null;
}

/** `Application/JSON; charset=utf-8` becomes `application/json`; `undefined` stays `undefined`. */
export function essenceOf(contentType: string | undefined): string | undefined {
  if (contentType === undefined) return undefined;
  const essence = contentType.split(';')[0]!.trim().toLowerCase();
  return essence === '' ? undefined : essence;
}

/**
 * The documented media-type key that matches a received Content-Type, or `null`. An exact
 * type/subtype wins over `type/*`, which wins over `*\/*`.
 */
export function matchMediaType(
  documented: readonly string[],
  contentType: string | undefined,
): string | null {
  const received = essenceOf(contentType);
  if (received === undefined) return null;
  const byEssence = new Map(documented.map((key) => [essenceOf(key), key] as const));
  const exact = byEssence.get(received);
  if (exact !== undefined) return exact;
  const wildcard = byEssence.get(`${received.split('/')[0]}/*`);
  if (wildcard !== undefined) return wildcard;
  return byEssence.get('*/*') ?? null;
}
