/**
 * `@cim-complaints/sqlite`: the complaint event store in one SQLite file (better-sqlite3, WAL),
 * with projection checkpoints kept in the same file and transaction as their read models.
 *
 * @example
 * import { createSqliteEventStore, createSqliteCheckpointStore } from '@cim-complaints/sqlite';
 * const store = createSqliteEventStore({ path: 'complaints.db' }); // Either<SqliteOpenError, SqliteEventStore>
 * const reader = createSqliteEventStore({ path: 'complaints.db', readOnly: true }); // changes nothing, refuses appends
 * const found = inspectSqliteFile('complaints.db'); // Right({ kind: 'store', schemaVersion: 3, info: {...} }) | ...
 *
 * @module @cim-complaints/sqlite
 */
export { createSqliteEventStore, fromSqliteError, isRevisionClash, type SqliteEventStore, type SqliteEventStoreOptions, type StreamBatch } from './store.js';
export { createSqliteCheckpointStore, type SqliteCheckpointOptions, type SqliteCheckpointStore } from './checkpoints.js';
export { MIGRATIONS, SCHEMA_VERSION, STORE_APPLICATION_ID, migrate, schemaVersionOf } from './schema.js';
export { refusedFile, type SqliteOpenError } from './errors.js';
export { inspectSqliteFile, type SqliteFileInspection } from './identity.js';
export { STORE_INFO_LIMITS, readStoreInfo, writeStoreInfo } from './store-info.js';
export { decodeRow, decodeRows, encodeRows, rawAnchorOf, rawRowOf, type EncodedRow, type StoredRow, type UncheckedRow } from './codec.js';
export { createSqliteKeyStore, KEY_STORE_APPLICATION_ID, type SqliteKeyStore, type SqliteKeyStoreOptions } from './keys.js';
