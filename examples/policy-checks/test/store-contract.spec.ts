// The EventStore contract suite, as any store must pass it, run here against the in-memory store
// the kit provides (the same suite runs against SQLite, PostgreSQL and EventStoreDB in their packages).
import { plantableInMemoryStore } from '@cim-complaints/testing';
import { eventStoreContract } from '@cim-complaints/testing/vitest';

eventStoreContract('memory', async () => {
  const { store, plantUndecodableEvent } = plantableInMemoryStore();
  return { store, plantUndecodableEvent, teardown: async () => store.close?.() };
});
