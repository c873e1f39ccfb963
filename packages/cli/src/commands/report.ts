/**
 * `cim-complaints report [--as-of ISO] [--format json|md|csv|html] [--out F] [--store S]`: the
 * monitoring report (C11) of the complaints in a store, as of an instant (default now).
 *
 * @example
 * cim-complaints report --as-of 2025-12-31T23:59:59Z --format html --out monitoring.html
 */
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { failure } from '../errors.js';
import { clockOf, type CliIo } from '../io.js';
import { parseInstant } from '../options.js';
import { parseFormat, renderers, reportFormats, reportFromStore, type ReportFormat } from '../report/store-report.js';
import { addStoreOption, requirePersistent, resolveStore, withStore } from '../store-selection.js';

interface Options {
  readonly asOf?: string;
  readonly format: ReportFormat;
  readonly out?: string;
  readonly store?: string;
}

/** Writes rendered text to a file, or to stdout without `--out`. */
export const writeOutput = (io: CliIo, text: string, out: string | undefined): void => {
  if (out === undefined) {
    io.stdout(text);
    return;
  }
  try {
    writeFileSync(out, text);
  } catch (error) {
    throw failure(`cannot write ${out}: ${error instanceof Error ? error.message : String(error)}`);
  }
};

/** Adds `report` to the program. */
export const registerReport = (program: Command, io: CliIo): void => {
  addStoreOption(
    program
      .command('report')
      .description('the monitoring report (received, SLA, outcomes, actions, caseload) of the complaints in a store')
      .option('--as-of <instant>', 'report as of this ISO-8601 instant (default: now)', parseInstant('--as-of'))
      .option('--format <format>', `output format: ${reportFormats.join(', ')}`, parseFormat, 'md')
      .option('--out <file>', 'write the report to a file instead of standard output'),
  )
    .addHelpText('after', '\nhtml is one self-contained page (no scripts, styles or requests from elsewhere). Exit codes: 0 written, 1 the store or file failed, 2 bad arguments.')
    .action(async (options: Options) => {
      const spec = resolveStore(options.store, io);
      requirePersistent(spec, 'report');
      const asOf = options.asOf ?? clockOf(io)();
      const report = await withStore(spec, { mustExist: true }, (opened) => reportFromStore(opened, asOf));
      writeOutput(io, renderers[options.format](report), options.out);
      if (options.out !== undefined) io.stdout(`wrote the ${options.format} report as of ${asOf} (${report.received.total} complaints) to ${options.out}\n`);
    });
};
