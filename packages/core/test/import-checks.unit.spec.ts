import { describe, expect, it } from 'vitest';
import * as E from 'fp-ts/lib/Either.js';
import { checkImport, createCommandHandler, decodeAnchorEntry, nextAnchorEntry, type AnchorEntry, type ImportedEvent } from '@cim-complaints/core';
import { commands, inMemoryStore } from '@cim-complaints/testing';

const NOW = '2025-06-30T12:00:00Z';

/** One complaint of four events written through the handler, as another store holds it: its events' text and its anchor entries. */
const source = async () => {
  const store = inMemoryStore();
  const c = commands('c-import', '2025-06-02T09:00:00Z');
  const handle = createCommandHandler({ store, clock: () => NOW });
  for (const command of [c.receive(), c.acknowledge(), c.assign(), c.recordCorrespondence({ summary: 'Letter', at: '2025-06-03T10:00:00Z' })]) {
    const handled = await handle(command)();
    if (E.isLeft(handled)) throw new Error(handled.left.message);
  }
  const raw = await store.readRaw({ maxCount: 100 })();
  const anchors = await store.readAnchors()();
  if (E.isLeft(raw) || E.isLeft(anchors)) throw new Error('the source does not read');
  const events: ImportedEvent[] = raw.right.events.map(({ streamId, revision, type, data, metadata }) => ({ streamId, revision, type, data, metadata }));
  const entries = anchors.right.entries.map((e) => {
    const entry = decodeAnchorEntry(e.entry);
    if (E.isLeft(entry)) throw new Error('an anchor entry does not decode');
    return entry.right;
  });
  return { events, entries };
};

// the target holds the first two events and their anchor entries; the import brings the rest
const split = async () => {
  const { events, entries } = await source();
  const streamId = events[0]!.streamId;
  return { streamId, events: events.slice(2), held: entries.slice(0, 2), anchors: entries.slice(2), target: { heads: new Map([[streamId, 1]]), lastAnchor: entries[1]!.anchor } };
};

const messageOf = (result: ReturnType<typeof checkImport>): string => {
  if (E.isRight(result)) throw new Error('expected the import to be refused');
  return result.left.message;
};

describe('checking an import onto a stream the target already holds in part', () => {
  it('accepts the rest of the stream with the anchor entries that name it', async () => {
    const { events, anchors, target } = await split();
    const checked = checkImport({ events, anchors }, target);
    expect(E.isRight(checked) && [checked.right.events.length, checked.right.anchors.length]).toEqual([2, 2]);
  });

  it('refuses an anchor entry naming an event of the import with the digest of another', async () => {
    const { streamId, events, held, anchors, target } = await split();
    // revision 3 named with revision 2's digest: a mistaken offset into the import would pass it
    const wrong = nextAnchorEntry(held[1]!.anchor, streamId, 3, anchors[0]!.digest);
    expect(messageOf(checkImport({ events, anchors: [wrong] }, target))).toMatch(/anchor entry 0 .* names that event with another digest/);
  });

  it.each([
    ['a negative revision', -1],
    ['a fractional revision', 2.5],
    ['a revision past the stream', 4],
    ['an unsafe integer', 2 ** 60],
  ])('refuses an anchor entry with %s, as naming an event the target will not hold', async (_, revision) => {
    const { streamId, events, held, target } = await split();
    const entry: AnchorEntry = nextAnchorEntry(held[1]!.anchor, streamId, revision, held[1]!.digest);
    expect(messageOf(checkImport({ events, anchors: [entry] }, target))).toMatch(/names an event the target does not hold/);
  });
});
