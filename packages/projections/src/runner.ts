/**
 * The projection runner: feeds projections from a store's subscription, starting after each
 * projection's checkpoint, and saves state and position together. Events are applied in global
 * order; each projection ignores events at or before its own position, so one subscription from
 * the lowest checkpoint serves them all and a re-delivery after a crash changes nothing.
 * `rebuild` folds the whole log page by page from the start, `catchUp` only what follows the
 * checkpoints (memory: the read models plus one page).
 *
 * A save writes whole states, so saves are paced by time, not by events: never sooner than ten
 * times the last save took (saving costs at most about a tenth of the fold, however large the
 * read models grow), and while folding the log at most every `checkpointEveryMs`.
 *
 * An `observer` (core's `ComplaintsObserver`) is told where each projection stands: after every
 * page of a fold, after every live save (with the events stored after it, counted up to
 * `lagProbeLimit`), and whenever caught up.
 *
 * @example
 * const runner = createProjectionRunner({ store, projections: monitoringProjections, checkpoints });
 * await runner.start();
 * await runner.caughtUp();
 * runner.state(receivedProjection).state; // the read model as of the last event delivered
 * await runner.stop();
 */
import { performance } from 'node:perf_hooks';
import * as E from 'fp-ts/lib/Either.js';
import { notifyObserver, type CheckpointStore, type ComplaintsObserver, type EventStore, type GlobalPosition, type ProjectionProgress, type RecordedEvent, type StoreError, type Subscription } from '@cim-complaints/core';
import { applyRecorded, checkpointKey, earlierCheckpointKeys, startOf, type AnyProjection, type Positioned, type Projection } from './projection.js';

export type RunnerErrorKind = 'store' | 'projection' | 'checkpoint' | 'busy' | 'stopped';

/** A runner failure: a value, so callers decide how to report it. */
export interface RunnerError {
  readonly _tag: 'RunnerError';
  readonly kind: RunnerErrorKind;
  readonly message: string;
  readonly cause?: unknown;
}

const runnerError = (kind: RunnerErrorKind, message: string, cause?: unknown): RunnerError => ({
  _tag: 'RunnerError',
  kind,
  message,
  ...(cause === undefined ? {} : { cause }),
});


export interface RebuildProgress {
  readonly eventsRead: number;
  readonly pagesRead: number;
  /** The position of the last event read so far. */
  readonly position: GlobalPosition | undefined;
  readonly done: boolean;
}

export interface RebuildOptions {
  /** Called after every page and once at the end (`done: true`). */
  readonly onProgress?: (progress: RebuildProgress) => void;
  /** Events per `readAll` page; default 500. */
  readonly pageSize?: number;
  /**
   * Save checkpoints this often (ms) while folding, so an interrupted rebuild resumes on `start`
   * (and at the end); default 30 000. Never sooner than ten times the last save took.
   */
  readonly checkpointEveryMs?: number;
  /** Also save every this many pages, whatever the pace (each save costs as much as the states are big); default: by time only. */
  readonly checkpointEveryPages?: number;
  /**
   * Go on past stored events that do not decode, listing them in the summary's `skipped`, rather
   * than fail the rebuild (for reports that say what they could not read).
   */
  readonly skipUndecodable?: boolean;
  /** Streams whose events are left out of the read models (streams known to be unreadable). */
  readonly excludeStreams?: ReadonlySet<string>;
}

export interface RebuildSummary {
  readonly eventsRead: number;
  readonly position: GlobalPosition | undefined;
  /** With `skipUndecodable`: each stored event that did not decode, with its stream, revision and position. */
  readonly skipped: readonly StoreError[];
}

export type RunnerStatus =
  | { readonly state: 'idle' }
  | { readonly state: 'running' }
  | { readonly state: 'rebuilding' }
  | { readonly state: 'failed'; readonly error: RunnerError };

export interface ProjectionRunnerOptions {
  readonly store: EventStore;
  readonly projections: readonly AnyProjection[];
  readonly checkpoints: CheckpointStore;
  /**
   * While live, save after this many events, once ten times the last save's duration has passed
   * (also whenever caught up, and on `stop`); default 100.
   */
  readonly checkpointEvery?: number;
  /** Called once when live processing fails; the runner then stops and saves nothing more. */
  readonly onError?: (error: RunnerError) => void;
  /** Told each projection's progress and lag (`projectionProgress`); a hook that throws is ignored. */
  readonly observer?: ComplaintsObserver;
  /**
   * While live, after each save, count up to this many events stored after the runner's position
   * for the observer's `eventsBehind` (one `readAll` page); 0: do not count. Default 1000.
   */
  readonly lagProbeLimit?: number;
}

export interface ProjectionRunner {
  /** Loads every checkpoint and subscribes after the lowest one. */
  readonly start: () => Promise<E.Either<RunnerError, void>>;
  /** Closes the subscription and saves what changed since the last save (unless the runner failed). */
  readonly stop: () => Promise<void>;
  /** Resolves once every event up to `position` is applied (Left if the runner fails or stops first). */
  readonly waitFor: (position: GlobalPosition) => Promise<E.Either<RunnerError, void>>;
  /** Resolves once the subscription has delivered everything stored and the checkpoints are saved. */
  readonly caughtUp: () => Promise<E.Either<RunnerError, void>>;
  /** Removes every checkpoint, folds the whole log from the start into fresh states and saves them; the runner must not be running. */
  readonly rebuild: (options?: RebuildOptions) => Promise<E.Either<RunnerError, RebuildSummary>>;
  /**
   * Loads every checkpoint and folds only the events after the lowest one (each projection skips
   * what it already holds), then saves: what a report does on every run. Not while running.
   */
  readonly catchUp: (options?: RebuildOptions) => Promise<E.Either<RunnerError, RebuildSummary>>;
  /** A projection's current state and position. */
  readonly state: <S>(projection: Projection<S>) => Positioned<S>;
  readonly status: () => RunnerStatus;
}

interface Waiter {
  readonly until: GlobalPosition | 'caught-up';
  readonly resolve: (result: E.Either<RunnerError, void>) => void;
}

/** Builds a runner over a store, a set of projections and a checkpoint store. */
export const createProjectionRunner = (options: ProjectionRunnerOptions): ProjectionRunner => {
  const { store, projections, checkpoints } = options;
  const every = Math.max(1, options.checkpointEvery ?? 100);
  const names = new Set<string>();
  for (const p of projections) {
    if (names.has(p.name)) throw new Error(`two projections are named ${JSON.stringify(p.name)}`);
    names.add(p.name);
  }

  const current = new Map<string, Positioned<unknown>>(projections.map((p) => [p.name, startOf(p)]));
  const dirty = new Set<string>();
  let status: RunnerStatus = { state: 'idle' };
  let subscription: Subscription | undefined;
  let delivered: GlobalPosition | undefined;
  let isCaughtUp = false;
  let sinceSave = 0;
  // how long the last save took, and when it ended: the next waits ten times as long
  let lastSaveMs = 0;
  let lastSaveEnd = Number.NEGATIVE_INFINITY;
  const paced = (now: number): boolean => now - lastSaveEnd >= 10 * lastSaveMs;
  let saving: Promise<E.Either<RunnerError, void>> = Promise.resolve(E.right(undefined));
  let waiters: Waiter[] = [];
  // when the last event delivered or read was recorded: how far behind the read models are in time
  let lastRecordedAt: string | undefined;
  const observer = options.observer?.projectionProgress === undefined ? undefined : options.observer;
  const probeLimit = Math.max(0, options.lagProbeLimit ?? 1000);

  /** What stands after the runner's position, up to the probe limit: the events (and those set aside as undecodable) and whether there may be more. */
  const probeBehind = async (): Promise<{ readonly positions: readonly (GlobalPosition | undefined)[]; readonly more: boolean } | undefined> => {
    if (observer === undefined || probeLimit === 0) return undefined;
    const page = await store.readAll({ ...(delivered === undefined ? {} : { after: delivered }), maxCount: probeLimit, skipUndecodable: true })();
    if (E.isLeft(page)) return undefined;
    return { positions: [...page.right.events.map((e) => e.position), ...(page.right.skipped ?? []).map((s) => s.position)], more: !page.right.isEnd };
  };

  /** Tells the observer where each projection stands; `behind` is what a probe found after the runner's position. */
  const reportProgress = (mode: ProjectionProgress['mode'], caughtUp: boolean, behind?: Awaited<ReturnType<typeof probeBehind>>): void => {
    if (observer === undefined) return;
    const recorded = lastRecordedAt === undefined ? Number.NaN : Date.parse(lastRecordedAt);
    const timeBehindMs = caughtUp ? 0 : Number.isNaN(recorded) ? undefined : Math.max(0, Date.now() - recorded);
    for (const p of projections) {
      const { position } = current.get(p.name)!;
      const eventsBehind = caughtUp ? 0 : behind?.positions.filter((at) => at === undefined || position === undefined || at > position).length;
      notifyObserver(observer, 'projectionProgress', {
        projection: p.name,
        mode,
        position,
        caughtUp,
        ...(eventsBehind === undefined ? {} : { eventsBehind }),
        ...(!caughtUp && behind?.more === true ? { eventsBehindAtLeast: true } : {}),
        ...(timeBehindMs === undefined ? {} : { timeBehindMs }),
      });
    }
  };

  const settle = () => {
    const failed = status.state === 'failed' ? status.error : status.state !== 'running' ? runnerError('stopped', 'the runner stopped') : undefined;
    waiters = waiters.filter((w) => {
      if (failed !== undefined) {
        w.resolve(E.left(failed));
        return false;
      }
      const done = w.until === 'caught-up' ? isCaughtUp : delivered !== undefined && delivered >= w.until;
      if (done) w.resolve(E.right(undefined));
      return !done;
    });
  };

  const fail = (error: RunnerError) => {
    if (status.state === 'failed') return;
    status = { state: 'failed', error };
    options.onError?.(error);
    settle();
  };

  // projections whose earlier versions' checkpoints this runner has removed
  const pruned = new Set<string>();

  /** Saves one projection's state in its saved form; the first save of a runner also removes what earlier versions left. */
  const saveOne = async (p: AnyProjection, position: GlobalPosition, state: unknown): Promise<E.Either<StoreError, void>> => {
    const saved = await checkpoints.save(checkpointKey(p), position, p.saved === undefined ? state : p.saved.encode(state))();
    if (E.isLeft(saved) || pruned.has(p.name)) return saved;
    for (const key of earlierCheckpointKeys(p)) {
      const removed = await checkpoints.remove(key)();
      if (E.isLeft(removed)) return removed;
    }
    pruned.add(p.name);
    return saved;
  };

  const saveDirty = async (): Promise<E.Either<RunnerError, void>> => {
    const batch = projections.filter((p) => dirty.has(p.name));
    dirty.clear();
    sinceSave = 0;
    const began = performance.now();
    try {
      for (const p of batch) {
        const { position, state } = current.get(p.name)!;
        if (position === undefined) continue;
        const saved = await saveOne(p, position, state);
        if (E.isLeft(saved)) {
          // what was not saved is applied again after a restart: harmless, since apply is per-position idempotent
          for (const q of batch) dirty.add(q.name);
          return E.left(runnerError('checkpoint', `saving checkpoints failed: ${saved.left.message}`, saved.left));
        }
      }
      return E.right(undefined);
    } finally {
      lastSaveEnd = performance.now();
      lastSaveMs = lastSaveEnd - began;
    }
  };

  // saves run one at a time, in order
  const queueSave = (): Promise<E.Either<RunnerError, void>> => {
    saving = saving.then((previous) => (E.isLeft(previous) ? previous : saveDirty()));
    return saving;
  };

  /** Applies an event to every projection, marking those it changed for the next save. */
  const applyToAll = (event: RecordedEvent): void => {
    for (const p of projections) {
      const before = current.get(p.name)!;
      const after = applyRecorded(p as Projection<unknown>)(before, event);
      if (after !== before) {
        current.set(p.name, after);
        dirty.add(p.name);
      }
    }
  };

  const onEvent = async (event: RecordedEvent): Promise<void> => {
    isCaughtUp = false;
    applyToAll(event);
    delivered = event.position;
    lastRecordedAt = event.event.metadata.recordedAt;
    sinceSave += 1;
    if (sinceSave >= every && paced(performance.now())) {
      const saved = await queueSave();
      if (E.isLeft(saved)) {
        // the runner stops here: closing the subscription ends delivery before the next event
        fail(saved.left);
        void subscription?.close();
        return;
      }
      if (observer !== undefined) reportProgress('live', false, await probeBehind());
    }
    settle();
  };

  const onCaughtUp = () => {
    const upTo = delivered;
    void queueSave().then((saved) => {
      if (E.isLeft(saved)) return fail(saved.left);
      // events that arrived while saving mean we are no longer caught up
      if (status.state !== 'running' || delivered !== upTo) return;
      isCaughtUp = true;
      reportProgress('live', true);
      settle();
    });
  };

  const loadAll = async (): Promise<E.Either<RunnerError, void>> => {
    for (const p of projections) {
      const saved = await checkpoints.load(checkpointKey(p))();
      if (E.isLeft(saved)) return E.left(runnerError('checkpoint', `loading checkpoints failed: ${saved.left.message}`, saved.left));
      if (saved.right === undefined) {
        current.set(p.name, startOf(p));
        continue;
      }
      const state = p.saved === undefined ? E.right(saved.right.state) : p.saved.decode(saved.right.state);
      if (E.isLeft(state)) return E.left(runnerError('checkpoint', `the saved state of ${checkpointKey(p)} does not read back (${state.left}); rebuild the read models`));
      current.set(p.name, { position: saved.right.position, state: state.right });
    }
    dirty.clear();
    return E.right(undefined);
  };

  const lowestPosition = (): GlobalPosition | undefined => {
    let lowest: GlobalPosition | undefined;
    for (const { position } of current.values()) {
      if (position === undefined) return undefined;
      if (lowest === undefined || position < lowest) lowest = position;
    }
    return lowest;
  };

  const start: ProjectionRunner['start'] = async () => {
    if (status.state === 'running' || status.state === 'rebuilding') return E.left(runnerError('busy', `the runner is already ${status.state}`));
    if (subscription !== undefined) {
      // a failed run's subscription has stopped delivering; release it before starting again
      await subscription.close();
      subscription = undefined;
    }
    const loaded = await loadAll();
    if (E.isLeft(loaded)) return loaded;
    status = { state: 'running' };
    isCaughtUp = false;
    sinceSave = 0;
    saving = Promise.resolve(E.right(undefined));
    const after = lowestPosition();
    delivered = after;
    subscription = store.subscribeToAll(
      {
        onEvent,
        onCaughtUp,
        // the pump reports a projection that threw as `unknown` with the thrown error as its cause
        onError: (error: StoreError) => fail(runnerError(error.kind === 'unknown' && error.cause !== undefined ? 'projection' : 'store', error.message, error)),
      },
      after === undefined ? {} : { after },
    );
    return E.right(undefined);
  };

  const stop: ProjectionRunner['stop'] = async () => {
    const open = subscription;
    subscription = undefined;
    if (open !== undefined) await open.close();
    if (status.state === 'running') {
      const saved = await queueSave();
      status = E.isLeft(saved) ? { state: 'failed', error: saved.left } : { state: 'idle' };
    }
    settle();
  };

  const waitFor: ProjectionRunner['waitFor'] = (position) =>
    new Promise((resolve) => {
      waiters.push({ until: position, resolve });
      settle();
    });

  const caughtUp: ProjectionRunner['caughtUp'] = () =>
    new Promise((resolve) => {
      waiters.push({ until: 'caught-up', resolve });
      settle();
    });

  /** Folds the log after `from`, page by page, into the current states, saving every few pages and at the end. */
  const foldLog = async (mode: 'rebuild' | 'catch-up', from: GlobalPosition | undefined, options: RebuildOptions): Promise<E.Either<RunnerError, RebuildSummary>> => {
    const pageSize = options.pageSize ?? 500;
    const savePages = options.checkpointEveryPages === undefined ? undefined : Math.max(1, options.checkpointEveryPages);
    const saveMs = Math.max(0, options.checkpointEveryMs ?? 30_000);
    // the fold so far is what a save protects: the first is due saveMs after the start
    lastSaveEnd = performance.now();
    lastSaveMs = 0;
    let after = from;
    let eventsRead = 0;
    let pagesRead = 0;
    const skipped: StoreError[] = [];
    const excluded = options.excludeStreams;
    for (;;) {
      const page = await store.readAll({ ...(after === undefined ? {} : { after }), maxCount: pageSize, ...(options.skipUndecodable === true ? { skipUndecodable: true } : {}) })();
      if (E.isLeft(page)) return E.left(runnerError('store', page.left.message, page.left));
      skipped.push(...(page.right.skipped ?? []));
      for (const event of page.right.events) {
        eventsRead += 1;
        if (excluded?.has(event.streamId) !== true) applyToAll(event);
      }
      after = page.right.lastPosition ?? after;
      lastRecordedAt = page.right.events[page.right.events.length - 1]?.event.metadata.recordedAt ?? lastRecordedAt;
      pagesRead += 1;
      const done = page.right.isEnd || (page.right.events.length === 0 && (page.right.skipped ?? []).length === 0);
      options.onProgress?.({ eventsRead, pagesRead, position: after, done });
      reportProgress(mode, done);
      const now = performance.now();
      if (done || (savePages !== undefined && pagesRead % savePages === 0) || (paced(now) && now - lastSaveEnd >= saveMs)) {
        const saved = await saveDirty();
        if (E.isLeft(saved)) return saved;
      }
      if (done) return E.right({ eventsRead, position: after, skipped });
    }
  };

  /** Runs a whole-log operation with the runner marked busy, leaving it idle or failed. */
  const exclusively = async (work: () => Promise<E.Either<RunnerError, RebuildSummary>>): Promise<E.Either<RunnerError, RebuildSummary>> => {
    if (status.state === 'running' || status.state === 'rebuilding') return E.left(runnerError('busy', `stop the runner first (it is ${status.state})`));
    status = { state: 'rebuilding' };
    const result = await work();
    status = E.isLeft(result) ? { state: 'failed', error: result.left } : { state: 'idle' };
    return result;
  };

  const rebuild: ProjectionRunner['rebuild'] = (rebuildOptions = {}) =>
    exclusively(async () => {
      // from zero: a checkpoint left from an earlier log (a projection that now sees no event) must not survive
      for (const p of projections) {
        current.set(p.name, startOf(p));
        const removed = await checkpoints.remove(checkpointKey(p))();
        if (E.isLeft(removed)) return E.left(runnerError('checkpoint', `removing checkpoints failed: ${removed.left.message}`, removed.left));
      }
      dirty.clear();
      return foldLog('rebuild', undefined, rebuildOptions);
    });

  const catchUp: ProjectionRunner['catchUp'] = (catchUpOptions = {}) =>
    exclusively(async () => {
      const loaded = await loadAll();
      if (E.isLeft(loaded)) return loaded;
      return foldLog('catch-up', lowestPosition(), catchUpOptions);
    });

  return {
    start,
    stop,
    waitFor,
    caughtUp,
    rebuild,
    catchUp,
    state: <S>(projection: Projection<S>) => {
      const found = current.get(projection.name);
      if (found === undefined) throw new Error(`the runner has no projection named ${JSON.stringify(projection.name)}`);
      return found as Positioned<S>;
    },
    status: () => status,
  };
};
