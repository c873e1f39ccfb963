/**
 * `cim-complaints exec [--file F] [--store S]`: applies JSON-lines commands (DOMAIN.md), one per
 * line, through the command handler, and answers each line with one JSON line. A line that is
 * not JSON, does not decode or breaks a rule writes nothing; the other lines still run.
 * Exit 0 when every line was applied, 1 when any was rejected, 2 for bad arguments.
 *
 * @example
 * echo '{"type":"AcknowledgeComplaint","complaintId":"c-1",...}' | cim-complaints exec --store sqlite:cases.db
 * // {"line":1,"ok":true,"complaintId":"c-1","events":["ComplaintAcknowledged"],"revision":1}
 */
import { createReadStream } from 'node:fs';
import { access } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { createCommandHandler, type HandlerError } from '@cim-complaints/core';
import type { Command } from 'commander';
import * as E from 'fp-ts/lib/Either.js';
import { EXIT, QuietExit, usageError } from '../errors.js';
import { clockOf, type CliIo } from '../io.js';
import { addStoreOption, resolveStore, withStore } from '../store-selection.js';

interface Options {
  readonly file?: string;
  readonly store?: string;
}

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

/** Where JSON.parse gave up, if its message says. */
const positionIn = (message: string): number | undefined => {
  const match = /position (\d+)/.exec(message);
  return match === null ? undefined : Number(match[1]);
};

const parseLine = (line: number, text: string): E.Either<ExecLineResult, unknown> => {
  try {
    return E.right(JSON.parse(text) as unknown);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const position = positionIn(reason);
    return E.left(
      rejected(line, 'invalid-json', `line ${line} is not JSON${position === undefined ? '' : ` (at character ${position + 1})`}: ${reason}`, position === undefined ? {} : { position }),
    );
  }
};

const inputOf = async (options: Options, io: CliIo): Promise<NodeJS.ReadableStream> => {
  if (options.file === undefined) return io.stdin ?? Readable.from([]);
  try {
    await access(options.file);
  } catch {
    throw usageError(`--file: cannot read ${JSON.stringify(options.file)}: no such file or not readable`);
  }
  return createReadStream(options.file, { encoding: 'utf8' });
};

/** Adds `exec` to the program. */
export const registerExec = (program: Command, io: CliIo): void => {
  addStoreOption(
    program
      .command('exec')
      .description('apply commands given as JSON lines (one command per line) and print one JSON result line per input line')
      .option('--file <path>', 'read the commands from a file (default: standard input)'),
  )
    .addHelpText(
      'after',
      '\nEach result line is {"line","ok":true,"complaintId","events","revision"} or {"line","ok":false,"error":{"code","message","details"}}.\n' +
        'Blank lines are skipped (but counted). Exit codes: 0 every line applied, 1 some line rejected, 2 bad arguments.',
    )
    .action(async (options: Options) => {
      const spec = resolveStore(options.store, io);
      const input = await inputOf(options, io);
      const anyRejected = await withStore(spec, {}, async ({ store }) => {
        const handle = createCommandHandler({ store, clock: clockOf(io) });
        let lineNo = 0;
        let failed = false;
        const lines = createInterface({ input, crlfDelay: Infinity });
        for await (const text of lines) {
          lineNo += 1;
          if (text.trim() === '') continue;
          const result = await applyLine(lineNo, text, handle);
          failed ||= !result.ok;
          io.stdout(`${JSON.stringify(result)}\n`);
        }
        return failed;
      });
      if (anyRejected) throw new QuietExit(EXIT.failure);
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
