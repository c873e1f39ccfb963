/**
 * Contract fixtures for the EventStoreDB adapter: a fresh stand-in server per test, or a live
 * server (EVENTSTORE_CONNECTION_STRING) with a fresh stream prefix per test, so runs never meet.
 * The client is the one the connection string's scheme names (`esdb://`: `@eventstore/db-client`,
 * `kurrentdb://`: `@kurrent/kurrentdb-client`); nothing here imports either package, so a test
 * file loads one client package only (the two cannot share a process).
 * An undecodable event is planted the way any other writer could: raw JSON through the client.
 */
import type { EventStoreFixture } from '@cim-complaints/testing/vitest';
import * as E from 'fp-ts/lib/Either.js';
import { ANY, expecting, jsonEvent, type EventStoreClient } from '../src/client.js';
// the modules, not the package index: a Kurrent test file must load no module that imports @eventstore/db-client
import { clientFromConnectionString } from '../src/connection.js';
import { createEventStoreDbStore, type EventStoreDbStore, type EventStoreDbStoreOptions } from '../src/store.js';
import { StandInEventStoreServer, type StandInOptions } from './stand-in-server/stand-in-server.js';

/** The adapter on a client, for tests: a refused argument fails the test. */
export const storeOn = (options: EventStoreDbStoreOptions): EventStoreDbStore => {
  const store = createEventStoreDbStore(options);
  if (E.isLeft(store)) throw new Error(`test setup: ${store.left.message}`);
  return store.right;
};

/** A client of the package the connection string's scheme names (esdb:// or kurrentdb://), for tests. */
export const clientFor = (connectionString: string): EventStoreClient => {
  const client = clientFromConnectionString(connectionString);
  if (E.isLeft(client)) throw new Error(`test setup: ${client.left.message}`);
  return client.right;
};

const plantWith = (client: EventStoreClient) => async (streamId: string) => {
  // Valid JSON in both fields, but no event this library knows.
  await client.appendToStream(streamId, jsonEvent({ type: 'ComplaintMisfiled', data: { note: 'written by another tool' }, metadata: { by: 'contract' } }), expecting(ANY));
};

/** A stand-in server, a client over real gRPC (of the package `options.client` names), and the adapter on it. */
export const standInFixture = (options: StandInOptions = {}) => async (): Promise<EventStoreFixture & { server: StandInEventStoreServer }> => {
  const server = await StandInEventStoreServer.start(options);
  const client = clientFor(server.connectionString);
  const store = storeOn({ client, ownsClient: true });
  return {
    server,
    store,
    plantUndecodableEvent: plantWith(client),
    teardown: async () => {
      await store.close();
      await server.stop();
    },
  };
};

/** The adapter on a live server; each fixture gets its own stream prefix. */
export const liveFixture = (connectionString: string) => async (): Promise<EventStoreFixture> => {
  const client = clientFor(connectionString);
  const streamPrefix = `cimcontract${Date.now().toString(36)}${Math.floor(Math.random() * 1e9).toString(36)}-complaint-`;
  const store = storeOn({ client, ownsClient: true, streamPrefix });
  return { store, streamPrefix, plantUndecodableEvent: plantWith(client), teardown: () => store.close() };
};
