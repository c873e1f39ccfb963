// Runs the program in-process with its own input, environment, clock and terminal; temp dirs per test.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, afterEach } from 'vitest';
import { run } from '../src/program.js';

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface CliSetup {
  readonly stdin?: string;
  readonly env?: Record<string, string>;
  /** The application clock; default a fixed instant in January 2026, after every fixture. */
  readonly now?: string;
  readonly tty?: boolean;
}

export const NOW = '2026-01-05T09:00:00Z';

export const cli = async (args: readonly string[], setup: CliSetup = {}): Promise<CliRun> => {
  const out: string[] = [];
  const err: string[] = [];
  const code = await run(args, {
    stdout: (t) => out.push(t),
    stderr: (t) => err.push(t),
    stdin: Readable.from(setup.stdin === undefined ? [] : [setup.stdin]),
    env: setup.env ?? {},
    stderrIsTTY: setup.tty ?? false,
    now: () => setup.now ?? NOW,
  });
  return { code, stdout: out.join(''), stderr: err.join('') };
};

const perTest: string[] = [];
const perFile: string[] = [];
const remove = (dirs: string[]) => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
};
afterEach(() => remove(perTest));
afterAll(() => remove(perFile));

/** A fresh directory under the OS temp dir, removed after the test (or, for `beforeAll` fixtures, after the file). */
export const tempDir = (lifetime: 'test' | 'file' = 'test'): string => {
  const dir = mkdtempSync(join(tmpdir(), 'cim-cli-'));
  (lifetime === 'test' ? perTest : perFile).push(dir);
  return dir;
};

/** JSON lines of commands, as `exec` reads them. */
export const jsonLines = (...values: readonly unknown[]): string => `${values.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))).join('\n')}\n`;
