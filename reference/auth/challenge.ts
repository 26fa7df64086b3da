import type { VerifyResult } from './types.ts';

/**
 * Returns the `WWW-Authenticate` value for a 401 (RFC 6750 §3): a bare `Bearer` challenge when the
 * request carried no credentials, `Bearer error="invalid_token"` for every rejected token. Returns
 * undefined for a valid token. The reason stays in the error body, not in the challenge.
 */
export function wwwAuthenticate(result: VerifyResult): string | undefined {
  if (result.ok) return undefined;
  return result.reason === 'missing' ? 'Bearer' : 'Bearer error="invalid_token"';
}
