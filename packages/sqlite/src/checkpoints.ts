/**
 * Projection checkpoints in the event store's own file, shaped as the `CheckpointStore` port of
 * `@cim-complaints/projections` (`load(key)`, `save(key, position, state)`, Promise-based; matched
 * structurally so this package needs projections only to test against it). A projection's state
 * and position are one row, written in one transaction: after a crash they always agree.
 *
 * Read models kept in their own tables of the same file use `saveWith`: the table writes and the
 * checkpoint commit together or not at all, and a position at or behind the saved one is refused
 * (`conflict`), so each event reaches those tables exactly once even with two runners.
 *
 * On a store opened read-only, `load` works and every write rejects with `invalid-write`.
 *
 * @example
 * const checkpoints = createSqliteCheckpointStore(store);
 * const runner = createProjectionRunner({ store, projections: monitoringProjections, checkpoints });
 * await checkpoints.saveWith('open-cases.v1', event.position, null, (db) => insertRow.run(row));
 */
import type Database from 'better-sqlite3';
import { storeError, type GlobalPosition, type StoreError } from '@cim-complaints/core';
import { fromSqliteError } from './errors.js';
import type { SqliteEventStore } from './store.js';

/** What a projection saved last: the position of the last event it applied, and its state (plain JSON). */
export interface Checkpoint {
  readonly position: GlobalPosition;
  readonly state: unknown;
}

/** A failed checkpoint call: an `Error` (the runner reports its message) carrying the typed store error. */
export class CheckpointStoreError extends Error {
  constructor(readonly storeError: StoreError) {
    super(storeError.message, { cause: storeError });
    this.name = 'CheckpointStoreError';
  }
}

export interface SqliteCheckpointStore {
  /** The saved checkpoint under a key, or undefined. Rejects with `CheckpointStoreError` on a row that does not decode. */
  readonly load: (key: string) => Promise<Checkpoint | undefined>;
  /** Replaces the checkpoint under a key: position and state in one transaction (a rebuild may move it back). */
  readonly save: (key: string, position: GlobalPosition, state: unknown) => Promise<void>;
  /**
   * Runs `writeReadModel` (the projection's own SQL on this connection) and saves the checkpoint
   * in one `BEGIN IMMEDIATE` transaction. Rejects with `conflict`, writing nothing, when the
   * checkpoint is already at or past `position` (another runner applied these events).
   */
  readonly saveWith: (key: string, position: GlobalPosition, state: unknown, writeReadModel: (db: Database.Database) => void) => Promise<void>;
  /** Deletes the checkpoint and runs `clearReadModel` in one transaction: the start of a rebuild from scratch. */
  readonly reset: (key: string, clearReadModel?: (db: Database.Database) => void) => Promise<void>;
}

export interface SqliteCheckpointOptions {
  /** Stamps `updated_at`; default the system clock. */
  readonly clock?: () => string;
}

interface ProjectionRow {
  readonly position: string | null;
  readonly state: string | null;
}

const decodeCheckpoint = (key: string, row: ProjectionRow): Checkpoint => {
  if (row.position === null || !/^\d+$/.test(row.position)) {
    throw new CheckpointStoreError(storeError('decode-failed', `the checkpoint ${key} has no valid position (${JSON.stringify(row.position)})`));
  }
  if (row.state === null) throw new CheckpointStoreError(storeError('decode-failed', `the checkpoint ${key} has no state`));
  try {
    return { position: BigInt(row.position), state: JSON.parse(row.state) as unknown };
  } catch (error) {
    // JSON.parse quotes the text near the fault, and read-model state holds personal data: say where, not what
    throw new CheckpointStoreError(storeError('decode-failed', `the state of checkpoint ${key} is not JSON`, { cause: error }));
  }
};

const encodeState = (key: string, state: unknown): string => {
  const text = JSON.stringify(state) as string | undefined;
  if (text === undefined) throw new CheckpointStoreError(storeError('invalid-write', `the state of checkpoint ${key} is not JSON`));
  return text;
};

/** Checkpoints for projections, in the file of a SQLite event store (`store.database`). */
export const createSqliteCheckpointStore = (store: Pick<SqliteEventStore, 'database'>, options: SqliteCheckpointOptions = {}): SqliteCheckpointStore => {
  const db = store.database;
  const clock = options.clock ?? (() => new Date().toISOString());
  const select = db.prepare('SELECT position, state FROM projections WHERE name = ?');
  const remove = db.prepare('DELETE FROM projections WHERE name = ?');
  const upsert = db.prepare(
    `INSERT INTO projections (name, position, state, updated_at) VALUES (@name, @position, @state, @updated_at)
     ON CONFLICT (name) DO UPDATE SET position = excluded.position, state = excluded.state, updated_at = excluded.updated_at`,
  );

  const write = (key: string, position: GlobalPosition, state: unknown) =>
    upsert.run({ name: key, position: position.toString(10), state: encodeState(key, state), updated_at: clock() });

  const saveWithInTransaction = db.transaction(
    (key: string, position: GlobalPosition, state: unknown, writeReadModel: (db: Database.Database) => void) => {
      const row = select.get(key) as ProjectionRow | undefined;
      const at = row === undefined ? undefined : decodeCheckpoint(key, row).position;
      if (at !== undefined && at >= position) {
        throw new CheckpointStoreError(storeError('conflict', `the checkpoint ${key} is already at ${at}; refusing ${position} (these events were applied already)`));
      }
      writeReadModel(db);
      write(key, position, state);
    },
  );
  const resetInTransaction = db.transaction((key: string, clearReadModel?: (db: Database.Database) => void) => {
    clearReadModel?.(db);
    remove.run(key);
  });

  // Every failure leaves as a CheckpointStoreError; a read-model writer's own error is its cause.
  const guarded = async <A>(doing: string, run: () => A, writes = true): Promise<A> => {
    if (writes && db.readonly) throw new CheckpointStoreError(storeError('invalid-write', `${doing}: the store was opened read-only`));
    try {
      return run();
    } catch (error) {
      if (error instanceof CheckpointStoreError) throw error;
      throw new CheckpointStoreError(fromSqliteError(error, doing));
    }
  };

  return {
    load: (key) =>
      guarded(`loading checkpoint ${key}`, () => {
        const row = select.get(key) as ProjectionRow | undefined;
        return row === undefined ? undefined : decodeCheckpoint(key, row);
      }, false),
    save: (key, position, state) => guarded(`saving checkpoint ${key}`, () => void write(key, position, state)),
    saveWith: (key, position, state, writeReadModel) =>
      guarded(`saving checkpoint ${key} with its read model`, () => saveWithInTransaction.immediate(key, position, state, writeReadModel)),
    reset: (key, clearReadModel) => guarded(`resetting checkpoint ${key}`, () => resetInTransaction.immediate(key, clearReadModel)),
  };
};
