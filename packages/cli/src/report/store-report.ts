/**
 * The monitoring report of the projections package, built from a store: the read models the
 * store keeps (SQLite: the projections table of the same file; EventStoreDB: checkpoint streams)
 * are brought up to date from their checkpoint and saved back, then the report is taken as of an
 * instant and rendered in one of four formats. A stream holding an event that does not decode is
 * left out and listed under `problems` (`unreadable-event`, with its stream, revision and
 * position), so one bad row does not take the whole report down; nothing is saved then.
 *
 * @example
 * const report = await reportFromStore(opened, '2025-12-31T23:59:59Z', { rebuild: false });
 * io.stdout(renderers.md(report));
 */
import {
  catchUpMonitoring,
  renderCsv,
  renderHtml,
  renderJson,
  renderMarkdown,
  reportFromRunner,
  unreadableProblem,
  type MonitoringCatchUp,
  type MonitoringReport,
} from '@cim-complaints/projections';
import { createInMemoryCheckpointStore } from '@cim-complaints/core';
import * as E from 'fp-ts/lib/Either.js';
import { failure, usageError } from '../errors.js';
import type { OpenedStore } from '../store-selection.js';
import type { ReportFormat } from './formats.js';
import { oneLine } from '../store-selection.js';

export { parseFormat, reportFormats, type ReportFormat } from './formats.js';

export const renderers: Readonly<Record<ReportFormat, (report: MonitoringReport) => string>> = {
  json: renderJson,
  md: renderMarkdown,
  csv: renderCsv,
  html: renderHtml,
};

/** Whether a report had to leave out streams it could not read. */
export const isIncomplete = (report: MonitoringReport): boolean => report.problems.some((p) => p.code === 'unreadable-event');

export interface StoreReportOptions {
  /** Fold the whole log from zero instead of catching up from the saved read models. */
  readonly rebuild?: boolean;
  /** Events read so far (for a progress display). */
  readonly onProgress?: (eventsRead: number) => void;
  /** Told when the read models could not be saved (the report itself is unaffected). */
  readonly note?: (text: string) => void;
}

/**
 * Brings the store's saved monitoring read models up to date (only the events after their
 * checkpoint are read; `rebuild` reads all), saves them back when the log read cleanly, and
 * reports as of `asOf`. A store without a place for read models (`memory:`) is folded in memory.
 */
export const reportFromStore = async (opened: OpenedStore, asOf: string, options: StoreReportOptions = {}): Promise<MonitoringReport> => {
  // monitoring keeps no personal data (case-files.ts slims it away): it reads the events as stored, opening no field
  const caught = await catchUpMonitoring(opened.sealed ?? opened.store, opened.checkpoints?.saved ?? createInMemoryCheckpointStore(), {
    ...(options.rebuild === true ? { rebuild: true } : {}),
    ...(options.onProgress === undefined ? {} : { onProgress: (p: { eventsRead: number }) => options.onProgress?.(p.eventsRead) }),
  });
  if (E.isLeft(caught)) throw failure(`reading ${opened.name} for the report failed (${caught.left.kind}): ${oneLine(caught.left.message)}`);
  const { commit, pending } = caught.right;
  // nothing new to save (an unchanged store): no writable connection is opened
  if (commit !== undefined && pending > 0 && opened.checkpoints !== undefined) await saveReadModels(opened, commit, options.note);
  const report = reportFromRunner(caught.right.runner, { readProblems: caught.right.skipped.map(unreadableProblem) })(asOf);
  if (E.isLeft(report)) throw report.left.code === 'invalid-instant' ? usageError(`--as-of: ${report.left.message}`) : failure(`reading ${opened.name} for the report failed: ${report.left.message}`);
  return report.right;
};

/** Saves the caught-up read models where the store keeps them; a store that cannot take them now is a note, not a failure. */
const saveReadModels = async (opened: OpenedStore, commit: NonNullable<MonitoringCatchUp['commit']>, note: ((text: string) => void) | undefined): Promise<void> => {
  const unsaved = (why: string) => note?.(`the read models were not saved in ${opened.name} (${oneLine(why)}); the next report reads the log from the last saved point again`);
  const writable = opened.checkpoints!.writable();
  if (E.isLeft(writable)) return unsaved(writable.left.message);
  try {
    const saved = await commit(writable.right.checkpoints)();
    if (E.isLeft(saved)) unsaved(saved.left.message);
  } finally {
    await writable.right.close();
  }
};
