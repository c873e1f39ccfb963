import { describe, expect, it } from 'vitest';
import * as fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { createInMemoryCheckpointStore, storeError, type CheckpointStore, type EventStore } from '@cim-complaints/core';
import * as TE from 'fp-ts/lib/TaskEither.js';
import { historyCommandsArb, inMemoryStore, plantableInMemoryStore, recordHistory } from '@cim-complaints/testing';
import {
  allCaseFiles,
  buildReport,
  caseFilesProjection,
  keyedEntries,
  checkpointKey,
  createProjectionRunner,
  monitoringModels,
  monitoringProjections,
  receivedProjection,
  type AnyProjection,
  type MonitoringReport,
  type RebuildProgress,
} from '../src/index.js';

const right = <A>(result: E.Either<unknown, A>): A => {
  if (E.isLeft(result)) throw new Error(`expected Right, got ${JSON.stringify(result.left)}`);
  return result.right;
};

const reportOf = (runner: Parameters<typeof monitoringModels>[0], asOf: string): MonitoringReport => right(buildReport(monitoringModels(runner), asOf));

const rebuilt = async (store: EventStore, pageSize = 500) => {
  const runner = createProjectionRunner({ store, projections: monitoringProjections, checkpoints: createInMemoryCheckpointStore() });
  right(await runner.rebuild({ pageSize }));
  return runner;
};

// what the read models hold, however they are kept: every case file (settled cases read back summed included), by stream
const statesOf = (runner: Parameters<typeof monitoringModels>[0]) => {
  const { received, caseFiles } = monitoringModels(runner);
  const files = keyedEntries(allCaseFiles(caseFiles)).sort(([a], [b]) => (a < b ? -1 : 1));
  return JSON.parse(JSON.stringify({ received: keyedEntries(received.complaints).sort(([a], [b]) => (a < b ? -1 : 1)), files })) as unknown;
};

/** A checkpoint store that stops working after `saves` saves, as a process that died would. */
const dyingCheckpoints = (inner: CheckpointStore, saves: number): CheckpointStore => {
  let left = saves;
  return {
    load: inner.load,
    remove: inner.remove,
    save: (key, position, state) => {
      if (left <= 0) return TE.left(storeError('unavailable', 'the process died'));
      left -= 1;
      return inner.save(key, position, state);
    },
  };
};

/** The projections, one of which throws once it reaches the event at `position`. */
const crashingAt = (position: bigint, victim: number): AnyProjection[] =>
  projections.map((p, i) =>
    i === victim
      ? {
          ...p,
          apply: (state: unknown, event: { position: bigint }) => {
            if (event.position === position) throw new Error(`crash at ${position}`);
            return p.apply(state, event as never);
          },
        }
      : p,
  );

/** Counts events: not idempotent by itself, so it shows whether the runner ever applies an event twice or skips one. */
const eventCount: AnyProjection = { name: 'event-count', version: 1, initial: 0, apply: (n: number) => n + 1 };
const projections = [eventCount, ...monitoringProjections];

const asOfArb = fc.constantFrom('2024-06-30T12:00:00Z', '2025-03-01T00:00:00Z', '2026-01-15T09:30:00Z', '2027-06-30T00:00:00Z');

describe('projection runner', () => {
  describe('when the same history is fed live, rebuilt, or crashed and resumed', () => {
    it('gives the same read models and the same report', async () => {
      await fc.assert(
        fc.asyncProperty(
          historyCommandsArb({ maxComplaints: 6, maxSteps: 10 }),
          fc.nat(),
          fc.integer({ min: 0, max: 2 }),
          fc.integer({ min: 1, max: 8 }),
          fc.integer({ min: 0, max: 12 }),
          fc.integer({ min: 1, max: 40 }),
          asOfArb,
          async (commands, crashSeed, victim, checkpointEvery, savesBeforeDeath, pageSize, asOf) => {
            // live: the runner is subscribed before any command is handled
            const store = inMemoryStore();
            const live = createProjectionRunner({ store, projections, checkpoints: createInMemoryCheckpointStore(), checkpointEvery });
            right(await live.start());
            const { lastPosition } = await recordHistory(store, commands);
            if (lastPosition !== undefined) right(await live.waitFor(lastPosition));
            await live.stop();
            expect(live.state(eventCount).state).toBe(Number(lastPosition ?? 0n));

            const full = await rebuilt(store, pageSize);
            expect(statesOf(live)).toEqual(statesOf(full));
            expect(reportOf(live, asOf)).toEqual(reportOf(full, asOf));
            if (lastPosition === undefined) return;

            // crash: a projection throws at a random event, and saving stops after a random number of saves
            const checkpoints = createInMemoryCheckpointStore();
            const crashAt = BigInt(1 + (crashSeed % Number(lastPosition)));
            const crashed = createProjectionRunner({ store, projections: crashingAt(crashAt, victim), checkpoints: dyingCheckpoints(checkpoints, savesBeforeDeath), checkpointEvery });
            right(await crashed.start());
            expect(E.isLeft(await crashed.caughtUp())).toBe(true);
            expect(crashed.status().state).toBe('failed');
            await crashed.stop();

            const resumed = createProjectionRunner({ store, projections, checkpoints, checkpointEvery });
            right(await resumed.start());
            right(await resumed.caughtUp());
            expect(resumed.state(eventCount).state).toBe(Number(lastPosition));
            expect(statesOf(resumed)).toEqual(statesOf(full));
            expect(reportOf(resumed, asOf)).toEqual(reportOf(full, asOf));
            await resumed.stop();

            // and a restart after a clean stop re-applies nothing
            const again = createProjectionRunner({ store, projections, checkpoints });
            right(await again.start());
            right(await again.caughtUp());
            expect(again.state(eventCount).state).toBe(Number(lastPosition));
            expect(statesOf(again)).toEqual(statesOf(full));
            await again.stop();
          },
        ),
        { numRuns: 40 },
      );
    });
  });

  describe('when it stops and starts again', () => {
    it('saves state and position together and resumes after the lowest checkpoint', async () => {
      const store = inMemoryStore();
      const commands = fc.sample(historyCommandsArb({ minComplaints: 4, maxComplaints: 4 }), { numRuns: 1, seed: 7 })[0]!;
      const { lastPosition } = await recordHistory(store, commands);
      const checkpoints = createInMemoryCheckpointStore();
      const first = createProjectionRunner({ store, projections: monitoringProjections, checkpoints, checkpointEvery: 1000 });
      right(await first.start());
      right(await first.caughtUp());
      await first.stop();
      const saved = checkpoints.snapshot();
      expect(Object.keys(saved).sort()).toEqual([checkpointKey(caseFilesProjection), checkpointKey(receivedProjection)].sort());
      expect(JSON.parse(saved[checkpointKey(receivedProjection)]!).position).toBe(String(lastPosition));

      const reads: (bigint | undefined)[] = [];
      const watched: EventStore = { ...store, subscribeToAll: (handlers, options) => (reads.push(options?.after), store.subscribeToAll(handlers, options)) };
      const second = createProjectionRunner({ store: watched, projections: monitoringProjections, checkpoints });
      right(await second.start());
      right(await second.caughtUp());
      expect(reads).toEqual([lastPosition]);
      expect(statesOf(second)).toEqual(statesOf(first));
      await second.stop();
    });

    it('refuses to start twice or rebuild while running', async () => {
      const store = inMemoryStore();
      const runner = createProjectionRunner({ store, projections: monitoringProjections, checkpoints: createInMemoryCheckpointStore() });
      right(await runner.start());
      expect(await runner.start()).toEqual(E.left(expect.objectContaining({ kind: 'busy' })));
      expect(await runner.rebuild()).toEqual(E.left(expect.objectContaining({ kind: 'busy' })));
      await runner.stop();
      expect(await runner.waitFor(1n)).toEqual(E.left(expect.objectContaining({ kind: 'stopped' })));
    });
  });

  describe('when it rebuilds', () => {
    it('reads the log page by page, reports progress and saves every projection', async () => {
      const store = inMemoryStore();
      const commands = fc.sample(historyCommandsArb({ minComplaints: 6, maxComplaints: 6, maxSteps: 12 }), { numRuns: 1, seed: 11 })[0]!;
      const { lastPosition } = await recordHistory(store, commands);
      const total = Number(lastPosition);
      const pageSizes: (number | undefined)[] = [];
      const watched: EventStore = { ...store, readAll: (options) => (pageSizes.push(options?.maxCount), store.readAll(options)) };
      const checkpoints = createInMemoryCheckpointStore();
      const runner = createProjectionRunner({ store: watched, projections: monitoringProjections, checkpoints });
      const progress: RebuildProgress[] = [];
      const summary = right(await runner.rebuild({ pageSize: 10, onProgress: (p) => progress.push(p) }));

      expect(summary).toEqual({ eventsRead: total, position: lastPosition, skipped: [] });
      // never more than one page of events in hand
      expect(pageSizes.every((n) => n === 10)).toBe(true);
      expect(progress.length).toBe(Math.ceil(total / 10) + (total % 10 === 0 ? 1 : 0));
      expect(progress.map((p) => p.eventsRead)).toEqual(progress.map((_, i) => Math.min(total, (i + 1) * 10)));
      expect(progress.at(-1)).toEqual({ eventsRead: total, pagesRead: progress.length, position: lastPosition, done: true });
      expect(JSON.parse(checkpoints.snapshot()[checkpointKey(caseFilesProjection)]!).position).toBe(String(lastPosition));
    });

    it('saves by time, not by pages: a quick rebuild saves each projection once, at the end, unless asked for pages', async () => {
      const store = inMemoryStore();
      const commands = fc.sample(historyCommandsArb({ minComplaints: 6, maxComplaints: 6, maxSteps: 12 }), { numRuns: 1, seed: 11 })[0]!;
      const { lastPosition } = await recordHistory(store, commands);
      const rebuildSaving = async (options: Parameters<ReturnType<typeof createProjectionRunner>['rebuild']>[0]) => {
        const inner = createInMemoryCheckpointStore();
        const saves: string[] = [];
        const counted: CheckpointStore = { ...inner, save: (key, position, state) => (saves.push(key), inner.save(key, position, state)) };
        const runner = createProjectionRunner({ store, projections: monitoringProjections, checkpoints: counted });
        right(await runner.rebuild(options));
        expect(JSON.parse(inner.snapshot()[checkpointKey(caseFilesProjection)]!).position).toBe(String(lastPosition));
        return saves;
      };
      expect((await rebuildSaving({ pageSize: 5 })).sort()).toEqual(monitoringProjections.map(checkpointKey).sort());
      // every event changes the case files: saved every second page of events
      const caseFileSaves = (await rebuildSaving({ pageSize: 5, checkpointEveryPages: 2 })).filter((key) => key === checkpointKey(caseFilesProjection));
      expect(caseFileSaves.length).toBeGreaterThanOrEqual(Math.floor(Math.ceil(Number(lastPosition) / 5) / 2));
    });

    it('reports a store failure as a value', async () => {
      const { store, appendRawForTest } = plantableInMemoryStore();
      appendRawForTest('complaint-x', '{not json');
      const runner = createProjectionRunner({ store, projections: monitoringProjections, checkpoints: createInMemoryCheckpointStore() });
      const result = await runner.rebuild();
      expect(result).toEqual(E.left(expect.objectContaining({ _tag: 'RunnerError', kind: 'store' })));
      expect(runner.status().state).toBe('failed');
    });
  });
});
