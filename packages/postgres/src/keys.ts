/**
 * A `KeyStore` on PostgreSQL (C5): one row per data subject in `subject_keys` of a schema of its
 * own (by default the event store's schema with `_keys` after it), the key as 32 bytes; erasing
 * deletes the row and writes a tombstone (the subject and when, no key) in one transaction. A
 * schema of its own means the events can be dumped, copied or granted to a reader without the
 * keys (`pg_dump --exclude-schema`, no USAGE on the key schema). PostgreSQL keeps a deleted row's
 * bytes until VACUUM reclaims them, and WAL archives and backups keep them longer: run
 * `VACUUM subject_keys` after erasures, and age out old backups (docs/operations.md).
 *
 * `importKey` (`copy`) applies core's `decideKeyImport` in one transaction holding the subject's
 * row (`FOR UPDATE`): a new subject's key is written with the record's `createdAt`, an erasure
 * replaces a key as `eraseKey` does (keeping the earlier `created_at`), and nothing else changes.
 * Both, finding no row, only insert: `FOR UPDATE` also finds no row when another transaction
 * deleted it while we waited (its erasure), so a clash on insert means "look again" (up to three
 * attempts), and of concurrent erasures exactly one answers `erased: true`.
 *
 * @example
 * const keys = await createPostgresKeyStore({ connectionString: process.env.DATABASE_URL, schema: 'cim_complaints_keys' })();
 * const store = protectPersonalData(events, keys.right);
 */
import pg from 'pg';
import * as E from 'fp-ts/lib/Either.js';
import type * as TE from 'fp-ts/lib/TaskEither.js';
import {
  decideKeyImport,
  newSubjectKey,
  storeError,
  subjectErased,
  type KeyImportOutcome,
  type KeyLookup,
  type KeyRecord,
  type KeyStore,
  type StoreError,
} from '@cim-complaints/core';
import { DEFAULT_SCHEMA, isPostgresUrl, maskPostgresUrl, postgresRedactor, splitSchema } from './connection-strings.js';
import { fromPgError, sqlStateOf } from './errors.js';
import { checkout } from './pool.js';
import { SCHEMA_NAME, lockKey, quoteIdent } from './schema.js';

/** The value of `store_info.application` that marks a schema as a key store. */
export const KEY_STORE_APPLICATION = 'cim-complaints-keys';

/** The key schema beside an event store's schema. */
export const keySchemaFor = (schema: string): string => `${schema}_keys`;

export interface PostgresKeyStoreOptions {
  /** Give this or `pool`; `?schema=` names the event store's schema, and the keys go beside it (`<schema>_keys`). */
  readonly connectionString?: string;
  /** A pool to use; the caller keeps ownership. */
  readonly pool?: pg.Pool;
  /** The key schema; default `<event store schema>_keys` (`cim_complaints_keys`). */
  readonly schema?: string;
  /** Open only to read keys: nothing is created; `keyFor` a new subject and `eraseKey` fail. A missing key schema reads as no keys. */
  readonly readOnly?: boolean;
  /** Stamps `createdAt` and `erasedAt`; default the system clock. */
  readonly clock?: () => string;
}

export interface PostgresKeyStore extends KeyStore {
  readonly schema: string;
  readonly close: () => Promise<void>;
}

interface Row {
  readonly subject: string;
  readonly key: Buffer | null;
  readonly created_at: string;
  readonly erased_at: string | null;
}

const tables = (K: string) => `
  CREATE TABLE ${K}.subject_keys (
    subject    text PRIMARY KEY,
    key        bytea,
    created_at text NOT NULL,
    erased_at  text,
    CONSTRAINT subject_keys_tombstone CHECK ((key IS NULL) = (erased_at IS NOT NULL))
  );
  CREATE TABLE ${K}.store_info (key text PRIMARY KEY, value text NOT NULL);
  INSERT INTO ${K}.store_info (key, value) VALUES ('application', '${KEY_STORE_APPLICATION}');`;

/** Opens (creating unless read-only) a key store; every failure is a value. */
export const createPostgresKeyStore =
  (options: PostgresKeyStoreOptions): TE.TaskEither<StoreError, PostgresKeyStore> =>
  async () => {
    if (typeof options !== 'object' || options === null) return E.left(storeError('invalid-argument', 'createPostgresKeyStore takes an options object'));
    if ((options.connectionString === undefined) === (options.pool === undefined))
      return E.left(storeError('invalid-argument', 'give createPostgresKeyStore exactly one of `connectionString` or `pool`'));
    if (options.connectionString !== undefined && !isPostgresUrl(options.connectionString))
      return E.left(storeError('invalid-argument', `not a PostgreSQL connection string: ${JSON.stringify(maskPostgresUrl(options.connectionString))}`));
    const split = options.connectionString === undefined ? undefined : splitSchema(options.connectionString);
    const schema = options.schema ?? keySchemaFor(split?.schema ?? DEFAULT_SCHEMA);
    if (!SCHEMA_NAME.test(schema)) return E.left(storeError('invalid-argument', `key schema ${JSON.stringify(schema)} is not a plain identifier`));
    const redact = postgresRedactor(options.connectionString);
    const where = `${options.connectionString === undefined ? 'the given pool' : maskPostgresUrl(split!.connectionString)} (schema ${schema})`;
    const K = quoteIdent(schema);
    const clock = options.clock ?? (() => new Date().toISOString());
    const readOnly = options.readOnly === true;
    let pool: pg.Pool;
    try {
      pool = options.pool ?? new pg.Pool({ connectionString: split!.connectionString, max: 2, application_name: 'cim-complaints-keys' });
    } catch (error) {
      return E.left(storeError('invalid-argument', redact(`not a usable PostgreSQL connection string: ${(error as Error)?.message ?? String(error)}`)));
    }
    const owns = options.pool === undefined;
    if (owns) pool.on('error', () => undefined);
    const end = async () => {
      if (owns) await pool.end().catch(() => undefined);
    };

    // what is there: nothing, a key store, or someone else's tables (refused, untouched)
    let present: boolean;
    try {
      const { client, release } = await checkout(pool);
      try {
        await client.query('BEGIN');
        await client.query(`SELECT pg_advisory_xact_lock(${lockKey(schema, 'keys')})`);
        const found = (
          await client.query<{ relname: string }>(
            `SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relkind IN ('r', 'p', 'v', 'm', 'f')`,
            [schema],
          )
        ).rows.map((r) => r.relname);
        const ours =
          found.includes('store_info') &&
          (await client.query<{ value: string }>(`SELECT value FROM ${K}.store_info WHERE key = 'application'`)).rows[0]?.value === KEY_STORE_APPLICATION;
        if (found.length > 0 && !ours) {
          await client.query('ROLLBACK');
          release(false);
          await end();
          return E.left(storeError('invalid-argument', `schema ${schema} of ${where} is not a cim-complaints key store (it holds ${found.join(', ')}); name another with --keys`));
        }
        present = ours;
        if (!ours && !readOnly) {
          await client.query(`CREATE SCHEMA IF NOT EXISTS ${K}`);
          await client.query(tables(K));
          present = true;
        }
        await client.query('COMMIT');
        release(false);
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        release(true);
        throw error;
      }
    } catch (error) {
      await end();
      return E.left(fromPgError(error, `opening the key store ${where}`, redact));
    }

    const attempt =
      <A>(doing: string, work: () => Promise<E.Either<StoreError, A>>): TE.TaskEither<StoreError, A> =>
      async () => {
        try {
          return await work();
        } catch (error) {
          return E.left(fromPgError(error, `${doing} in the key store ${where}`, redact));
        }
      };
    const refuse = (what: string): StoreError => storeError('invalid-write', `the key store ${where} was opened read-only: cannot ${what}`);
    const lookup = async (client: pg.ClientBase | pg.Pool, subject: string): Promise<KeyLookup> => {
      if (!present) return { status: 'none' };
      const row = (await client.query<Row>(`SELECT subject, key, created_at, erased_at FROM ${K}.subject_keys WHERE subject = $1`, [subject])).rows[0];
      if (row === undefined) return { status: 'none' };
      return row.key === null ? { status: 'erased', erasedAt: row.erased_at ?? row.created_at } : { status: 'active', key: new Uint8Array(row.key) };
    };

    /**
     * `work` on a subject's row locked FOR UPDATE, in a transaction of its own: committed when it
     * says so, else rolled back. FOR UPDATE does not return a row another transaction deleted while
     * we waited for its lock (READ COMMITTED re-checks that row, not the subject), so finding no row
     * proves nothing: with none locked, `work` inserts only, never deletes, and a row written
     * meanwhile makes the insert fail (23505); the next attempt (of 3) sees that row.
     */
    const onLockedRow = async <A>(subject: string, work: (client: pg.ClientBase, row: Row | undefined) => Promise<{ readonly commit: boolean; readonly result: A }>): Promise<A> => {
      for (let attempts = 1; ; attempts += 1) {
        const { client, release } = await checkout(pool);
        try {
          await client.query('BEGIN');
          const row = (await client.query<Row>(`SELECT subject, key, created_at, erased_at FROM ${K}.subject_keys WHERE subject = $1 FOR UPDATE`, [subject])).rows[0];
          const { commit, result } = await work(client, row);
          await client.query(commit ? 'COMMIT' : 'ROLLBACK');
          release(false);
          return result;
        } catch (error) {
          const rolledBack = await client.query('ROLLBACK').then(
            () => true,
            () => false,
          );
          release(!rolledBack);
          if (sqlStateOf(error) === '23505' && attempts < 3) continue;
          throw error;
        }
      }
    };

    return E.right({
      name: `keys in ${where}`,
      schema,
      getKey: (subject) => attempt('reading a key', async () => E.right(await lookup(pool, subject))),
      keyFor: (subject) =>
        attempt('making a key', async () => {
          const found = await lookup(pool, subject);
          if (found.status === 'active') return E.right(found.key);
          if (found.status === 'erased') return E.left(subjectErased(subject, found.erasedAt));
          if (readOnly) return E.left(refuse(`make a key for ${subject}`));
          const made = newSubjectKey();
          const inserted = await pool.query(`INSERT INTO ${K}.subject_keys (subject, key, created_at) VALUES ($1, $2, $3) ON CONFLICT (subject) DO NOTHING`, [subject, Buffer.from(made), clock()]);
          if (inserted.rowCount === 1) return E.right(made);
          // another process made (or erased) it first: its answer is the one
          const again = await lookup(pool, subject);
          if (again.status === 'active') return E.right(again.key);
          if (again.status === 'erased') return E.left(subjectErased(subject, again.erasedAt));
          return E.left(storeError('unknown', `the key of ${subject} in ${where} was neither made nor found`));
        }),
      eraseKey: (subject) =>
        attempt('erasing a key', async () => {
          if (readOnly) return E.left(refuse(`erase the key of ${subject}`));
          return onLockedRow<E.Either<StoreError, { readonly erased: boolean }>>(subject, async (client, row) => {
            if (row !== undefined && row.key === null) return { commit: false, result: E.right({ erased: false }) };
            const now = clock();
            // delete, then write the tombstone: the key's bytes go with the deleted row version (VACUUM reclaims it)
            if (row !== undefined) await client.query(`DELETE FROM ${K}.subject_keys WHERE subject = $1`, [subject]);
            await client.query(`INSERT INTO ${K}.subject_keys (subject, key, created_at, erased_at) VALUES ($1, NULL, $2, $3)`, [subject, row?.created_at ?? now, now]);
            return { commit: true, result: E.right({ erased: true }) };
          });
        }),
      importKey: (record) =>
        attempt('importing a key', async () => {
          if (readOnly) return E.left(refuse(`import the key of ${String(record?.subject)}`));
          // a subject another writer adds between our look and our insert (keyFor, another copy) is met by looking again
          return onLockedRow<E.Either<StoreError, KeyImportOutcome>>(record.subject, async (client, row) => {
            const held: KeyLookup =
              row === undefined ? { status: 'none' } : row.key === null ? { status: 'erased', erasedAt: row.erased_at ?? row.created_at } : { status: 'active', key: new Uint8Array(row.key) };
            const step = decideKeyImport(held, record);
            if (E.isLeft(step) || step.right.write === 'nothing') return { commit: false, result: E.map((s: { readonly outcome: KeyImportOutcome }) => s.outcome)(step) };
            if (step.right.write === 'key' && record.status === 'active') {
              await client.query(`INSERT INTO ${K}.subject_keys (subject, key, created_at) VALUES ($1, $2, $3)`, [record.subject, Buffer.from(record.key), record.createdAt]);
            }
            if (step.right.write === 'tombstone' && record.status === 'erased') {
              // as eraseKey: the key's row deleted, then the tombstone, keeping when the key was made here
              if (row !== undefined) await client.query(`DELETE FROM ${K}.subject_keys WHERE subject = $1`, [record.subject]);
              await client.query(`INSERT INTO ${K}.subject_keys (subject, key, created_at, erased_at) VALUES ($1, NULL, $2, $3)`, [record.subject, row?.created_at ?? record.createdAt, record.erasedAt]);
            }
            return { commit: true, result: E.right(step.right.outcome) };
          });
        }),
      listKeys: () =>
        attempt('listing keys', async () => {
          if (!present) return E.right([]);
          const rows = (await pool.query<{ subject: string; erased: boolean; created_at: string; erased_at: string | null }>(`SELECT subject, key IS NULL AS erased, created_at, erased_at FROM ${K}.subject_keys ORDER BY subject`)).rows;
          return E.right(rows.map((r): KeyRecord => ({ subject: r.subject, status: r.erased ? 'erased' : 'active', createdAt: r.created_at, ...(r.erased_at === null ? {} : { erasedAt: r.erased_at }) })));
        }),
      close: end,
    });
  };
