// verify on EventStoreDB (the stand-in server): events forged by another writer through the client, the only
// way to tamper with an append-only log short of its files.
import { EventStoreDBClient, jsonEvent, type JSONType } from '@eventstore/db-client';
import { contentDigest, createCommandHandler, verifyStore, type RawStoredEvent, type Verification } from '@cim-complaints/core';
import { commands } from '@cim-complaints/testing';
import * as E from 'fp-ts/lib/Either.js';
import { afterEach, describe, expect, it } from 'vitest';
import { storeOn } from './fixtures.js';
import { StandInEventStoreServer } from './stand-in-server/stand-in-server.js';

const NOW = '2025-06-30T12:00:00Z';
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

const right = <A>(result: E.Either<unknown, A>): A => {
  if (E.isLeft(result)) throw new Error(`expected success, got ${JSON.stringify(result.left)}`);
  return result.right;
};

/** A stand-in server with c-1 (three events) and c-2 (two) written through the handler. */
const written = async () => {
  const server = await StandInEventStoreServer.start();
  const client = EventStoreDBClient.connectionString(server.connectionString);
  const store = storeOn({ client, ownsClient: true });
  cleanups.push(async () => {
    await store.close();
    await server.stop();
  });
  const handle = createCommandHandler({ store, clock: () => NOW });
  const c1 = commands('c-1', '2025-06-02T09:00:00Z');
  const c2 = commands('c-2', '2025-06-02T09:00:00Z');
  for (const command of [c1.receive(), c2.receive(), c1.acknowledge(), c2.acknowledge(), c1.assign()]) right(await handle(command)());
  const raw = async (streamId: string, revision: number): Promise<RawStoredEvent> => right(await store.readRawStream(streamId)())[revision]!;
  return { store, client, raw };
};

const verified = async (store: Parameters<typeof verifyStore>[0]): Promise<Verification> => right(await verifyStore(store)());
const found = (v: Verification) => v.breaks.map((b) => [b.kind, b.streamId, b.revision]);
const parsed = (raw: RawStoredEvent) => ({ data: JSON.parse(raw.data) as Record<string, JSONType>, metadata: JSON.parse(raw.metadata) as Record<string, JSONType> });

describe('verify on EventStoreDB (stand-in server)', () => {
  describe('when everything was written through the handler', () => {
    it('is intact, with the anchor in its own stream outside the complaint prefix', async () => {
      const { store } = await written();
      const v = await verified(store);
      expect(v.breaks).toEqual([]);
      expect(v.anchor).toMatchObject({ name: 'cim-anchors-complaint-', entries: 5 });
      expect(v.streams.map((s) => [s.streamId, s.head?.revision, s.anchoredThrough])).toEqual([
        ['complaint-c-1', 2, 2],
        ['complaint-c-2', 1, 1],
      ]);
    });
  });

  describe('when another writer appends forged events through the client', () => {
    it('finds a copy of a stored event under a new id as duplicated', async () => {
      const { store, client, raw } = await written();
      const original = parsed(await raw('complaint-c-1', 1));
      await client.appendToStream('complaint-c-1', jsonEvent({ type: 'ComplaintAcknowledged', data: original.data, metadata: original.metadata }));
      expect(found(await verified(store))).toEqual([['duplicated', 'complaint-c-1', 3]]);
    });

    it('finds an event whose content is not what its digest says as changed', async () => {
      const { store, client, raw } = await written();
      const original = parsed(await raw('complaint-c-2', 1));
      const id = '7d1c9a52-0000-4000-8000-00000000000a';
      await client.appendToStream('complaint-c-2', jsonEvent({ id, type: 'ComplaintAcknowledged', data: { ...original.data, channel: 'post' }, metadata: { ...original.metadata, eventId: id } }));
      expect(found(await verified(store))).toEqual([['changed', 'complaint-c-2', 2]]);
    });

    it('finds a forgery with every digest recomputed onto the head as unanchored', async () => {
      const { store, client, raw } = await written();
      const head = parsed(await raw('complaint-c-2', 1));
      const id = '7d1c9a52-0000-4000-8000-00000000000b';
      const { digest: _d, ...rest } = head.metadata;
      const metadata: Record<string, JSONType> = { ...rest, eventId: id, previousDigest: head.metadata.digest! };
      metadata.digest = contentDigest({ type: 'ComplaintAcknowledged', data: head.data, metadata });
      await client.appendToStream('complaint-c-2', jsonEvent({ id, type: 'ComplaintAcknowledged', data: head.data, metadata }));
      expect(found(await verified(store))).toEqual([['unanchored', 'complaint-c-2', 2]]);
    });

    it('finds an entry appended to the anchor stream by another writer as not matching its digest', async () => {
      const { store, client } = await written();
      const log = right(await store.readAnchors()());
      const last = log.entries[log.entries.length - 1]!.entry as { anchor: string };
      await client.appendToStream(store.anchorStream, jsonEvent({ type: 'ChainAnchor', data: { streamId: 'complaint-c-1', revision: 7, digest: 'sha256:forged', previous: last.anchor, anchor: 'sha256:forged' } }));
      expect(found(await verified(store))).toEqual([['changed', 'cim-anchors-complaint-', 5]]);
    });
  });
});
