/**
 * The checkpoint port: where each projection keeps its state together with the position of the
 * last event folded into it, shaped like `EventStore` (TaskEither, one error value). Saving both
 * in one write is the point: a crash can never leave a state that disagrees with its position.
 * Positions are `bigint` in memory and decimal strings at rest (`serialiseCheckpoint`), since
 * JSON has no 64-bit integers. The SQLite and EventStoreDB adapters implement this port.
 *
 * @example
 * const checkpoints = createInMemoryCheckpointStore();
 * await checkpoints.save('received.v1', 42n, { complaints: {} })(); // Right(undefined)
 * await checkpoints.load('received.v1')();                         // Right({ position: 42n, state: { complaints: {} } })
 */
import * as E from 'fp-ts/lib/Either.js';
import type * as TE from 'fp-ts/lib/TaskEither.js';
import { storeError, type GlobalPosition, type StoreError } from './event-store.js';

export interface Checkpoint {
  readonly position: GlobalPosition;
  /** The projection's state: plain JSON. */
  readonly state: unknown;
}

export interface CheckpointStore {
  /** The last checkpoint saved under a key, if any. */
  readonly load: (key: string) => TE.TaskEither<StoreError, Checkpoint | undefined>;
  /** Replaces the checkpoint under a key: position and state in one write. */
  readonly save: (key: string, position: GlobalPosition, state: unknown) => TE.TaskEither<StoreError, void>;
  /** Removes the checkpoint under a key (a rebuild from scratch); nothing when there is none. */
  readonly remove: (key: string) => TE.TaskEither<StoreError, void>;
}

/** The JSON text of a projection state, or `invalid-write` when JSON cannot hold it (a bigint, a cycle). */
export const encodeCheckpointState = (key: string, state: unknown): E.Either<StoreError, string> => {
  try {
    const text = JSON.stringify(state) as string | undefined;
    return text === undefined ? E.left(storeError('invalid-write', `the state of checkpoint ${key} is not JSON`)) : E.right(text);
  } catch {
    return E.left(storeError('invalid-write', `the state of checkpoint ${key} is not JSON`));
  }
};

/** The text form of a checkpoint: `{"position":"<decimal>","state":<json>}`. */
export const serialiseCheckpoint = (key: string, position: GlobalPosition, state: unknown): E.Either<StoreError, string> =>
  E.map((text: string) => `{"position":${JSON.stringify(position.toString(10))},"state":${text}}`)(encodeCheckpointState(key, state));

/**
 * A checkpoint read back from its parts: `decode-failed` when the position is not a decimal
 * integer or the state is missing. Messages name the key, never the state (it holds personal data).
 */
export const decodeCheckpoint = (key: string, position: unknown, state: unknown): E.Either<StoreError, Checkpoint> => {
  if (typeof position !== 'string' || !/^\d+$/.test(position)) return E.left(storeError('decode-failed', `the checkpoint ${key} has no valid position`));
  // null is a state (a projection that keeps its read model in tables of its own); missing is not
  if (state === undefined) return E.left(storeError('decode-failed', `the checkpoint ${key} has no state`));
  return E.right({ position: BigInt(position), state });
};

/**
 * A checkpoint read back from a table row: its position column and its state as JSON text
 * (`null` when the row has none), or `decode-failed` naming the key, never the state.
 */
export const checkpointFromRow = (key: string, row: { readonly position: unknown; readonly state: string | null }): E.Either<StoreError, Checkpoint> => {
  if (row.state === null) return E.left(storeError('decode-failed', `the checkpoint ${key} has no state`));
  let state: unknown;
  try {
    state = JSON.parse(row.state);
  } catch {
    // JSON.parse quotes the text near the fault, and read-model state holds personal data: say where, not what
    return E.left(storeError('decode-failed', `the state of checkpoint ${key} is not JSON`));
  }
  return decodeCheckpoint(key, row.position, state);
};

/** Reads the text form back, or `decode-failed` naming the key. */
export const parseCheckpoint = (key: string, text: string): E.Either<StoreError, Checkpoint> => {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    // JSON.parse quotes the text near the fault: say where, not what
    return E.left(storeError('decode-failed', `the checkpoint ${key} is not JSON`));
  }
  const { position, state } = (typeof parsed === 'object' && parsed !== null ? parsed : {}) as { position?: unknown; state?: unknown };
  return decodeCheckpoint(key, position, state);
};

export interface InMemoryCheckpointStore extends CheckpointStore {
  /** The stored text of every checkpoint, by key (for tests and inspection). */
  readonly snapshot: () => Readonly<Record<string, string>>;
}

/** Checkpoints in memory, kept as text so a state that does not survive JSON is caught here, not in production. */
export const createInMemoryCheckpointStore = (): InMemoryCheckpointStore => {
  const saved = new Map<string, string>();
  return {
    load: (key) => () => {
      const text = saved.get(key);
      return Promise.resolve(text === undefined ? E.right(undefined) : parseCheckpoint(key, text));
    },
    save: (key, position, state) => () =>
      Promise.resolve(
        E.map((text: string) => {
          saved.set(key, text);
        })(serialiseCheckpoint(key, position, state)),
      ),
    remove: (key) => () => {
      saved.delete(key);
      return Promise.resolve(E.right(undefined));
    },
    snapshot: () => Object.fromEntries(saved),
  };
};
