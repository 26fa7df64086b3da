/**
 * Response-schema checks inside k6, with the same compiled validators the Playwright suites use
 * (scripts/core/spec/validators.ts, with ajv bundled into the scenario by esbuild). The Node side
 * writes the bundled OpenAPI document to EXTO_LOAD_SCHEMAS_FILE. The init context reads it with
 * `open()`, and each VU compiles a schema once, on first use.
 */
import { createValidators, type ValidatorSource } from '../../scripts/core/spec/validators.ts';

export interface SchemaChecker {
  /**
   * Returns the first schema error as one sentence, null when the body conforms, and undefined
   * when no schema applies (no schema file, or no schema documented for this status).
   */
  check(
    operationId: string,
    status: number,
    contentType: string | undefined,
    body: unknown,
  ): string | null | undefined;
}

/** Reads the schema file; call it from the init context, where `open()` is available. */
export function openSchemas(path: string | undefined): ValidatorSource | undefined {
  if (!path) return undefined;
  return JSON.parse(open(path)) as ValidatorSource;
}

export function createSchemaChecker(source: ValidatorSource | undefined): SchemaChecker {
  if (!source) return { check: () => undefined };
  const validators = createValidators(source, { maxErrors: 1 });
  return {
    check(operationId, status, contentType, body) {
      const verdict = validators.validateResponse(operationId, status, contentType, body);
      if (!verdict.matchedStatusKey || body === undefined) return undefined;
      return verdict.schemaErrors[0]?.message ?? null;
    },
  };
}
