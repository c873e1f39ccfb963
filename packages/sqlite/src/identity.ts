/**
 * Whether a file is a cim-complaints store, told without changing it: `inspectSqliteFile` for
 * callers (the CLI decides from it what `demo --replace` may delete), and the checks
 * `createSqliteEventStore` makes before it migrates or writes anything.
 *
 * A store is a SQLite file with `PRAGMA application_id = STORE_APPLICATION_ID` (schema version
 * 2 on), or a version-1 file written before that stamp: `user_version` 1 with the `events` and
 * `projections` tables. A SQLite file with no schema objects and no version is empty (a new
 * store being created, or one whose creation was interrupted before its first migration).
 *
 * @example
 * const found = inspectSqliteFile('demo.db');
 * // Right({ kind: 'store', path: 'demo.db', schemaVersion: 2, info: { 'created-by': 'cim-complaints demo' } })
 * // Right({ kind: 'foreign-sqlite', path: 'demo.db', tables: ['notes'], applicationId: 0, userVersion: 0 }), ...
 */
import { dirname } from 'node:path';
import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';
import * as E from 'fp-ts/lib/Either.js';
import { storeError, type StoreError } from '@cim-complaints/core';
import { fromSqliteError, type SqliteOpenError } from './errors.js';
import { canWriteDirectory, createOwnerOnly, fileFacts, needsSnapshot, snapshotOf } from './files.js';
import { SCHEMA_VERSION, STORE_APPLICATION_ID, schemaVersionOf, storeInfoOf } from './schema.js';

/** What is at a path, as far as cim-complaints is concerned. */
export type SqliteFileInspection =
  /** Nothing at the path. */
  | { readonly kind: 'missing'; readonly path: string }
  /** 0 bytes (`bytes` 0), or a SQLite database with no schema objects and no schema version. */
  | { readonly kind: 'empty'; readonly path: string; readonly bytes: number }
  /** A file that does not start with the SQLite header (a text file, random bytes). */
  | { readonly kind: 'not-sqlite'; readonly path: string; readonly bytes: number }
  /** A SQLite database that is not a cim-complaints store: its tables (not SQLite's own), `application_id` and `user_version`. */
  | {
      readonly kind: 'foreign-sqlite';
      readonly path: string;
      readonly tables: readonly string[];
      readonly applicationId: number;
      readonly userVersion: number;
    }
  /** A cim-complaints store written by a newer version of this library. */
  | { readonly kind: 'newer-schema'; readonly path: string; readonly schemaVersion: number; readonly supportedVersion: number }
  /** A cim-complaints store this library can open: its schema version and its `store_info` entries (none before version 2). */
  | { readonly kind: 'store'; readonly path: string; readonly schemaVersion: number; readonly info: Readonly<Record<string, string>> };

/** Tells what a SQLite connection holds, in one read transaction; never writes. Throws SQLite's errors (a corrupt file). */
export const identify = (db: Database.Database, path: string, bytes: number): SqliteFileInspection =>
  db
    .transaction((): SqliteFileInspection => {
      const applicationId = db.pragma('application_id', { simple: true }) as number;
      const userVersion = schemaVersionOf(db);
      const objects = db.prepare('SELECT type, name FROM sqlite_schema').all() as { type: string; name: string }[];
      const tables = objects
        .filter((o) => o.type === 'table' && !o.name.startsWith('sqlite_'))
        .map((o) => o.name)
        .sort();
      const stamped = applicationId === STORE_APPLICATION_ID;
      if (objects.length === 0 && userVersion === 0 && (applicationId === 0 || stamped)) return { kind: 'empty', path, bytes };
      const versionOne = applicationId === 0 && userVersion === 1 && tables.includes('events') && tables.includes('projections');
      if (stamped && userVersion > SCHEMA_VERSION) return { kind: 'newer-schema', path, schemaVersion: userVersion, supportedVersion: SCHEMA_VERSION };
      if ((stamped && userVersion >= 1) || versionOne) return { kind: 'store', path, schemaVersion: userVersion, info: storeInfoOf(db) };
      return { kind: 'foreign-sqlite', path, tables, applicationId, userVersion };
    })
    .deferred();

// Names come from the file, which may be hostile: quoted (control characters escaped), cut short, at most a few.
const quoted = (names: readonly string[]): string => {
  const shown = names.slice(0, 8).map((n) => JSON.stringify(n.length > 40 ? `${n.slice(0, 40)}...` : n));
  return `${shown.join(', ')}${names.length > shown.length ? ` and ${names.length - shown.length} more` : ''}`;
};

const hex = (n: number): string => `0x${(n >>> 0).toString(16).padStart(8, '0')}`;

/** The stable wording of each refusal: names the path and what was found there. */
export const refusalMessage = (found: Exclude<SqliteFileInspection, { kind: 'store' }>): string => {
  switch (found.kind) {
    case 'missing':
      return `no store at ${found.path}: the file does not exist`;
    case 'empty':
      return found.bytes === 0
        ? `${found.path} is empty, not a cim-complaints store`
        : `${found.path} is empty, not a cim-complaints store (a SQLite database with no tables)`;
    case 'not-sqlite':
      return `${found.path} is not a cim-complaints store: it is not a SQLite database (${found.bytes} bytes without the SQLite header)`;
    case 'foreign-sqlite': {
      const tables = found.tables.length === 0 ? 'no tables' : `other tables (${quoted(found.tables)})`;
      const stamp = [
        ...(found.applicationId === 0 ? [] : [`application_id ${hex(found.applicationId)}`]),
        ...(found.userVersion === 0 ? [] : [`user_version ${found.userVersion}`]),
      ];
      return `${found.path} is not a cim-complaints store: it is a SQLite database with ${tables}${stamp.length === 0 ? '' : `, ${stamp.join(', ')}`}`;
    }
    case 'newer-schema':
      return `${found.path} has schema version ${found.schemaVersion}; this library knows up to ${found.supportedVersion}: upgrade @cim-complaints/sqlite`;
  }
};

/** The error for a file refused because of what it is; `missing` is `unavailable`, the rest `unknown`. */
export const refusal = (found: Exclude<SqliteFileInspection, { kind: 'store' }>): SqliteOpenError => ({
  ...storeError(found.kind === 'missing' ? 'unavailable' : 'unknown', refusalMessage(found)),
  found,
});

const notAFile = (path: string, what: string): StoreError => storeError('unavailable', `${path} is ${what}, not a cim-complaints store`);

/** A read-only look: what is at `path`, and the open connection when it is a SQLite file SQLite could read. */
interface Look {
  readonly found: SqliteFileInspection;
  readonly db?: Database.Database;
}

const readOnlyHint = (path: string): string =>
  existsSync(`${path}-wal`) && !existsSync(`${path}-shm`) && !canWriteDirectory(dirname(path))
    ? `; SQLite needs ${path}-shm beside ${path}-wal and cannot create it in a directory this process cannot write`
    : '';

/**
 * Opens `path` read-only (better-sqlite3 `{ readonly: true, fileMustExist: true }`, or an
 * in-memory copy when `needsSnapshot` says SQLite cannot read it in place) and tells what it is.
 * Never creates the file, never migrates, never changes the journal mode.
 */
export const lookReadOnly = (path: string, busyTimeoutMs: number): E.Either<StoreError, Look> => {
  const facts = fileFacts(path);
  if (E.isLeft(facts)) return facts;
  const f = facts.right;
  switch (f.kind) {
    case 'missing':
      return E.right({ found: { kind: 'missing', path } });
    case 'not-a-file':
      return E.left(notAFile(path, f.what));
    case 'empty':
      return E.right({ found: { kind: 'empty', path, bytes: 0 } });
    case 'not-sqlite':
      return E.right({ found: { kind: 'not-sqlite', path, bytes: f.bytes } });
    case 'sqlite':
      break;
  }
  let db: Database.Database;
  if (needsSnapshot(path, f)) {
    const copy = snapshotOf(path);
    if (E.isLeft(copy)) return copy;
    db = copy.right;
  } else {
    try {
      db = new Database(path, { readonly: true, fileMustExist: true, timeout: busyTimeoutMs });
    } catch (error) {
      return E.left(fromSqliteError(error, `opening ${path} read-only`));
    }
  }
  try {
    db.pragma(`busy_timeout = ${busyTimeoutMs}`);
    return E.right({ found: identify(db, path, f.bytes), db });
  } catch (error) {
    db.close();
    const failed = fromSqliteError(error, `reading ${path} read-only`);
    return E.left({ ...failed, message: `${failed.message}${readOnlyHint(path)}` });
  }
};

/**
 * Opens `path` for writing: creates it owner-only (0600) when missing, and refuses, before
 * SQLite writes anything, a file that is not empty and not a store this library can migrate.
 * The connection is left for the caller to switch to WAL and migrate.
 */
export const openWritable = (path: string, busyTimeoutMs: number): E.Either<SqliteOpenError, Database.Database> => {
  const created = createOwnerOnly(path);
  if (E.isLeft(created)) return created;
  const facts = fileFacts(path);
  if (E.isLeft(facts)) return facts;
  const f = facts.right;
  switch (f.kind) {
    case 'missing':
      return E.left(storeError('unavailable', `opening ${path}: there is nothing to open (a dangling symbolic link, or the file was removed meanwhile)`));
    case 'not-a-file':
      return E.left(notAFile(path, f.what));
    case 'not-sqlite':
      // SQLite never opened it: the file is exactly as it was.
      return E.left(refusal({ kind: 'not-sqlite', path, bytes: f.bytes }));
    case 'empty':
    case 'sqlite':
      break;
  }
  let db: Database.Database;
  try {
    db = new Database(path, { fileMustExist: true, timeout: busyTimeoutMs });
  } catch (error) {
    return E.left(fromSqliteError(error, `opening ${path}`));
  }
  try {
    db.pragma(`busy_timeout = ${busyTimeoutMs}`);
    // Reads only: a refused file is closed as it was found (SQLite removes the -wal and -shm
    // this connection may have made for a WAL file when it closes).
    const found = identify(db, path, f.kind === 'sqlite' ? f.bytes : 0);
    if (found.kind === 'empty' || found.kind === 'store') return E.right(db);
    db.close();
    return E.left(refusal(found));
  } catch (error) {
    db.close();
    const failed = fromSqliteError(error, `reading ${path}`);
    const hint = canWriteDirectory(dirname(path)) ? '' : `; this process cannot write ${dirname(path)} (open the store with readOnly: true to read it)`;
    return E.left({ ...failed, message: `${failed.message}${hint}` });
  }
};

/**
 * What is at `path`: `missing`, `empty`, `not-sqlite`, `foreign-sqlite` (with its tables),
 * `newer-schema`, or `store` (with its schema version and `store_info` entries). Opens the file
 * read-only as `createSqliteEventStore({ readOnly: true })` does and changes nothing in it.
 * Left only when the path cannot be looked at: not a regular file, no permission, locked past
 * `busyTimeoutMs` (default 5000), or a SQLite file too damaged to read.
 */
export const inspectSqliteFile = (path: string, options: { readonly busyTimeoutMs?: number } = {}): E.Either<StoreError, SqliteFileInspection> =>
  E.map((look: Look) => {
    look.db?.close();
    return look.found;
  })(lookReadOnly(path, Math.max(0, Math.floor(options.busyTimeoutMs ?? 5000))));
