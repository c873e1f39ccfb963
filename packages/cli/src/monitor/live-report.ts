/**
 * A report kept live: the monitoring read models follow the store through the projection
 * runner's subscription (caught up from their saved checkpoint, then fed each new event, saved as
 * they go), and the report is rendered again whenever events have arrived, at most once per
 * interval. Stopping closes the subscription, saves the checkpoints and writes a last report.
 *
 * @example
 * const live = startLiveReport({ store, checkpoints, everyMs: 60_000, clock, write: (report) => writeOutputFile('report.html', renderHtml(report)) });
 * process.once('SIGTERM', () => void live.stop());
 * await live.finished; // Right(number of reports written) or Left(RunnerError)
 */
import type { CheckpointStore, EventStore, GlobalPosition } from '@cim-complaints/core';
import { createProjectionRunner, monitoringProjections, reportFromRunner, type MonitoringReport, type RunnerError } from '@cim-complaints/projections';
import * as E from 'fp-ts/lib/Either.js';

export interface LiveReportOptions {
  readonly store: EventStore;
  /** Where the read models and their checkpoints are kept (the store's own, for a restart to resume). */
  readonly checkpoints: CheckpointStore;
  /** The shortest time between two reports. */
  readonly everyMs: number;
  /** The application's clock: each report is taken as of now. */
  readonly clock: () => string;
  /** Writes one report (a file, all at once); a throw ends the run with that error. */
  readonly write: (report: MonitoringReport) => void;
}

export interface LiveReport {
  /** Stops following the store: saves the checkpoints and writes a last report. Safe to call twice. */
  readonly stop: () => Promise<void>;
  /** Settles when the run ends: after `stop`, or when the runner fails. */
  readonly finished: Promise<E.Either<RunnerError | Error, number>>;
}

/** Starts following the store; the first report is written once the read models have caught up. */
export const startLiveReport = (options: LiveReportOptions): LiveReport => {
  // why the run ends early: the runner failed, or a report could not be written
  let failure: RunnerError | Error | undefined;
  const runner = createProjectionRunner({
    store: options.store,
    projections: monitoringProjections,
    checkpoints: options.checkpoints,
    onError: (error) => {
      failure = error;
      void stop();
    },
  });
  let written = 0;
  let writtenAt: GlobalPosition | undefined | 'never' = 'never';
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopping: Promise<void> | undefined;
  let resolveFinished: (result: E.Either<RunnerError | Error, number>) => void = () => undefined;
  const finished = new Promise<E.Either<RunnerError | Error, number>>((resolve) => (resolveFinished = resolve));

  const position = (): GlobalPosition | undefined => runner.state(monitoringProjections[0]!).position;

  /** Writes a report if events arrived since the last one; returns an error if writing failed. */
  const writeIfChanged = (force = false): Error | undefined => {
    if (!force && writtenAt !== 'never' && writtenAt === position()) return undefined;
    const report = reportFromRunner(runner)(options.clock());
    if (E.isLeft(report)) return new Error(report.left.message);
    try {
      options.write(report.right);
    } catch (error) {
      return error instanceof Error ? error : new Error(String(error));
    }
    written += 1;
    writtenAt = position();
    return undefined;
  };

  const tick = async (): Promise<void> => {
    timer = undefined;
    if (stopping !== undefined) return;
    const caught = await runner.caughtUp();
    if (stopping !== undefined) return;
    if (E.isLeft(caught)) {
      failure = caught.left;
      return void stop();
    }
    failure = writeIfChanged();
    if (failure !== undefined) return void stop();
    timer = setTimeout(() => void tick(), options.everyMs);
  };

  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      if (timer !== undefined) clearTimeout(timer);
      await runner.stop();
      if (failure !== undefined) return resolveFinished(E.left(failure));
      const error = writeIfChanged(written === 0);
      resolveFinished(error === undefined ? E.right(written) : E.left(error));
    })();
    return stopping;
  };

  void runner.start().then((started) => {
    if (E.isLeft(started)) {
      failure = started.left;
      return void stop();
    }
    void tick();
  });

  return { stop, finished };
};
