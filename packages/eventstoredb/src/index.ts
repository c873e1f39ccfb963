/**
 * EventStoreDB persistence for cim-complaints, on `@eventstore/db-client` 6.2 (`esdb://`) or its
 * successor `@kurrent/kurrentdb-client` (`kurrentdb://`), both optional peer dependencies.
 *
 * @example
 * import { connectEventStoreDb, createEventStoreDbCheckpointStore } from '@cim-complaints/eventstoredb';
 * const store = connectEventStoreDb(process.env.EVENTSTORE_CONNECTION_STRING!);
 *
 * @module @cim-complaints/eventstoredb
 */
export * from './store.js';
export * from './connection.js';
export * from './checkpoints.js';
export * from './connection-strings.js';
export { toStoreError, isStreamNotFound, portRevision, clientErrorType, ClientErrorType, type ErrorContext } from './errors.js';
export {
  clientPackageFor,
  CONNECTION_SCHEMES,
  EVENTSTORE_CLIENT_PACKAGE,
  KURRENT_CLIENT_PACKAGE,
  type ClientPackage,
  type EventStoreClient,
  type AllFilter,
  type ResolvedEventLike,
  type RecordedEventLike,
  type JsonEventData,
} from './client.js';
export { toEventData, fromResolvedEvent, rawOfResolved, positionOf, UNKNOWN_POSITION } from './codec.js';
export * from './keys.js';
