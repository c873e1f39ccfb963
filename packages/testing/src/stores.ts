/**
 * Stores for tests: an in-memory store ready to use, and one with a back door that plants a raw
 * row (an event that does not decode), so a test can show how its readers meet damage. Core keeps
 * the back door out of its root exports; this kit is where tests get it.
 *
 * @example
 * const store = inMemoryStore();
 * const { store: damaged, plantUndecodableEvent } = plantableInMemoryStore();
 * await plantUndecodableEvent('complaint-c-1');
 */
import type { EventStore } from '@cim-complaints/core';
import { buildInMemoryEventStore } from '@cim-complaints/core/testing-hooks';

/** A new, empty in-memory store. */
export const inMemoryStore = (): EventStore => buildInMemoryEventStore().store;

export interface PlantableStore {
  readonly store: EventStore;
  /** Stores raw JSON as the next event of a stream, as a writer outside the library could. */
  readonly appendRawForTest: (streamId: string, json: string) => void;
  /** Stores valid JSON that is no event this library knows as the next event of a stream. */
  readonly plantUndecodableEvent: (streamId: string) => Promise<void>;
}

/** An in-memory store with a back door for planting rows that do not decode. */
export const plantableInMemoryStore = (): PlantableStore => {
  const { store, appendRaw } = buildInMemoryEventStore();
  return {
    store,
    appendRawForTest: appendRaw,
    plantUndecodableEvent: async (streamId) => appendRaw(streamId, JSON.stringify({ type: 'ComplaintMisfiled', data: {}, metadata: {} })),
  };
};
