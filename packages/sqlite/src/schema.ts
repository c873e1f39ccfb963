/**
 * The file layout, and migrations keyed by `PRAGMA user_version`. Each migration runs in a
 * `BEGIN IMMEDIATE` transaction that re-reads the version, so two processes opening a new file
 * at once migrate it exactly once.
 *
 * Version 1 made the `events` and `projections` tables. Version 2 stamps the file with
 * `PRAGMA application_id = STORE_APPLICATION_ID`, so a cim-complaints store is recognisable from
 * its header, and adds `store_info`, a small key/value table about the store itself (who made
 * it, for what). Version-1 files, written before the stamp, are recognised by their
 * `user_version` and tables instead, and are brought to version 2 when opened for writing.
 * Version 3 adds `anchors`, the store-wide anchor of the hash chain: a file written before it
 * has no entries, and its events verify as unchained (docs/tamper-evidence.md).
 *
 * @example
 * const version = migrate(db); // Right(3) once the file has every table this version needs
 */
import type Database from 'better-sqlite3';
import * as E from 'fp-ts/lib/Either.js';
import { storeError, type StoreError } from '@cim-complaints/core';

/** `PRAGMA application_id` of a cim-complaints store, set by migration 2: "CIMC" in ASCII. */
export const STORE_APPLICATION_ID = 0x43494d43;

/** Migration `i` takes a file from `user_version` i to i + 1. Never edit one that shipped: append. */
export const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE events (
    position    INTEGER PRIMARY KEY AUTOINCREMENT,
    stream_id   TEXT    NOT NULL,
    revision    INTEGER NOT NULL,
    event_id    TEXT    NOT NULL UNIQUE,
    type        TEXT    NOT NULL,
    data        TEXT    NOT NULL,
    metadata    TEXT    NOT NULL,
    recorded_at TEXT    NOT NULL,
    UNIQUE (stream_id, revision)
  );
  CREATE TABLE projections (
    name       TEXT PRIMARY KEY,
    position   TEXT,
    state      TEXT,
    updated_at TEXT
  );
  `,
  // PRAGMA application_id is written in the header page, inside this transaction like any write.
  `
  CREATE TABLE store_info (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
  );
  PRAGMA application_id = ${STORE_APPLICATION_ID};
  `,
  // The store-wide anchor (core's chain.ts): one entry per append, written in the append's transaction.
  // IF NOT EXISTS: a file rewound to an older user_version by hand may keep the table.
  `
  CREATE TABLE IF NOT EXISTS anchors (
    sequence  INTEGER PRIMARY KEY AUTOINCREMENT,
    stream_id TEXT    NOT NULL,
    revision  INTEGER NOT NULL,
    digest    TEXT    NOT NULL,
    previous  TEXT,
    anchor    TEXT    NOT NULL
  );
  `,
];

/** The schema version this library writes. */
export const SCHEMA_VERSION = MIGRATIONS.length;

/** The file's `user_version`. */
export const schemaVersionOf = (db: Database.Database): number => db.pragma('user_version', { simple: true }) as number;

/**
 * The `store_info` entries, by key; none in a version-1 file (it has no such table). Read as
 * text whatever a hand-edited file holds (SQLite columns take any type); rows with a NULL key or
 * value are skipped. Throws SQLite's errors.
 */
export const storeInfoOf = (db: Database.Database): Record<string, string> => {
  const table = db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'store_info'").pluck().get();
  if (table === undefined) return {};
  const rows = db
    .prepare('SELECT CAST(key AS TEXT) AS key, CAST(value AS TEXT) AS value FROM store_info WHERE key IS NOT NULL AND value IS NOT NULL ORDER BY key')
    .all() as { key: string; value: string }[];
  return Object.fromEntries(rows.map((r) => [r.key, r.value]));
};

/** Brings the file to `SCHEMA_VERSION`; refuses a file written by a newer version of this library. */
export const migrate = (db: Database.Database): E.Either<StoreError, number> => {
  const step = db.transaction((): E.Either<StoreError, number> => {
    const found = schemaVersionOf(db);
    if (found > SCHEMA_VERSION) {
      return E.left(
        storeError('unknown', `the file has schema version ${found}; this library knows up to ${SCHEMA_VERSION}: upgrade @cim-complaints/sqlite`),
      );
    }
    for (let version = found; version < SCHEMA_VERSION; version += 1) db.exec(MIGRATIONS[version]!);
    // PRAGMA does not take parameters; the value is our own integer.
    if (found < SCHEMA_VERSION) db.pragma(`user_version = ${SCHEMA_VERSION}`);
    return E.right(SCHEMA_VERSION);
  });
  return step.immediate();
};
