/**
 * `cim-complaints report [--as-of ISO] [--format json|md|csv|html] [--out F] [--store S]`: the
 * monitoring report (C11) of the complaints in a store, as of an instant (default now).
 *
 * @example
 * cim-complaints report --as-of 2025-12-31T23:59:59Z --format html --out monitoring.html
 */
import type { Command } from 'commander';
import { clockOf, type CliIo } from '../io.js';
import { writeOutputFile } from '../output-file.js';
import { parseInstant } from '../options.js';
import { EXIT, QuietExit } from '../errors.js';
import { checkOutputTarget } from '../output-file.js';
import { progressCounter } from '../progress.js';
import { isIncomplete, parseFormat, renderers, reportFormats, reportFromStore, type ReportFormat } from '../report/store-report.js';
import { addStoreOption, requirePersistent, resolveStore, withStore } from '../store-selection.js';

interface Options {
  readonly asOf?: string;
  readonly rebuild?: boolean;
  readonly format: ReportFormat;
  readonly out?: string;
  readonly store?: string;
}

/** Writes rendered text to a file (whole or not at all, never over a store), or to stdout without `--out`. */
export const writeOutput = (io: CliIo, text: string, out: string | undefined, stores: readonly string[] = []): void => {
  if (out === undefined) io.stdout(text);
  else writeOutputFile(out, text, { stores, option: '--out' });
};

/** Adds `report` to the program. */
export const registerReport = (program: Command, io: CliIo): void => {
  addStoreOption(
    program
      .command('report')
      .description('the monitoring report (received, SLA, outcomes, actions, caseload) of the complaints in a store')
      .option('--as-of <instant>', 'report as of this ISO-8601 instant (default: now)', parseInstant('--as-of'))
      .option('--format <format>', `output format: ${reportFormats.join(', ')}`, parseFormat, 'md')
      .option('--out <file>', 'write the report to a file instead of standard output')
      .option('--rebuild', 'read the whole log again rather than catch the saved read models up from their checkpoint'),
  )
    .addHelpText(
      'after',
      '\nhtml is one self-contained page (no scripts, styles or requests from elsewhere). --out never writes over a store or any SQLite file, and replaces the file whole or not at all.\n' +
        'Exit codes: 0 written, 1 the store or file failed, 2 bad arguments, 3 written without the complaints whose stored events could not be read (listed under problems and on stderr).',
    )
    .action(async (options: Options) => {
      const spec = resolveStore(options.store, io);
      requirePersistent(spec, 'report');
      const stores = spec.kind === 'sqlite' ? [spec.path] : [];
      // before any work: a report must never be written over the store it reads
      if (options.out !== undefined) checkOutputTarget(options.out, { stores, option: '--out' });
      const asOf = options.asOf ?? clockOf(io)();
      const counter = progressCounter(io, options.rebuild === true ? 'rebuilding the read models' : 'catching up the read models');
      const report = await withStore(spec, { mustExist: true, readOnly: true }, (opened) =>
        reportFromStore(opened, asOf, {
          ...(options.rebuild === true ? { rebuild: true } : {}),
          onProgress: counter.update,
          note: (text) => {
            counter.done();
            io.stderr(`cim-complaints: note: ${text}\n`);
          },
        }),
      );
      counter.done();
      writeOutput(io, renderers[options.format](report), options.out, stores);
      if (options.out !== undefined) io.stdout(`wrote the ${options.format} report as of ${asOf} (${report.received.total} complaints) to ${options.out}\n`);
      if (isIncomplete(report)) {
        const unreadable = report.problems.filter((p) => p.code === 'unreadable-event');
        io.stderr(`cim-complaints: the report leaves out ${new Set(unreadable.map((p) => p.streamId)).size} complaint(s) whose stored events do not decode: ${unreadable.map((p) => `${p.streamId}@${p.revision}`).join(', ')} (see problems; check the store with replay)\n`);
        throw new QuietExit(EXIT.incomplete);
      }
    });
};
