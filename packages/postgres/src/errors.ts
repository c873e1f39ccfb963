/**
 * How errors thrown by `pg` (the server's, carrying a SQLSTATE `code`, and the driver's own, for
 * a lost or refused connection) become typed `StoreError`s, with every secret of the connection
 * string redacted from the message; and the error a store gives when it refuses to open a schema
 * because of what is there.
 *
 * @example
 * try { await client.query(sql); } catch (error) { return E.left(fromPgError(error, 'reading $all', redact)); }
 * if (E.isLeft(opened) && opened.left.found?.kind === 'foreign-schema') console.error(opened.left.found.tables);
 */
import { storeError, type StoreError, type StoreErrorKind } from '@cim-complaints/core';
import type { SchemaInspection } from './schema.js';

/** A store error from PostgreSQL, with the server's SQLSTATE when the server sent one. */
export interface PostgresStoreError extends StoreError {
  /** The five-character SQLSTATE (`23505`, `57P01`, ...), when the error came from the server. */
  readonly sqlState?: string;
}

interface PgLikeError {
  readonly code?: unknown;
  readonly message?: unknown;
  readonly constraint?: unknown;
}

const field = (error: unknown, key: keyof PgLikeError): string =>
  typeof error === 'object' && error !== null && typeof (error as PgLikeError)[key] === 'string' ? ((error as PgLikeError)[key] as string) : '';

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : field(error, 'message') || String(error));

/** The SQLSTATE of a server error, or '' for the driver's own errors. */
export const sqlStateOf = (error: unknown): string => {
  const code = field(error, 'code');
  return /^[0-9A-Z]{5}$/.test(code) ? code : '';
};

/** Whether an error is the unique constraint on `(stream_id, revision)`: another writer took the revision. */
export const isRevisionClash = (error: unknown): boolean => sqlStateOf(error) === '23505' && field(error, 'constraint') === 'events_stream_revision';

/** Whether an error is the unique constraint on `event_id`. */
export const isEventIdClash = (error: unknown): boolean => sqlStateOf(error) === '23505' && field(error, 'constraint') === 'events_event_id';

// Node's socket errors, and the driver's messages for a connection that went away.
const NETWORK_CODES = ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOENT'];
const LOST = /Connection terminated|connection error|not queryable|timeout exceeded when trying to connect|Client was closed|Cannot use a pool after calling end/i;
// the server asked for a password the connection string does not give
const NO_PASSWORD = /SASL|client password must be a string|password authentication/i;

/** The store-error kind of a thrown `pg` error. */
export const kindOfPgError = (error: unknown): StoreErrorKind => {
  const state = sqlStateOf(error);
  if (state !== '') {
    const cls = state.slice(0, 2);
    // 08 connection, 53 resources, 57P0x shutdown / cannot connect now, 55P03 lock timeout, 3D000 no such database, 28 authorisation
    if (cls === '08' || cls === '53' || cls === '28' || /^57P0[1-4]$/.test(state) || state === '55P03' || state === '3D000' || state === '25006') return 'unavailable';
    if (state === '57014') return 'deadline-exceeded';
    // 40001 serialisation failure, 40P01 deadlock: another writer won, try again
    if (cls === '40') return 'conflict';
    // 22 data exceptions, 23 integrity constraints: what was written was refused
    if (cls === '22' || cls === '23') return 'invalid-write';
    return 'unknown';
  }
  if (NETWORK_CODES.includes(field(error, 'code')) || LOST.test(messageOf(error)) || NO_PASSWORD.test(messageOf(error))) return 'unavailable';
  return 'unknown';
};

/** A thrown `pg` (or connection) error as a typed store error; `redact` takes the connection string's secrets out of the message. */
export const fromPgError = (error: unknown, doing: string, redact: (text: string) => string, streamId?: string): PostgresStoreError => {
  const state = sqlStateOf(error);
  const code = state || field(error, 'code');
  const message = redact(`${doing}: ${messageOf(error)}${code === '' || messageOf(error).includes(code) ? '' : ` (${code})`}`);
  return {
    ...storeError(kindOfPgError(error), message, { cause: error, ...(streamId === undefined ? {} : { streamId }) }),
    ...(state === '' ? {} : { sqlState: state }),
  };
};

/**
 * What `createPostgresEventStore` fails with: a plain `StoreError`, plus `found` when the store
 * refused the schema because of what is in it (then it was left as it was):
 *
 * | `found.kind` | `kind` | message |
 * |--------------|--------|---------|
 * | `missing` (with `create: false` or `readOnly`) | `unavailable` | `no store in schema S of <url>: ...` |
 * | `foreign-schema` | `unknown` | `schema S of <url> is not a cim-complaints store: it holds other tables (...)` |
 * | `newer-schema` | `unknown` | `schema S of <url> has store version N; this library knows up to M: upgrade @cim-complaints/postgres` |
 *
 * A connection string or schema name that cannot be used is `invalid-argument`; a server that
 * cannot be reached, `unavailable`.
 */
export interface PostgresOpenError extends PostgresStoreError {
  readonly found?: SchemaInspection;
}

/** What the schema was found to be, when a store refused to open it because of that (else undefined). */
export const refusedSchema = (error: StoreError): SchemaInspection | undefined => (error as PostgresOpenError).found;
