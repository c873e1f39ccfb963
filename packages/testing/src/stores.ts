/**
 * Stores for tests: an in-memory store ready to use, and one with back doors that plant a raw
 * row (an event that does not decode) or rewrite its rows and anchor, so a test can show how its
 * readers and `verify` meet damage. Core keeps the back doors out of its root exports; this kit
 * is where tests get them.
 *
 * @example
 * const store = inMemoryStore();
 * const { store: damaged, plantUndecodableEvent } = plantableInMemoryStore();
 * await plantUndecodableEvent('complaint-c-1');
 */
import type { EventStore, RawAnchorEntry, RawStoredEvent } from '@cim-complaints/core';
import { buildInMemoryEventStore, type InMemoryRow } from '@cim-complaints/core/testing-hooks';

export type { InMemoryRow };

/** A new, empty in-memory store. */
export const inMemoryStore = (): EventStore => buildInMemoryEventStore().store;

export interface PlantableStore {
  readonly store: EventStore;
  /** Stores raw JSON as the next event of a stream, as a writer outside the library could. */
  readonly appendRawForTest: (streamId: string, json: string) => void;
  /** Stores valid JSON that is no event this library knows as the next event of a stream. */
  readonly plantUndecodableEvent: (streamId: string) => Promise<void>;
  /** Every stored row, in global order: `{ streamId, revision, position, eventId, json }`. */
  readonly rows: () => InMemoryRow[];
  /** Replaces every stored row, as someone editing the store behind the library's back could. */
  readonly rewriteRows: (rows: readonly InMemoryRow[]) => void;
  /** The anchor log's entries, and a way to replace them. */
  readonly anchors: () => RawAnchorEntry[];
  readonly rewriteAnchors: (entries: readonly RawAnchorEntry[]) => void;
}

/** An in-memory store with back doors for planting rows that do not decode and for rewriting what it holds. */
export const plantableInMemoryStore = (): PlantableStore => {
  const { store, appendRaw, rows, rewriteRows, anchors, rewriteAnchors } = buildInMemoryEventStore();
  return {
    store,
    rows,
    rewriteRows,
    anchors,
    rewriteAnchors,
    appendRawForTest: appendRaw,
    plantUndecodableEvent: async (streamId) => appendRaw(streamId, JSON.stringify({ type: 'ComplaintMisfiled', data: {}, metadata: {} })),
  };
};

/**
 * An in-memory store for the tamper law (`tamperIsFound`): `rewrite` makes the given raw rows
 * everything it holds, its anchor left as it was.
 */
export const tamperableInMemoryStore = (): { readonly store: EventStore; readonly rewrite: (rows: readonly RawStoredEvent[]) => Promise<void> } => {
  const { store, rewriteRows } = buildInMemoryEventStore();
  return {
    store,
    rewrite: async (rows) =>
      rewriteRows(
        rows.map((r) => ({
          streamId: r.streamId,
          revision: r.revision,
          position: r.position,
          eventId: r.storeEventId,
          // as the store writes it: the columns' JSON text as it is
          json: `{"type":${JSON.stringify(r.type)},"data":${r.data},"metadata":${r.metadata}}`,
        })),
      ),
  };
};
