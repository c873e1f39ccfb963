/**
 * The tables of a store, all in one schema (default `cim_complaints`), and their migrations,
 * numbered by `store_info`'s `schema-version`. Each migration runs in one transaction holding an
 * advisory lock of the schema, which re-reads the version: two processes opening a new schema at
 * once migrate it exactly once.
 *
 * Version 1: `events` (the log: `position` is the global order, `(stream_id, revision)` and
 * `event_id` unique), `anchors` (the store-wide anchor of the hash chain, one entry per append),
 * `projections` (checkpoints) and `store_info` (which marks the schema as a store and keeps its
 * version). `data` and `metadata` are `json`, not `jsonb`: `json` keeps the exact text written,
 * which is what `verify` reads and digests, and takes every string JSON can hold (`jsonb`
 * reorders keys and refuses `\u0000`); cast to `jsonb` in a query to index or search it.
 *
 * @example
 * const version = await migrate(client, 'cim_complaints'); // Right(1) once every table exists
 */
import { createHash } from 'node:crypto';
import * as E from 'fp-ts/lib/Either.js';
import type pg from 'pg';
import { storeError, type StoreError } from '@cim-complaints/core';

/** The value of `store_info.application` that marks a schema as a cim-complaints store. */
export const STORE_APPLICATION = 'cim-complaints';

/** A schema name this library accepts: a plain identifier, so it needs no care in messages or file names. */
export const SCHEMA_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

/** An identifier quoted for SQL. */
export const quoteIdent = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/** A 64-bit advisory-lock key of this store's schema, for one purpose (`append`, `migrate`, a checkpoint key). */
export const lockKey = (schema: string, purpose: string): bigint =>
  BigInt.asIntN(64, BigInt(`0x${createHash('sha256').update(`cim-complaints\u0000${schema}\u0000${purpose}`).digest('hex').slice(0, 16)}`));

/** The LISTEN/NOTIFY channel of a schema's appends. */
export const channelOf = (schema: string): string => `cim_events_${createHash('sha256').update(schema).digest('hex').slice(0, 20)}`;

/** Migration `i` takes a store from version i to i + 1; `S` is the quoted schema. Never edit one that shipped: append. */
export const MIGRATIONS: readonly ((S: string) => string)[] = [
  (S) => `
  CREATE TABLE ${S}.events (
    position    bigint GENERATED ALWAYS AS IDENTITY,
    stream_id   text   NOT NULL,
    revision    bigint NOT NULL,
    event_id    text   NOT NULL,
    type        text   NOT NULL,
    data        json   NOT NULL,
    metadata    json   NOT NULL,
    recorded_at text   NOT NULL,
    CONSTRAINT events_pkey PRIMARY KEY (position),
    CONSTRAINT events_stream_revision UNIQUE (stream_id, revision),
    CONSTRAINT events_event_id UNIQUE (event_id),
    CONSTRAINT events_revision_natural CHECK (revision >= 0)
  );
  CREATE TABLE ${S}.anchors (
    -- numbered by the append under its lock, not by a sequence: a rolled-back append leaves no gap
    sequence  bigint PRIMARY KEY,
    stream_id text   NOT NULL,
    revision  bigint NOT NULL,
    digest    text   NOT NULL,
    previous  text,
    anchor    text   NOT NULL
  );
  CREATE TABLE ${S}.projections (
    name       text PRIMARY KEY,
    position   bigint,
    state      json,
    updated_at text
  );
  CREATE TABLE ${S}.store_info (
    key   text PRIMARY KEY,
    value text NOT NULL
  );
  INSERT INTO ${S}.store_info (key, value) VALUES ('application', '${STORE_APPLICATION}');
  `,
];

/** The store version this library writes. */
export const SCHEMA_VERSION = MIGRATIONS.length;

/**
 * What a schema holds: nothing (or no schema at all), a store of some version, or someone
 * else's tables.
 */
export type SchemaInspection =
  | { readonly kind: 'missing'; readonly schema: string }
  | { readonly kind: 'empty'; readonly schema: string }
  | { readonly kind: 'store'; readonly schema: string; readonly version: number }
  | { readonly kind: 'newer-schema'; readonly schema: string; readonly version: number }
  | { readonly kind: 'foreign-schema'; readonly schema: string; readonly tables: readonly string[] };

/** Looks at a schema without changing anything. Throws `pg`'s errors. */
export const inspectSchema = async (client: pg.ClientBase, schema: string): Promise<SchemaInspection> => {
  const found = await client.query<{ exists: boolean }>('SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = $1) AS exists', [schema]);
  if (found.rows[0]?.exists !== true) return { kind: 'missing', schema };
  const tables = (
    await client.query<{ relname: string }>(
      `SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname = $1 AND c.relkind IN ('r', 'p', 'v', 'm', 'f') ORDER BY c.relname`,
      [schema],
    )
  ).rows.map((r) => r.relname);
  if (tables.length === 0) return { kind: 'empty', schema };
  if (!tables.includes('store_info')) return { kind: 'foreign-schema', schema, tables };
  const info = await client.query<{ key: string; value: string }>(`SELECT key, value FROM ${quoteIdent(schema)}.store_info WHERE key IN ('application', 'schema-version')`);
  const byKey = Object.fromEntries(info.rows.map((r) => [r.key, r.value]));
  if (byKey.application !== STORE_APPLICATION) return { kind: 'foreign-schema', schema, tables };
  const version = Number(byKey['schema-version'] ?? '0');
  return version > SCHEMA_VERSION ? { kind: 'newer-schema', schema, version } : { kind: 'store', schema, version };
};

/**
 * Brings a schema to `SCHEMA_VERSION` (creating it if missing), in one transaction under the
 * schema's migration lock; refuses a schema of someone else's tables or of a newer version,
 * leaving it as it was. Throws `pg`'s errors.
 */
export const migrate = async (client: pg.ClientBase, schema: string): Promise<E.Either<SchemaInspection, number>> => {
  const S = quoteIdent(schema);
  await client.query('BEGIN');
  try {
    await client.query(`SELECT pg_advisory_xact_lock(${lockKey(schema, 'migrate')})`);
    const found = await inspectSchema(client, schema);
    if (found.kind === 'foreign-schema' || found.kind === 'newer-schema') {
      await client.query('ROLLBACK');
      return E.left(found);
    }
    if (found.kind === 'missing') await client.query(`CREATE SCHEMA ${S}`);
    const from = found.kind === 'store' ? found.version : 0;
    for (let version = from; version < SCHEMA_VERSION; version += 1) await client.query(MIGRATIONS[version]!(S));
    if (from < SCHEMA_VERSION) {
      await client.query(
        `INSERT INTO ${S}.store_info (key, value) VALUES ('schema-version', $1) ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
        [String(SCHEMA_VERSION)],
      );
    }
    await client.query('COMMIT');
    return E.right(SCHEMA_VERSION);
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
};

/** The message of a schema the store refuses, naming where it is (`where`: the masked connection string). */
export const refusalMessage = (found: SchemaInspection, where: string): string => {
  switch (found.kind) {
    case 'missing':
    case 'empty':
      return `no store in schema ${found.schema} of ${where}: load complaints first, or name another schema (?schema=...)`;
    case 'foreign-schema':
      return `schema ${found.schema} of ${where} is not a cim-complaints store: it holds other tables (${found.tables.slice(0, 8).join(', ')}${found.tables.length > 8 ? ', ...' : ''})`;
    case 'newer-schema':
      return `schema ${found.schema} of ${where} has store version ${found.version}; this library knows up to ${SCHEMA_VERSION}: upgrade @cim-complaints/postgres`;
    case 'store':
      return `schema ${found.schema} of ${where} is a store`;
  }
};

/** The store error of a refused schema. */
export const refusal = (found: SchemaInspection, where: string): StoreError & { readonly found: SchemaInspection } => ({
  ...storeError(found.kind === 'missing' || found.kind === 'empty' ? 'unavailable' : 'unknown', refusalMessage(found, where)),
  found,
});
