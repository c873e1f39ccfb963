import { afterEach, describe, expect, it } from 'vitest';
import * as E from 'fp-ts/lib/Either.js';
import { ANY, EventStoreDBClient, jsonEvent, START } from '@eventstore/db-client';
import type { RecordedEvent, StoreError } from '@cim-complaints/core';
import { envelopesFor, waitFor } from '@cim-complaints/testing/vitest';
import { connectEventStoreDb, createEventStoreDbStore, toEventData, type EventStoreDbStore } from '../src/index.js';
import { storeOn } from './fixtures.js';
import { StandInEventStoreServer, type StandInOptions } from './stand-in-server/stand-in-server.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const setup = async (options: StandInOptions = {}) => {
  const server = await StandInEventStoreServer.start(options);
  const client = EventStoreDBClient.connectionString(server.connectionString);
  const store = storeOn({ client, ownsClient: true });
  cleanups.push(() => server.stop(), () => store.close());
  return { server, client, store };
};

const right = <A>(result: E.Either<unknown, A>): A => {
  if (E.isLeft(result)) throw new Error(`expected success, got ${JSON.stringify(result.left, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v))}`);
  return result.right;
};

const rawAll = async (client: EventStoreDBClient) => {
  const events = [];
  for await (const resolved of client.readAll({ fromPosition: START })) events.push(resolved.event!);
  return events;
};

describe('EventStoreDB adapter on the stand-in server', () => {
  describe('when the server advertises BatchAppend', () => {
    it('appends through BatchAppend, the path real servers get', async () => {
      const { server, store } = await setup();
      right(await store.appendToStream('complaint-c-1', 'no-stream', envelopesFor('c-1', 2))());
      // the events, then their entry in the store-wide anchor
      expect(server.appendCalls).toEqual({ append: 0, batchAppend: 2 });
    });
  });

  describe('when the server does not advertise BatchAppend', () => {
    it('appends through Append', async () => {
      const { server, store } = await setup({ advertiseBatchAppend: false });
      right(await store.appendToStream('complaint-c-1', 'no-stream', envelopesFor('c-1', 2))());
      // the events, then their entry in the store-wide anchor
      expect(server.appendCalls).toEqual({ append: 2, batchAppend: 0 });
    });
  });

  describe('when $all holds more than this library’s streams', () => {
    it('reads and subscribes to complaint streams only: no system events, no other prefixes, no checkpoints', async () => {
      const { server, client, store } = await setup();
      right(await store.appendToStream('complaint-c-1', 'no-stream', envelopesFor('c-1', 1))());
      await client.appendToStream('billing-42', jsonEvent({ type: 'InvoiceRaised', data: { amount: 10 } }));
      server.writeSystemEvent();
      await client.appendToStream('cim-checkpoints-received.v1', jsonEvent({ type: 'ProjectionCheckpoint', data: { position: '1', state: {} } }));
      right(await store.appendToStream('complaint-c-2', 'no-stream', envelopesFor('c-2', 1))());

      const raw = await rawAll(client);
      expect(raw.some((e) => e.streamId.startsWith('$'))).toBe(true);
      // each append's anchor entry sits in $all too, outside the complaint prefix
      expect(raw.filter((e) => e.streamId === store.anchorStream)).toHaveLength(2);
      expect(raw).toHaveLength(9);

      const page = right(await store.readAll({ maxCount: 10 })());
      expect(page.events.map((e) => e.streamId)).toEqual(['complaint-c-1', 'complaint-c-2']);
      expect(page.isEnd).toBe(true);

      const seen: RecordedEvent[] = [];
      const subscription = store.subscribeToAll({ onEvent: (e) => void seen.push(e) });
      cleanups.push(() => subscription.close());
      await waitFor(() => seen.length === 2, 5_000, 'two complaint events');
      server.writeSystemEvent();
      await client.appendToStream('billing-43', jsonEvent({ type: 'InvoiceRaised', data: { amount: 11 } }));
      right(await store.appendToStream('complaint-c-3', 'no-stream', envelopesFor('c-3', 1))());
      await waitFor(() => seen.length === 3, 5_000, 'the live complaint event');
      expect(seen.map((e) => e.streamId)).toEqual(['complaint-c-1', 'complaint-c-2', 'complaint-c-3']);
      // the subscription asks the server to filter; @eventstore/db-client 6.2's readAll takes no filter, so its pages are filtered here
      expect(server.filteredReads).toContainEqual({ on: 'stream', prefixes: ['complaint-'], subscription: true });
      expect(server.filteredReads.filter((f) => !f.subscription)).toEqual([]);
    });

    it('pages past long runs of other events without stopping early', async () => {
      const { server, store } = await setup();
      right(await store.appendToStream('complaint-c-1', 'no-stream', envelopesFor('c-1', 1))());
      for (let i = 0; i < 150; i += 1) server.writeSystemEvent();
      right(await store.appendToStream('complaint-c-2', 'no-stream', envelopesFor('c-2', 1))());
      const first = right(await store.readAll({ maxCount: 1 })());
      expect(first.events.map((e) => e.streamId)).toEqual(['complaint-c-1']);
      expect(first.isEnd).toBe(false);
      const second = right(await store.readAll({ after: first.lastPosition, maxCount: 1 })());
      expect(second.events.map((e) => e.streamId)).toEqual(['complaint-c-2']);
      expect(right(await store.readAll({ after: second.lastPosition, maxCount: 1 })())).toMatchObject({ events: [], isEnd: true });
    });
  });

  describe('when positions are read', () => {
    it('uses commit positions, which grow like byte offsets, not by one', async () => {
      const { store } = await setup();
      const appended = right(await store.appendToStream('complaint-c-1', 'no-stream', envelopesFor('c-1', 3))());
      const events = right(await store.readAll()()).events;
      expect(events[2]!.position).toBe(appended.position);
      expect(events[1]!.position - events[0]!.position > 1n).toBe(true);
    });
  });

  describe('when a write is retried after the server forgot its ids', () => {
    it('would be written twice by the bare client; the adapter finds the ids in the stream and writes nothing', async () => {
      const { client, store } = await setup();
      const envelopes = envelopesFor('c-1', 2);
      // The stand-in keeps no duplicate-id cache (like a server past its cache): the bare client duplicates.
      await client.appendToStream('complaint-c-dup', envelopes.map(toEventData), { expectedRevision: ANY });
      await client.appendToStream('complaint-c-dup', envelopes.map(toEventData), { expectedRevision: ANY });
      let count = 0;
      for await (const _ of client.readStream('complaint-c-dup')) count += 1;
      expect(count).toBe(4);

      const first = right(await store.appendToStream('complaint-c-1', 'any', envelopes)());
      const again = right(await store.appendToStream('complaint-c-1', 'any', envelopes)());
      const exact = right(await store.appendToStream('complaint-c-1', 'no-stream', envelopes)());
      expect(again).toEqual(first);
      expect(exact).toEqual(first);
      expect(right(await store.readStream('complaint-c-1')()).events).toHaveLength(2);
    });

    it('refuses an any-write whose first id is stored with a different batch', async () => {
      const { store } = await setup();
      const envelopes = envelopesFor('c-1', 3);
      right(await store.appendToStream('complaint-c-1', 'any', envelopes.slice(0, 2))());
      const error = await store.appendToStream('complaint-c-1', 'any', [envelopes[0]!, envelopes[2]!])();
      expect(E.isLeft(error) && error.left.kind).toBe('invalid-write');
    });
  });

  describe('when the server goes away', () => {
    it('fails reads and appends as unavailable, and ends subscriptions with onError', async () => {
      const { server, store } = await setup();
      right(await store.appendToStream('complaint-c-1', 'no-stream', envelopesFor('c-1', 1))());
      const errors: StoreError[] = [];
      let caughtUp = false;
      const subscription = store.subscribeToAll({ onEvent: () => undefined, onCaughtUp: () => (caughtUp = true), onError: (e) => errors.push(e) });
      cleanups.push(() => subscription.close());
      await waitFor(() => caughtUp, 5_000, 'caught up');
      await server.stop();
      await waitFor(() => errors.length > 0, 10_000, 'the subscription error');
      expect(errors).toHaveLength(1);
      expect(errors[0]!.kind).toBe('unavailable');
      const read = await store.readStream('complaint-c-1')();
      expect(E.isLeft(read) && { kind: read.left.kind, message: read.left.message }).toMatchObject({ kind: 'unavailable' });
      const append = await store.appendToStream('complaint-c-1', 0, envelopesFor('c-1', 2).slice(1))();
      expect(E.isLeft(append) && { kind: append.left.kind, message: append.left.message }).toMatchObject({ kind: 'unavailable' });
    });
  });

  describe('when connecting from a connection string', () => {
    it('connects to a single node without TLS, and refuses a malformed string as a typed error', async () => {
      const server = await StandInEventStoreServer.start();
      cleanups.push(() => server.stop());
      const connected = connectEventStoreDb(server.connectionString, { streamPrefix: 'case-' });
      const store: EventStoreDbStore = right(connected);
      cleanups.push(() => store.close());
      right(await store.appendToStream('case-c-1', 'no-stream', envelopesFor('c-1', 1))());
      expect(right(await store.readAll()()).events.map((e) => e.streamId)).toEqual(['case-c-1']);

      const bad = connectEventStoreDb('http://localhost:2113');
      expect(bad).toMatchObject(E.left({ _tag: 'StoreError', kind: 'invalid-argument' }));
      expect(E.isRight(connectEventStoreDb('esdb+discover://cluster.example.org:2113?tls=true'))).toBe(true);
      expect(E.isRight(connectEventStoreDb('esdb://n1.example.org:2113,n2.example.org:2113,n3.example.org:2113?nodePreference=leader'))).toBe(true);
    });

    it('refuses a stream prefix that is empty or a system prefix', () => {
      const client = EventStoreDBClient.connectionString('esdb://127.0.0.1:1?tls=false');
      expect(createEventStoreDbStore({ client, streamPrefix: '' })).toMatchObject(E.left({ kind: 'invalid-argument', message: expect.stringMatching(/streamPrefix/) }));
      expect(createEventStoreDbStore({ client, streamPrefix: '$ce-' })).toMatchObject(E.left({ kind: 'invalid-argument', message: expect.stringMatching(/streamPrefix/) }));
      void client.dispose();
    });
  });
});
