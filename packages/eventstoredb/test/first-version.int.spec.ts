// The first-version fixture store (packages/testing/fixtures/first-version) written to the
// EventStoreDB stand-in and to the in-memory store exactly as stored, and read back by this
// version: every event upcasts in every store, and each complaint folds to the same state as
// the events read straight from the fixture.
import { readFileSync } from 'node:fs';
import { ANY, EventStoreDBClient, jsonEvent, type JSONType } from '@eventstore/db-client';
import { decodeEvent, EVENT_SCHEMA_VERSION, fold, type ComplaintEvent, type EventStore, type RecordedEvent } from '@cim-complaints/core';
import { plantableInMemoryStore } from '@cim-complaints/testing';
import * as E from 'fp-ts/lib/Either.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeOn } from './fixtures.js';
import { StandInEventStoreServer } from './stand-in-server/stand-in-server.js';

interface StoredLine {
  readonly streamId: string;
  readonly eventId: string;
  readonly type: string;
  readonly data: Record<string, JSONType>;
  readonly metadata: Record<string, JSONType>;
}
const lines = readFileSync(new URL('../../testing/fixtures/first-version/store.jsonl', import.meta.url), 'utf8')
  .split('\n')
  .filter((l) => l !== '')
  .map((l) => JSON.parse(l) as StoredLine);

/** What each complaint folds to, decoding the fixture's events directly. */
const reference = (): Map<string, unknown> => {
  const streams = new Map<string, ComplaintEvent[]>();
  for (const l of lines) {
    const decoded = decodeEvent({ type: l.type, data: l.data, metadata: l.metadata });
    if (E.isLeft(decoded)) throw new Error(`fixture line does not decode: ${JSON.stringify(decoded.left)}`);
    streams.set(l.streamId, [...(streams.get(l.streamId) ?? []), decoded.right]);
  }
  return new Map([...streams].map(([id, events]) => [id, fold(events)]));
};

const readEverything = async (store: EventStore): Promise<RecordedEvent[]> => {
  const all: RecordedEvent[] = [];
  let after: bigint | undefined;
  for (;;) {
    const page = await store.readAll({ maxCount: 500, ...(after === undefined ? {} : { after }) })();
    if (E.isLeft(page)) throw new Error(page.left.message);
    all.push(...page.right.events);
    if (page.right.isEnd || page.right.events.length === 0) return all;
    after = page.right.lastPosition;
  }
};

const foldedByStream = (events: readonly RecordedEvent[]): Map<string, unknown> => {
  const streams = new Map<string, ComplaintEvent[]>();
  for (const r of events) streams.set(r.streamId, [...(streams.get(r.streamId) ?? []), r.event]);
  return new Map([...streams].map(([id, evs]) => [id, fold(evs)]));
};

const readsAsTheFixture = async (store: EventStore) => {
  const events = await readEverything(store);
  expect(events).toHaveLength(lines.length);
  expect(events.every((r) => r.event.metadata.schemaVersion === EVENT_SCHEMA_VERSION && r.event.metadata.upcastFrom === 1)).toBe(true);
  const letters = events.filter((r) => r.event.type === 'ComplaintAcknowledged' || r.event.type === 'ResponseIssued');
  expect(letters.length).toBeGreaterThan(300);
  expect(letters.every((r) => (r.event.data as { to?: string }).to === 'complainant')).toBe(true);
  expect(foldedByStream(events)).toEqual(reference());
};

describe('a store written by the first event schema', () => {
  describe('on the EventStoreDB stand-in', () => {
    let server: StandInEventStoreServer;
    let client: EventStoreDBClient;
    beforeAll(async () => {
      server = await StandInEventStoreServer.start();
      client = EventStoreDBClient.connectionString(server.connectionString);
      // written as another writer (or the first version) wrote them: raw JSON through the client
      for (const l of lines) await client.appendToStream(l.streamId, jsonEvent({ id: l.eventId, type: l.type, data: l.data, metadata: l.metadata }), { expectedRevision: ANY });
    }, 60_000);
    afterAll(async () => {
      await client.dispose();
      await server.stop();
    });

    it('reads every event upcast, and each complaint as the fixture folds it', async () => {
      const store = storeOn({ client, ownsClient: false });
      await readsAsTheFixture(store);
    });
  });

  describe('in memory', () => {
    it('reads every event upcast, and each complaint as the fixture folds it', async () => {
      const { store, appendRawForTest } = plantableInMemoryStore();
      for (const l of lines) appendRawForTest(l.streamId, JSON.stringify({ type: l.type, data: l.data, metadata: l.metadata }));
      await readsAsTheFixture(store);
    });
  });
});
