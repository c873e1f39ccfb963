import { describe, it } from 'vitest';
import * as fc from 'fast-check';
import { historyCommandsArb, tamperArb, tamperIsFound, tamperableInMemoryStore } from '../src/index.js';

describe('the tamper law on the in-memory store', () => {
  describe('when one stored event of a lawful history is edited, deleted, inserted, swapped, renumbered or moved', () => {
    it('verify finds it', async () => {
      await fc.assert(
        fc.asyncProperty(historyCommandsArb({ maxComplaints: 3, maxSteps: 6 }), tamperArb, async (commands, tamper) => {
          await tamperIsFound(tamperableInMemoryStore(), commands, tamper);
        }),
        { numRuns: 300 },
      );
    }, 120_000);
  });
});
