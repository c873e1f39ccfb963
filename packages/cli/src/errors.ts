/**
 * Errors the CLI reports as one line on stderr with an exit code: a usage error (bad arguments,
 * exit 2) or a failure of the operation itself (exit 1).
 *
 * @example
 * throw usageError('--year must be a year from 2000 to 2100, got "20x5"');
 */

/**
 * Exit codes: 0 success, 1 the operation failed, 2 the arguments were wrong, 3 the output was
 * written but is incomplete (a report that had to leave out streams it could not read).
 */
export const EXIT = { ok: 0, failure: 1, usage: 2, incomplete: 3 } as const;

export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** Bad arguments: exit 2. */
export const usageError = (message: string): CliError => new CliError(message, EXIT.usage);

/** The operation failed: exit 1. */
export const failure = (message: string): CliError => new CliError(message, EXIT.failure);

/**
 * Ends a command with an exit code after it has said everything itself (exec's result lines
 * already name each rejection), so nothing more is printed.
 */
export class QuietExit extends Error {
  constructor(readonly exitCode: number) {
    super(`exit ${exitCode}`);
    this.name = 'QuietExit';
  }
}
