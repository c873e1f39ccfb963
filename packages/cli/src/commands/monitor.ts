/**
 * `cim-complaints monitor --out F [--format html|md|json|csv] [--every 60s] [--store S]`: keeps
 * the monitoring read models live in the store (caught up from their checkpoint, then fed each
 * new event, other processes' appends included) and rewrites the report whenever events have
 * arrived, at most once per interval. SIGINT or SIGTERM stops it with the checkpoints saved and a
 * last report written.
 *
 * @example
 * cim-complaints monitor --store sqlite:./complaints.db --out report.html --every 30s
 */
import { Option, type Command } from 'commander';
import * as E from 'fp-ts/lib/Either.js';
import { failure, usageError } from '../errors.js';
import { clockOf, type CliIo } from '../io.js';
import { checkOutputTarget, writeOutputFile } from '../output-file.js';
import { parseFormat, reportFormats, type ReportFormat } from '../report/formats.js';
import { addStoreOption, requirePersistent, resolveStore } from '../store-spec.js';
import { examples } from './examples.js';

interface Options {
  readonly out: string;
  readonly format: ReportFormat;
  readonly every: number;
  readonly store?: string;
}

const UNITS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** An `--every` value: a whole number with a unit (`500ms`, `30s`, `5m`, `1h`), from 100 ms to a day. */
export const parseInterval = (value: string): number => {
  const match = /^(\d+)(ms|s|m|h)$/.exec(value);
  const ms = match === null ? NaN : Number(match[1]) * UNITS[match[2]!]!;
  if (!(ms >= 100 && ms <= 86_400_000)) throw usageError(`--every must be a whole number with a unit (ms, s, m or h), from 100ms to 24h, e.g. 60s; got ${JSON.stringify(value)}`);
  return ms;
};

/** Adds `monitor` to the program. */
export const registerMonitor = (program: Command, io: CliIo): void => {
  addStoreOption(
    program
      .command('monitor')
      .description('keep the monitoring read models live in the store and rewrite the report as events arrive, until SIGINT or SIGTERM')
      .requiredOption('--out <file>', 'the report file to keep up to date (replaced whole each time)')
      .option('--format <format>', `output format: ${reportFormats.join(', ')}`, parseFormat, 'html')
      .addOption(new Option('--every <interval>', 'the shortest time between two reports, e.g. 30s or 5m').argParser(parseInterval).default(60_000, '60s')),
  )
    .addHelpText(
      'after',
      '\nThe read models are saved in the store as they go (SQLite: the same file; EventStoreDB: checkpoint streams), so a restart, and `report`, resume from them.\n' +
        'Exit codes: 0 stopped by a signal with everything saved, 1 the store or the file failed, 2 bad arguments.',
    )
    .addHelpText(
      'after',
      examples([
        'cim-complaints monitor --store sqlite:./complaints.db --out report.html --every 30s',
        "cim-complaints monitor --store 'esdb://localhost:2113?tls=false' --out report.md --format md",
      ]),
    )
    .action(async (options: Options) => {
      const spec = resolveStore(options.store, io);
      requirePersistent(spec, 'monitor');
      const stores = spec.kind === 'sqlite' ? [spec.path] : [];
      checkOutputTarget(options.out, { stores, option: '--out' });
      // the store adapters and the projections load only when the command runs
      const [{ openStore, storeFailure }, { startLiveReport }, { renderers }] = await Promise.all([
        import('../store-selection.js'),
        import('../monitor/live-report.js'),
        import('../report/store-report.js'),
      ]);
      const opened = await openStore(spec, { mustExist: true });
      try {
        const writable = opened.checkpoints?.writable();
        if (writable === undefined) throw failure(`${opened.name} has no place to keep read models`);
        if (E.isLeft(writable)) throw storeFailure('opening the read models of', opened.name, writable.left);
        const live = startLiveReport({
          // the events as stored: monitoring keeps no personal data, so no field is opened
          store: opened.sealed ?? opened.store,
          checkpoints: writable.right.checkpoints,
          everyMs: options.every,
          clock: clockOf(io),
          write: (report) => {
            writeOutputFile(options.out, renderers[options.format](report), { stores, option: '--out' });
            io.stderr(`cim-complaints: monitor wrote ${options.out} as of ${report.asOf} (${report.received.total} complaints)\n`);
          },
        });
        const release = io.onStop?.(() => void live.stop());
        const result = await live.finished;
        release?.();
        await writable.right.close();
        if (E.isLeft(result)) {
          const error = result.left;
          if ('_tag' in error && error._tag === 'RunnerError') throw failure(`monitor stopped: ${error.message}`);
          throw error;
        }
      } finally {
        await opened.close();
      }
    });
};
