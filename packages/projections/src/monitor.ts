/**
 * The monitoring set: the projections a report needs, and a report straight from a runner.
 *
 * @example
 * const runner = createProjectionRunner({ store, projections: monitoringProjections, checkpoints });
 * await runner.start(); await runner.caughtUp();
 * reportFromRunner(runner)('2025-06-30T17:00:00+01:00'); // Right(MonitoringReport)
 */
import * as E from 'fp-ts/lib/Either.js';
import { complaintIdOf, type StoreError } from '@cim-complaints/core';
import { caseFilesProjection } from './read-models/case-files.js';
import { receivedProjection } from './read-models/received.js';
import { buildReport, type MonitoringModels, type MonitoringReport, type ReportError, type ReportOptions } from './report.js';
import type { AnyProjection } from './projection.js';
import type { ProjectionRunner, RebuildOptions, RebuildSummary, RunnerError } from './runner.js';
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
