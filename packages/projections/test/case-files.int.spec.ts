import { describe, expect, it } from 'vitest';
import * as fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { createInMemoryCheckpointStore, evolveSlaFacts, fold, historyAsOf, instantMillis, type Instant, type SlaFacts } from '@cim-complaints/core';
import { historyCommandsArb, inMemoryStore, recordHistory } from '@cim-complaints/testing';
import { caseFileAsOf, caseFilesProjection, createProjectionRunner, digestOf, keyedValues, monitoringProjections, type CaseFile, type CaseFilesState } from '../src/index.js';

const right = <A>(result: E.Either<unknown, A>): A => {
  if (E.isLeft(result)) throw new Error(`expected Right, got ${JSON.stringify(result.left)}`);
  return result.right;
};

// what a report must see of a case as of an instant: its events up to then, folded
const foldedAsOf = (file: CaseFile, asOf: Instant) => {
  const history = historyAsOf(file.events, asOf);
  return { complaint: fold(history), facts: history.reduce<SlaFacts | null>(evolveSlaFacts, null) };
};

// each event's instant, the millisecond before it, and instants before and after everything
const instantsOf = (file: CaseFile): Instant[] =>
  [
    ...file.events.flatMap((e) => [e.data.at, new Date(instantMillis(e.data.at) - 1).toISOString()]),
    '2020-01-01T00:00:00Z',
    '2030-01-01T00:00:00Z',
  ] as Instant[];

describe('case files', () => {
  describe('when rebuilt, fed live, or read back from a checkpoint', () => {
    it('fold each case as core folds its events, as of every instant', async () => {
      await fc.assert(
        fc.asyncProperty(historyCommandsArb({ maxComplaints: 5, maxSteps: 14 }), async (commands) => {
          const store = inMemoryStore();
          const live = createProjectionRunner({ store, projections: monitoringProjections, checkpoints: createInMemoryCheckpointStore() });
          right(await live.start());
          const { lastPosition } = await recordHistory(store, commands);
          if (lastPosition !== undefined) right(await live.waitFor(lastPosition));
          await live.stop();
          const rebuilt = createProjectionRunner({ store, projections: monitoringProjections, checkpoints: createInMemoryCheckpointStore() });
          right(await rebuilt.rebuild({ pageSize: 3 }));
          const states: CaseFilesState[] = [
            live.state(caseFilesProjection).state,
            rebuilt.state(caseFilesProjection).state,
            // as a checkpoint gives it back: its saved form, through JSON text
            right(caseFilesProjection.saved!.decode(JSON.parse(JSON.stringify(caseFilesProjection.saved!.encode(rebuilt.state(caseFilesProjection).state))))),
          ];
          for (const state of states)
            for (const file of keyedValues(state.files)) {
              if (file.problem !== undefined) continue;
              // as of instants first: a file read back has no digest yet, and gets one here
              for (const asOf of instantsOf(file)) {
                const { complaint, facts } = caseFileAsOf(file, asOf);
                expect({ complaint, facts }).toEqual(foldedAsOf(file, asOf));
              }
              const whole = digestOf(file);
              expect(whole.complaint).toEqual(fold(file.events));
              expect(whole.facts).toEqual(file.events.reduce<SlaFacts | null>(evolveSlaFacts, null));
              expect(whole.latest).toBe(Math.max(...file.events.map((e) => instantMillis(e.data.at))));
            }
        }),
        { numRuns: 40 },
      );
    });
  });
});
