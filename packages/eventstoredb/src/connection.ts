/**
 * Connecting from a connection string: single node (`esdb://host:2113?tls=false`), a cluster
 * by its seed nodes (`esdb://n1:2113,n2:2113,n3:2113`) or by DNS gossip
 * (`esdb+discover://cluster.example.org:2113`), TLS or not (`tls=false`, `tlsCAFile=...`).
 * A malformed string is a typed error, not a throw.
 *
 * @example
 * const store = connectEventStoreDb('esdb://localhost:2113?tls=false');
 * if (E.isRight(store)) await handle(store.right)(command)();
 */
import * as E from 'fp-ts/lib/Either.js';
import { EventStoreDBClient } from '@eventstore/db-client';
import { createEventStoreDbStore, type EventStoreDbStore, type EventStoreDbStoreOptions } from './store.js';

export interface ConnectionStringError {
  readonly _tag: 'ConnectionStringError';
  readonly message: string;
  readonly cause: unknown;
}

/** A client for a connection string; the client connects lazily, on its first call. */
export const clientFromConnectionString = (connectionString: string): E.Either<ConnectionStringError, EventStoreDBClient> => {
  try {
    return E.right(EventStoreDBClient.connectionString(connectionString));
  } catch (error) {
    return E.left({
      _tag: 'ConnectionStringError',
      // The string may hold credentials: say what is wrong, not what it was.
      message: `invalid EventStoreDB connection string: ${(error as Error)?.message ?? String(error)}`,
      cause: error,
    });
  }
};

/** A store on a new client for the connection string; `close` disposes the client. */
export const connectEventStoreDb = (
  connectionString: string,
  options: Omit<EventStoreDbStoreOptions, 'client' | 'ownsClient'> = {},
): E.Either<ConnectionStringError, EventStoreDbStore> =>
  E.map((client: EventStoreDBClient) => createEventStoreDbStore({ ...options, client, ownsClient: true }))(clientFromConnectionString(connectionString));
