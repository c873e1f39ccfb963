import { describe, it } from 'vitest';
import * as fc from 'fast-check';
import { inMemoryStore, oddCommandsArb, readBackHolds } from '../src/index.js';

describe('the read-back law on the in-memory store', () => {
  describe('when commands are as odd as their codecs allow', () => {
    it('every accepted command reads back as the events it wrote, and none meets a store failure', async () => {
      let n = 0;
      await fc.assert(
        fc.asyncProperty(
          fc.constant(null).map(() => `odd-${(n += 1)}`).chain((id) => oddCommandsArb(id)),
          async (inputs) => {
            const store = inMemoryStore();
            await readBackHolds(store, inputs);
          },
        ),
        { numRuns: 300 },
      );
    });
  });
});
