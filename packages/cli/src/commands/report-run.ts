/**
 * `report`'s work, loaded only when it runs: bring the store's read models up to date, build the
 * report as of an instant and write it (see commands/report.ts for the options).
 */
import { EXIT, QuietExit } from '../errors.js';
import { clockOf, type CliIo } from '../io.js';
import { checkOutputTarget } from '../output-file.js';
import { progressCounter } from '../progress.js';
import { isIncomplete, renderers, reportFromStore } from '../report/store-report.js';
import { requirePersistent, resolveStore, withStore } from '../store-selection.js';
import { writeOutput, type ReportOptions } from './report.js';

export const runReport = async (io: CliIo, options: ReportOptions): Promise<void> => {
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
};
