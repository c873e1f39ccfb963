// verify on the in-memory store, tampered through its test back door (rows and anchor rewritten behind its back).
import { describe, expect, it } from 'vitest';
import * as E from 'fp-ts/lib/Either.js';
import { createCommandHandler, verifyStore, type EventStore, type Verification } from '@cim-complaints/core';
import { commands, plantableInMemoryStore, type InMemoryRow } from '../src/index.js';

const NOW = '2025-06-30T12:00:00Z';

const right = <A>(result: E.Either<unknown, A>): A => {
  if (E.isLeft(result)) throw new Error(`expected success, got ${JSON.stringify(result.left)}`);
  return result.right;
};

/** Two complaints written through the handler: c-1 with four events, c-2 with two. */
const written = async () => {
  const target = plantableInMemoryStore();
  const handle = createCommandHandler({ store: target.store, clock: () => NOW });
  const c1 = commands('c-1', '2025-06-02T09:00:00Z');
  const c2 = commands('c-2', '2025-06-02T09:00:00Z');
  for (const command of [c1.receive(), c2.receive(), c1.acknowledge(), c1.assign(), c2.acknowledge(), c1.recordCorrespondence({ summary: 'Letter', at: '2025-06-03T10:00:00Z' })]) {
    right(await handle(command)());
  }
  return { ...target, handle };
};

const verified = async (store: EventStore): Promise<Verification> => right(await verifyStore(store)());
const found = (v: Verification) => v.breaks.map((b) => [b.kind, b.streamId, b.revision]);
const json = (row: InMemoryRow) => JSON.parse(row.json) as { type: string; data: Record<string, unknown>; metadata: Record<string, unknown> };

describe('verify on the in-memory store', () => {
  describe('when everything was written through the handler', () => {
    it('is intact, with every stream anchored at its head', async () => {
      const { store } = await written();
      const v = await verified(store);
      expect(v.breaks).toEqual([]);
      expect(v.streams.map((s) => [s.streamId, s.head?.revision, s.anchoredThrough])).toEqual([
        ['complaint-c-1', 3, 3],
        ['complaint-c-2', 1, 1],
      ]);
      expect(v.anchor).toMatchObject({ entries: 6, sequence: 5, head: expect.stringMatching(/^sha256:/) });
    });
  });

  describe('when a stored row is rewritten behind its back', () => {
    it('finds a changed summary as changed', async () => {
      const { store, rows, rewriteRows } = await written();
      rewriteRows(
        rows().map((r) => {
          if (r.streamId !== 'complaint-c-1' || r.revision !== 0) return r;
          const event = json(r);
          return { ...r, json: JSON.stringify({ ...event, data: { ...event.data, summary: 'Nothing happened' } }) };
        }),
      );
      expect(found(await verified(store))).toEqual([['changed', 'complaint-c-1', 0]]);
    });

    it('finds a row planted with no digest at the end of a chained stream as unanchored', async () => {
      const { store, rows, appendRawForTest } = await written();
      const { metadata, ...rest } = json(rows().find((r) => r.streamId === 'complaint-c-2' && r.revision === 1)!);
      const { digest: _d, previousDigest: _p, ...plain } = metadata;
      // the back door keeps a planted row under raw-<position>: the metadata says the same, so only the missing anchor shows
      appendRawForTest('complaint-c-2', JSON.stringify({ ...rest, metadata: { ...plain, eventId: `raw-${rows().length + 1}` } }));
      expect(found(await verified(store))).toEqual([['unanchored', 'complaint-c-2', 2]]);
    });
  });

  describe('when the anchor is rewritten behind its back', () => {
    it('finds the last anchor entry removed as the last append unanchored', async () => {
      const { store, anchors, rewriteAnchors } = await written();
      rewriteAnchors(anchors().slice(0, -1));
      expect(found(await verified(store))).toEqual([['unanchored', 'complaint-c-1', 3]]);
    });

    it('finds an entry edited as changed in the anchor, and two entries swapped as reordered', async () => {
      const edited = await written();
      edited.rewriteAnchors(edited.anchors().map((a) => (a.sequence === 2 ? { ...a, entry: { ...(a.entry as object), revision: 0 } } : a)));
      expect(found(await verified(edited.store))).toEqual([['changed', 'in-memory anchor', 2]]);

      const swapped = await written();
      const entries = swapped.anchors();
      swapped.rewriteAnchors(entries.map((a) => (a.sequence === 2 ? { ...entries[3]!, sequence: 2 } : a.sequence === 3 ? { ...entries[2]!, sequence: 3 } : a)));
      expect(found(await verified(swapped.store))).toEqual([['reordered', 'in-memory anchor', 2]]);
    });
  });

  describe('when a stream was written before the chain existed', () => {
    it('verifies it as unchained, and the next append through the handler starts the chain', async () => {
      const { store, rows, rewriteRows, anchors, rewriteAnchors, handle } = await written();
      // as a first-version store held it: no digests, no anchor
      rewriteRows(
        rows().map((r) => {
          const { metadata, ...event } = json(r);
          const { digest: _d, previousDigest: _p, ...plain } = metadata;
          return { ...r, json: JSON.stringify({ ...event, metadata: plain }) };
        }),
      );
      rewriteAnchors(anchors().filter(() => false));
      const legacy = await verified(store);
      expect(legacy.breaks).toEqual([]);
      expect(legacy.streams.map((s) => [s.streamId, s.unchainedThrough])).toEqual([
        ['complaint-c-1', 3],
        ['complaint-c-2', 1],
      ]);
      right(await handle(commands('c-2', '2025-06-02T09:00:00Z').assign())());
      const after = await verified(store);
      expect(after.breaks).toEqual([]);
      expect(after.streams.find((s) => s.streamId === 'complaint-c-2')).toMatchObject({ unchainedThrough: 1, head: { revision: 2 }, anchoredThrough: 2 });
    });
  });
});
