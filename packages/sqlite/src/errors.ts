/**
 * How thrown SQLite (and connection) errors become typed `StoreError`s, and the error a store
 * gives when it refuses to open a file because of what the file is.
 *
 * @example
 * try { db.exec(sql); } catch (error) { return E.left(fromSqliteError(error, `migrating ${path}`)); }
 * if (E.isLeft(opened) && opened.left.found?.kind === 'foreign-sqlite') console.error(opened.left.found.tables);
 */
import { storeError, type StoreError } from '@cim-complaints/core';
import type { SqliteFileInspection } from './identity.js';

interface SqliteLikeError {
  readonly code?: unknown;
  readonly message?: unknown;
}

const codeOf = (error: unknown): string =>
  typeof error === 'object' && error !== null && typeof (error as SqliteLikeError).code === 'string' ? ((error as SqliteLikeError).code as string) : '';

const messageOf = (error: unknown): string =>
  error instanceof Error ? error.message : typeof error === 'object' && error !== null ? String((error as SqliteLikeError).message) : String(error);

/** Whether an error is SQLite's unique constraint on `(stream_id, revision)`: another writer took the revision. */
/** The UNIQUE constraint on `events.event_id`: an id already stored, or given twice in one append. */
export const isEventIdClash = (error: unknown): boolean => codeOf(error).startsWith('SQLITE_CONSTRAINT') && messageOf(error).includes('events.event_id');

export const isRevisionClash = (error: unknown): boolean =>
  codeOf(error).startsWith('SQLITE_CONSTRAINT') && messageOf(error).includes('events.stream_id, events.revision');

/** A thrown SQLite (or connection) error as a typed store error. */
export const fromSqliteError = (error: unknown, doing: string, streamId?: string): StoreError => {
  const code = codeOf(error);
  const fields = { cause: error, ...(streamId === undefined ? {} : { streamId }) };
  const message = `${doing}: ${messageOf(error)}${code === '' ? '' : ` (${code})`}`;
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) return storeError('unavailable', message, fields);
  if (['SQLITE_CANTOPEN', 'SQLITE_READONLY', 'SQLITE_FULL', 'SQLITE_IOERR', 'SQLITE_PERM'].some((c) => code.startsWith(c))) {
    return storeError('unavailable', message, fields);
  }
  if (code.startsWith('SQLITE_CONSTRAINT')) return storeError('invalid-write', message, fields);
  if (error instanceof TypeError && messageOf(error).includes('not open')) return storeError('unavailable', message, fields);
  return storeError('unknown', message, fields);
};

/** A file-system error (from `node:fs`) as a typed store error: the file cannot be reached, so `unavailable`. */
export const fromFileError = (error: unknown, doing: string): StoreError => {
  const code = codeOf(error);
  return storeError('unavailable', `${doing}: ${messageOf(error)}${code === '' || messageOf(error).includes(code) ? '' : ` (${code})`}`, { cause: error });
};

/**
 * What `createSqliteEventStore` fails with. A plain `StoreError`, plus `found` when the store
 * refused the file because of what it is (then the file was left as it was):
 *
 * | `found.kind` | `kind` | message |
 * |--------------|--------|---------|
 * | `missing` (read-only only) | `unavailable` | `no store at <path>: the file does not exist` |
 * | `empty` (read-only only) | `unknown` | `<path> is empty, not a cim-complaints store` |
 * | `not-sqlite` | `unknown` | `<path> is not a cim-complaints store: it is not a SQLite database (...)` |
 * | `foreign-sqlite` | `unknown` | `<path> is not a cim-complaints store: it is a SQLite database with other tables (...)` |
 * | `newer-schema` | `unknown` | `<path> has schema version N; this library knows up to M: upgrade @cim-complaints/sqlite` |
 */
export interface SqliteOpenError extends StoreError {
  readonly found?: SqliteFileInspection;
}

/** What the file was found to be, when a store refused to open it because of that (else undefined). */
export const refusedFile = (error: StoreError): SqliteFileInspection | undefined => (error as SqliteOpenError).found;
