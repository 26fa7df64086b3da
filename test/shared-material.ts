/**
 * Paths of the reference material beside the repository (`../shared`), which CI lays out next to
 * the clone. A clone elsewhere has no such folder, so tests that read it skip with this reason
 * instead of failing on a missing file.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const SHARED_DIR = fileURLToPath(new URL('../../shared/', import.meta.url));

export const DRAFT_OPENAPI_PATH = fileURLToPath(
  new URL('../../shared/exto-api/draft-openapi.json', import.meta.url),
);

/** Returns the skip reason when `path` is absent, or false when the test can run. */
export function skipWithoutShared(path: string): string | false {
  return existsSync(path)
    ? false
    : `${path} is missing: these tests read the vendor's draft from ../shared beside the clone.`;
}
