import { describe, expect, it } from 'vitest';
import * as fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { createInMemoryCheckpointStore, createPolicyRegistry, CX097_V4, defaultPolicyRegistry, evaluateSlaFactsIn, type Instant } from '@cim-complaints/core';
import { HISTORY_CLOCK, historyCommandsArb, inMemoryStore, recordHistory } from '@cim-complaints/testing';
import {
  buildReport,
  caseFileAsOf,
  caseFilesProjection,
  createProjectionRunner,
  isSettled,
  keyedValues,
  monitoringModels,
  monitoringProjections,
  packView,
  reportedComplaintOf,
  reportedSlaOf,
  settledViewOf,
  unpackView,
  type CaseFilesState,
} from '../src/index.js';

const right = <A>(result: E.Either<unknown, A>): A => {
  if (E.isLeft(result)) throw new Error(`expected Right, got ${JSON.stringify(result.left)}`);
  return result.right;
};

const rebuiltFrom = async (commands: Parameters<typeof recordHistory>[1]) => {
  const store = inMemoryStore();
  await recordHistory(store, commands);
  const runner = createProjectionRunner({ store, projections: monitoringProjections, checkpoints: createInMemoryCheckpointStore() });
  right(await runner.rebuild());
  return runner;
};

/** The case files as a checkpoint gives them back: their saved form, through JSON text. */
const readBack = (state: CaseFilesState): CaseFilesState => right(caseFilesProjection.saved!.decode(JSON.parse(JSON.stringify(caseFilesProjection.saved!.encode(state)))));

const evaluate = evaluateSlaFactsIn(defaultPolicyRegistry, {});
const YEAR_MS = 365 * 24 * 3600 * 1000;

describe('settled views', () => {
  // counted over every run, so the property is known to have met settled cases at all
  let settledSeen = 0;

  describe('when a case is settled at its last event', () => {
    it('is what the report reads of it as of any later instant: the case folded and evaluated then', async () => {
      await fc.assert(
        fc.asyncProperty(historyCommandsArb({ maxComplaints: 6, maxSteps: 14 }), fc.array(fc.integer({ min: 0, max: 3 * YEAR_MS }), { minLength: 1, maxLength: 4 }), async (commands, laterBy) => {
          const runner = await rebuiltFrom(commands);
          for (const file of keyedValues(runner.state(caseFilesProjection).state.files)) {
            const view = settledViewOf(file);
            if (view === undefined) continue;
            settledSeen += 1;
            expect(isSettled(view.complaint, view.sla)).toBe(true);
            for (const ms of [0, ...laterBy]) {
              const asOf = new Date(file.latestMs! + ms).toISOString() as Instant;
              const { complaint, facts } = caseFileAsOf(file, asOf);
              const sla = right(evaluate(facts!, asOf));
              expect(reportedComplaintOf(complaint as never)).toEqual(view.complaint);
              expect(reportedSlaOf(sla)).toEqual(view.sla);
            }
          }
        }),
        { numRuns: 60 },
      );
      expect(settledSeen).toBeGreaterThan(0);
    });
  });

  describe('when a case is open, or has an action or a target still running', () => {
    it('has no view: the report works it out as of the instant asked about', async () => {
      await fc.assert(
        fc.asyncProperty(historyCommandsArb({ maxComplaints: 6, maxSteps: 14 }), async (commands) => {
          const runner = await rebuiltFrom(commands);
          for (const file of keyedValues(runner.state(caseFilesProjection).state.files)) {
            if (file.problem !== undefined || file.latestMs === undefined) continue;
            const asOf = new Date(file.latestMs).toISOString() as Instant;
            const { complaint, facts } = caseFileAsOf(file, asOf);
            if (facts === null || complaint.status === 'none') continue;
            const sla = right(evaluate(facts, asOf));
            expect(settledViewOf(file) !== undefined).toBe(isSettled(complaint, sla));
          }
        }),
        { numRuns: 40 },
      );
    });
  });

  describe('when saved and read back', () => {
    it('reads back exactly, packed', async () => {
      await fc.assert(
        fc.asyncProperty(historyCommandsArb({ maxComplaints: 6, maxSteps: 14 }), async (commands) => {
          const runner = await rebuiltFrom(commands);
          for (const file of keyedValues(runner.state(caseFilesProjection).state.files)) {
            const view = settledViewOf(file);
            if (view !== undefined) expect(right(unpackView(JSON.parse(JSON.stringify(packView(view)))))).toEqual(view);
          }
        }),
        { numRuns: 40 },
      );
    });

    it('gives every report, as of any instant and under any policies, what the case files folded fresh give', async () => {
      const asOfArb = fc.oneof(
        fc.constantFrom('2024-06-30T12:00:00Z', '2025-03-01T00:00:00Z', '2026-01-15T09:30:00Z', HISTORY_CLOCK, '2031-01-01T00:00:00Z'),
        fc.date({ min: new Date('2024-01-01T00:00:00Z'), max: new Date('2030-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString()),
      );
      // another registry: the views (worked out under this library's policies) must not be used
      const other = createPolicyRegistry([{ ...CX097_V4, targets: CX097_V4.targets.map((t) => ({ ...t, workingDays: t.workingDays + 3 })) }]);
      await fc.assert(
        fc.asyncProperty(historyCommandsArb({ maxComplaints: 6, maxSteps: 14 }), asOfArb, async (commands, asOf) => {
          const runner = await rebuiltFrom(commands);
          const models = monitoringModels(runner);
          // a fresh copy of the files (no view kept beside them) against the read-back ones (views from the saved form)
          const fresh = { ...models, caseFiles: { files: JSON.parse(JSON.stringify(models.caseFiles.files)) as CaseFilesState['files'] } };
          const restored = { ...models, caseFiles: readBack(models.caseFiles) };
          expect(buildReport(restored, asOf)).toEqual(buildReport(fresh, asOf));
          expect(buildReport(restored, asOf, { registry: other })).toEqual(buildReport(fresh, asOf, { registry: other }));
        }),
        { numRuns: 40 },
      );
    });

    it('refuses a damaged view, naming its stream, rather than report from it', async () => {
      // the first of some generated histories with a settled case
      let saved: { files: { s: string; v?: unknown[] }[] } | undefined;
      let withView: { s: string; v?: unknown[] } | undefined;
      for (const commands of fc.sample(historyCommandsArb({ minComplaints: 6, maxComplaints: 6, maxSteps: 14 }), { numRuns: 50, seed: 11 })) {
        const runner = await rebuiltFrom(commands);
        saved = JSON.parse(JSON.stringify(caseFilesProjection.saved!.encode(runner.state(caseFilesProjection).state))) as { files: { s: string; v?: unknown[] }[] };
        withView = saved.files.find((f) => f.v !== undefined);
        if (withView !== undefined) break;
      }
      expect(withView).toBeDefined();
      (withView!.v![0] as unknown[])[1] = 42; // the complaint id
      const decoded = caseFilesProjection.saved!.decode(saved!);
      expect(decoded).toEqual(E.left(expect.stringContaining(withView!.s)));
      expect(caseFilesProjection.saved!.decode({ ...saved!, packing: 'gzip' })).toEqual(E.left(expect.stringContaining('packed as')));
    });
  });
});
