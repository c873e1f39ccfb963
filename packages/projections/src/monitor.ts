/**
 * The monitoring set: the projections a report needs, and a report straight from a runner.
 *
 * @example
 * const runner = createProjectionRunner({ store, projections: monitoringProjections, checkpoints });
 * await runner.start(); await runner.caughtUp();
 * reportFromRunner(runner)('2025-06-30T17:00:00+01:00'); // Right(MonitoringReport)
 */
import type * as E from 'fp-ts/lib/Either.js';
import { caseFilesProjection } from './read-models/case-files.js';
import { receivedProjection } from './read-models/received.js';
import { buildReport, type MonitoringModels, type MonitoringReport, type ReportError, type ReportOptions } from './report.js';
import type { AnyProjection } from './projection.js';
import type { ProjectionRunner } from './runner.js';

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
