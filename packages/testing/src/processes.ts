/**
 * Other Node processes for multi-process store specs: a worker started with its output gathered
 * line by line, and the worker's own half, which sends commands through the real command handler
 * on a store the two processes share, racing the others (SQLite's file, PostgreSQL's schema).
 *
 * @example
 * const worker = startWorker(fileURLToPath(new URL('./workers/command-writer.mjs', import.meta.url)), [path, 'c-1', 'a', '40']);
 * // in the worker: await writeCommandsWhenTold(opened.right, { complaintId, label, count });
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { createCommandHandler, type EventStore } from '@cim-complaints/core';
import * as E from 'fp-ts/lib/Either.js';

/** Fails early, and says why, when a package's build that workers run is missing (root `pnpm test` builds first). */
export const requireBuilt = (dist: string): void => {
  if (!existsSync(dist)) throw new Error(`${dist} is missing: run \`pnpm build\` before the multi-process specs`);
};

/** A started worker process. */
export interface Worker {
  /** The process: write `go` to its stdin to start a command writer. */
  readonly child: ChildProcessWithoutNullStreams;
  /** Every stdout line so far. */
  readonly lines: string[];
  /** Everything it wrote to stderr so far. */
  readonly stderr: () => string;
  /** Resolves with the exit code or signal. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts `node <script> ...args` in `cwd` (default: this process's). */
export const startWorker = (script: string, args: readonly string[], cwd: string = process.cwd()): Worker => {
  const child = spawn(process.execPath, [script, ...args], { cwd, stdio: ['pipe', 'pipe', 'pipe'] });
  const lines: string[] = [];
  let stderr = '';
  createInterface({ input: child.stdout }).on('line', (line) => lines.push(line));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  return { child, lines, stderr: () => stderr, exited };
};

/** What a command-writing worker sends. */
export interface CommandWriter {
  /** The complaint every command is about. */
  readonly complaintId: string;
  /** Names this worker's commands (`<label>-<n>`) and actor. */
  readonly label: string;
  /** How many commands. */
  readonly count: number;
  /** How many times the handler may try a command; the handler's default when absent. */
  readonly maxAttempts?: number;
}

/**
 * The worker's half: says `ready`, waits for `go` on stdin, then records `count` inbound letters
 * on one complaint through the command handler, a short random pause between reading the stream
 * and appending (so another process writes first and conflicts, and their retries, happen), and
 * prints `{ label, attempts, failures }` as one JSON line.
 */
export const writeCommandsWhenTold = async (store: EventStore, writer: CommandWriter): Promise<void> => {
  const racing: EventStore = {
    ...store,
    readStream: (streamId, options) => async () => {
      const read = await store.readStream(streamId, options)();
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 3));
      return read;
    },
  };
  const handle = createCommandHandler({ store: racing, clock: () => new Date().toISOString(), ...(writer.maxAttempts === undefined ? {} : { maxAttempts: writer.maxAttempts }) });
  process.stdout.write('ready\n');
  for await (const line of createInterface({ input: process.stdin })) if (line.trim() === 'go') break;
  const attempts: number[] = [];
  const failures: string[] = [];
  for (let i = 1; i <= writer.count; i += 1) {
    const result = await handle({
      type: 'RecordCorrespondence',
      complaintId: writer.complaintId,
      commandId: `${writer.label}-${i}`,
      at: '2025-03-03T10:00:00Z',
      actor: { id: `u-${writer.label}`, role: 'complaints-officer' },
      direction: 'inbound',
      party: 'complainant',
      channel: 'email',
      summary: `Message ${i} recorded by ${writer.label}`,
    })();
    if (E.isLeft(result)) failures.push(`${writer.label}-${i}: ${result.left.message}`);
    else attempts.push(result.right.attempts);
  }
  process.stdout.write(`${JSON.stringify({ label: writer.label, attempts, failures })}\n`);
};
