/**
 * Where the CLI writes: injected so tests run commands in-process and read what they printed.
 *
 * @example
 * const out: string[] = [];
 * const io: CliIo = { stdout: (t) => out.push(t), stderr: (t) => out.push(t) };
 */

export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

/** The process's own streams. */
export const processIo: CliIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};
