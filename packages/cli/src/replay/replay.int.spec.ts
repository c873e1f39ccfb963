import {
  historyAsOf,
  Instant,
  streamIdOf,
  type ComplaintEvent,
  type EventStore,
} from '@cim-complaints/core';
import { caseAsOf, caseFilesProjection, getKeyed, slaReports, slimEvent, type CaseFilesState } from '@cim-complaints/projections';
import { commands, historyCommandsArb, inMemoryStore, recordHistory } from '@cim-complaints/testing';
import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { CliError } from '../errors.js';
import type { OpenedStore } from '../store-selection.js';
import { loadReplay } from './replay.js';

const opened = (store: EventStore): OpenedStore => ({ spec: { kind: 'memory' }, name: 'memory:', store, close: async () => {} });

const instant = (s: string): Instant => {
  if (!Instant.is(s)) throw new Error(`not an instant: ${s}`);
  return s;
};

/** The case-files read model of everything in a store, as the projection runner would build it. */
const caseFilesOf = async (store: EventStore): Promise<CaseFilesState> => {
  let state = caseFilesProjection.initial;
  let after: bigint | undefined;
  for (;;) {
    const page = await store.readAll(after === undefined ? {} : { after })();
    if (E.isLeft(page)) throw new Error(page.left.message);
    for (const recorded of page.right.events) state = caseFilesProjection.apply(state, recorded);
    after = page.right.lastPosition;
    if (page.right.isEnd) return state;
  }
};

const slim = (events: readonly ComplaintEvent[]): ComplaintEvent[] => events.map(slimEvent).filter((e): e is ComplaintEvent => e !== undefined);

describe('replay as of an instant', () => {
  describe('when asked about any instant of a recorded history', () => {
    it('keeps the same events as the monitoring read models, and so reports the same state and SLA', async () => {
      await fc.assert(
        fc.asyncProperty(
          historyCommandsArb({ maxComplaints: 3, maxSteps: 10, from: '2025-01-01T00:00:00Z', to: '2025-06-30T00:00:00Z' }),
          fc.array(fc.date({ min: new Date('2024-12-01T00:00:00Z'), max: new Date('2026-06-30T00:00:00Z'), noInvalidDate: true }), { maxLength: 4 }),
          async (history, dates) => {
            const store = { store: inMemoryStore() };
            await recordHistory(store.store, history);
            const caseFiles = await caseFilesOf(store.store);
            const ids = [...new Set(history.map((c) => c.complaintId))];
            // some commands' own instants and the millisecond before each (the edges), and a few others
            const edges = history.filter((_, i) => i % 3 === 0).flatMap((c) => [c.at, new Date(Date.parse(c.at) - 1).toISOString()]);
            const instants = [...new Set([...edges, ...dates.map((d) => d.toISOString())])].map(instant);
            for (const asOf of instants) {
              const sla = slaReports(caseFiles, asOf).reports;
              for (const id of ids) {
                const file = getKeyed(caseFiles.files, id);
                const projected = file === undefined ? undefined : caseAsOf(file, asOf);
                const replayed = await loadReplay(opened(store.store), id, asOf).catch((error: unknown) => error);
                if (projected === undefined || file === undefined) {
                  expect(replayed).toBeInstanceOf(CliError);
                  continue;
                }
                if (replayed instanceof Error) throw replayed;
                const replay = replayed as Awaited<ReturnType<typeof loadReplay>>;
                expect(slim(replay.events.map((r) => r.event))).toEqual(historyAsOf(file.events, asOf));
                expect(replay.state.status).toBe(projected.status);
                expect(replay.sla).toEqual(sla[id]);
              }
            }
          },
        ),
        { numRuns: 25 },
      );
    });
  });

  describe('when an event’s metadata.occurredAt differs from its data.at (written outside the handler)', () => {
    it('places the event by data.at, the instant the fold and the SLA read', async () => {
      const c = commands('c-1');
      const source = { store: inMemoryStore() };
      await recordHistory(source.store, [
        c.receive({ at: '2025-06-02T09:00:00+01:00' }),
        c.acknowledge({ at: '2025-06-03T09:00:00+01:00' }),
      ] as never);
      const read = await source.store.readStream(streamIdOf('c-1'))();
      if (E.isLeft(read)) throw new Error(read.left.message);
      const [receipt, acknowledgement] = read.right.events.map((r) => r.event);
      const store = { store: inMemoryStore() };
      // the acknowledgement claims to have occurred a week later than its data says
      const skewed = { ...acknowledgement!, metadata: { ...acknowledgement!.metadata, occurredAt: instant('2025-06-10T09:00:00+01:00') } };
      const appended = await store.store.appendToStream(streamIdOf('c-1'), 'no-stream', [receipt!, skewed])();
      expect(E.isRight(appended)).toBe(true);

      const replay = await loadReplay(opened(store.store), 'c-1', '2025-06-04T00:00:00Z');
      expect(replay.events.map((r) => r.event.type)).toEqual(['ComplaintReceived', 'ComplaintAcknowledged']);
      expect(replay.state.acknowledgedAt).toBe('2025-06-03T09:00:00+01:00');
      expect(replay.sla.targets.acknowledgement?.status).toBe('met');
    });
  });

  describe('when the instant is not one', () => {
    it('says so as a usage error', async () => {
      await expect(loadReplay(opened(inMemoryStore()), 'c-1', '2025-06-04')).rejects.toThrow(CliError);
    });
  });
});
