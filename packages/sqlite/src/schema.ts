/**
 * The file layout, and migrations keyed by `PRAGMA user_version`. Each migration runs in a
 * `BEGIN IMMEDIATE` transaction that re-reads the version, so two processes opening a new file
 * at once migrate it exactly once.
 *
 * @example
 * const version = migrate(db); // Right(1) once the file has every table this version needs
 */
import type Database from 'better-sqlite3';
import * as E from 'fp-ts/lib/Either.js';
import { storeError, type StoreError } from '@cim-complaints/core';

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
];

/** The schema version this library writes. */
export const SCHEMA_VERSION = MIGRATIONS.length;

/** The file's `user_version`. */
export const schemaVersionOf = (db: Database.Database): number => db.pragma('user_version', { simple: true }) as number;

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
