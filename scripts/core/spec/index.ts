/**
 * Public entry of the spec validators, shared by the Playwright suites and k6 (no Node built-ins).
 * Loading a document from a file or URL is Node-side: see scripts/lib/spec-loader.ts.
 */
export { SpecError, isSpecError } from './errors.ts';
export { collectExamples, type EmbeddedExample } from './examples.ts';
export { extractOperations } from './operations.ts';
export { encodePointerToken, parsePointer, resolvePointer, toPointer } from './pointer.ts';
export { essenceOf, matchMediaType, matchStatusKey } from './status.ts';
export {
  createValidators,
  DEFAULT_MAX_ERRORS,
  type CompiledValidators,
  type ValidatorOptions,
  type ValidatorSource,
} from './validators.ts';
export type * from './types.ts';
