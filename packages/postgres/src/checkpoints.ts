/**
 * Projection checkpoints in the store's own schema (table `projections`): core's
 * `CheckpointStore` port. A projection's state and position are one row, written in one
 * statement: after a crash they always agree.
 *
 * Read models kept in tables of their own use `saveWith`: the read model's SQL runs on the same
 * transaction as the checkpoint, so both commit or neither does, and a position at or behind the
 * saved one is refused (`conflict`, nothing written), so each event reaches those tables exactly
 * once even with two runners (the transaction holds the key's advisory lock).
 *
 * @example
 * const checkpoints = createPostgresCheckpointStore(store);
 * const runner = createProjectionRunner({ store, projections: monitoringProjections, checkpoints });
 * await checkpoints.saveWith('letters.v1', event.position, null, (client) => client.query('INSERT INTO letters ...', [...]))();
 */
import type pg from 'pg';
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
import { fromPgError } from './errors.js';
import { checkout } from './pool.js';
import { lockKey, quoteIdent } from './schema.js';
import type { PostgresEventStore } from './store.js';

export interface PostgresCheckpointStore extends CheckpointStore {
  /**
   * Runs `writeReadModel` (the projection's own SQL, on the transaction's client) and saves the
   * checkpoint in one transaction. `conflict`, writing nothing, when the checkpoint is already at
   * or past `position` (another runner applied these events).
   */
  readonly saveWith: (key: string, position: GlobalPosition, state: unknown, writeReadModel: (client: pg.ClientBase) => Promise<unknown>) => TE.TaskEither<StoreError, void>;
  /** Deletes the checkpoint and runs `clearReadModel` in one transaction: the start of a rebuild from scratch. */
  readonly reset: (key: string, clearReadModel?: (client: pg.ClientBase) => Promise<unknown>) => TE.TaskEither<StoreError, void>;
}

export interface PostgresCheckpointOptions {
  /** Stamps `updated_at`; default the system clock. */
  readonly clock?: () => string;
}

interface ProjectionRow {
  readonly position: string | null;
  readonly state: string | null;
}

/** Checkpoints for projections, in the schema of a PostgreSQL event store. */
export const createPostgresCheckpointStore = (store: Pick<PostgresEventStore, 'pool' | 'schema' | 'readOnly' | 'redact'>, options: PostgresCheckpointOptions = {}): PostgresCheckpointStore => {
  const { pool, schema, redact } = store;
  const S = quoteIdent(schema);
  const clock = options.clock ?? (() => new Date().toISOString());
  const sql = {
    select: `SELECT position::text AS position, state::text AS state FROM ${S}.projections WHERE name = $1`,
    selectPosition: `SELECT position::text AS position FROM ${S}.projections WHERE name = $1`,
    remove: `DELETE FROM ${S}.projections WHERE name = $1`,
    upsert: `INSERT INTO ${S}.projections (name, position, state, updated_at) VALUES ($1, $2::bigint, $3::json, $4)
             ON CONFLICT (name) DO UPDATE SET position = excluded.position, state = excluded.state, updated_at = excluded.updated_at`,
  };

  const write = (client: pg.ClientBase | pg.Pool, key: string, position: GlobalPosition, state: unknown) =>
    client.query(sql.upsert, [key, position.toString(10), orRefuse(encodeCheckpointState(key, state)), clock()]);

  // Every failure is a StoreError value; a read-model writer's own error is the cause of an `unknown` one.
  const guarded =
    <A>(doing: string, run: () => Promise<A>, writes = true): TE.TaskEither<StoreError, A> =>
    async () => {
      if (writes && store.readOnly) return E.left(storeError('invalid-write', `${doing}: the store was opened read-only`));
      try {
        return E.right(await run());
      } catch (error) {
        const refused = refusalOf(error);
        if (refused !== undefined) return E.left(refused);
        if (isStoreError(error)) return E.left(error);
        return E.left(fromPgError(error, doing, redact));
      }
    };

  /** Runs `work` in a transaction holding the key's lock; any throw rolls it back. */
  const transaction = async (key: string, work: (client: pg.PoolClient) => Promise<void>): Promise<void> => {
    const { client, release } = await checkout(pool);
    try {
      await client.query(`BEGIN; SELECT pg_advisory_xact_lock(${lockKey(schema, `checkpoint:${key}`)})`);
      await work(client);
      await client.query('COMMIT');
      release(false);
    } catch (error) {
      const rolledBack = await client.query('ROLLBACK').then(
        () => true,
        () => false,
      );
      release(!rolledBack);
      throw error;
    }
  };

  return {
    load: (key) =>
      guarded(
        `loading checkpoint ${key}`,
        async () => {
          const row = (await pool.query<ProjectionRow>(sql.select, [key])).rows[0];
          return row === undefined ? undefined : orRefuse(checkpointFromRow(key, row));
        },
        false,
      ),
    save: (key, position, state) => guarded(`saving checkpoint ${key}`, async () => void (await write(pool, key, position, state))),
    saveWith: (key, position, state, writeReadModel) =>
      guarded(`saving checkpoint ${key} with its read model`, () =>
        transaction(key, async (client) => {
          // only the position is compared: the state it replaces is not read back
          const row = (await client.query<Pick<ProjectionRow, 'position'>>(sql.selectPosition, [key])).rows[0];
          const at = row === undefined ? undefined : orRefuse(decodeCheckpoint(key, row.position, null)).position;
          if (at !== undefined && at >= position) {
            refuse(storeError('conflict', `the checkpoint ${key} is already at ${at}; refusing ${position} (these events were applied already)`));
          }
          await writeReadModel(client);
          await write(client, key, position, state);
        }),
      ),
    reset: (key, clearReadModel) =>
      guarded(`resetting checkpoint ${key}`, () =>
        transaction(key, async (client) => {
          await clearReadModel?.(client);
          await client.query(sql.remove, [key]);
        }),
      ),
    remove: (key) => guarded(`removing checkpoint ${key}`, async () => void (await pool.query(sql.remove, [key]))),
  };
};
