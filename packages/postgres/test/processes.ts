// Child Node processes for the multi-process specs: they run the BUILT packages from dist.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';

const dist = fileURLToPath(new URL('../dist/index.js', import.meta.url));

/** Fails early, and says why, when the package was not built (root `pnpm test` builds first). */
export const requireBuild = (): void => {
  if (!existsSync(dist)) throw new Error(`${dist} is missing: run \`pnpm build\` before the multi-process specs`);
};

export interface Worker {
  readonly child: ChildProcessWithoutNullStreams;
  /** Every stdout line so far. */
  readonly lines: string[];
  readonly stderr: () => string;
  /** Resolves with the exit code or signal. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts `node test/workers/<script> ...args`. */
export const startWorker = (script: string, args: readonly string[]): Worker => {
  const child = spawn(process.execPath, [fileURLToPath(new URL(`./workers/${script}`, import.meta.url)), ...args], {
    cwd: fileURLToPath(new URL('..', import.meta.url)),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  let stderr = '';
  createInterface({ input: child.stdout }).on('line', (line) => lines.push(line));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, lines, stderr: () => stderr, exited };
};
