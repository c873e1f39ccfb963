/**
 * `cim-complaints exec [--file F] [--store S]`: applies JSON-lines commands (DOMAIN.md), one per
 * line, through the command handler, and answers each line with one JSON line. A line that is
 * not JSON (or not UTF-8), does not decode or breaks a rule writes nothing; the other lines
 * still run. A line over `--max-line-bytes` stops the run, and so does standard output going
 * away (`| head`) or failing (a full disk): the counts so far are said on stderr.
 * Exit 0 when every line was applied, 1 when any was rejected or the run stopped, 2 for bad arguments.
 *
 * @example
 * echo '{"type":"AcknowledgeComplaint","complaintId":"c-1",...}' | cim-complaints exec --store sqlite:cases.db
 * // {"line":1,"ok":true,"complaintId":"c-1","events":["ComplaintAcknowledged"],"revision":1}
 */
import { open } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { createCommandHandler, type HandlerError } from '@cim-complaints/core';
import type { Command } from 'commander';
import * as E from 'fp-ts/lib/Either.js';
import { EXIT, QuietExit, usageError } from '../errors.js';
import { DEFAULT_MAX_LINE_BYTES, inputLines } from '../input-lines.js';
import { jsonErrorOffset } from '../json-position.js';
import { clockOf, describeOutputFailure, type CliIo } from '../io.js';
import { addKeysOption } from '../personal-options.js';
import { addStoreOption, resolveStore } from '../store-spec.js';
import { examples } from './examples.js';

interface Options {
  readonly file?: string;
  readonly store?: string;
  /** C5: where the personal-data keys are (`--keys`); default beside the store. */
  readonly keys?: string;
  readonly maxLineBytes: number;
}

/** A `--max-line-bytes` value: a whole number from 1 KiB to 64 MiB. */
export const parseMaxLineBytes = (value: string): number => {
  const n = /^\d+$/.test(value) ? Number(value) : NaN;
  if (!(n >= 1024 && n <= 64 * 1024 * 1024)) throw usageError(`--max-line-bytes must be a whole number from 1024 to ${64 * 1024 * 1024}, got ${JSON.stringify(value)}`);
  return n;
};

export type ExecLineResult =
  | {
      readonly line: number;
      readonly ok: true;
      readonly complaintId: string;
      readonly events: readonly string[];
      readonly revision: number;
      readonly alreadyApplied?: true;
    }
  | {
      readonly line: number;
      readonly ok: false;
      readonly error: { readonly code: string; readonly message: string; readonly details: Readonly<Record<string, unknown>> };
    };

const rejected = (line: number, code: string, message: string, details: Readonly<Record<string, unknown>> = {}): ExecLineResult => ({
  line,
  ok: false,
  error: { code, message, details },
});

/** A handler failure as the error of a line: a rejection's own code, or `store-<kind>`. */
const errorOf = (line: number, error: HandlerError): ExecLineResult => {
  if (error._tag === 'Rejection') return rejected(line, error.code, error.message, error.details ?? {});
  // `cause` is the driver's error object: not JSON, and not for the record
  const { _tag: _t, kind, message, cause: _c, ...details } = error;
  return rejected(line, `store-${kind}`, message, details);
};

/**
 * Where JSON.parse gave up: the offset its message gives, else the scanner's. Only the offset is
 * kept: V8's message quotes part of the line, which may be personal data (C5).
 */
const positionIn = (message: string, text: string): number | undefined => {
  // only V8's own ending: the text it quotes elsewhere could say "position 9" too
  const match = / at position (\d+)(?: \(line \d+ column \d+\))?$/.exec(message);
  return match === null ? jsonErrorOffset(text) : Number(match[1]);
};

const parseLine = (line: number, text: string): E.Either<ExecLineResult, unknown> => {
  try {
    return E.right(JSON.parse(text) as unknown);
  } catch (error) {
    const position = positionIn(error instanceof Error ? error.message : String(error), text);
    return E.left(rejected(line, 'invalid-json', `line ${line} is not JSON${position === undefined ? '' : ` (at character ${position + 1})`}`, position === undefined ? {} : { position }));
  }
};

const WHY_NOT_READABLE: Readonly<Record<string, string>> = {
  ENOENT: 'no such file',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  ENOTDIR: 'a part of the path is not a directory',
  EISDIR: 'it is a directory',
  ELOOP: 'too many symbolic links',
  ENAMETOOLONG: 'the name is too long',
};

/** Opens `--file`: a regular file or a pipe, readable; anything else is a usage error naming why. */
const inputOf = async (options: Options, io: CliIo): Promise<AsyncIterable<Buffer | string>> => {
  if (options.file === undefined) return (io.stdin ?? Readable.from([])) as AsyncIterable<Buffer | string>;
  const shown = JSON.stringify(options.file);
  let handle;
  try {
    handle = await open(options.file, 'r');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? '';
    throw usageError(`--file: cannot read ${shown}: ${WHY_NOT_READABLE[code] ?? code}`);
  }
  const stats = await handle.stat();
  if (!stats.isFile() && !stats.isFIFO()) {
    await handle.close();
    throw usageError(`--file: ${shown} is ${stats.isDirectory() ? 'a directory' : 'a device or socket'}; give a file of JSON lines or a pipe`);
  }
  // the stream owns the handle and closes it (a bare fd would be closed twice: by the stream, then by the handle's finaliser)
  return handle.createReadStream({ autoClose: true }) as AsyncIterable<Buffer>;
};

interface Counts {
  applied: number;
  rejected: number;
}

const countsText = (c: Counts): string => `${c.applied} line(s) applied, ${c.rejected} rejected`;

/** Adds `exec` to the program. */
export const registerExec = (program: Command, io: CliIo): void => {
  addKeysOption(addStoreOption(
    program
      .command('exec')
      .description('apply commands given as JSON lines (one command per line) and print one JSON result line per input line')
      .option('--file <path>', 'read the commands from a file or pipe (default: standard input)')
      .option('--max-line-bytes <n>', `the longest input line accepted, in bytes; a longer one stops the run (default ${DEFAULT_MAX_LINE_BYTES})`, parseMaxLineBytes, DEFAULT_MAX_LINE_BYTES),
  ))
    .addHelpText(
      'after',
      '\nEach result line is {"line","ok":true,"complaintId","events","revision"} or {"line","ok":false,"error":{"code","message","details"}}.\n' +
        'Blank lines are skipped (but counted). Commands are refused with every problem named: unknown fields at any depth, identifiers over 128 characters or with control characters, texts over 20000 characters (see docs/hostile-input.md).\n' +
        'Exit codes: 0 every line applied, 1 some line rejected or the run stopped (a line too long, standard output closed or full: counts on stderr), 2 bad arguments.',
    )
    .addHelpText(
      'after',
      examples([
        'cim-complaints exec --store sqlite:./complaints.db --file examples/commands.jsonl',
        'cat commands.jsonl | cim-complaints exec --store sqlite:./complaints.db | grep \'"ok":false\'',
        'CIM_COMPLAINTS_STORE=sqlite:./complaints.db cim-complaints exec --file commands.jsonl',
      ]),
    )
    .action(async (options: Options) => {
      const spec = resolveStore(options.store, io);
      const input = await inputOf(options, io);
      if (spec.kind === 'memory') io.stderr('cim-complaints: exec on memory: keeps nothing after this run (a dry run); use --store sqlite:<path> to keep the events\n');
      const counts: Counts = { applied: 0, rejected: 0 };
      // the store adapters load only when a command runs, so --help and usage errors do not pay for them
      const { withStore } = await import('../store-selection.js');
      const stopped = await withStore(spec, options.keys === undefined ? {} : { keys: options.keys }, async ({ store }) => {
        const handle = createCommandHandler({ store, clock: clockOf(io) });
        for await (const line of inputLines(input, options.maxLineBytes)) {
          const outputFailed = io.stdoutFailure?.();
          if (outputFailed !== undefined) return `standard output failed: ${describeOutputFailure(outputFailed)}; stopped before line ${line.number}`;
          if (line.kind === 'too-long') return `line ${line.number} is longer than ${line.limit} bytes (--max-line-bytes); stopped reading there`;
          const result =
            line.kind === 'not-utf8'
              ? rejected(line.number, 'invalid-utf8', `line ${line.number} is not UTF-8 text`)
              : line.text.trim() === ''
                ? undefined
                : await applyLine(line.number, line.text, handle);
          if (result === undefined) continue;
          if (result.ok) counts.applied += 1;
          else counts.rejected += 1;
          io.stdout(`${JSON.stringify(result)}\n`);
        }
        // the last result line may be the one the output refused
        await new Promise<void>((resolve) => setImmediate(resolve));
        const outputFailed = io.stdoutFailure?.();
        return outputFailed === undefined ? undefined : `standard output failed: ${describeOutputFailure(outputFailed)}`;
      });
      if (stopped !== undefined) {
        io.stderr(`cim-complaints: exec ${stopped}; ${countsText(counts)}\n`);
        throw new QuietExit(EXIT.failure);
      }
      if (counts.rejected > 0) throw new QuietExit(EXIT.failure);
    });
};

const applyLine = async (line: number, text: string, handle: ReturnType<typeof createCommandHandler>): Promise<ExecLineResult> => {
  const parsed = parseLine(line, text);
  if (E.isLeft(parsed)) return parsed.left;
  const handled = await handle(parsed.right)();
  if (E.isLeft(handled)) return errorOf(line, handled.left);
  const h = handled.right;
  return {
    line,
    ok: true,
    complaintId: h.complaintId,
    events: h.events.map((e) => e.type),
    revision: h.nextRevision,
    ...(h.alreadyApplied ? { alreadyApplied: true as const } : {}),
  };
};
