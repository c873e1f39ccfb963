import { createInMemoryEventStore } from '@cim-complaints/core';
import { eventStoreContract } from '../src/contract/index.js';

eventStoreContract('memory', async () => {
  const { store, appendRawForTest } = createInMemoryEventStore();
  return {
    store,
    // Valid JSON, but not an event this library knows.
    plantUndecodableEvent: async (streamId) => appendRawForTest(streamId, JSON.stringify({ type: 'ComplaintMisfiled', data: {}, metadata: {} })),
    teardown: async () => {
      await store.close?.();
    },
  };
});
