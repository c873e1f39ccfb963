/**
 * The adapter on the successor client, `@kurrent/kurrentdb-client`, against the stand-in serving
 * that client's stubs. This file loads the Kurrent client only: the two client packages register
 * the same global protobuf classes and cannot share a process.
 */
import { afterEach, describe, expect, it } from 'vitest';
import * as E from 'fp-ts/lib/Either.js';
import {
  ANY,
  KurrentDBClient,
  MaxAppendSizeExceededError,
  NotLeaderError,
  StreamDeletedError,
  StreamNotFoundError,
  StreamTombstonedError,
  UnavailableError,
  WrongExpectedVersionError,
  jsonEvent,
} from '@kurrent/kurrentdb-client';
import type { RecordedEvent } from '@cim-complaints/core';
import { envelopesFor, waitFor } from '@cim-complaints/testing/vitest';
// the modules themselves, not the package index: this file must load no module that imports @eventstore/db-client
import { createEventStoreDbCheckpointStore } from '../src/checkpoints.js';
import { connectEventStoreDb } from '../src/connection.js';
import { isStreamNotFound, toStoreError } from '../src/errors.js';
import { createEventStoreDbStore, type EventStoreDbStore } from '../src/store.js';
import { storeOn } from './fixtures.js';
import { StandInEventStoreServer, type StandInOptions } from './stand-in-server/stand-in-server.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const right = <A>(result: E.Either<unknown, A>): A => {
  if (E.isLeft(result)) throw new Error(`expected success, got ${JSON.stringify(result.left, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v))}`);
  return result.right;
};

const setup = async (options: StandInOptions = {}) => {
  const server = await StandInEventStoreServer.start({ ...options, client: 'kurrentdb' });
  // a KurrentDBClient is an EventStoreClient as it is: no cast
  const client = KurrentDBClient.connectionString(server.connectionString);
  const store = storeOn({ client, ownsClient: true });
  cleanups.push(() => server.stop(), () => store.close());
  return { server, client, store };
};

describe('EventStoreDB adapter on the Kurrent client (@kurrent/kurrentdb-client)', () => {
  describe('when connecting from a connection string', () => {
    it('makes a KurrentDBClient for kurrentdb://, kurrent://, kdb:// and their +discover forms', async () => {
      const server = await StandInEventStoreServer.start({ client: 'kurrentdb' });
      cleanups.push(() => server.stop());
      expect(server.connectionString).toMatch(/^kurrentdb:\/\//);
      const store: EventStoreDbStore = right(connectEventStoreDb(server.connectionString, { streamPrefix: 'case-' }));
      cleanups.push(() => store.close());
      expect(store.client).toBeInstanceOf(KurrentDBClient);
      right(await store.appendToStream('case-c-1', 'no-stream', envelopesFor('c-1', 1))());
      expect(right(await store.readAll()()).events.map((e) => e.streamId)).toEqual(['case-c-1']);
      for (const other of ['kurrent://127.0.0.1:1?tls=false', 'kdb://127.0.0.1:1?tls=false', 'kurrentdb+discover://cluster.example.org:2113', 'kdb+discover://cluster.example.org:2113']) {
        const connected = right(connectEventStoreDb(other));
        expect(connected.client).toBeInstanceOf(KurrentDBClient);
        await connected.close();
      }
    });
  });

  describe('when the string holds credentials', () => {
    it.each([
      ['kurrentdb://user:p@ss:word@db.example.org', ['p@ss:word', 'word', 'ss:']],
      ['kurrentdb://admin:s3cret@db.example.org:2113?tls=maybe', ['s3cret']],
    ])('a malformed string %s is an error that does not quote the password (the Kurrent parser reads userinfo as the EventStoreDB one does)', (connectionString, secrets) => {
      const result = connectEventStoreDb(connectionString);
      if (E.isRight(result)) throw new Error('expected a ConnectionStringError');
      expect(result.left.message).toMatch(/^invalid EventStoreDB connection string: /);
      const cause = result.left.cause as Error & { connectionString?: string };
      for (const secret of secrets) {
        expect(result.left.message).not.toContain(secret);
        expect(cause.message).not.toContain(secret);
        expect(cause.connectionString ?? '').not.toContain(secret);
      }
    });
  });

  describe('when $all holds more than this library’s streams', () => {
    it('asks the server to filter every $all read and subscription by the complaint prefix, and sees only complaint events', async () => {
      const { server, client, store } = await setup();
      right(await store.appendToStream('complaint-c-1', 'no-stream', envelopesFor('c-1', 1))());
      await client.appendToStream('billing-42', jsonEvent({ type: 'InvoiceRaised', data: { amount: 10 } }));
      server.writeSystemEvent();
      right(await store.appendToStream('complaint-c-2', 'no-stream', envelopesFor('c-2', 1))());

      const page = right(await store.readAll({ maxCount: 10 })());
      expect(page.events.map((e) => e.streamId)).toEqual(['complaint-c-1', 'complaint-c-2']);
      expect(page.isEnd).toBe(true);
      expect(right(await store.readRaw()()).events.map((e) => e.streamId)).toEqual(['complaint-c-1', 'complaint-c-2']);

      const seen: RecordedEvent[] = [];
      const subscription = store.subscribeToAll({ onEvent: (e) => void seen.push(e) });
      cleanups.push(() => subscription.close());
      await waitFor(() => seen.length === 2, 5_000, 'two complaint events');
      server.writeSystemEvent();
      await client.appendToStream('billing-43', jsonEvent({ type: 'InvoiceRaised', data: { amount: 11 } }));
      right(await store.appendToStream('complaint-c-3', 'no-stream', envelopesFor('c-3', 1))());
      await waitFor(() => seen.length === 3, 5_000, 'the live complaint event');
      expect(seen.map((e) => e.streamId)).toEqual(['complaint-c-1', 'complaint-c-2', 'complaint-c-3']);

      // the store never read $all unfiltered: the reads and the subscription both carried the filter
      expect(server.unfilteredAllReads).toBe(0);
      expect(server.filteredReads).toContainEqual({ on: 'stream', prefixes: ['complaint-'], subscription: false });
      expect(server.filteredReads).toContainEqual({ on: 'stream', prefixes: ['complaint-'], subscription: true });
    });

    it('pages past long runs of other events, each page filtered on the server', async () => {
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
      expect(server.unfilteredAllReads).toBe(0);
    });
  });

  describe('when an append meets another writer', () => {
    it.each([
      ['BatchAppend', {}],
      ['Append', { advertiseBatchAppend: false }],
    ] as const)('is a conflict through %s, because the expected revision reaches the Kurrent client as streamState', async (_path, options) => {
      const { server, store } = await setup(options);
      right(await store.appendToStream('complaint-c-1', 'no-stream', envelopesFor('c-1', 2))());
      const stale = await store.appendToStream('complaint-c-1', 'no-stream', envelopesFor('c-9', 1))();
      expect(stale).toMatchObject(E.left({ kind: 'conflict', expected: 'no-stream', actual: 1 }));
      expect(server.appendCalls.append + server.appendCalls.batchAppend).toBeGreaterThan(0);
    });

    it('keeps checkpoints apart with the revision last seen', async () => {
      const { client } = await setup();
      const first = createEventStoreDbCheckpointStore({ client });
      const second = createEventStoreDbCheckpointStore({ client });
      right(await first.save('received.v1', 10n, {})());
      right(await second.load('received.v1')());
      right(await second.save('received.v1', 20n, {})());
      expect(await first.save('received.v1', 30n, {})()).toMatchObject(E.left({ kind: 'conflict' }));
      expect(right(await second.load('received.v1')())).toMatchObject({ position: 20n });
    });
  });

  describe('when the Kurrent client throws', () => {
    it('classifies its errors by type, as the EventStoreDB client’s', () => {
      const op = { operation: 'append to', streamId: 'complaint-c-1' };
      const wrong = new WrongExpectedVersionError(undefined, { streamName: 'complaint-c-1', current: 5n, expected: 3n });
      expect(toStoreError(wrong, { ...op, expected: 3 })).toMatchObject({ kind: 'conflict', expected: 3, actual: 5, cause: wrong });
      expect(toStoreError(new WrongExpectedVersionError(undefined, { streamName: 's', current: 'no_stream', expected: 0n }), { operation: 'append to' })).toMatchObject({
        kind: 'conflict',
        expected: 0,
        actual: 'no-stream',
      });
      expect(isStreamNotFound(new StreamNotFoundError(undefined, 'complaint-c-9'))).toBe(true);
      expect(toStoreError(StreamDeletedError.fromStreamName('complaint-c-1'), op).kind).toBe('stream-deleted');
      expect(toStoreError(new StreamTombstonedError(undefined as never, { stream: 'complaint-c-1' }), op).kind).toBe('stream-deleted');
      expect(toStoreError(new NotLeaderError({ metadata: { 'leader-endpoint-host': 'node2', 'leader-endpoint-port': '2113' } } as never), op).message).toContain('node2:2113');
      expect(toStoreError(new UnavailableError(undefined as never), op).kind).toBe('unavailable');
      expect(toStoreError(MaxAppendSizeExceededError.fromMaxAppendSize(1024), op)).toMatchObject({ kind: 'invalid-write', message: expect.stringContaining('1024') });
    });

    it('fails reads as unavailable when the server is gone (the native bridge’s errors too)', async () => {
      const { server, client, store } = await setup();
      await server.stop();
      const read = await store.readStream('complaint-c-1')();
      expect(E.isLeft(read) && read.left.kind).toMatch(/unavailable|deadline-exceeded/);
      const all = await store.readAll()();
      expect(E.isLeft(all) && all.left.kind).toMatch(/unavailable|deadline-exceeded/);
      await expect(client.appendToStream('x', jsonEvent({ type: 'T', data: {} }), { streamState: ANY })).rejects.toBeDefined();
    });
  });

  it('accepts a KurrentDBClient where the store takes a client', () => {
    const client = KurrentDBClient.connectionString('kurrentdb://127.0.0.1:1?tls=false');
    expect(E.isRight(createEventStoreDbStore({ client, streamPrefix: 'case-' }))).toBe(true);
    void client.dispose();
  });
});
