import {
  historyAsOf,
  Instant,
  streamIdOf,
  type ComplaintEvent,
  type EventStore,
} from '@cim-complaints/core';
import { caseAsOf, caseFilesProjection, getKeyed, slaReports, slimEvent, type CaseFilesState } from '@cim-complaints/projections';
import { commands, historyCommandsArb, inMemoryStore, plantableInMemoryStore, recordHistory } from '@cim-complaints/testing';
import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { CliError } from '../errors.js';
import type { OpenedStore } from '../store-selection.js';
import { loadReplay, renderReplayText, replayJson } from './replay.js';

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
                const file = getKeyed(caseFiles.files, streamIdOf(id));
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
      // the acknowledgement claims to have occurred a week later than its data says; written as
      // raw rows, since the store refuses an event whose metadata no longer matches its digest
      const store = plantableInMemoryStore();
      const skewed = { ...acknowledgement!, metadata: { ...acknowledgement!.metadata, occurredAt: instant('2025-06-10T09:00:00+01:00') } };
      for (const event of [receipt!, skewed]) store.appendRawForTest(streamIdOf('c-1'), JSON.stringify(event));

      const replay = await loadReplay(opened(store.store), 'c-1', '2025-06-04T00:00:00Z');
      expect(replay.events.map((r) => r.event.type)).toEqual(['ComplaintReceived', 'ComplaintAcknowledged']);
      expect(replay.state.acknowledgedAt).toBe('2025-06-03T09:00:00+01:00');
      expect(replay.sla.targets.acknowledgement?.status).toBe('met');
    });
  });

  describe('when a complaint escalates one referred back to its study centre (C14)', () => {
    const referred = commands('e-1');
    const escalating = commands('e-2');
    const centre = { name: 'Northfield College' };
    const history = [
      referred.receive({ at: '2025-06-02T09:00:00+01:00', businessArea: 'accredited-study-centre', studyCentre: centre }),
      commands('e-3').receive({ at: '2025-06-20T09:00:00+01:00' }),
      escalating.receive({ at: '2025-07-14T10:00:00+01:00', businessArea: 'accredited-study-centre', studyCentre: { ...centre, ownProcedureCompletedOn: '2025-07-10' }, escalatesFrom: 'e-1' }),
    ];

    it('names the earlier complaint in the escalating one’s replay, and the escalating one in the earlier one’s', async () => {
      const store = inMemoryStore();
      await recordHistory(store, history as never);
      const later = await loadReplay(opened(store), 'e-2', '2025-12-31T23:59:59Z');
      expect(later.state.escalatesFrom).toBe('e-1');
      expect(replayJson(later).links).toEqual({ escalatesFrom: 'e-1', escalatedBy: [] });
      expect(renderReplayText(later)).toMatch(/escalates +complaint e-1, referred back to its study centre \(C14\)/);
      const earlier = await loadReplay(opened(store), 'e-1', '2025-12-31T23:59:59Z');
      expect(replayJson(earlier).links).toEqual({ escalatesFrom: null, escalatedBy: [{ complaintId: 'e-2', receivedAt: '2025-07-14T10:00:00+01:00' }] });
      expect(renderReplayText(earlier)).toMatch(/escalated by +complaint e-2 \(received 2025-07-14\)/);
    });

    it('names no escalation that had not happened by the instant asked about', async () => {
      const store = inMemoryStore();
      await recordHistory(store, history as never);
      const earlier = await loadReplay(opened(store), 'e-1', '2025-07-01T00:00:00Z');
      expect(earlier.escalatedBy).toEqual([]);
      expect(renderReplayText(earlier)).toMatch(/escalated by +no complaint yet/);
    });

    it('finds the escalation past an event elsewhere in the log that does not decode', async () => {
      const { store, plantUndecodableEvent } = plantableInMemoryStore();
      await recordHistory(store, history.slice(0, 2) as never);
      await plantUndecodableEvent('complaint-e-3');
      await recordHistory(store, history.slice(2) as never);
      expect((await loadReplay(opened(store), 'e-1', '2025-12-31T23:59:59Z')).escalatedBy.map((e) => e.complaintId)).toEqual(['e-2']);
    });
  });

  describe('when letters went to an authorised third party (C4, C8)', () => {
    it('says who each acknowledgement and response went to', async () => {
      const c = commands('t-1');
      const store = inMemoryStore();
      await recordHistory(store, [
        c.receive({ at: '2025-06-02T09:00:00+01:00' }),
        c.authoriseThirdParty({ at: '2025-06-02T10:00:00+01:00' }),
        c.acknowledge({ at: '2025-06-03T09:00:00+01:00', to: 'third-party', partyName: 'Sam Morgan' }),
        c.assign({ at: '2025-06-03T10:00:00+01:00' }),
        c.issueResponse({ at: '2025-06-10T09:00:00+01:00' }),
      ] as never);
      const replay = await loadReplay(opened(store), 't-1', '2025-12-31T23:59:59Z', { role: { kind: 'quality-and-complaints-manager' } });
      const text = renderReplayText(replay);
      expect(text).toContain('acknowledged by email to third party Sam Morgan (authorised for "All correspondence about this complaint")');
      expect(text).toContain('response issued to the complainant: upheld');
      expect(text).toMatch(/acknowledged +2025-06-03 09:00 BST to third party Sam Morgan/);
      expect(replayJson(replay).events[2]!.data).toMatchObject({ to: 'third-party', partyName: 'Sam Morgan' });
      // C5: the least privileged view (the default) withholds the name, and still tells one party from another
      const redacted = renderReplayText(await loadReplay(opened(store), 't-1', '2025-12-31T23:59:59Z'));
      expect(redacted).not.toContain('Sam Morgan');
      expect(redacted).toContain('acknowledged by email to third party [redacted] (authorised for "All correspondence about this complaint")');
      expect(redacted).toMatch(/Viewed as auditor: personal data withheld/);
    });
  });

  describe('when a case has stalled (no investigation decision nor response 20 working days in)', () => {
    it('says so under the SLA, with the last working day it had', async () => {
      // received Mon 2 June 2025: limit Mon 30 June (June 3-6, 9-13, 16-20, 23-27, 30)
      const c = commands('s-1');
      const store = inMemoryStore();
      await recordHistory(store, [c.receive({ at: '2025-06-02T09:00:00+01:00' }), c.acknowledge({ at: '2025-06-03T09:00:00+01:00' })] as never);
      const text = renderReplayText(await loadReplay(opened(store), 's-1', '2025-07-01T09:00:00+01:00'));
      expect(text).toMatch(/\n {2}stalled +no investigation decision nor response by 2025-06-30 \(20 working days into the receipt\)\n/);
      expect(renderReplayText(await loadReplay(opened(store), 's-1', '2025-06-30T23:00:00+01:00'))).not.toMatch(/stalled/);
    });
  });

  describe('when the instant is not one', () => {
    it('says so as a usage error', async () => {
      await expect(loadReplay(opened(inMemoryStore()), 'c-1', '2025-06-04')).rejects.toThrow(CliError);
    });
  });
});
