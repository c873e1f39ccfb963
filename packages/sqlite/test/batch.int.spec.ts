// appendBatch: several streams in one transaction, for imports and copies; each stream checked as
// appendToStream checks it, all written or none.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chainEnvelopes, createCommandHandler, createInMemoryEventStore, verifyStore, type ComplaintEnvelope, type RecordedEvent } from '@cim-complaints/core';
import { commands } from '@cim-complaints/testing';
import * as E from 'fp-ts/lib/Either.js';
import { afterEach, describe, expect, it } from 'vitest';
import { createSqliteEventStore, type SqliteEventStore, type StreamBatch } from '../src/index.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
const right = <A>(result: E.Either<{ message: string }, A>): A => {
  if (E.isLeft(result)) throw new Error(result.left.message);
  return result.right;
};
const freshStore = (): SqliteEventStore => {
  const dir = mkdtempSync(join(tmpdir(), 'cim-batch-'));
  dirs.push(dir);
  return right(createSqliteEventStore({ path: join(dir, 'store.db') }));
};

/** Three complaints written through the handler in memory: the batches a copy would write. */
const source = async (): Promise<StreamBatch[]> => {
  const memory = right(createInMemoryEventStore());
  const handle = createCommandHandler({ store: memory, clock: () => '2025-06-30T12:00:00Z' });
  for (const id of ['c-1', 'c-2', 'c-3']) {
    const c = commands(id, '2025-06-02T09:00:00Z');
    for (const command of [c.receive(), c.acknowledge(), c.assign()]) right(await handle(command)());
  }
  const all: RecordedEvent[] = right(await memory.readAll({ maxCount: 100 })()).events as RecordedEvent[];
  const streams = new Map<string, ComplaintEnvelope[]>();
  for (const r of all) streams.set(r.streamId, [...(streams.get(r.streamId) ?? []), r.event]);
  return [...streams].map(([streamId, events]) => ({ streamId, expected: 'no-stream' as const, events }));
};

describe('appending a batch of streams to SQLite', () => {
  it('given three new streams: writes them all in one transaction, each readable, the chain and anchor intact', async () => {
    const store = freshStore();
    const batches = await source();
    const results = right(await store.appendBatch(batches)());
    expect(results.map((r) => r.nextRevision)).toEqual([2, 2, 2]);
    for (const b of batches) expect(right(await store.readStream(b.streamId)()).events.map((e) => e.event)).toEqual(b.events);
    expect(right(await verifyStore(store)()).breaks).toEqual([]);
    await store.close();
  });

  it('given a store already holding streams and anchor entries: chains each batch on from the last entry, the anchor intact', async () => {
    const store = freshStore();
    const [first, second, third] = await source();
    // one stream appended alone, then two batches: each batch's first entry follows the table's last
    right(await store.appendToStream(first!.streamId, 'no-stream', first!.events.slice(0, 2))());
    right(await store.appendBatch([{ streamId: first!.streamId, expected: 1, events: first!.events.slice(2) }, second!])());
    right(await store.appendBatch([third!])());
    expect(right(await verifyStore(store)()).breaks).toEqual([]);
    expect(right(await store.readAll({ maxCount: 100 })()).events).toHaveLength(9);
    await store.close();
  });

  it('given a batch whose last stream conflicts: writes nothing, and names the stream that refused', async () => {
    const store = freshStore();
    const given = await source();
    // the last stream is expected to be at revision 4, and does not exist
    const batches = [...given.slice(0, 2), { ...given[2]!, expected: 4 }];
    const refused = await store.appendBatch(batches)();
    expect(E.isLeft(refused) && refused.left.kind).toBe('conflict');
    expect(E.isLeft(refused) && refused.left.message).toContain(`batch 2 (${batches[2]!.streamId})`);
    expect(right(await store.readAll({ maxCount: 100 })()).events).toHaveLength(0);
    await store.close();
  });

  it('given the same batch again (a retried import): absorbs it, writing nothing twice', async () => {
    const store = freshStore();
    const batches = await source();
    const first = right(await store.appendBatch(batches)());
    expect(right(await store.appendBatch(batches)())).toEqual(first);
    expect(right(await store.readAll({ maxCount: 100 })()).events).toHaveLength(9);
    await store.close();
  });

  it('given a stream whose event id is already stored in another stream: writes nothing, and names the id and both streams', async () => {
    const store = freshStore();
    const [first, second, third] = await source();
    right(await store.appendBatch([first!])());
    // the third stream's second event carries an id the first stream already holds
    // (chained again, as the digests cover the ids)
    const stolen = { ...third!, events: chainEnvelopes([third!.events[0]!, { ...third!.events[1]!, metadata: { ...third!.events[1]!.metadata, eventId: first!.events[1]!.metadata.eventId } }, third!.events[2]!], undefined) };
    const refused = await store.appendBatch([second!, stolen])();
    expect(E.isLeft(refused) && refused.left).toMatchObject({ kind: 'invalid-write', streamId: third!.streamId, existingStreamId: first!.streamId });
    expect(E.isLeft(refused) && refused.left.message).toContain(`batch 1 (${third!.streamId}): event id ${first!.events[1]!.metadata.eventId} is already stored in another stream (${first!.streamId})`);
    expect(right(await store.readAll({ maxCount: 100 })()).events).toHaveLength(3);
    await store.close();
  });

  it('given the same event id in two streams of the batch: writes nothing, and names the second', async () => {
    const store = freshStore();
    const [first, second] = await source();
    const twin = { ...second!, events: chainEnvelopes([{ ...second!.events[0]!, metadata: { ...second!.events[0]!.metadata, eventId: first!.events[2]!.metadata.eventId } }, ...second!.events.slice(1)], undefined) };
    const refused = await store.appendBatch([first!, twin])();
    expect(E.isLeft(refused) && refused.left.message).toContain(`batch 1 (${second!.streamId}): event id ${first!.events[2]!.metadata.eventId} is given twice in one append`);
    expect(right(await store.readAll({ maxCount: 100 })()).events).toHaveLength(0);
    await store.close();
  });

  it('given an empty stream part: refuses the batch as invalid-write', async () => {
    const store = freshStore();
    const refused = await store.appendBatch([{ streamId: 'complaint-x', expected: 'no-stream', events: [] }])();
    expect(E.isLeft(refused) && refused.left.kind).toBe('invalid-write');
    await store.close();
  });
});
