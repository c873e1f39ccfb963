import { describe, expect, it } from 'vitest';
import * as fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { createInMemoryCheckpointStore, type CheckpointStore, type EventStore } from '@cim-complaints/core';
import { HISTORY_CLOCK, historyCommandsArb, inMemoryStore, plantableInMemoryStore, recordHistory } from '@cim-complaints/testing';
import { caseFilesProjection, catchUpMonitoring, checkpointKey, createProjectionRunner, earlierCheckpointKeys, monitoringProjections, reportFromRunner, type MonitoringCatchUp } from '../src/index.js';

const right = <A>(result: E.Either<unknown, A>): A => {
  if (E.isLeft(result)) throw new Error(`expected Right, got ${JSON.stringify(result.left, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v))}`);
  return result.right;
};

const reportJson = (caught: Pick<MonitoringCatchUp, 'runner'>) => JSON.stringify(right(reportFromRunner(caught.runner)(HISTORY_CLOCK)));

/** Catches up from `saved`, then saves back what it built, as `report` does. */
const reportRun = async (store: EventStore, saved: CheckpointStore, rebuild = false) => {
  const caught = right(await catchUpMonitoring(store, saved, { rebuild, pageSize: 7 }));
  if (caught.commit !== undefined) right(await caught.commit(saved)());
  return caught;
};

const fromScratch = async (store: EventStore) => {
  const runner = createProjectionRunner({ store, projections: monitoringProjections, checkpoints: createInMemoryCheckpointStore() });
  right(await runner.rebuild());
  return JSON.stringify(right(reportFromRunner(runner)(HISTORY_CLOCK)));
};

describe('monitoring catch-up for reports', () => {
  describe('when the log grows between reports', () => {
    it('reports from saved read models caught up in steps exactly what a rebuild from zero reports', async () => {
      await fc.assert(
        fc.asyncProperty(historyCommandsArb({ maxComplaints: 5, maxSteps: 10 }), fc.array(fc.nat(), { minLength: 1, maxLength: 4 }), async (commands, cuts) => {
          const store = inMemoryStore();
          const saved = createInMemoryCheckpointStore();
          const ends = [...new Set([...cuts.map((c) => c % (commands.length + 1)), commands.length])].sort((a, b) => a - b);
          let start = 0;
          let last: MonitoringCatchUp | undefined;
          for (const end of ends) {
            await recordHistory(store, commands.slice(start, end));
            start = end;
            last = await reportRun(store, saved);
          }
          expect(reportJson(last!)).toBe(await fromScratch(store));
        }),
        { numRuns: 25 },
      );
    });

    it('reads nothing when nothing was appended since the last report', async () => {
      const store = inMemoryStore();
      const commands = fc.sample(historyCommandsArb({ minComplaints: 4, maxComplaints: 4 }), { numRuns: 1, seed: 5 })[0]!;
      await recordHistory(store, commands);
      const saved = createInMemoryCheckpointStore();
      const first = await reportRun(store, saved);
      expect(first.eventsRead).toBeGreaterThan(0);
      // a save per projection, and the removal of what earlier versions of each left
      expect(first.pending).toBe(monitoringProjections.reduce((n, p) => n + 1 + earlierCheckpointKeys(p).length, 0));
      const again = await reportRun(store, saved);
      expect(again.eventsRead).toBe(0);
      // and has nothing to save
      expect(again.pending).toBe(0);
      expect(reportJson(again)).toBe(await fromScratch(store));
    });
  });

  describe('when a stored event does not decode', () => {
    it('reports without its complaint, lists it, and offers nothing to save, so the next report meets it again', async () => {
      const { store, appendRawForTest } = plantableInMemoryStore();
      const commands = fc.sample(historyCommandsArb({ minComplaints: 3, maxComplaints: 3 }), { numRuns: 1, seed: 9 })[0]!;
      await recordHistory(store, commands);
      const saved = createInMemoryCheckpointStore();
      await reportRun(store, saved);
      const before = saved.snapshot();
      appendRawForTest('complaint-c-01', JSON.stringify({ type: 'ComplaintMisfiled', data: {}, metadata: {} }));
      const damaged = await reportRun(store, saved);
      expect(damaged.commit).toBeUndefined();
      expect(damaged.skipped).toEqual([expect.objectContaining({ kind: 'decode-failed', streamId: 'complaint-c-01' })]);
      expect(saved.snapshot()).toEqual(before);
      expect(right(reportFromRunner(damaged.runner)(HISTORY_CLOCK)).complaints.map((c) => c.complaintId)).not.toContain('c-01');
      expect((await reportRun(store, saved)).skipped).toHaveLength(1);
    });
  });

  describe('when rebuilt', () => {
    it('drops checkpoints left from an earlier log, even when the log is now empty', async () => {
      const saved = createInMemoryCheckpointStore();
      right(await saved.save(checkpointKey(caseFilesProjection), 41n, { stale: true })());
      const store = inMemoryStore();
      await reportRun(store, saved, true);
      expect(right(await saved.load(checkpointKey(caseFilesProjection))())).toBeUndefined();
      expect(saved.snapshot()).toEqual({});
    });
  });
});
