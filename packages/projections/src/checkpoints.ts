/**
 * The checkpoint port: where each projection keeps its state together with the position of the
 * last event folded into it. Saving both in one write is the point: a crash can never leave a
 * state that disagrees with its position. Positions are `bigint` in memory and decimal strings
 * at rest (`serialiseCheckpoint`), since JSON has no 64-bit integers.
 *
 * @example
 * const checkpoints = createInMemoryCheckpointStore();
 * await checkpoints.save('received.v1', 42n, { complaints: {} });
 * await checkpoints.load('received.v1'); // { position: 42n, state: { complaints: {} } }
 */
import type { GlobalPosition } from '@cim-complaints/core';

export interface Checkpoint {
  readonly position: GlobalPosition;
  /** The projection's state: plain JSON. */
  readonly state: unknown;
}

export interface CheckpointStore {
  /** The last checkpoint saved under a key, if any. */
  readonly load: (key: string) => Promise<Checkpoint | undefined>;
  /** Replaces the checkpoint under a key: position and state in one write. */
  readonly save: (key: string, position: GlobalPosition, state: unknown) => Promise<void>;
}

/** The text form of a checkpoint: `{"position":"<decimal>","state":<json>}`. */
export const serialiseCheckpoint = (position: GlobalPosition, state: unknown): string =>
  JSON.stringify({ position: position.toString(10), state });

/** Reads the text form back; `undefined` when the text is not a checkpoint (treated as none: the projection rebuilds). */
export const parseCheckpoint = (text: string): Checkpoint | undefined => {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const { position, state } = parsed as { position?: unknown; state?: unknown };
  if (typeof position !== 'string' || !/^\d+$/.test(position) || state === undefined) return undefined;
  return { position: BigInt(position), state };
};

export interface InMemoryCheckpointStore extends CheckpointStore {
  /** The stored text of every checkpoint, by key (for tests and inspection). */
  readonly snapshot: () => Readonly<Record<string, string>>;
}

/** Checkpoints in memory, kept as text so a state that does not survive JSON is caught here, not in production. */
export const createInMemoryCheckpointStore = (): InMemoryCheckpointStore => {
  const saved = new Map<string, string>();
  return {
    load: (key) => {
      const text = saved.get(key);
      return Promise.resolve(text === undefined ? undefined : parseCheckpoint(text));
    },
    save: (key, position, state) => {
      saved.set(key, serialiseCheckpoint(position, state));
      return Promise.resolve();
    },
    snapshot: () => Object.fromEntries(saved),
  };
};
