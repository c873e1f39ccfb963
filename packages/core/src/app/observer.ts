/**
 * Observability hooks: what the command handler, a store (through `observeStore`) and the
 * projection runner report while they work, for tracing and metrics adapters
 * (`@cim-complaints/opentelemetry`) or a log. Every hook is optional. What a hook is given holds
 * no personal data: command types, ids, rejection codes, store error kinds, counts and durations,
 * never a command's or an event's body nor a message. A hook that throws (or returns a promise
 * that rejects) is ignored: observing never changes what a command, a store or a runner does.
 *
 * @example
 * const observer: ComplaintsObserver = {
 *   commandFinished: (c) => console.error(`${c.commandType} ${c.complaintId}: ${c.outcome.kind} in ${c.durationMs.toFixed(1)} ms`),
 * };
 * const store = observeStore(sqliteStore, observer);
 * const handle = createCommandHandler({ store, clock, observer });
 */
import type { CommandType } from '../complaint/commands.js';
import type { RejectionCode } from '../complaint/rejections.js';
import type { EventStore, ExpectedRevision, GlobalPosition, StoreErrorKind } from './event-store.js';

/** How a command ended. */
export type CommandOutcome =
  /** Its events were appended now. */
  | { readonly kind: 'written'; readonly eventCount: number }
  /** Its `commandId` was already applied with the same body: nothing was written. */
  | { readonly kind: 'already-done' }
  /** Refused, by its rejection's stable code (`invalid-command`, `command-in-future`, a rule's). */
  | { readonly kind: 'rejected'; readonly code: RejectionCode }
  /** The store failed (`conflict` when the handler gave up after its attempts). */
  | { readonly kind: 'failed'; readonly errorKind: StoreErrorKind };

/** A command the handler has begun: told once its input is decoded (before any read or write). */
export interface CommandStarted {
  /** The command's type; for input that does not decode, its `type` when that names a command, else undefined. */
  readonly commandType: CommandType | undefined;
  /** Undefined when the input does not decode. */
  readonly complaintId: string | undefined;
  readonly commandId: string | undefined;
  /** `performance.now()` when the handler began, before decoding. */
  readonly startedAt: number;
}

export interface CommandFinished extends CommandStarted {
  readonly outcome: CommandOutcome;
  /** Reads and decisions made: 1 without conflicts, 0 when refused before reading the stream. */
  readonly attempts: number;
  /** Appends that met a conflict and were decided again. */
  readonly conflictsRetried: number;
  /** From `startedAt` to the result, in milliseconds (`performance.now()`). */
  readonly durationMs: number;
}

/** How an append ended. */
export type AppendOutcome =
  | { readonly kind: 'appended'; readonly nextRevision: number }
  | { readonly kind: 'failed'; readonly errorKind: StoreErrorKind };

/** One `appendToStream` call on an observed store, finished. */
export interface AppendFinished {
  readonly streamId: string;
  readonly expected: ExpectedRevision;
  readonly eventCount: number;
  readonly outcome: AppendOutcome;
  /** In milliseconds (`performance.now()`). */
  readonly durationMs: number;
}

/** Where a projection stands: after each page of a rebuild or catch-up, after each live save, and whenever caught up. */
export interface ProjectionProgress {
  readonly projection: string;
  /** How the runner is feeding it: from its subscription, or folding the log (`rebuild`, `catchUp`). */
  readonly mode: 'live' | 'rebuild' | 'catch-up';
  /** The position of the last event the projection has processed (undefined: none yet). */
  readonly position: GlobalPosition | undefined;
  /** True when it holds every event stored when it was last read. */
  readonly caughtUp: boolean;
  /**
   * Events stored after `position`, when known: 0 when caught up; while live, counted up to the
   * runner's probe limit (`eventsBehindAtLeast` then says the count stopped there); else undefined.
   */
  readonly eventsBehind?: number;
  /** True when `eventsBehind` is a lower bound (the count reached the probe limit). */
  readonly eventsBehindAtLeast?: boolean;
  /** Milliseconds since the last event processed was recorded, while not caught up (0 when caught up); undefined when unknown. */
  readonly timeBehindMs?: number;
}

/** What the library reports to an observer; implement any of the hooks. */
export interface ComplaintsObserver {
  readonly commandStarted?: (command: CommandStarted) => void;
  readonly commandFinished?: (command: CommandFinished) => void;
  readonly appendFinished?: (append: AppendFinished) => void;
  readonly projectionProgress?: (progress: ProjectionProgress) => void;
}

/** Calls one hook, if there is one, ignoring anything it throws or a promise it returns that rejects. */
export const notifyObserver = <K extends keyof ComplaintsObserver>(
  observer: ComplaintsObserver | undefined,
  hook: K,
  event: Parameters<NonNullable<ComplaintsObserver[K]>>[0],
): void => {
  try {
    const called = (observer?.[hook] as ((e: typeof event) => unknown) | undefined)?.call(observer, event);
    // an async hook's failure must not surface as an unhandled rejection
    if (typeof (called as { then?: unknown } | undefined)?.then === 'function') (called as Promise<unknown>).then(undefined, () => undefined);
  } catch {
    // an observer never breaks what it observes
  }
};

/** One observer that hands every report to each of `observers` in turn (one that throws does not stop the others). */
export const combineObservers = (...observers: readonly ComplaintsObserver[]): ComplaintsObserver => ({
  commandStarted: (e) => observers.forEach((o) => notifyObserver(o, 'commandStarted', e)),
  commandFinished: (e) => observers.forEach((o) => notifyObserver(o, 'commandFinished', e)),
  appendFinished: (e) => observers.forEach((o) => notifyObserver(o, 'appendFinished', e)),
  projectionProgress: (e) => observers.forEach((o) => notifyObserver(o, 'projectionProgress', e)),
});

/**
 * The store with each `appendToStream` reported to `observer.appendFinished` (stream, expected
 * revision, event count, outcome or error kind, duration); every other member, including ones
 * this version does not know of, is the store's own, untouched.
 */
export const observeStore = <S extends EventStore>(store: S, observer: ComplaintsObserver): S => ({
  ...store,
  appendToStream: (streamId, expected, events) => async () => {
    const began = performance.now();
    const report = (outcome: AppendOutcome) =>
      notifyObserver(observer, 'appendFinished', { streamId, expected, eventCount: events.length, outcome, durationMs: performance.now() - began });
    try {
      const result = await store.appendToStream(streamId, expected, events)();
      report(result._tag === 'Right' ? { kind: 'appended', nextRevision: result.right.nextRevision } : { kind: 'failed', errorKind: result.left.kind });
      return result;
    } catch (error) {
      // a store bug that throws is reported, and still thrown
      report({ kind: 'failed', errorKind: 'unknown' });
      throw error;
    }
  },
});
