/**
 * A `KeyStore` in its own SQLite file (C5): one row per data subject, the key as a 32-byte blob;
 * erasing deletes the row and writes a tombstone (the subject and when, no key) in one
 * transaction. The file is kept apart from the event store (by default `x.keys.db` beside
 * `x.db`), so a copy or backup of the events alone reveals no personal data, and a key once
 * deleted is gone from the file: `secure_delete` overwrites the deleted row's bytes and the
 * rollback journal (no WAL, where an old page could outlive the delete) is removed after each
 * commit. A new file is created readable only by its owner (0600).
 *
 * @example
 * const keys = createSqliteKeyStore({ path: 'complaints.keys.db' }); // Either<StoreError, SqliteKeyStore>
 * const store = protectPersonalData(events, keys.right);
 */
import { closeSync, existsSync, openSync } from 'node:fs';
import Database from 'better-sqlite3';
import * as E from 'fp-ts/lib/Either.js';
import { decideKeyImport, newSubjectKey, storeError, subjectErased, type KeyImportOutcome, type KeyLookup, type KeyRecord, type KeyStore, type StoreError } from '@cim-complaints/core';
import { fromSqliteError } from './errors.js';

/** `PRAGMA application_id` of a key file ("CIMK"), so it is never mistaken for an event store or opened as one. */
export const KEY_STORE_APPLICATION_ID = 0x43494d4b;

export interface SqliteKeyStoreOptions {
  readonly path: string;
  /** Open an existing key file only to read keys: nothing is created or changed; `keyFor` a new subject and `eraseKey` fail. */
  readonly readOnly?: boolean;
  /** Stamps `createdAt` and `erasedAt`; default the system clock. */
  readonly clock?: () => string;
  /** How long a write waits for another process's lock. Default 5000 ms. */
  readonly busyTimeoutMs?: number;
}

export interface SqliteKeyStore extends KeyStore {
  readonly path: string;
  readonly database: Database.Database;
  readonly close: () => Promise<void>;
}

interface Row {
  readonly subject: string;
  readonly key: Buffer | null;
  readonly created_at: string;
  readonly erased_at: string | null;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS subject_keys (
  subject    TEXT PRIMARY KEY,
  key        BLOB,
  created_at TEXT NOT NULL,
  erased_at  TEXT,
  CHECK ((key IS NULL) = (erased_at IS NOT NULL))
) STRICT;
`;

/** Opens (or creates) a key file. */
export const createSqliteKeyStore = (options: SqliteKeyStoreOptions): E.Either<StoreError, SqliteKeyStore> => {
  const { path } = options;
  const clock = options.clock ?? (() => new Date().toISOString());
  let db: Database.Database;
  try {
    if (options.readOnly === true) db = new Database(path, { readonly: true, fileMustExist: true });
    else {
      // created owner-only before SQLite opens it
      if (!existsSync(path)) closeSync(openSync(path, 'a', 0o600));
      db = new Database(path);
    }
  } catch (error) {
    return E.left(fromSqliteError(error, `opening the key store ${path}`));
  }
  try {
    db.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 5000}`);
    const id = db.pragma('application_id', { simple: true }) as number;
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[];
    if (id !== KEY_STORE_APPLICATION_ID && (id !== 0 || tables.length > 0)) {
      db.close();
      return E.left(storeError('invalid-argument', `${path} is not a cim-complaints key store (an event store, or another application's database?); give the key file with --keys`));
    }
    if (options.readOnly !== true) {
      db.pragma('journal_mode = DELETE');
      db.pragma('secure_delete = ON');
      db.pragma('synchronous = FULL');
      db.exec(SCHEMA);
      db.pragma(`application_id = ${KEY_STORE_APPLICATION_ID}`);
    } else if (id !== KEY_STORE_APPLICATION_ID) {
      db.close();
      return E.left(storeError('invalid-argument', `${path} is empty, not a cim-complaints key store`));
    }
  } catch (error) {
    db.close();
    return E.left(fromSqliteError(error, `opening the key store ${path}`));
  }
  const select = db.prepare<[string], Row>('SELECT subject, key, created_at, erased_at FROM subject_keys WHERE subject = ?');
  const lookup = (subject: string): KeyLookup => {
    const row = select.get(subject);
    if (row === undefined) return { status: 'none' };
    return row.key === null ? { status: 'erased', erasedAt: row.erased_at ?? row.created_at } : { status: 'active', key: new Uint8Array(row.key) };
  };
  const attempt = <A>(doing: string, work: () => E.Either<StoreError, A>): E.Either<StoreError, A> => {
    try {
      return work();
    } catch (error) {
      return E.left(fromSqliteError(error, `${doing} in the key store ${path}`));
    }
  };
  const readOnly = (what: string): StoreError => storeError('invalid-write', `the key store ${path} was opened read-only: cannot ${what}`);
  return E.right({
    name: `sqlite:${path}`,
    path,
    database: db,
    getKey: (subject) => async () => attempt('reading a key', () => E.right(lookup(subject))),
    keyFor: (subject) => async () =>
      attempt('making a key', () =>
        db.transaction((): E.Either<StoreError, Uint8Array> => {
          const found = lookup(subject);
          if (found.status === 'active') return E.right(found.key);
          if (found.status === 'erased') return E.left(subjectErased(subject, found.erasedAt));
          if (options.readOnly === true) return E.left(readOnly(`make a key for ${subject}`));
          const key = newSubjectKey();
          db.prepare('INSERT INTO subject_keys (subject, key, created_at) VALUES (?, ?, ?)').run(subject, Buffer.from(key), clock());
          return E.right(key);
        }).immediate(),
      ),
    eraseKey: (subject) => async () => {
      if (options.readOnly === true) return E.left(readOnly(`erase the key of ${subject}`));
      return attempt('erasing a key', () =>
        db.transaction((): E.Either<StoreError, { erased: boolean }> => {
          const row = select.get(subject);
          if (row !== undefined && row.key === null) return E.right({ erased: false });
          const now = clock();
          // delete, then write the tombstone: secure_delete overwrites the freed cell that held the key
          db.prepare('DELETE FROM subject_keys WHERE subject = ?').run(subject);
          db.prepare('INSERT INTO subject_keys (subject, key, created_at, erased_at) VALUES (?, NULL, ?, ?)').run(subject, row?.created_at ?? now, now);
          return E.right({ erased: true });
        }).immediate(),
      );
    },
    importKey: (record) => async () => {
      if (options.readOnly === true) return E.left(readOnly(`import the key of ${record.subject}`));
      return attempt('importing a key', () =>
        db.transaction((): E.Either<StoreError, KeyImportOutcome> => {
          const held = select.get(record.subject);
          const step = decideKeyImport(lookup(record.subject), record);
          if (E.isLeft(step)) return step;
          if (step.right.write === 'key' && record.status === 'active') {
            db.prepare('INSERT INTO subject_keys (subject, key, created_at) VALUES (?, ?, ?)').run(record.subject, Buffer.from(record.key), record.createdAt);
          }
          if (step.right.write === 'tombstone' && record.status === 'erased') {
            // as eraseKey: the key's row deleted (its bytes overwritten), then the tombstone
            db.prepare('DELETE FROM subject_keys WHERE subject = ?').run(record.subject);
            db.prepare('INSERT INTO subject_keys (subject, key, created_at, erased_at) VALUES (?, NULL, ?, ?)').run(record.subject, held?.created_at ?? record.createdAt, record.erasedAt);
          }
          return E.right(step.right.outcome);
        }).immediate(),
      );
    },
    listKeys: () => async () =>
      attempt('listing keys', () =>
        E.right(
          (db.prepare('SELECT subject, key IS NULL AS erased, created_at, erased_at FROM subject_keys ORDER BY subject').all() as { subject: string; erased: number; created_at: string; erased_at: string | null }[]).map(
            (r): KeyRecord => ({ subject: r.subject, status: r.erased === 1 ? 'erased' : 'active', createdAt: r.created_at, ...(r.erased_at === null ? {} : { erasedAt: r.erased_at }) }),
          ),
        ),
      ),
    close: async () => {
      if (db.open) db.close();
    },
  });
};
