/**
 * The monitoring report of the projections package, built from a store: the read models are
 * rebuilt from the whole log each time (simple, and always agrees with the store), then the
 * report is taken as of an instant and rendered in one of four formats. A stream holding an
 * event that does not decode is left out and listed under `problems` (`unreadable-event`, with
 * its stream, revision and position), so one bad row does not take the whole report down.
 *
 * @example
 * const report = await reportFromStore(opened, '2025-12-31T23:59:59Z');
 * io.stdout(renderers.md(report));
 */
import {
  createInMemoryCheckpointStore,
  createProjectionRunner,
  monitoringProjections,
  renderCsv,
  renderHtml,
  renderJson,
  renderMarkdown,
  rebuildReadable,
  reportFromRunner,
  unreadableProblem,
  type MonitoringReport,
} from '@cim-complaints/projections';
import * as E from 'fp-ts/lib/Either.js';
import { failure, usageError } from '../errors.js';
import type { OpenedStore } from '../store-selection.js';
import { oneLine } from '../store-selection.js';

export const reportFormats = ['json', 'md', 'csv', 'html'] as const;
export type ReportFormat = (typeof reportFormats)[number];

export const renderers: Readonly<Record<ReportFormat, (report: MonitoringReport) => string>> = {
  json: renderJson,
  md: renderMarkdown,
  csv: renderCsv,
  html: renderHtml,
};

/** A `--format` value. */
export const parseFormat = (value: string): ReportFormat => {
  if (!(reportFormats as readonly string[]).includes(value))
    throw usageError(`--format must be one of ${reportFormats.join(', ')}, got ${JSON.stringify(value)}`);
  return value as ReportFormat;
};

/** Whether a report had to leave out streams it could not read. */
export const isIncomplete = (report: MonitoringReport): boolean => report.problems.some((p) => p.code === 'unreadable-event');

/** Rebuilds the monitoring read models from the store's readable streams and reports as of `asOf`. */
export const reportFromStore = async (opened: OpenedStore, asOf: string): Promise<MonitoringReport> => {
  const runner = createProjectionRunner({ store: opened.store, projections: monitoringProjections, checkpoints: createInMemoryCheckpointStore() });
  const rebuilt = await rebuildReadable(runner);
  if (E.isLeft(rebuilt)) throw failure(`reading ${opened.name} for the report failed (${rebuilt.left.kind}): ${oneLine(rebuilt.left.message)}`);
  const report = reportFromRunner(runner, { readProblems: rebuilt.right.skipped.map(unreadableProblem) })(asOf);
  if (E.isLeft(report)) throw usageError(`--as-of: ${report.left.message}`);
  return report.right;
};
