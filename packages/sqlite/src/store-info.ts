/**
 * `store_info`: a few key/value facts about the store itself, kept in its own file (schema
 * version 2). The CLI's demo writes who created the store, so `demo --replace` deletes only a
 * file the demo made (`inspectSqliteFile` reads the same entries without opening a store).
 *
 * @example
 * writeStoreInfo(store, { 'created-by': 'cim-complaints demo', 'created-at': new Date().toISOString() });
 * readStoreInfo(store); // Right({ 'created-at': '2025-...', 'created-by': 'cim-complaints demo' })
 */
import * as E from 'fp-ts/lib/Either.js';
import { storeError, type StoreError } from '@cim-complaints/core';
import { fromSqliteError } from './errors.js';
import { storeInfoOf } from './schema.js';
import type { SqliteEventStore } from './store.js';

/** Longest key and value `writeStoreInfo` accepts: this table is for a few short facts, not data. */
export const STORE_INFO_LIMITS = { keyLength: 200, valueLength: 4000 } as const;

/** Every entry of `store_info`, by key; none for a version-1 store opened read-only (it has no such table). */
export const readStoreInfo = (store: Pick<SqliteEventStore, 'database'>): E.Either<StoreError, Readonly<Record<string, string>>> => {
  try {
    return E.right(storeInfoOf(store.database));
  } catch (error) {
    return E.left(fromSqliteError(error, `reading store_info of ${store.database.name}`));
  }
};

/**
 * Sets entries of `store_info` (each key replaced or added, other keys kept), all in one
 * transaction. `invalid-write` for an empty or over-long key or value, or a store opened read-only.
 */
export const writeStoreInfo = (store: Pick<SqliteEventStore, 'database'>, entries: Readonly<Record<string, string>>): E.Either<StoreError, void> => {
  const db = store.database;
  if (db.readonly) return E.left(storeError('invalid-write', `writing store_info of ${db.name}: the store was opened read-only`));
  const pairs = Object.entries(entries);
  for (const [key, value] of pairs) {
    if (key.length === 0 || key.length > STORE_INFO_LIMITS.keyLength) {
      return E.left(storeError('invalid-write', `store_info keys are 1 to ${STORE_INFO_LIMITS.keyLength} characters; got ${key.length}`));
    }
    if (typeof value !== 'string' || value.length > STORE_INFO_LIMITS.valueLength) {
      return E.left(storeError('invalid-write', `the store_info value of ${JSON.stringify(key)} must be a string of at most ${STORE_INFO_LIMITS.valueLength} characters`));
    }
  }
  try {
    const upsert = db.prepare('INSERT INTO store_info (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
    db.transaction(() => {
      for (const [key, value] of pairs) upsert.run(key, value);
    }).immediate();
    return E.right(undefined);
  } catch (error) {
    return E.left(fromSqliteError(error, `writing store_info of ${db.name}`));
  }
};
