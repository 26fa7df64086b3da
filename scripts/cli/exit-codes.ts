/** The CLI's exit codes, as documented in ARCHITECTURE.md. */
export const EXIT = {
  conformant: 0,
  checkFailed: 1,
  usage: 2,
  unreachable: 3,
  interrupted: 130,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** An error that ends the command with a known exit code and a one-line explanation. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** Raised when SIGINT or SIGTERM arrives, so every step unwinds and the CLI exits 130. */
export class InterruptedError extends Error {
  constructor() {
    super('Interrupted.');
    this.name = 'InterruptedError';
  }
}
