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
  /**
   * Why standard output stopped taking what is written (`EPIPE`: the reader left; `ENOSPC`: the
   * disk is full), once it has; commands that write as they go stop there. Default: never.
   */
  readonly stdoutFailure?: () => NodeJS.ErrnoException | undefined;
  /** Calls `stop` when the user asks a long-running command to stop (SIGINT, SIGTERM); returns a release. Default: never. */
  readonly onStop?: (stop: () => void) => () => void;
}

/**
 * The process's own streams, environment and clock. A failure of standard output is recorded
 * (never thrown: a full disk or a closed pipe is not a crash) and reported by `stdoutFailure`.
 */
export const createProcessIo = (): CliIo => {
  let failure: NodeJS.ErrnoException | undefined;
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    failure ??= error;
  });
  return {
    stdout: (text) => {
      if (failure === undefined) process.stdout.write(text);
    },
    stderr: (text) => process.stderr.write(text),
    stdin: process.stdin,
    env: process.env,
    stderrIsTTY: process.stderr.isTTY === true,
    now: () => new Date().toISOString(),
    stdoutFailure: () => failure,
    onStop: (stop) => {
      const handler = () => stop();
      process.once('SIGINT', handler);
      process.once('SIGTERM', handler);
      return () => {
        process.off('SIGINT', handler);
        process.off('SIGTERM', handler);
      };
    },
  };
};

/** A standard-output failure in one line: what happened, in words, and the system's code. */
export const describeOutputFailure = (error: NodeJS.ErrnoException): string => {
  const words: Readonly<Record<string, string>> = {
    EPIPE: 'the reader closed it',
    ENOSPC: 'no space left on the device',
    EIO: 'an input/output error',
    EDQUOT: 'the disk quota is exceeded',
    EFBIG: 'the file is too large',
  };
  return `${words[error.code ?? ''] ?? 'it failed'} (${error.code ?? error.message})`;
};

/** The clock of an io, defaulting to the system clock. */
export const clockOf = (io: CliIo): (() => string) => io.now ?? (() => new Date().toISOString());
