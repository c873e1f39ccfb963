/**
 * Projection checkpoints in the event store's own file: core's `CheckpointStore` port
 * (`load`, `save`, `remove`, TaskEither with a `StoreError`). A projection's state and position
 * are one row, written in one transaction: after a crash they always agree.
 *
 * Read models kept in their own tables of the same file use `saveWith`: the table writes and the
 * checkpoint commit together or not at all, and a position at or behind the saved one is refused
 * (`conflict`), so each event reaches those tables exactly once even with two runners.
 *
 * On a store opened read-only, `load` works and every write is `invalid-write`.
 *
 * @example
 * const checkpoints = createSqliteCheckpointStore(store);
 * const runner = createProjectionRunner({ store, projections: monitoringProjections, checkpoints });
 * await checkpoints.saveWith('open-cases.v1', event.position, null, (db) => insertRow.run(row))();
 */
import type Database from 'better-sqlite3';
import { isAscii } from 'node:buffer';
import * as E from 'fp-ts/lib/Either.js';
import type * as TE from 'fp-ts/lib/TaskEither.js';
import {
  checkpointFromRow,
  decodeCheckpoint,
  encodeCheckpointState,
  isStoreError,
  storeError,
  type CheckpointStore,
  type GlobalPosition,
  type StoreError,
  orRefuse,
  refuse,
  refusalOf,
} from '@cim-complaints/core';
import { fromSqliteError } from './errors.js';
import type { SqliteEventStore } from './store.js';

export interface SqliteCheckpointStore extends CheckpointStore {
  /**
   * Runs `writeReadModel` (the projection's own SQL on this connection) and saves the checkpoint
   * in one `BEGIN IMMEDIATE` transaction. `conflict`, writing nothing, when the checkpoint is
   * already at or past `position` (another runner applied these events).
   */
  readonly saveWith: (key: string, position: GlobalPosition, state: unknown, writeReadModel: (db: Database.Database) => void) => TE.TaskEither<StoreError, void>;
  /** Deletes the checkpoint and runs `clearReadModel` in one transaction: the start of a rebuild from scratch. */
  readonly reset: (key: string, clearReadModel?: (db: Database.Database) => void) => TE.TaskEither<StoreError, void>;
}

export interface SqliteCheckpointOptions {
  /** Stamps `updated_at`; default the system clock. */
  readonly clock?: () => string;
}

interface ProjectionRow {
  readonly position: string | null;
  /** The state's UTF-8 bytes (selected as a BLOB; see textOf). */
  readonly state: Buffer | null;
}

// A saved state is megabytes of JSON, and mostly ASCII. Taken as bytes and read as Latin-1 when
// they are all ASCII (the same characters), it is read back without transcoding: measured on a
// 7.7 MB state, 0.6 ms against 55 ms for SQLite's text and 22 ms for UTF-8 decoding of the bytes.
const textOf = (bytes: Buffer | null): string | null => (bytes === null ? null : isAscii(bytes) ? bytes.toString('latin1') : bytes.toString('utf8'));

/** Checkpoints for projections, in the file of a SQLite event store (`store.database`). */
export const createSqliteCheckpointStore = (store: Pick<SqliteEventStore, 'database'>, options: SqliteCheckpointOptions = {}): SqliteCheckpointStore => {
  const db = store.database;
  const clock = options.clock ?? (() => new Date().toISOString());
  const select = db.prepare('SELECT position, CAST(state AS BLOB) AS state FROM projections WHERE name = ?');
  const selectPosition = db.prepare('SELECT position FROM projections WHERE name = ?');
  const remove = db.prepare('DELETE FROM projections WHERE name = ?');
  const upsert = db.prepare(
    `INSERT INTO projections (name, position, state, updated_at) VALUES (@name, @position, @state, @updated_at)
     ON CONFLICT (name) DO UPDATE SET position = excluded.position, state = excluded.state, updated_at = excluded.updated_at`,
  );

  const write = (key: string, position: GlobalPosition, state: unknown) =>
    upsert.run({ name: key, position: position.toString(10), state: orRefuse(encodeCheckpointState(key, state)), updated_at: clock() });

  const saveWithInTransaction = db.transaction(
    (key: string, position: GlobalPosition, state: unknown, writeReadModel: (db: Database.Database) => void) => {
      // only the position is compared: the state it replaces is not read back
      const row = selectPosition.get(key) as Pick<ProjectionRow, 'position'> | undefined;
      const at = row === undefined ? undefined : orRefuse(decodeCheckpoint(key, row.position, null)).position;
      if (at !== undefined && at >= position) {
        refuse(storeError('conflict', `the checkpoint ${key} is already at ${at}; refusing ${position} (these events were applied already)`));
      }
      writeReadModel(db);
      write(key, position, state);
    },
  );
  const resetInTransaction = db.transaction((key: string, clearReadModel?: (db: Database.Database) => void) => {
    clearReadModel?.(db);
    remove.run(key);
  });

  // Every failure is a StoreError value; a read-model writer's own error is the cause of an `unknown` one.
  const guarded =
    <A>(doing: string, run: () => A, writes = true): TE.TaskEither<StoreError, A> =>
    async () => {
      if (writes && db.readonly) return E.left(storeError('invalid-write', `${doing}: the store was opened read-only`));
      try {
        return E.right(run());
      } catch (error) {
        const refused = refusalOf(error);
        if (refused !== undefined) return E.left(refused);
        if (isStoreError(error)) return E.left(error);
        return E.left(fromSqliteError(error, doing));
      }
    };

  return {
    load: (key) =>
      guarded(
        `loading checkpoint ${key}`,
        () => {
          const row = select.get(key) as ProjectionRow | undefined;
          return row === undefined ? undefined : orRefuse(checkpointFromRow(key, { position: row.position, state: textOf(row.state) }));
        },
        false,
      ),
    save: (key, position, state) => guarded(`saving checkpoint ${key}`, () => void write(key, position, state)),
    saveWith: (key, position, state, writeReadModel) =>
      guarded(`saving checkpoint ${key} with its read model`, () => saveWithInTransaction.immediate(key, position, state, writeReadModel)),
    reset: (key, clearReadModel) => guarded(`resetting checkpoint ${key}`, () => resetInTransaction.immediate(key, clearReadModel)),
    remove: (key) => guarded(`removing checkpoint ${key}`, () => void remove.run(key)),
  };
};
