/**
 * `@cim-complaints/postgres`: the complaint event store on PostgreSQL (`pg`), with projection
 * checkpoints, and read models that commit with them, in the same schema.
 *
 * @example
 * import { createPostgresEventStore, createPostgresCheckpointStore } from '@cim-complaints/postgres';
 * const opened = await createPostgresEventStore({ connectionString: 'postgres://cim:pw@127.0.0.1:5432/complaints' })();
 * // Right(PostgresEventStore) | Left(PostgresOpenError): never a throw
 * const checkpoints = E.isRight(opened) ? createPostgresCheckpointStore(opened.right) : undefined;
 *
 * @module @cim-complaints/postgres
 */
export { createPostgresEventStore, type PostgresEventStore, type PostgresEventStoreOptions, type StreamBatch } from './store.js';
export { createPostgresCheckpointStore, type PostgresCheckpointOptions, type PostgresCheckpointStore } from './checkpoints.js';
export { MIGRATIONS, SCHEMA_VERSION, STORE_APPLICATION, channelOf, inspectSchema, lockKey, migrate, quoteIdent, type SchemaInspection } from './schema.js';
export { fromPgError, isEventIdClash, isRevisionClash, kindOfPgError, refusedSchema, sqlStateOf, type PostgresOpenError, type PostgresStoreError } from './errors.js';
export { decodeRow, decodeRows, encodeRows, rawAnchorOf, rawRowOf, type AnchorRow, type EncodedRow, type StoredRow } from './codec.js';
export { DEFAULT_SCHEMA, REDACTED, isPostgresUrl, maskPostgresUrl, postgresRedactor, postgresUrlSecrets, splitSchema } from './connection-strings.js';
export { createPostgresKeyStore, keySchemaFor, KEY_STORE_APPLICATION, type PostgresKeyStore, type PostgresKeyStoreOptions } from './keys.js';
