/**
 * The monitoring set: the projections a report needs, and a report straight from a runner.
 *
 * @example
 * const runner = createProjectionRunner({ store, projections: monitoringProjections, checkpoints });
 * await runner.start(); await runner.caughtUp();
 * reportFromRunner(runner)('2025-06-30T17:00:00+01:00'); // Right(MonitoringReport)
 */
import * as E from 'fp-ts/lib/Either.js';
import { complaintIdOf, createInMemoryCheckpointStore, type CheckpointStore, type EventStore, type StoreError } from '@cim-complaints/core';
import type * as TE from 'fp-ts/lib/TaskEither.js';
import { caseFilesProjection } from './read-models/case-files.js';
import { receivedProjection } from './read-models/received.js';
import { buildReport, type MonitoringModels, type MonitoringReport, type ReportError, type ReportOptions } from './report.js';
import type { AnyProjection } from './projection.js';
import { createProjectionRunner, type ProjectionRunner, type RebuildOptions, type RebuildSummary, type RunnerError } from './runner.js';
import { stageCheckpoints } from './staged-checkpoints.js';
import type { SlaProblem } from './read-models/sla.js';

/** The projections behind the monitoring report. */
export const monitoringProjections: readonly AnyProjection[] = [receivedProjection, caseFilesProjection];

/** The read models of a runner that runs `monitoringProjections`. */
export const monitoringModels = (runner: Pick<ProjectionRunner, 'state'>): MonitoringModels => ({
  received: runner.state(receivedProjection).state,
  caseFiles: runner.state(caseFilesProjection).state,
});

/** `report(asOf)` over a runner's current read models. */
export const reportFromRunner =
  (runner: Pick<ProjectionRunner, 'state'>, options: ReportOptions = {}) =>
  (asOf: string): E.Either<ReportError, MonitoringReport> =>
    buildReport(monitoringModels(runner), asOf, options);

/** What a readable rebuild read, and each stored event it could not. */
export interface ReadableRebuild extends RebuildSummary {
  /** The streams left out of the read models, because one of their events does not decode. */
  readonly unreadableStreams: readonly string[];
}

/**
 * Rebuilds the read models from every stream that can be read: a stream holding an event that
 * does not decode is left out whole (a case with a hole in its history would report a state that
 * never existed), and each such event is listed. One pass when the store is sound; a second,
 * leaving those streams out, only when it is not.
 */
export const rebuildReadable = async (runner: Pick<ProjectionRunner, 'rebuild'>, options: Omit<RebuildOptions, 'skipUndecodable' | 'excludeStreams'> = {}): Promise<E.Either<RunnerError, ReadableRebuild>> => {
  const first = await runner.rebuild({ ...options, skipUndecodable: true });
  if (E.isLeft(first) || first.right.skipped.length === 0) return E.map((summary: RebuildSummary) => ({ ...summary, unreadableStreams: [] }))(first);
  const unreadable = new Set(first.right.skipped.map((e) => e.streamId ?? ''));
  const second = await runner.rebuild({ ...options, skipUndecodable: true, excludeStreams: unreadable });
  return E.map((summary: RebuildSummary) => ({ ...summary, unreadableStreams: [...unreadable].sort() }))(second);
};

/** The report's problem for a stored event that does not decode: where it is, never what it holds. */
export const unreadableProblem = (error: StoreError): SlaProblem => ({
  complaintId: complaintIdOf(error.streamId ?? '') ?? error.streamId ?? '(unknown stream)',
  code: 'unreadable-event',
  message: `stored event ${error.streamId ?? '?'}@${error.revision ?? '?'} does not decode (${(error.problems ?? []).map((p) => p.path || '(event)').join(', ')}); the complaint is left out of this report`,
  ...(error.streamId === undefined ? {} : { streamId: error.streamId }),
  ...(error.revision === undefined ? {} : { revision: error.revision }),
  ...(error.position === undefined ? {} : { position: String(error.position) }),
});

export interface MonitoringCatchUp {
  /** The runner whose read models the report is taken from. */
  readonly runner: Pick<ProjectionRunner, 'state'>;
  /** Events read this time (after the checkpoints, or all of them). */
  readonly eventsRead: number;
  /** Stored events that do not decode; their complaints are left out of the read models. */
  readonly skipped: readonly StoreError[];
  /**
   * Writes the caught-up read models and checkpoints to a checkpoint store (usually the one they
   * were loaded from, opened for writing). Absent when the log did not read cleanly: a catch-up
   * must not save past an event it could not read, or later reports would never see it again.
   */
  readonly commit?: (target: CheckpointStore) => TE.TaskEither<StoreError, number>;
  /** How many checkpoints `commit` would write or remove: 0 when the saved read models were already up to date. */
  readonly pending: number;
}

export interface MonitoringCatchUpOptions extends Pick<RebuildOptions, 'onProgress' | 'pageSize'> {
  /** Start from zero rather than from the saved checkpoints (and drop them when committing). */
  readonly rebuild?: boolean;
}

/**
 * Brings the monitoring read models up to date for a report: from the checkpoints saved in
 * `saved` (only the events after them are read), or from zero with `rebuild`. When the log
 * holds events that do not decode, the read models are built again from zero, in memory, without
 * the streams holding them (see `rebuildReadable`), and nothing is offered to save.
 */
export const catchUpMonitoring = async (store: EventStore, saved: CheckpointStore, options: MonitoringCatchUpOptions = {}): Promise<E.Either<RunnerError, MonitoringCatchUp>> => {
  const staged = stageCheckpoints(saved);
  const runner = createProjectionRunner({ store, projections: monitoringProjections, checkpoints: staged.checkpoints });
  const fold = { skipUndecodable: true, ...(options.onProgress === undefined ? {} : { onProgress: options.onProgress }), ...(options.pageSize === undefined ? {} : { pageSize: options.pageSize }) };
  const first = options.rebuild === true ? await runner.rebuild(fold) : await runner.catchUp(fold);
  if (E.isLeft(first)) return first;
  if (first.right.skipped.length === 0) return E.right({ runner, eventsRead: first.right.eventsRead, skipped: [], commit: staged.commit, pending: staged.pending() });
  const fresh = createProjectionRunner({ store, projections: monitoringProjections, checkpoints: createInMemoryCheckpointStore() });
  const readable = await rebuildReadable(fresh, options.pageSize === undefined ? {} : { pageSize: options.pageSize });
  return E.map((summary: ReadableRebuild): MonitoringCatchUp => ({ runner: fresh, eventsRead: first.right.eventsRead + summary.eventsRead, skipped: summary.skipped, pending: 0 }))(readable);
};
