import { plantableInMemoryStore } from '../src/index.js';
import { eventStoreContract } from '../src/contract/index.js';

eventStoreContract('memory', async () => {
  const { store, plantUndecodableEvent } = plantableInMemoryStore();
  return { store, plantUndecodableEvent, teardown: async () => store.close?.() };
});
