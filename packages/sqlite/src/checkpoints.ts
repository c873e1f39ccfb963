/**
 * Projection checkpoints in the event store's own file: a projection's state and the position it
 * has seen are saved in ONE transaction (with `saveWith`, together with the projection's own
 * read-model tables), so after a crash the read model and its checkpoint agree: each event is
 * applied exactly once. A save never moves a checkpoint backwards or repeats a position: a
 * second runner of the same projection gets `conflict` and its writes are rolled back.
 *
 * @example
 * const checkpoints = createSqliteCheckpointStore<Counts>(store);
 * const last = await checkpoints.load('counts')();            // Right(undefined) the first time
 * await checkpoints.save('counts', event.position, counts)();
 * await checkpoints.saveWith('open-cases', event.position, null, (db) => db.prepare(sql).run(row))();
 */
import type Database from 'better-sqlite3';
import * as E from 'fp-ts/lib/Either.js';
import type * as TE from 'fp-ts/lib/TaskEither.js';
import { storeError, type GlobalPosition, type StoreError } from '@cim-complaints/core';
import { fromSqliteError, type SqliteEventStore } from './store.js';

/** What a projection saved last: the position of the last event it applied, and its state. */
export interface Checkpoint<S> {
  readonly position: GlobalPosition | undefined;
  readonly state: S;
}

/** How a state becomes JSON and back; an io-ts codec fits. Default: the JSON value as it is. */
export interface StateCodec<S> {
  readonly encode: (state: S) => unknown;
  readonly decode: (json: unknown) => E.Either<unknown, S>;
}

export interface SqliteCheckpointStore<S> {
  /** The saved checkpoint of a projection, or undefined if it never saved. */
  readonly load: (name: string) => TE.TaskEither<StoreError, Checkpoint<S> | undefined>;
  /** Saves state and position in one transaction; `conflict` if the checkpoint is already at or past `position`. */
  readonly save: (name: string, position: GlobalPosition, state: S) => TE.TaskEither<StoreError, void>;
  /**
   * As `save`, running `writeReadModel` (the projection's own SQL on the same connection) in the
   * same transaction: both commit or neither does. If it throws, nothing is written.
   */
  readonly saveWith: (
    name: string,
    position: GlobalPosition,
    state: S,
    writeReadModel: (db: Database.Database) => void,
  ) => TE.TaskEither<StoreError, void>;
}

export interface SqliteCheckpointOptions<S> {
  readonly codec?: StateCodec<S>;
  /** Stamps `updated_at`; default the system clock. */
  readonly clock?: () => string;
}

interface ProjectionRow {
  readonly position: string | null;
  readonly state: string | null;
}

/** Thrown inside a transaction to roll it back with a typed error. */
class Abort {
  constructor(readonly error: StoreError) {}
}

const parsePosition = (name: string, text: string | null): E.Either<StoreError, GlobalPosition | undefined> => {
  if (text === null) return E.right(undefined);
  if (!/^\d+$/.test(text)) return E.left(storeError('decode-failed', `the checkpoint of ${name} has a bad position ${JSON.stringify(text)}`));
  return E.right(BigInt(text));
};

/** Checkpoints for projections, in the file of a SQLite event store. */
export const createSqliteCheckpointStore = <S = unknown>(
  store: Pick<SqliteEventStore, 'database'>,
  options: SqliteCheckpointOptions<S> = {},
): SqliteCheckpointStore<S> => {
  const db = store.database;
  const codec: StateCodec<S> = options.codec ?? { encode: (s) => s, decode: (json) => E.right(json as S) };
  const clock = options.clock ?? (() => new Date().toISOString());
  const select = db.prepare('SELECT position, state FROM projections WHERE name = ?');
  const upsert = db.prepare(
    `INSERT INTO projections (name, position, state, updated_at) VALUES (@name, @position, @state, @updated_at)
     ON CONFLICT (name) DO UPDATE SET position = excluded.position, state = excluded.state, updated_at = excluded.updated_at`,
  );

  const read = (name: string): E.Either<StoreError, Checkpoint<S> | undefined> => {
    const row = select.get(name) as ProjectionRow | undefined;
    if (row === undefined) return E.right(undefined);
    const position = parsePosition(name, row.position);
    if (E.isLeft(position)) return position;
    let json: unknown;
    try {
      json = row.state === null ? null : (JSON.parse(row.state) as unknown);
    } catch (error) {
      return E.left(storeError('decode-failed', `the state of ${name} is not JSON: ${(error as Error).message}`));
    }
    const state = codec.decode(json);
    if (E.isLeft(state)) return E.left(storeError('decode-failed', `the state of ${name} does not decode`, { cause: state.left }));
    return E.right({ position: position.right, state: state.right });
  };

  const write = db.transaction((name: string, position: GlobalPosition, state: S, writeReadModel?: (db: Database.Database) => void) => {
    const current = read(name);
    if (E.isLeft(current)) throw new Abort(current.left);
    const at = current.right?.position;
    if (at !== undefined && at >= position) {
      throw new Abort(storeError('conflict', `the checkpoint of ${name} is already at ${at}; refusing ${position} (another runner applied these events)`));
    }
    writeReadModel?.(db);
    const encoded = JSON.stringify(codec.encode(state));
    upsert.run({ name, position: position.toString(), state: encoded ?? null, updated_at: clock() });
  });

  const save = (name: string, position: GlobalPosition, state: S, writeReadModel?: (db: Database.Database) => void) => async (): Promise<E.Either<StoreError, void>> => {
    try {
      write.immediate(name, position, state, writeReadModel);
      return E.right(undefined);
    } catch (error) {
      if (error instanceof Abort) return E.left(error.error);
      return E.left(fromSqliteError(error, `saving the checkpoint of ${name}`));
    }
  };

  return {
    load: (name) => async () => {
      try {
        return read(name);
      } catch (error) {
        return E.left(fromSqliteError(error, `loading the checkpoint of ${name}`));
      }
    },
    save: (name, position, state) => save(name, position, state),
    saveWith: (name, position, state, writeReadModel) => save(name, position, state, writeReadModel),
  };
};
