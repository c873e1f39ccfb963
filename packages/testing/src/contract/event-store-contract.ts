/**
 * The `EventStore` contract: one suite every store must pass (in memory, EventStoreDB, SQLite).
 * Each test gets a fresh fixture; tests also use run-unique ids and read `$all` only after a
 * marker they wrote, so the suite is correct against a shared live database too.
 *
 * @example
 * eventStoreContract('memory', async () => {
 *   const { store, plantUndecodableEvent } = plantableInMemoryStore();
 *   return { store, plantUndecodableEvent: async (s) => appendRawForTest(s, '{"type":"Nope"}'), teardown: async () => {} };
 * });
 * // prints `contract suite [memory]: 23 passed, 0 failed`
 */
import { inMemoryStore } from '../stores.js';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as E from 'fp-ts/lib/Either.js';
import * as fc from 'fast-check';
import {
  contentDigest,
  createCommandHandler,
  DEFAULT_STREAM_PREFIX,
  decodeAnchorEntry,
  nextAnchorEntry,
  type AnchorEntry,
  evolve,
  initialState,
  personalText,
  streamIdOf,
  type AllPage,
  type ComplaintState,
  type EventStore,
  type GlobalPosition,
  type RawPage,
  type RawStoredEvent,
  type RecordedEvent,
  type StoreError,
  verifyStore,
} from '@cim-complaints/core';
import { commands } from '../fixtures.js';
import { oddEnvelopeArb } from '../arbitraries/from-codec.js';
import { CONTRACT_NOW, envelopesFor, right, storeFailure, uniqueIds, waitFor } from './support.js';

export interface EventStoreFixture {
  readonly store: EventStore;
  /** The prefix of the complaint streams the store serves; default `complaint-`. */
  readonly streamPrefix?: string;
  /** Stores, as the next event of `streamId`, an event that cannot decode (each store has its own back door). */
  readonly plantUndecodableEvent: (streamId: string) => Promise<void>;
  /** Closes the store and anything the fixture started. */
  readonly teardown: () => Promise<void>;
}

export interface EventStoreContractOptions {
  /** Skip the whole suite, saying why (for example: no live server configured). */
  readonly skip?: string;
  /** How long to wait for asynchronous delivery before failing; default 10 s. */
  readonly waitMs?: number;
}

/** Registers the contract suite for one store under `name`, and prints its pass count. */
export const eventStoreContract = (
  name: string,
  makeFixture: () => Promise<EventStoreFixture>,
  options: EventStoreContractOptions = {},
): void => {
  const waitMs = options.waitMs ?? 10_000;
  const counts = { passed: 0, failed: 0, registered: 0 };
  let fixture: EventStoreFixture | undefined;
  const current = (): EventStoreFixture => {
    if (fixture === undefined) throw new Error('contract fixture missing');
    return fixture;
  };
  const ids = uniqueIds(name);
  const prefix = () => current().streamPrefix ?? DEFAULT_STREAM_PREFIX;
  const newStream = (what = 'c') => {
    const complaintId = ids.next(what);
    return { complaintId, streamId: streamIdOf(complaintId, prefix()) };
  };

  // Counting in the body (not in hooks) so the printed figure is exactly what ran and passed.
  const contract = (title: string, body: () => Promise<void>, timeout?: number) => {
    counts.registered += 1;
    it(
      title,
      async () => {
        try {
          await body();
          counts.passed += 1;
        } catch (error) {
          counts.failed += 1;
          throw error;
        }
      },
      timeout,
    );
  };

  /** Appends one event to a fresh stream; its position is where this test's view of `$all` starts. */
  const marker = async (): Promise<GlobalPosition> => {
    const { complaintId, streamId } = newStream('marker');
    return right(await current().store.appendToStream(streamId, 'no-stream', envelopesFor(complaintId, 1))()).position;
  };

  /** Every event after `after`, paging through `readAll` with small pages. */
  const readAllAfter = async (after: GlobalPosition, pageSize = 3): Promise<RecordedEvent[]> => {
    const events: RecordedEvent[] = [];
    let position: GlobalPosition | undefined = after;
    for (;;) {
      const page: AllPage = right(await current().store.readAll({ after: position, maxCount: pageSize })());
      events.push(...page.events);
      if (page.isEnd) return events;
      expect(page.lastPosition).not.toBe(position);
      position = page.lastPosition;
    }
  };

  const key = (e: RecordedEvent) => `${e.streamId}@${e.revision}`;

  const suite = options.skip === undefined ? describe : describe.skip;
  suite(`EventStore contract [${name}]`, () => {
    beforeEach(async () => {
      fixture = await makeFixture();
    });
    afterEach(async () => {
      const done = fixture;
      fixture = undefined;
      await done?.teardown();
    });
    afterAll(() => {
      console.log(`contract suite [${name}]: ${counts.passed} passed, ${counts.failed} failed`);
    });

    describe('when a stream is written and read', () => {
      contract('reads a missing stream as an empty history at no-stream', async () => {
        const { streamId } = newStream();
        expect(right(await current().store.readStream(streamId)())).toEqual({ revision: 'no-stream', events: [] });
      });

      contract('numbers revisions from 0 in append order and returns the last revision and position', async () => {
        const { complaintId, streamId } = newStream();
        const { store } = current();
        const envelopes = envelopesFor(complaintId, 5);
        const first = right(await store.appendToStream(streamId, 'no-stream', envelopes.slice(0, 3))());
        expect(first.nextRevision).toBe(2);
        const second = right(await store.appendToStream(streamId, 2, envelopes.slice(3))());
        expect(second.nextRevision).toBe(4);
        expect(second.position > first.position).toBe(true);
        const read = right(await store.readStream(streamId)());
        expect(read.revision).toBe(4);
        expect(read.events.map((e) => e.revision)).toEqual([0, 1, 2, 3, 4]);
        expect(read.events.map((e) => e.event.metadata.eventId)).toEqual(envelopes.map((e) => e.metadata.eventId));
        expect(read.events.every((e) => e.streamId === streamId)).toBe(true);
      });

      contract('reads its own writes at once, envelope and metadata intact', async () => {
        const { complaintId, streamId } = newStream();
        const { store } = current();
        const envelopes = envelopesFor(complaintId, 2);
        right(await store.appendToStream(streamId, 'no-stream', envelopes)());
        expect(right(await store.readStream(streamId)()).events.map((e) => e.event)).toEqual(envelopes);
      });

      contract('reads forwards from a revision, at most a count', async () => {
        const { complaintId, streamId } = newStream();
        const { store } = current();
        right(await store.appendToStream(streamId, 'no-stream', envelopesFor(complaintId, 6))());
        const read = right(await store.readStream(streamId, { fromRevision: 2, maxCount: 3 })());
        expect(read.events.map((e) => e.revision)).toEqual([2, 3, 4]);
        expect(read.revision).toBe(5);
        expect(right(await store.readStream(streamId, { fromRevision: 4 })()).events.map((e) => e.revision)).toEqual([4, 5]);
      });

      contract('reads backwards from the end or from a revision, at most a count', async () => {
        const { complaintId, streamId } = newStream();
        const { store } = current();
        right(await store.appendToStream(streamId, 'no-stream', envelopesFor(complaintId, 6))());
        const fromEnd = right(await store.readStream(streamId, { direction: 'backwards', maxCount: 2 })());
        expect(fromEnd.events.map((e) => e.revision)).toEqual([5, 4]);
        expect(fromEnd.revision).toBe(5);
        const fromThree = right(await store.readStream(streamId, { direction: 'backwards', fromRevision: 3 })());
        expect(fromThree.events.map((e) => e.revision)).toEqual([3, 2, 1, 0]);
      });
    });

    describe('when the expected revision is wrong', () => {
      contract('refuses no-stream on an existing stream as a conflict naming expected and actual', async () => {
        const { complaintId, streamId } = newStream();
        const { store } = current();
        const envelopes = envelopesFor(complaintId, 3);
        right(await store.appendToStream(streamId, 'no-stream', envelopes.slice(0, 2))());
        const error = storeFailure(await store.appendToStream(streamId, 'no-stream', envelopes.slice(2))());
        expect(error).toMatchObject({ kind: 'conflict', streamId, expected: 'no-stream', actual: 1 });
      });

      contract('refuses a stale exact revision as a conflict and writes nothing', async () => {
        const { complaintId, streamId } = newStream();
        const { store } = current();
        const envelopes = envelopesFor(complaintId, 4);
        right(await store.appendToStream(streamId, 'no-stream', envelopes.slice(0, 3))());
        const error = storeFailure(await store.appendToStream(streamId, 0, envelopes.slice(3))());
        expect(error).toMatchObject({ kind: 'conflict', streamId, expected: 0, actual: 2 });
        expect(right(await store.readStream(streamId)()).revision).toBe(2);
      });

      contract('refuses an exact revision on a missing stream as a conflict with actual no-stream', async () => {
        const { complaintId, streamId } = newStream();
        const error = storeFailure(await current().store.appendToStream(streamId, 0, envelopesFor(complaintId, 1))());
        expect(error).toMatchObject({ kind: 'conflict', streamId, expected: 0, actual: 'no-stream' });
        expect(right(await current().store.readStream(streamId)()).revision).toBe('no-stream');
      });

      contract('refuses an empty batch as an invalid write', async () => {
        const { streamId } = newStream();
        expect(storeFailure(await current().store.appendToStream(streamId, 'no-stream', [])()).kind).toBe('invalid-write');
      });
    });

    describe('when an event could not be read back as written', () => {
      contract('refuses the batch with invalid-write and writes none of it', async () => {
        const { complaintId, streamId } = newStream();
        const [receipt, letter] = envelopesFor(complaintId, 2);
        // JSON has no Infinity: it would be stored as null, and the stream could never be read again.
        const poisoned = { ...letter!, data: { ...letter!.data, summary: Infinity } } as unknown as typeof letter;
        const error = storeFailure(await current().store.appendToStream(streamId, 'no-stream', [receipt!, poisoned!])());
        expect(error).toMatchObject({ kind: 'invalid-write', streamId });
        expect(right(await current().store.readStream(streamId)())).toEqual({ revision: 'no-stream', events: [] });
      });
    });

    describe('when events are as odd as their codecs allow', () => {
      contract('holds every event type exactly as given, or refuses it with invalid-write and holds nothing', async () => {
        const types = new Set<string>();
        await fc.assert(
          fc.asyncProperty(
            fc.constant(null).chain(() => oddEnvelopeArb(ids.next('odd'))),
            async (envelope) => {
              const streamId = streamIdOf((envelope.data as { complaintId: string }).complaintId, prefix());
              const appended = await current().store.appendToStream(streamId, 'no-stream', [envelope])();
              const read = right(await current().store.readStream(streamId)());
              if (E.isLeft(appended)) {
                expect(appended.left).toMatchObject({ kind: 'invalid-write', streamId });
                expect(read.events).toEqual([]);
                return;
              }
              types.add(envelope.type);
              expect(read.events.map((e) => e.event)).toEqual([JSON.parse(JSON.stringify(envelope))]);
            },
          ),
          { numRuns: 150 },
        );
        // the odd values must not crowd out the accepted ones
        expect(types.size).toBeGreaterThan(10);
      }, 60_000);
    });

    describe('when a write is retried', () => {
      contract('absorbs a retried batch with the same event ids: same result, nothing written twice', async () => {
        const { complaintId, streamId } = newStream();
        const { store } = current();
        const envelopes = envelopesFor(complaintId, 4);
        right(await store.appendToStream(streamId, 'no-stream', envelopes.slice(0, 1))());
        const first = right(await store.appendToStream(streamId, 0, envelopes.slice(1, 3))());
        right(await store.appendToStream(streamId, 2, envelopes.slice(3))());
        // The same batch again, as a writer that never saw the first answer would send it.
        const retried = right(await store.appendToStream(streamId, 0, envelopes.slice(1, 3))());
        expect(retried).toEqual(first);
        const again = right(await store.appendToStream(streamId, 'no-stream', envelopes.slice(0, 1))());
        expect(again.nextRevision).toBe(0);
        const read = right(await store.readStream(streamId)());
        expect(read.events.map((e) => e.event.metadata.eventId)).toEqual(envelopes.map((e) => e.metadata.eventId));
      });

      contract('answers a retried command through the command handler with alreadyApplied, writing nothing', async () => {
        const { complaintId, streamId } = newStream();
        const { store } = current();
        const handle = createCommandHandler({ store, clock: () => CONTRACT_NOW, streamPrefix: prefix() });
        const c = commands(complaintId, '2025-06-02T09:00:00Z');
        right(await handle(c.receive())());
        const ack = c.acknowledge({ commandId: `${complaintId}/ack` });
        const first = right(await handle(ack)());
        right(await handle(c.assign())());
        const retried = right(await handle(ack)());
        expect(retried.alreadyApplied).toBe(true);
        expect(retried.events).toEqual(first.events);
        expect(retried.nextRevision).toBe(first.nextRevision);
        expect(right(await store.readStream(streamId)()).events).toHaveLength(3);
      });
    });

    describe('when all streams are read', () => {
      contract('pages every stream’s events in global order, after exclusive', async () => {
        const { store } = current();
        const start = await marker();
        const a = newStream();
        const b = newStream();
        const ea = envelopesFor(a.complaintId, 3);
        const eb = envelopesFor(b.complaintId, 3);
        right(await store.appendToStream(a.streamId, 'no-stream', ea.slice(0, 2))());
        right(await store.appendToStream(b.streamId, 'no-stream', eb.slice(0, 1))());
        right(await store.appendToStream(a.streamId, 1, ea.slice(2))());
        right(await store.appendToStream(b.streamId, 0, eb.slice(1))());
        const events = await readAllAfter(start, 2);
        const ours = events.filter((e) => e.streamId === a.streamId || e.streamId === b.streamId);
        expect(ours.map(key)).toEqual([
          `${a.streamId}@0`,
          `${a.streamId}@1`,
          `${b.streamId}@0`,
          `${a.streamId}@2`,
          `${b.streamId}@1`,
          `${b.streamId}@2`,
        ]);
        const positions = events.map((e) => e.position);
        expect(positions.every((p, i) => p > start && (i === 0 || p > positions[i - 1]!))).toBe(true);
        // `after` is exclusive: starting at the third event gives the rest, not the third again.
        const rest = right(await store.readAll({ after: ours[2]!.position, maxCount: 1000 })()).events.filter((e) => ours.some((o) => key(o) === key(e)));
        expect(rest.map(key)).toEqual(ours.slice(3).map(key));
      });

      contract('reports the end with nothing after the last position', async () => {
        const { store } = current();
        await marker();
        const last = await marker();
        const page = right(await store.readAll({ after: last, maxCount: 10 })());
        expect(page).toEqual({ events: [], lastPosition: last, isEnd: true });
      });
    });

    describe('when subscribed to all streams', () => {
      contract(
        'catches up, says so, then goes live with no gap or duplicate while writers race',
        async () => {
          const { store } = current();
          const start = await marker();
          const before = [newStream(), newStream(), newStream()];
          for (const s of before) right(await store.appendToStream(s.streamId, 'no-stream', envelopesFor(s.complaintId, 3))());
          const during = [newStream(), newStream(), newStream()];
          const after = [newStream(), newStream()];
          const ours = new Set([...before, ...during, ...after].map((s) => s.streamId));

          const delivered: RecordedEvent[] = [];
          let inHandler = false;
          let overlapped = false;
          let caughtUpWith: number | undefined;
          const errors: StoreError[] = [];
          const subscription = store.subscribeToAll(
            {
              onEvent: async (event) => {
                if (inHandler) overlapped = true;
                inHandler = true;
                // Yield inside the handler: the next event must wait for this promise.
                await new Promise<void>((resolve) => setImmediate(resolve));
                if (ours.has(event.streamId)) delivered.push(event);
                inHandler = false;
              },
              onCaughtUp: () => {
                caughtUpWith ??= delivered.filter((e) => before.some((s) => s.streamId === e.streamId)).length;
              },
              onError: (error) => errors.push(error),
            },
            { after: start },
          );
          try {
            // Writers race with the catch-up: three streams, batches interleaved.
            await Promise.all(
              during.map(async (s) => {
                const envelopes = envelopesFor(s.complaintId, 4);
                right(await store.appendToStream(s.streamId, 'no-stream', envelopes.slice(0, 2))());
                right(await store.appendToStream(s.streamId, 1, envelopes.slice(2, 3))());
                right(await store.appendToStream(s.streamId, 2, envelopes.slice(3))());
              }),
            );
            await waitFor(() => caughtUpWith !== undefined || errors.length > 0, waitMs, 'onCaughtUp');
            expect(errors).toEqual([]);
            // Everything stored before subscribing was delivered by the time it said it caught up.
            expect(caughtUpWith).toBe(9);
            for (const s of after) right(await store.appendToStream(s.streamId, 'no-stream', envelopesFor(s.complaintId, 2))());
            await waitFor(() => delivered.length >= 25 || errors.length > 0, waitMs, '25 events delivered');
            expect(errors).toEqual([]);
          } finally {
            await subscription.close();
          }
          expect(overlapped).toBe(false);
          const stored = (await readAllAfter(start, 50)).filter((e) => ours.has(e.streamId));
          expect(delivered.map(key)).toEqual(stored.map(key));
          expect(new Set(delivered.map(key)).size).toBe(25);
          expect(delivered.map((e) => e.position)).toEqual(stored.map((e) => e.position));
        },
        Math.max(30_000, waitMs * 3),
      );

      contract('resumes after a checkpoint position without redelivering it', async () => {
        const { store } = current();
        const start = await marker();
        const s = newStream();
        const envelopes = envelopesFor(s.complaintId, 6);
        right(await store.appendToStream(s.streamId, 'no-stream', envelopes.slice(0, 4))());

        const firstRun: RecordedEvent[] = [];
        let checkpoint: GlobalPosition | undefined;
        const first = store.subscribeToAll(
          {
            onEvent: (event) => {
              if (event.streamId !== s.streamId || checkpoint !== undefined) return;
              firstRun.push(event);
              // A projection that checkpoints after its second event, then stops.
              if (firstRun.length === 2) checkpoint = event.position;
            },
          },
          { after: start },
        );
        await waitFor(() => checkpoint !== undefined, waitMs, 'two events before the checkpoint');
        await first.close();
        right(await store.appendToStream(s.streamId, 3, envelopes.slice(4))());

        const secondRun: RecordedEvent[] = [];
        const second = store.subscribeToAll({ onEvent: (event) => void (event.streamId === s.streamId && secondRun.push(event)) }, { after: checkpoint! });
        try {
          await waitFor(() => secondRun.length >= 4, waitMs, 'the four events after the checkpoint');
        } finally {
          await second.close();
        }
        expect(secondRun.map((e) => e.revision)).toEqual([2, 3, 4, 5]);
      });

      contract('delivers nothing once closed', async () => {
        const { store } = current();
        const start = await marker();
        const s = newStream();
        const envelopes = envelopesFor(s.complaintId, 2);
        const seen: RecordedEvent[] = [];
        const subscription = store.subscribeToAll({ onEvent: (e) => void (e.streamId === s.streamId && seen.push(e)) }, { after: start });
        right(await store.appendToStream(s.streamId, 'no-stream', envelopes.slice(0, 1))());
        await waitFor(() => seen.length === 1, waitMs, 'the first event');
        await subscription.close();
        right(await store.appendToStream(s.streamId, 0, envelopes.slice(1))());
        // A second subscription proves the event was delivered to open subscribers; the closed one stays at one.
        const witness: RecordedEvent[] = [];
        const open = store.subscribeToAll({ onEvent: (e) => void (e.streamId === s.streamId && witness.push(e)) }, { after: start });
        try {
          await waitFor(() => witness.length === 2, waitMs, 'the witness subscription');
        } finally {
          await open.close();
        }
        expect(seen).toHaveLength(1);
      });

      contract('closes when closed from its own caught-up signal', async () => {
        const { store } = current();
        const start = await marker();
        const s = newStream();
        right(await store.appendToStream(s.streamId, 'no-stream', envelopesFor(s.complaintId, 2))());
        // A runner that stops as soon as it has caught up: a store must not go live behind a close.
        let closing: Promise<void> | undefined;
        const subscription = store.subscribeToAll({ onEvent: () => undefined, onCaughtUp: () => void (closing ??= subscription.close()) }, { after: start });
        await waitFor(() => closing !== undefined, waitMs, 'the caught-up signal');
        let closed = false;
        void closing!.then(() => (closed = true));
        await waitFor(() => closed, waitMs, 'close to resolve');
      });
    });

    describe('when a stored event does not decode', () => {
      const planted = async () => {
        const s = newStream();
        right(await current().store.appendToStream(s.streamId, 'no-stream', envelopesFor(s.complaintId, 1))());
        await current().plantUndecodableEvent(s.streamId);
        return s;
      };

      contract('fails a stream read with decode-failed naming the stream and revision', async () => {
        const s = await planted();
        const error = storeFailure(await current().store.readStream(s.streamId)());
        expect(error).toMatchObject({ kind: 'decode-failed', streamId: s.streamId, revision: 1 });
        expect(error.message).toContain(s.streamId);
        expect(error.problems?.length).toBeGreaterThan(0);
      });

      contract('fails a read of all streams with decode-failed, never skipping the event', async () => {
        const start = await marker();
        const s = await planted();
        const error = storeFailure(await current().store.readAll({ after: start, maxCount: 100 })());
        expect(error).toMatchObject({ kind: 'decode-failed', streamId: s.streamId, revision: 1 });
      });

      contract('sets the event aside when asked to skip what does not decode, naming its stream, revision and position', async () => {
        const start = await marker();
        const s = await planted();
        const after = newStream('after');
        right(await current().store.appendToStream(after.streamId, 'no-stream', envelopesFor(after.complaintId, 1))());
        const events: RecordedEvent[] = [];
        const skipped: StoreError[] = [];
        let position: GlobalPosition | undefined = start;
        for (;;) {
          const page: AllPage = right(await current().store.readAll({ after: position, maxCount: 2, skipUndecodable: true })());
          events.push(...page.events);
          skipped.push(...(page.skipped ?? []));
          if (page.isEnd) break;
          position = page.lastPosition;
        }
        expect(events.map(key)).toEqual([`${s.streamId}@0`, `${after.streamId}@0`]);
        expect(skipped).toHaveLength(1);
        expect(skipped[0]).toMatchObject({ kind: 'decode-failed', streamId: s.streamId, revision: 1 });
        expect(typeof skipped[0]!.position).toBe('bigint');
        expect(skipped[0]!.position! > events[0]!.position && skipped[0]!.position! < events[1]!.position).toBe(true);
      });

      contract('stops a subscription with onError decode-failed, delivering nothing from that event on', async () => {
        const start = await marker();
        const s = await planted();
        const seen: RecordedEvent[] = [];
        const errors: StoreError[] = [];
        const subscription = current().store.subscribeToAll(
          { onEvent: (e) => void (e.streamId === s.streamId && seen.push(e)), onError: (e) => errors.push(e) },
          { after: start },
        );
        try {
          await waitFor(() => errors.length > 0, waitMs, 'onError');
        } finally {
          await subscription.close();
        }
        expect(errors).toHaveLength(1);
        expect(errors[0]).toMatchObject({ kind: 'decode-failed', streamId: s.streamId, revision: 1 });
        // Every event before it is delivered, none at or after it.
        expect(seen.map((e) => e.revision)).toEqual([0]);
      });
    });

    describe('when events are chained', () => {
      const parsed = (raw: RawStoredEvent) => ({ type: raw.type, data: JSON.parse(raw.data) as unknown, metadata: JSON.parse(raw.metadata) as Record<string, unknown> });

      contract('keeps the chain of appends made through the command handler, and an anchor entry for each, so the stream verifies', async () => {
        const { store } = current();
        const a = newStream();
        const b = newStream();
        const handle = createCommandHandler({ store, clock: () => CONTRACT_NOW, streamPrefix: prefix() });
        const ca = commands(a.complaintId, '2025-06-02T09:00:00Z');
        const cb = commands(b.complaintId, '2025-06-02T09:00:00Z');
        // a receipt in the business centre writes two events in one append
        for (const command of [ca.receive({ businessArea: 'business-centre' }), cb.receive(), cb.acknowledge(), ca.recordCorrespondence({ summary: 'Letter', at: '2025-06-03T10:00:00Z' }), cb.assign()]) {
          right(await handle(command)());
        }
        for (const s of [a, b]) {
          const raws = right(await store.readRawStream(s.streamId)());
          expect(raws.map((r) => r.revision)).toEqual([0, 1, 2]);
          raws.map(parsed).forEach((event, i) => {
            expect(event.metadata.digest).toBe(contentDigest(event));
            expect(event.metadata.previousDigest).toBe(i === 0 ? undefined : parsed(raws[i - 1]!).metadata.digest);
          });
          const verified = right(await verifyStore(store, { streamId: s.streamId, streamPrefix: prefix() })());
          expect(verified.breaks).toEqual([]);
          expect(verified.streams).toEqual([
            { streamId: s.streamId, events: 3, head: { revision: 2, digest: parsed(raws[2]!).metadata.digest }, anchoredThrough: 2 },
          ]);
        }
        // one anchor entry per append, each naming the head it wrote, linked in order
        const log = right(await store.readAnchors()());
        const entries = log.entries.map((e) => right(decodeAnchorEntry(e.entry)));
        const ours = entries.filter((e) => e.streamId === a.streamId || e.streamId === b.streamId);
        expect(ours.map((e) => `${e.streamId}@${e.revision}`)).toEqual([`${a.streamId}@1`, `${b.streamId}@0`, `${b.streamId}@1`, `${a.streamId}@2`, `${b.streamId}@2`]);
        entries.slice(1).forEach((entry, i) => expect(entry.previous).toBe(entries[i]!.anchor));
      });

      contract('refuses an event whose digest is not the digest of its content, writing nothing', async () => {
        const { complaintId, streamId } = newStream();
        const [receipt] = envelopesFor(complaintId, 1);
        const forged = { ...receipt!, metadata: { ...receipt!.metadata, digest: `sha256:${'0'.repeat(64)}` } } as typeof receipt;
        expect(storeFailure(await current().store.appendToStream(streamId, 'no-stream', [forged!])())).toMatchObject({ kind: 'invalid-write', streamId });
        expect(right(await current().store.readRawStream(streamId)())).toEqual([]);
      });

      contract('reads stored events raw, as written, in both raw reads', async () => {
        const start = await marker();
        const { complaintId, streamId } = newStream();
        const envelopes = envelopesFor(complaintId, 3);
        right(await current().store.appendToStream(streamId, 'no-stream', envelopes)());
        const raws = right(await current().store.readRawStream(streamId)());
        expect(raws.map((r) => ({ streamId: r.streamId, revision: r.revision, storeEventId: r.storeEventId, ...parsed(r) }))).toEqual(
          envelopes.map((e, revision) => ({ streamId, revision, storeEventId: e.metadata.eventId, type: e.type, data: e.data, metadata: e.metadata })),
        );
        const all: RawStoredEvent[] = [];
        let after: GlobalPosition | undefined = start;
        for (;;) {
          const page: RawPage = right(await current().store.readRaw({ after, maxCount: 2 })());
          all.push(...page.events);
          if (page.isEnd) break;
          after = page.lastPosition;
        }
        expect(all.filter((r) => r.streamId === streamId)).toEqual(raws);
      });

      contract('reports a planted event that does not decode, at its revision, as undecodable', async () => {
        const s = newStream();
        const handle = createCommandHandler({ store: current().store, clock: () => CONTRACT_NOW, streamPrefix: prefix() });
        right(await handle(commands(s.complaintId, '2025-06-02T09:00:00Z').receive())());
        await current().plantUndecodableEvent(s.streamId);
        const verified = right(await verifyStore(current().store, { streamId: s.streamId, streamPrefix: prefix() })());
        expect(verified.intact).toBe(false);
        expect(verified.breaks.filter((b) => b.kind === 'undecodable').map((b) => [b.streamId, b.revision])).toEqual([[s.streamId, 1]]);
      });
    });

    describe('when events are imported as another store holds them (copy)', () => {
      const parsedContent = (raw: RawStoredEvent) => ({ type: raw.type, data: JSON.parse(raw.data) as unknown, metadata: JSON.parse(raw.metadata) as unknown });
      const importer = () => {
        const importStored = current().store.importStored;
        if (importStored === undefined) throw new Error(`the ${name} store has no importStored: it cannot be copied into`);
        return importStored;
      };
      /** Two complaints written through the command handler into a store of their own, read back raw with their anchor entries. */
      const source = async () => {
        const from = inMemoryStore();
        const a = newStream();
        const b = newStream();
        const handle = createCommandHandler({ store: from, clock: () => CONTRACT_NOW, streamPrefix: prefix() });
        const ca = commands(a.complaintId, '2025-06-02T09:00:00Z');
        const cb = commands(b.complaintId, '2025-06-02T09:00:00Z');
        for (const command of [ca.receive({ businessArea: 'business-centre' }), cb.receive(), cb.acknowledge(), ca.recordCorrespondence({ summary: 'Letter', at: '2025-06-03T10:00:00Z' }), cb.assign()]) {
          right(await handle(command)());
        }
        const events = right(await from.readRaw({ maxCount: 100 })()).events.map(({ streamId, revision, type, data, metadata }) => ({ streamId, revision, type, data, metadata }));
        const entries = right(await from.readAnchors()()).entries.map((e) => right(decodeAnchorEntry(e.entry)));
        return { from, a, b, events, entries };
      };
      /** The source's anchor entries linked onto the target's last (the same entries, for an empty target). */
      const relinked = async (entries: readonly AnchorEntry[]): Promise<AnchorEntry[]> => {
        const log = right(await current().store.readAnchors()());
        let last = log.entries.length === 0 ? undefined : right(decodeAnchorEntry(log.entries[log.entries.length - 1]!.entry)).anchor;
        return entries.map((e) => {
          const entry = nextAnchorEntry(last, e.streamId, e.revision, e.digest);
          last = entry.anchor;
          return entry;
        });
      };
      const anchorCount = async () => right(await current().store.readAnchors()()).entries.length;
      const nothingWritten = async (streamIds: readonly string[], anchorsBefore: number) => {
        for (const streamId of streamIds) expect(right(await current().store.readRawStream(streamId)())).toEqual([]);
        expect(await anchorCount()).toBe(anchorsBefore);
      };

      contract('writes events and anchor entries as stored: the same content and digests, decoded alike, and each stream verifies', async () => {
        const { from, a, b, events, entries } = await source();
        const wasEmpty = (await anchorCount()) === 0;
        const anchors = await relinked(entries);
        // in two imports, each anchor entry with the import that holds the event it names
        const firstHalf = events.slice(0, 3);
        const inFirst = (e: AnchorEntry) => firstHalf.some((x) => x.streamId === e.streamId && x.revision === e.revision);
        const split = anchors.findIndex((e) => !inFirst(e));
        const first = right(await importer()({ events: firstHalf, anchors: anchors.slice(0, split) })());
        const second = right(await importer()({ events: events.slice(3), anchors: anchors.slice(split) })());
        expect([first.events + second.events, first.anchors + second.anchors]).toEqual([6, anchors.length]);
        expect(second.lastPosition).toBeDefined();
        for (const s of [a, b]) {
          const copied = right(await current().store.readRawStream(s.streamId)());
          const original = right(await from.readRawStream(s.streamId)());
          expect(copied.map((r) => ({ revision: r.revision, ...parsedContent(r) }))).toEqual(original.map((r) => ({ revision: r.revision, ...parsedContent(r) })));
          expect(copied.map((r) => contentDigest(parsedContent(r)))).toEqual(original.map((r) => contentDigest(parsedContent(r))));
          expect(right(await current().store.readStream(s.streamId)()).events.map((e) => e.event)).toEqual(right(await from.readStream(s.streamId)()).events.map((e) => e.event));
          const verified = right(await verifyStore(current().store, { streamId: s.streamId, streamPrefix: prefix() })());
          const before = right(await verifyStore(from, { streamId: s.streamId, streamPrefix: prefix() })());
          expect(verified.breaks).toEqual([]);
          expect(verified.streams).toEqual(before.streams);
        }
        if (wasEmpty) expect(right(await current().store.readAnchors()()).entries.map((e) => e.entry)).toEqual(right(await from.readAnchors()()).entries.map((e) => e.entry));
      });

      contract('refuses an event that is not the next revision of its stream, writing nothing', async () => {
        const { a, b, events } = await source();
        const anchorsBefore = await anchorCount();
        const skipping = events.filter((e) => !(e.streamId === a.streamId && e.revision === 1));
        expect(storeFailure(await importer()({ events: skipping })())).toMatchObject({ kind: 'invalid-write', streamId: a.streamId, message: expect.stringContaining(`${a.streamId}@2`) });
        await nothingWritten([a.streamId, b.streamId], anchorsBefore);
      });

      contract('refuses an event that would not read back, or that claims a digest not its own, writing nothing', async () => {
        const { a, b, events } = await source();
        const anchorsBefore = await anchorCount();
        const tampered = events.map((e, i) => (i === 0 ? { ...e, data: e.data.replace(/"summary":"[^"]*"/, '"summary":"changed"') } : e));
        expect(tampered[0]!.data).not.toBe(events[0]!.data);
        expect(storeFailure(await importer()({ events: tampered })()).message).toMatch(/digest/);
        for (const broken of [{ type: 'Nope' }, { data: '{"complaintId":' }, { metadata: '{}' }]) {
          const bad = events.map((e, i) => (i === 2 ? { ...e, ...broken } : e));
          expect(storeFailure(await importer()({ events: bad })())).toMatchObject({ kind: 'invalid-write', message: expect.stringContaining('would not read back') });
        }
        await nothingWritten([a.streamId, b.streamId], anchorsBefore);
      });

      contract('refuses an event id the store already holds, writing nothing', async () => {
        const { events } = await source();
        const [receipt] = events;
        right(await importer()({ events: [receipt!] })());
        const elsewhere = newStream();
        const anchorsBefore = await anchorCount();
        expect(storeFailure(await importer()({ events: [{ ...receipt!, streamId: elsewhere.streamId }] })())).toMatchObject({ kind: 'invalid-write' });
        await nothingWritten([elsewhere.streamId], anchorsBefore);
      });

      contract('refuses an anchor entry that is not linked to the last, not its own digest, or names an event it will not hold, writing nothing', async () => {
        const { a, b, events, entries } = await source();
        const anchorsBefore = await anchorCount();
        const anchors = await relinked(entries);
        const skipFirst = anchors.slice(1);
        const forged = anchors.map((e, i) => (i === 0 ? { ...e, digest: `sha256:${'0'.repeat(64)}` } : e));
        const wrongEvent = anchors.map((e, i) => (i === 0 ? nextAnchorEntry(e.previous, e.streamId, e.revision, anchors[1]!.digest) : e));
        const missing = [nextAnchorEntry(anchors[0]!.previous, b.streamId, 9, anchors[0]!.digest)];
        for (const bad of [skipFirst, forged, wrongEvent, missing]) {
          expect(storeFailure(await importer()({ events, anchors: bad })())).toMatchObject({ kind: 'invalid-write', message: expect.stringContaining('anchor entry') });
        }
        await nothingWritten([a.streamId, b.streamId], anchorsBefore);
      });
    });

    describe('when command handlers race on one complaint', () => {
      const normalise = (state: ComplaintState) =>
        state.status === 'none'
          ? state
          : { ...state, complaintId: '', updatedAt: undefined, correspondence: [...state.correspondence].sort((a, b) => personalText(a.summary).localeCompare(personalText(b.summary))) };

      contract(
        '50 concurrent handlers lose no event and end where a serial run ends',
        async () => {
          const { store } = current();
          const { complaintId, streamId } = newStream();
          const handle = createCommandHandler({ store, clock: () => CONTRACT_NOW, streamPrefix: prefix() });
          const c = commands(complaintId, '2025-06-02T09:00:00Z');
          const letters = Array.from({ length: 50 }, (_, i) =>
            c.recordCorrespondence({ commandId: `${complaintId}/letter-${i}`, summary: `Letter ${String(i).padStart(2, '0')}`, at: `2025-06-0${3 + (i % 5)}T10:00:00Z` }),
          );
          right(await handle(c.receive({ commandId: `${complaintId}/receive` }))());
          const results = await Promise.all(letters.map((l) => handle(l)()));
          expect(results.filter(E.isLeft).map((r) => r.left)).toEqual([]);
          expect(results.some((r) => E.isRight(r) && r.right.attempts > 1)).toBe(true);

          const events = right(await store.readStream(streamId)()).events;
          expect(events).toHaveLength(51);
          expect(new Set(events.map((e) => e.event.metadata.commandId)).size).toBe(51);
          expect(events.map((e) => e.revision)).toEqual(Array.from({ length: 51 }, (_, i) => i));
          // Every writer linked to the head it read; the expected revision refused the stale ones, so the chain never forked.
          expect(right(await verifyStore(store, { streamId, streamPrefix: prefix() })()).breaks).toEqual([]);

          // The same commands one after another, on a reference store.
          const reference = inMemoryStore();
          const serial = createCommandHandler({ store: reference, clock: () => CONTRACT_NOW, streamPrefix: prefix() });
          right(await serial(c.receive({ commandId: `${complaintId}/receive` }))());
          for (const l of letters) right(await serial(l)());
          const fold = (recorded: readonly RecordedEvent[]) => recorded.reduce((s, e) => evolve(s, e.event), initialState);
          expect(normalise(fold(events))).toEqual(normalise(fold(right(await reference.readStream(streamId)()).events)));
        },
        60_000,
      );
    });
  });
};
