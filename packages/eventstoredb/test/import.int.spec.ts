import { afterEach, describe, expect, it } from 'vitest';
import * as E from 'fp-ts/lib/Either.js';
import { EventStoreDBClient } from '@eventstore/db-client';
import { createCommandHandler, subjectOf, type ImportedEvent } from '@cim-complaints/core';
import { commands, inMemoryStore } from '@cim-complaints/testing';
import { createEventStoreDbKeyStore } from '../src/index.js';
import { ANY, expecting, jsonEvent, type EventStoreClient } from '../src/client.js';
import { storeOn } from './fixtures.js';
import { StandInEventStoreServer } from './stand-in-server/stand-in-server.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const right = <A>(result: E.Either<{ readonly message: string }, A>): A => {
  if (E.isLeft(result)) throw new Error(`expected success, got ${result.left.message}`);
  return result.right;
};
const left = <L>(result: E.Either<L, unknown>): L => {
  if (E.isRight(result)) throw new Error('expected a failure');
  return result.left;
};

/** A stand-in and a client; `intercept` sees each append first and may answer it instead of the server. */
const setup = async (intercept?: (streamName: string, forward: () => ReturnType<EventStoreClient['appendToStream']>) => ReturnType<EventStoreClient['appendToStream']>) => {
  const server = await StandInEventStoreServer.start();
  const client = EventStoreDBClient.connectionString(server.connectionString);
  const wrapped: EventStoreClient =
    intercept === undefined
      ? client
      : {
          readStream: (...args) => client.readStream(...args),
          readAll: (...args) => client.readAll(...args),
          subscribeToAll: (...args) => client.subscribeToAll(...args),
          setStreamMetadata: (...args) => client.setStreamMetadata(...args),
          dispose: () => client.dispose(),
          appendToStream: (name, events, options) => intercept(name, () => client.appendToStream(name, events, options)),
        };
  const store = storeOn({ client: wrapped, ownsClient: false });
  cleanups.push(
    () => server.stop(),
    () => client.dispose(),
    () => store.close(),
  );
  return { server, client, store };
};

/** Two complaints written into a store in memory, read back raw: a@0, b@0, b@1, a@1 (and their anchor entries). */
const source = async () => {
  const from = inMemoryStore();
  const handle = createCommandHandler({ store: from, clock: () => '2025-06-02T09:00:00Z' });
  const ca = commands('c-a', '2025-06-02T09:00:00Z');
  const cb = commands('c-b', '2025-06-02T09:00:00Z');
  for (const command of [ca.receive(), cb.receive(), cb.acknowledge(), ca.assign()]) right(await handle(command)());
  const events: ImportedEvent[] = right(await from.readRaw()()).events.map(({ streamId, revision, type, data, metadata }) => ({ streamId, revision, type, data, metadata }));
  const anchors = right(await from.readAnchors()()).entries.map((e) => e.entry);
  return { events, anchors };
};

describe('importing into EventStoreDB (copy)', () => {
  it('stores the metadata bytes as given, and each run with the revision before it', async () => {
    const { server, store } = await setup();
    const { events, anchors } = await source();
    // text another store may hold: the same JSON, other spacing
    const spaced = events.map((e) => ({ ...e, metadata: e.metadata.replace(/^\{/, '{ ').replace(/\}$/, ' }') }));
    const imported = right(await store.importStored({ events: spaced, anchors })());
    expect(imported).toMatchObject({ events: 4, anchors: anchors.length });
    const held = (server as unknown as { streams: Map<string, { metadata: Uint8Array; revision: bigint }[]> }).streams;
    expect(held.get('complaint-c-a')!.map((r) => Buffer.from(r.metadata).toString('utf8'))).toEqual([spaced[0]!.metadata, spaced[3]!.metadata]);
    const raw = right(await store.readRaw()()).events;
    expect(raw.map((r) => `${r.streamId}@${r.revision}`)).toEqual(['complaint-c-a@0', 'complaint-c-b@0', 'complaint-c-b@1', 'complaint-c-a@1']);
    expect(raw.map((r) => r.data)).toEqual(events.map((e) => e.data));
    expect(imported.lastPosition).toBe(raw[3]!.position);
    expect(right(await store.readAnchors()()).entries.map((e) => e.entry)).toEqual(anchors);
  });

  it('refuses an event id its stream already holds at an earlier revision, writing nothing', async () => {
    const { store } = await setup();
    const { events } = await source();
    right(await store.importStored({ events: [events[0]!] })());
    const again = left(await store.importStored({ events: [{ ...events[0]!, revision: 1 }] })());
    expect(again).toMatchObject({ kind: 'invalid-write', streamId: 'complaint-c-a', existingStreamId: 'complaint-c-a' });
    expect(again.message).toMatch(/^nothing was imported: event id .* is already stored$/);
    expect(right(await store.readRawStream('complaint-c-a')())).toHaveLength(1);
  });

  it('refuses an event for a stream outside the complaint prefix', async () => {
    const { store } = await setup();
    const { events } = await source();
    const outside = left(await store.importStored({ events: [{ ...events[0]!, streamId: 'elsewhere-c-a' }] })());
    expect(outside).toMatchObject({ kind: 'invalid-write', message: expect.stringMatching(/^nothing was imported: .*outside the complaint streams/) });
  });

  it('stops at a stream another writer wrote to meanwhile, saying what it imported', async () => {
    let raced = false;
    const { client, store } = await setup(async (name, forward) => {
      if (name === 'complaint-c-b' && !raced) {
        raced = true;
        await client.appendToStream(name, jsonEvent({ type: 'Other', data: {} }), expecting(ANY));
      }
      return forward();
    });
    const { events, anchors } = await source();
    const stopped = left(await store.importStored({ events, anchors })());
    expect(stopped).toMatchObject({ kind: 'conflict', streamId: 'complaint-c-b', expected: 'no-stream', actual: 0 });
    expect(stopped.message).toContain('another writer wrote to it meanwhile');
    expect(stopped.message).toContain('1 events were imported (complaint-c-a@0) and no anchor entry');
    expect(right(await store.readRawStream('complaint-c-a')()).map((r) => r.revision)).toEqual([0]);
    expect(right(await store.readAnchors()()).entries).toEqual([]);
  });

  it('stops at the anchor when another writer anchored meanwhile, the events written', async () => {
    const { store } = await setup(async (name, forward) => {
      if (name.startsWith('cim-anchors-')) throw Object.assign(new Error('wrong expected version'), { type: 'wrong-expected-version', streamName: name, actualVersion: 7n, expectedVersion: 'no_stream' });
      return forward();
    });
    const { events, anchors } = await source();
    const stopped = left(await store.importStored({ events, anchors })());
    expect(stopped).toMatchObject({ kind: 'conflict', streamId: 'cim-anchors-complaint-' });
    expect(stopped.message).toContain('another writer anchored meanwhile');
    expect(stopped.message).toContain('4 events were imported (complaint-c-a@0, complaint-c-b@0..1, complaint-c-a@1) and no anchor entry');
  });

  it('does not take a batch the server absorbed as a retry for one it wrote', async () => {
    // a server that holds these ids answers success at the revision it holds, writing nothing
    const { store } = await setup(async (name, forward) => (name.startsWith('complaint-') ? { nextExpectedRevision: 5n, position: undefined } : forward()));
    const { events } = await source();
    const absorbed = left(await store.importStored({ events })());
    expect(absorbed).toMatchObject({ kind: 'invalid-write', streamId: 'complaint-c-a' });
    expect(absorbed.message).toContain('took them for a retry');
    expect(absorbed.message).toContain('; nothing was imported');
  });
});

describe('importing keys into EventStoreDB (copy)', () => {
  it('makes one key when imports of two keys race for a new subject', async () => {
    const { client } = await setup();
    const subject = subjectOf('c-race');
    const outcomes = await Promise.all(
      [7, 9].map((fill) => createEventStoreDbKeyStore({ client }).importKey!({ subject, status: 'active', key: new Uint8Array(32).fill(fill), createdAt: '2025-01-02T03:04:05.000Z' })()),
    );
    expect(outcomes.filter(E.isRight).map((o) => o.right)).toEqual(['imported']);
    expect(outcomes.filter(E.isLeft).map((o) => o.left.kind)).toEqual(['invalid-write']);
    const stored = [];
    for await (const e of client.readStream(`cim-keys-${subject}`)) stored.push(e.event?.type);
    expect(stored).toEqual(['SubjectKeyCreated']);
  });

  it('truncates the key before an imported tombstone, as eraseKey does', async () => {
    const { client } = await setup();
    const keys = createEventStoreDbKeyStore({ client });
    const subject = subjectOf('c-erased');
    right(await keys.keyFor(subject)());
    expect(right(await keys.importKey!({ subject, status: 'erased', createdAt: '2025-01-02T03:04:05.000Z', erasedAt: '2025-02-03T04:05:06.000Z' })())).toBe('erased');
    const metadata = await client.getStreamMetadata(`cim-keys-${subject}`);
    expect(Number(metadata.metadata?.truncateBefore)).toBe(1);
    expect(right(await keys.getKey(subject)())).toEqual({ status: 'erased', erasedAt: '2025-02-03T04:05:06.000Z' });
  });
});
