import { createInMemoryKeyStore } from '@cim-complaints/core';
import { inMemoryStore } from '../src/index.js';
import { keyStoreContract } from '../src/contract/index.js';

keyStoreContract('memory', async () => {
  const keys = createInMemoryKeyStore();
  const events = inMemoryStore();
  return { keys, events, teardown: async () => events.close?.() };
});
