/**
 * The error every malformed spec ends in: bad YAML or JSON, a dangling `$ref`, an unknown format, a
 * schema ajv cannot compile. The CLI maps it to exit code 2.
 */
export class SpecError extends Error {
  override readonly name = 'SpecError';
  /** File path or URL of the document. */
  readonly file: string;
  /** JSON pointer in URI-fragment form (`#/paths/~1a/get`), or `#` for the whole document. */
  readonly pointer: string;
  /** What is wrong, without the location. */
  readonly problem: string;
  /** What the author should change. */
  readonly fix: string;

  constructor(details: { file: string; pointer: string; problem: string; fix: string }) {
    const fix = details.fix.replace(/\.?$/, '.');
    super(`Invalid spec ${details.file} at ${details.pointer}: ${details.problem} Fix: ${fix}`);
    this.file = details.file;
    this.pointer = details.pointer;
    this.problem = details.problem;
    this.fix = fix;
  }
}

export function isSpecError(error: unknown): error is SpecError {
  return error instanceof SpecError;
}
