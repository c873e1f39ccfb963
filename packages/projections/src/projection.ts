/**
 * A projection is a value: a name, a version, an initial state and a pure `apply` from one
 * recorded event to the next state. States are plain JSON (objects, arrays, strings, numbers),
 * so a checkpoint store can save them as text. Per-event idempotency is generic: a projection's
 * state travels with the global position of the last event applied, and an event at or before
 * that position changes nothing (a re-delivery after a crash is harmless).
 *
 * @example
 * const counted: Projection<number> = { name: 'count', version: 1, initial: 0, apply: (n) => n + 1 };
 * const once = applyRecorded(counted)({ position: undefined, state: 0 }, recorded);
 * applyRecorded(counted)(once, recorded) === once; // true: the same event again is ignored
 */
import type * as E from 'fp-ts/lib/Either.js';
import type { GlobalPosition, RecordedEvent } from '@cim-complaints/core';

export interface Projection<S> {
  /** Unique among the projections of a runner; the checkpoint is kept under `<name>.v<version>`. */
  readonly name: string;
  /** Bump when the state's shape or meaning changes: the old checkpoint is then ignored and the projection rebuilt. */
  readonly version: number;
  readonly initial: S;
  /** Pure: no clock, no I/O, never throws on a valid event. */
  readonly apply: (state: S, event: RecordedEvent) => S;
  /**
   * How the state is saved when not as itself: `encode` gives plain JSON, `decode` reads what
   * `encode` gave back (Left, saying why, for anything else). Without it the state is saved as is.
   */
  readonly saved?: SavedForm<S>;
}

/** A projection state's saved form. */
export interface SavedForm<S> {
  readonly encode: (state: S) => unknown;
  readonly decode: (saved: unknown) => E.Either<string, S>;
}

/** A projection's state and the position of the last event folded into it (`undefined`: none yet). */
export interface Positioned<S> {
  readonly position: GlobalPosition | undefined;
  readonly state: S;
}

// Projections of different state types side by side in a runner.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyProjection = Projection<any>;

/** The key a projection's checkpoint is stored under: a new version starts from scratch. */
export const checkpointKey = (projection: Pick<AnyProjection, 'name' | 'version'>): string => `${projection.name}.v${projection.version}`;

/** The keys earlier versions of a projection saved under: left behind, they would only take space. */
export const earlierCheckpointKeys = (projection: Pick<AnyProjection, 'name' | 'version'>): string[] =>
  Array.from({ length: Math.max(0, projection.version - 1) }, (_, i) => checkpointKey({ name: projection.name, version: i + 1 }));

/** The empty positioned state of a projection. */
export const startOf = <S>(projection: Projection<S>): Positioned<S> => ({ position: undefined, state: projection.initial });

/** Applies one event unless the state already includes it (its position is at or before the state's). */
export const applyRecorded =
  <S>(projection: Projection<S>) =>
  (current: Positioned<S>, event: RecordedEvent): Positioned<S> =>
    current.position !== undefined && event.position <= current.position
      ? current
      : { position: event.position, state: projection.apply(current.state, event) };

/** Folds a whole sequence of events: what a rebuild computes. */
export const foldRecorded =
  <S>(projection: Projection<S>) =>
  (events: Iterable<RecordedEvent>, from: Positioned<S> = startOf(projection)): Positioned<S> => {
    let current = from;
    for (const event of events) current = applyRecorded(projection)(current, event);
    return current;
  };
