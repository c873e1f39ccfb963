import { describe, expect, it } from 'vitest';
import * as fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { createInMemoryCheckpointStore, createPolicyRegistry, CX097_V4, defaultPolicyRegistry, evaluateSlaFactsIn, type Instant } from '@cim-complaints/core';
import { HISTORY_CLOCK, historyCommandsArb, inMemoryStore, recordHistory } from '@cim-complaints/testing';
import type { EventStore, RecordedEvent } from '@cim-complaints/core';
import {
  addTallies,
  allCaseFiles,
  buildReport,
  packTally,
  receivedProjection,
  renderJson,
  reportedCasesAsOf,
  tallyCases,
  unpackTally,
  caseFileAsOf,
  caseFilesProjection,
  caseFilesProjectionWith,
  CHUNK_CASES,
  createProjectionRunner,
  isSettled,
  keyedEntries,
  keyedValues,
  monitoringModels,
  monitoringProjections,
  reportedComplaintOf,
  reportedSlaOf,
  settledViewOf,
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
const smallChunks = caseFilesProjectionWith({ chunkCases: 2 });
const readBackIn = (projection: typeof caseFilesProjection, state: CaseFilesState): CaseFilesState =>
  right(projection.saved!.decode(JSON.parse(JSON.stringify(projection.saved!.encode(state)))));
const readBack = (state: CaseFilesState): CaseFilesState => right(caseFilesProjection.saved!.decode(JSON.parse(JSON.stringify(caseFilesProjection.saved!.encode(state)))));

const asOfArb = fc.oneof(
  fc.constantFrom('2024-06-30T12:00:00Z', '2025-03-01T00:00:00Z', '2026-01-15T09:30:00Z', HISTORY_CLOCK, '2031-01-01T00:00:00Z'),
  fc.date({ min: new Date('2024-01-01T00:00:00Z'), max: new Date('2030-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString()),
);

/** Every event of a store, in order, as a subscriber gets them. */
const recordedOf = async (store: EventStore): Promise<RecordedEvent[]> => {
  const events: RecordedEvent[] = [];
  let after: bigint | undefined;
  for (;;) {
    const page = await store.readAll(after === undefined ? {} : { after })();
    if (E.isLeft(page)) throw new Error(page.left.message);
    events.push(...page.right.events);
    after = page.right.lastPosition;
    if (page.right.isEnd) return events;
  }
};

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
    it('gives every report, as of any instant and under any policies, what the case files folded fresh give', async () => {
      // another registry: the views (worked out under this library's policies) must not be used
      const other = createPolicyRegistry([{ ...CX097_V4, targets: CX097_V4.targets.map((t) => ({ ...t, workingDays: t.workingDays + 3 })) }]);
      await fc.assert(
        fc.asyncProperty(historyCommandsArb({ maxComplaints: 6, maxSteps: 14 }), asOfArb, async (commands, asOf) => {
          const runner = await rebuiltFrom(commands);
          const models = monitoringModels(runner);
          // a fresh copy of the files (no view kept beside them) against the read-back ones (views from the saved form)
          const fresh = { ...models, caseFiles: { files: JSON.parse(JSON.stringify(models.caseFiles.files)) as CaseFilesState['files'] } };
          const restored = { ...models, caseFiles: readBack(models.caseFiles) };
          // byte for byte: the saved tally gives the figures, rows and lists in the same order
          expect(renderJson(right(buildReport(restored, asOf)))).toBe(renderJson(right(buildReport(fresh, asOf))));
          expect(renderJson(right(buildReport(restored, asOf, { registry: other })))).toBe(renderJson(right(buildReport(fresh, asOf, { registry: other }))));
        }),
        { numRuns: 40 },
      );
    });

    it('refuses a damaged tally or damaged settled files, naming what is damaged, rather than report from it', async () => {
      // the first of some generated histories with a settled case
      type Saved = { packing: string; settled?: { tally: { rows: Record<string, unknown[]> }; chunks: { cases: number; packed: string }[] } };
      let saved: Saved | undefined;
      for (const commands of fc.sample(historyCommandsArb({ minComplaints: 6, maxComplaints: 6, maxSteps: 14 }), { numRuns: 50, seed: 11 })) {
        const runner = await rebuiltFrom(commands);
        saved = JSON.parse(JSON.stringify(caseFilesProjection.saved!.encode(runner.state(caseFilesProjection).state))) as Saved;
        if (saved.settled !== undefined) break;
      }
      expect(saved?.settled).toBeDefined();
      const settled = saved!.settled!;
      // a row of the tally: refused when the read models load
      const badRow = structuredClone(saved!);
      badRow.settled!.tally.rows.complaintId![0] = 42; // unique: saved as a plain column
      expect(caseFilesProjection.saved!.decode(badRow)).toEqual(E.left(expect.stringContaining('row 0: complaintId is not text')));
      // the settled files' packed text: read only when a report needs the files, and refused then
      const badFiles = { ...saved!, settled: { ...settled, chunks: [{ ...settled.chunks[0]!, packed: `x${settled.chunks[0]!.packed.slice(1)}` }, ...settled.chunks.slice(1)] } };
      const state = right(caseFilesProjection.saved!.decode(badFiles));
      expect(() => allCaseFiles(state)).toThrow('does not unpack');
      expect(buildReport({ received: receivedProjection.initial, caseFiles: state }, '2000-01-01T00:00:00Z')).toEqual(
        E.left(expect.objectContaining({ code: 'damaged-read-models', message: expect.stringContaining('report --rebuild') })),
      );
      expect(caseFilesProjection.saved!.decode({ ...saved!, packing: 'gzip' })).toEqual(E.left(expect.stringContaining('packed as')));
    });
  });

  describe('when cases are tallied', () => {
    it('adds up: the tallies of any split of the cases, added, are the tally of all of them, in the same order', async () => {
      await fc.assert(
        fc.asyncProperty(historyCommandsArb({ maxComplaints: 8, maxSteps: 14 }), fc.array(fc.boolean(), { minLength: 1, maxLength: 8 }), asOfArb, async (commands, sides, asOf) => {
          const runner = await rebuiltFrom(commands);
          const { complaints, reports } = reportedCasesAsOf(monitoringModels(runner).caseFiles, asOf as Instant);
          const left = complaints.filter((_, i) => sides[i % sides.length]);
          const rightSide = complaints.filter((_, i) => !sides[i % sides.length]);
          const all = tallyCases(complaints, reports, asOf as Instant);
          expect(JSON.stringify(addTallies(tallyCases(left, reports, asOf as Instant), tallyCases(rightSide, reports, asOf as Instant)))).toBe(JSON.stringify(all));
          // and it reads back exactly from its saved form
          expect(JSON.stringify(right(unpackTally(JSON.parse(JSON.stringify(packTally(all))))))).toBe(JSON.stringify(all));
        }),
        { numRuns: 60 },
      );
    });
  });

  describe('when read back and caught up with more events', () => {
    const foldInto = (state: CaseFilesState, events: readonly RecordedEvent[]): CaseFilesState => events.reduce(caseFilesProjection.apply, state);
    // every case file, by stream, as plain JSON (a file read back lists its fields in another order)
    const filesOf = (state: CaseFilesState): unknown => JSON.parse(JSON.stringify(keyedEntries(allCaseFiles(state)).sort(([a], [b]) => (a < b ? -1 : 1))));

    it('holds what folding every event at once holds, and reports it byte for byte, as of any instant', async () => {
      // runs whose report as of the end took the settled cases from their saved tally
      let summedSeen = 0;
      await fc.assert(
        fc.asyncProperty(historyCommandsArb({ maxComplaints: 8, maxSteps: 14 }), fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 5 }), asOfArb, async (commands, cuts, asOf) => {
          const store = inMemoryStore();
          await recordHistory(store, commands);
          const events = await recordedOf(store);
          const at = [...cuts.map((c) => Math.floor(c * events.length)), events.length].sort((a, b) => a - b);
          // saved and read back at each cut: each save adds the cases settled since to the saved settled part
          // (packed 2 cases to a chunk, so chunks fill up, overflow and are read back many at a time)
          let state = caseFilesProjection.initial;
          let from = 0;
          for (const to of at) {
            state = readBackIn(smallChunks, foldInto(state, events.slice(from, to)));
            from = to;
          }
          const fresh = foldInto(caseFilesProjection.initial, events);
          expect(filesOf(state)).toEqual(filesOf(fresh));
          const received = events.reduce(receivedProjection.apply, receivedProjection.initial);
          if (state.settled !== undefined && Date.parse(HISTORY_CLOCK) >= state.settled.latestMs) summedSeen += 1;
          for (const when of [asOf, HISTORY_CLOCK])
            expect(renderJson(right(buildReport({ received, caseFiles: state }, when)))).toBe(renderJson(right(buildReport({ received, caseFiles: fresh }, when))));
        }),
        { numRuns: 40 },
      );
      expect(summedSeen).toBeGreaterThan(0);
    });

    it('adds the cases settled since to the last chunk while it has room, then to new chunks of at most their size', async () => {
      const commands = fc.sample(historyCommandsArb({ minComplaints: 80, maxComplaints: 80, maxSteps: 14 }), { numRuns: 1, seed: 5 })[0]!;
      const store = inMemoryStore();
      await recordHistory(store, commands);
      const events = await recordedOf(store);
      for (const projection of [caseFilesProjection, caseFilesProjectionWith({ chunkCases: 5 })]) {
        let state = projection.initial;
        let saves = 0;
        let chunks: { cases: number }[] = [];
        for (const event of events) {
          const saved = JSON.parse(JSON.stringify(projection.saved!.encode(projection.apply(state, event)))) as { settled?: { chunks: { cases: number }[]; streams: string[] } };
          if ((saved.settled?.streams.length ?? 0) > (state.settled?.streams.size ?? 0)) saves += 1;
          chunks = saved.settled?.chunks ?? [];
          state = right(projection.saved!.decode(saved));
        }
        // saved after every event, the settled cases arriving over many saves: every chunk full but the last
        const settledCases = state.settled!.streams.size;
        const size = projection === caseFilesProjection ? CHUNK_CASES : 5;
        expect(saves).toBeGreaterThan(16);
        expect(chunks.map((c) => c.cases)).toEqual([...Array<number>(Math.floor(settledCases / size)).fill(size), ...(settledCases % size === 0 ? [] : [settledCases % size])]);
        expect(filesOf(state)).toEqual(filesOf(foldInto(caseFilesProjection.initial, events)));
      }
    });
  });
});
