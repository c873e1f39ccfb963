import { afterAll, describe, it } from 'vitest';
import * as fc from 'fast-check';
import { oddCommandsArb, readBackHolds } from '@cim-complaints/testing';
import { openStore, tempDir } from './support.js';

describe('the read-back law on a SQLite file', () => {
  const temp = tempDir();
  afterAll(() => temp.cleanup());

  describe('when commands are as odd as their codecs allow', () => {
    it('every accepted command reads back from the file as the events it wrote, and none meets a store failure', async () => {
      const store = openStore({ path: temp.file(), synchronous: 'normal' });
      let n = 0;
      try {
        await fc.assert(
          fc.asyncProperty(
            fc.constant(null).map(() => `odd-${(n += 1)}`).chain((id) => oddCommandsArb(id)),
            (inputs) => readBackHolds(store, inputs),
          ),
          { numRuns: 150 },
        );
      } finally {
        await store.close();
      }
    });
  });
});
