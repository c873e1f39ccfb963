/**
 * `cim-complaints report [--as-of ISO] [--format json|md|csv|html] [--out F] [--store S]`: the
 * monitoring report (C11) of the complaints in a store, as of an instant (default now).
 *
 * @example
 * cim-complaints report --as-of 2025-12-31T23:59:59Z --format html --out monitoring.html
 */
import type { Command } from 'commander';
import type { CliIo } from '../io.js';
import { parseInstant } from '../options.js';
import { writeOutputFile } from '../output-file.js';
import { parseFormat, reportFormats, type ReportFormat } from '../report/formats.js';
import { addStoreOption } from '../store-spec.js';
import { examples } from './examples.js';

// the options are declared here; the work (and the projections it needs) loads only when the command runs
export interface ReportOptions {
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
    .addHelpText(
      'after',
      examples([
        'cim-complaints report --store sqlite:./cim-complaints-demo.db --as-of 2025-12-31T23:59:59Z',
        'cim-complaints report --store sqlite:./cim-complaints-demo.db --format html --out report.html',
        'cim-complaints report --store sqlite:./cim-complaints-demo.db --format csv --rebuild > report.csv',
      ]),
    )
    .action(async (options: ReportOptions) => (await import('./report-run.js')).runReport(io, options));
};
