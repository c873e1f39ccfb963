/**
 * EventStoreDB persistence for cim-complaints, on `@eventstore/db-client` 6.2.
 *
 * @example
 * import { connectEventStoreDb, createEventStoreDbCheckpointStore } from '@cim-complaints/eventstoredb';
 * const store = connectEventStoreDb(process.env.EVENTSTORE_CONNECTION_STRING!);
 */
export * from './store.js';
export * from './connection.js';
export * from './checkpoints.js';
export * from './connection-strings.js';
export { toStoreError, isStreamNotFound, portRevision, type ErrorContext } from './errors.js';
export { toEventData, fromResolvedEvent, rawOfResolved, positionOf, UNKNOWN_POSITION } from './codec.js';
