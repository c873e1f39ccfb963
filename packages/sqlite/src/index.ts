/**
 * `@cim-complaints/sqlite`: the complaint event store in one SQLite file (better-sqlite3, WAL),
 * with projection checkpoints kept in the same file and transaction as their read models.
 *
 * @example
 * import { createSqliteEventStore, createSqliteCheckpointStore } from '@cim-complaints/sqlite';
 * const store = createSqliteEventStore({ path: 'complaints.db' }); // Either<StoreError, SqliteEventStore>
 */
export { createSqliteEventStore, fromSqliteError, isRevisionClash, type SqliteEventStore, type SqliteEventStoreOptions } from './store.js';
export { CheckpointStoreError, createSqliteCheckpointStore, type Checkpoint, type SqliteCheckpointOptions, type SqliteCheckpointStore } from './checkpoints.js';
export { MIGRATIONS, SCHEMA_VERSION, migrate, schemaVersionOf } from './schema.js';
export { decodeRow, decodeRows, encodeRow, type EncodedRow, type StoredRow } from './codec.js';
