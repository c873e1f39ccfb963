/**
 * Where the CLI reads and writes, and what it asks of its process: injected so tests run
 * commands in-process with their own input, environment, clock and terminal.
 *
 * @example
 * const out: string[] = [];
 * const io: CliIo = { stdout: (t) => out.push(t), stderr: (t) => out.push(t), env: {}, now: () => '2026-01-05T09:00:00Z' };
 */

export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** What `exec` reads when no `--file` is given; default: nothing (empty input). */
  readonly stdin?: NodeJS.ReadableStream;
  /** Environment variables (`CIM_COMPLAINTS_STORE`); default: none. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Whether stderr is a terminal, so a progress bar makes sense there; default false. */
  readonly stderrIsTTY?: boolean;
  /** The application's clock as an ISO instant; default: the system clock. */
  readonly now?: () => string;
}

/** The process's own streams, environment and clock. */
export const processIo: CliIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  stdin: process.stdin,
  env: process.env,
  stderrIsTTY: process.stderr.isTTY === true,
  now: () => new Date().toISOString(),
};

/** The clock of an io, defaulting to the system clock. */
export const clockOf = (io: CliIo): (() => string) => io.now ?? (() => new Date().toISOString());
