import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import { describe, expect, it } from 'vitest';
import type { ComplaintEvent } from '../complaint/events.js';
import { defaultPolicyRegistry } from '../policy/registry.js';
import { evaluateSla, type SlaReport } from './evaluate.js';

// Events as the decider would have written them; only the fields the SLA reads matter here.
// Every date below is on the england-and-wales calendar of CX097 V4 (20-working-day response,
// 20-working-day stall limit), worked out by hand in the comments.
const event = (type: ComplaintEvent['type'], at: string, data: Record<string, unknown> = {}): ComplaintEvent =>
  ({ type, data: { complaintId: 'c-1', at, ...data } }) as unknown as ComplaintEvent;
const received = (at: string) =>
  event('ComplaintReceived', at, { channel: 'email', businessArea: 'membership', summary: 's', policy: 'CX097-V4', department: 'Membership', complainant: { name: 'A', relationship: 'member' } });
const acknowledged = (at: string) => event('ComplaintAcknowledged', at, { channel: 'email' });
const investigation = (at: string) => event('InvestigationRequired', at, { reason: 'needs looking into' });
const responded = (at: string) => event('ResponseIssued', at, { outcome: 'upheld', findings: 'f', actions: [] });
const closed = (at: string, resolution: 'responded' | 'withdrawn' = 'responded') => event('ComplaintClosed', at, { resolution });
const withdrawn = (at: string) => event('ComplaintWithdrawn', at);
const reopened = (at: string) => event('ComplaintReopened', at, { reason: 'new evidence' });

const sla = (history: ComplaintEvent[], asOf: string): SlaReport =>
  pipe(
    evaluateSla(defaultPolicyRegistry)(history, asOf),
    E.getOrElseW((error) => {
      throw new Error(`${error.code}: ${error.message}`);
    }),
  );

/** A first opening answered in time and closed: received Mon 3 Nov 2025, response due Mon 1 Dec (Nov 4-7, 10-14, 17-21, 24-28, Dec 1). */
const answeredInNovember = [
  received('2025-11-03T10:00:00Z'),
  acknowledged('2025-11-04T10:00:00Z'),
  investigation('2025-11-05T10:00:00Z'),
  responded('2025-11-20T10:00:00Z'),
  closed('2025-11-21T10:00:00Z'),
];

describe('SLA per opening', () => {
  describe('when a case is reopened on Christmas Day 2025', () => {
    // Thu 25 Dec (Christmas Day), Fri 26 Dec (Boxing Day), Sat 27 and Sun 28: day 0 is Mon 29 Dec.
    // Then Tue 30 (1), Wed 31 (2), Thu 1 Jan 2026 skipped (New Year's Day), Fri 2 (3), 5-9 Jan (4-8),
    // 12-16 (9-13), 19-23 (14-18), Mon 26 (19), Tue 27 Jan (20).
    const history = [...answeredInNovember, reopened('2025-12-25T10:00:00Z'), investigation('2025-12-29T09:00:00Z')];

    it('counts the new response target from the next working day after Christmas, the weekend and past New Year', () => {
      const report = sla(history, '2026-01-10T12:00:00Z');
      expect(report.openings.map((o) => [o.openedAt, o.reopened, o.effectiveDate])).toEqual([
        ['2025-11-03T10:00:00Z', false, '2025-11-03'],
        ['2025-12-25T10:00:00Z', true, '2025-12-29'],
      ]);
      // by Sat 10 Jan: 30, 31 Dec, 2, 5-9 Jan = 8 working days used
      expect(report.targets.response).toMatchObject({
        status: 'pending',
        startedAt: '2025-12-25T10:00:00Z',
        startDate: '2025-12-25',
        effectiveStartDate: '2025-12-29',
        dueDate: '2026-01-27',
        dueAt: '2026-01-27T23:59:59.999+00:00',
        workingDaysUsed: 8,
        workingDaysLeft: 12,
      });
    });
    it('keeps the first opening’s targets as they were done, and the acknowledgement as the receipt’s', () => {
      const report = sla(history, '2026-01-10T12:00:00Z');
      expect(report.openings[0]!.targets.response).toMatchObject({ status: 'met', dueDate: '2025-12-01', doneAt: '2025-11-20T10:00:00Z' });
      // acknowledgement due Mon 10 Nov (Nov 4-7, 10); it is the receipt's, and a reopening has none of its own
      expect(report.targets.acknowledgement).toMatchObject({ status: 'met', dueDate: '2025-11-10' });
      expect(report.targets.acknowledgement).toBe(report.openings[0]!.targets.acknowledgement);
      expect(Object.keys(report.openings[1]!.targets)).toEqual(['response']);
    });
    it('counts from Fri 2 Jan 2026 when reopened on New Year’s Day itself, due Fri 30 Jan (5-9, 12-16, 19-23, 26-30 Jan)', () => {
      const onNewYearsDay = [...answeredInNovember, reopened('2026-01-01T11:00:00Z'), investigation('2026-01-02T09:00:00Z')];
      expect(sla(onNewYearsDay, '2026-01-02T12:00:00Z').targets.response).toMatchObject({ effectiveStartDate: '2026-01-02', dueDate: '2026-01-30', workingDaysUsed: 0 });
    });
  });

  describe('when a case is reopened across a clock change', () => {
    it('takes 23:30 UTC on Sun 30 March 2025 (00:30 BST on Mon 31 March) as Monday, and skips Easter: due Wed 30 April in BST', () => {
      // Feb: received Mon 3, answered and closed. Reopened Mon 31 Mar (London), a working day, so day 0.
      // Apr 1-4 (1-4), 7-11 (5-9), 14-17 (10-13), Good Friday 18 and Easter Monday 21 skipped,
      // 22-25 (14-17), 28, 29, 30 (18-20).
      const history = [
        received('2025-02-03T09:00:00Z'),
        acknowledged('2025-02-04T09:00:00Z'),
        investigation('2025-02-05T09:00:00Z'),
        responded('2025-02-20T09:00:00Z'),
        closed('2025-02-21T09:00:00Z'),
        reopened('2025-03-30T23:30:00Z'),
        investigation('2025-03-31T09:00:00+01:00'),
      ];
      expect(sla(history, '2025-04-01T12:00:00+01:00').targets.response).toMatchObject({
        status: 'pending',
        startDate: '2025-03-31',
        effectiveStartDate: '2025-03-31',
        dueDate: '2025-04-30',
        dueAt: '2025-04-30T23:59:59.999+01:00',
        workingDaysUsed: 1,
      });
    });
    it('takes 23:30 UTC on Fri 24 October 2025 (00:30 BST on Saturday) as the weekend: day 0 Mon 27 Oct, due Mon 24 Nov in GMT', () => {
      // clocks go back on Sun 26 Oct. Oct 28-31 (1-4), Nov 3-7 (5-9), 10-14 (10-14), 17-21 (15-19), Mon 24 (20).
      const history = [
        received('2025-10-01T09:00:00+01:00'),
        acknowledged('2025-10-02T09:00:00+01:00'),
        responded('2025-10-10T09:00:00+01:00'),
        closed('2025-10-13T09:00:00+01:00'),
        reopened('2025-10-24T23:30:00Z'),
        investigation('2025-10-27T09:00:00Z'),
      ];
      const report = sla(history, '2025-11-24T23:59:59.999Z');
      expect(report.targets.response).toMatchObject({
        status: 'due-soon',
        startDate: '2025-10-25',
        effectiveStartDate: '2025-10-27',
        dueDate: '2025-11-24',
        dueAt: '2025-11-24T23:59:59.999+00:00',
        workingDaysLeft: 0,
      });
      // the first opening had no investigation decision: its response target never applied
      expect(report.openings[0]!.targets.response).toMatchObject({ status: 'not-applicable', reason: 'investigation has not been required' });
    });
  });

  describe('when a case is reopened and no investigation is required again', () => {
    // received Mon 2 June 2025, answered and closed; reopened Mon 7 July 2025 10:00 BST, day 0 that Monday.
    // Stall limit: July 8-11 (1-4), 14-18 (5-9), 21-25 (10-14), 28-31 (15-18), Fri 1 Aug (19), Mon 4 Aug (20).
    const history = [
      received('2025-06-02T09:00:00+01:00'),
      acknowledged('2025-06-03T09:00:00+01:00'),
      investigation('2025-06-04T09:00:00+01:00'),
      responded('2025-06-20T09:00:00+01:00'),
      closed('2025-06-23T09:00:00+01:00'),
      reopened('2025-07-07T10:00:00+01:00'),
    ];

    it('has no response target in that opening, and keeps the first opening’s response as met', () => {
      const report = sla(history, '2025-07-20T12:00:00+01:00');
      expect(report.targets.response).toMatchObject({ status: 'not-applicable', reason: 'investigation has not been required since the reopening', dueDate: null });
      expect(report.openings[0]!.targets.response).toMatchObject({ status: 'met', dueDate: '2025-06-30' });
      expect(report.openings[0]!.ended).toEqual({ at: '2025-06-23T09:00:00+01:00', how: 'closed' });
    });
    it('stalls after the end of the 20th working day after the reopening, not before', () => {
      expect(sla(history, '2025-08-04T23:59:59+01:00').openings[1]!.stall).toEqual({
        workingDays: 20,
        limitDate: '2025-08-04',
        limitAt: '2025-08-04T23:59:59.999+01:00',
        stalled: false,
      });
      expect(sla(history, '2025-08-05T00:00:00+01:00').openings[1]!.stall).toMatchObject({ stalled: true });
    });
    it('does not stall once investigation is required, or a response issued, in that opening', () => {
      expect(sla([...history, investigation('2025-08-20T09:00:00+01:00')], '2025-09-01T00:00:00Z').openings[1]!.stall).toBeNull();
      expect(sla([...history, responded('2025-08-20T09:00:00+01:00')], '2025-09-01T00:00:00Z').openings[1]!.stall).toBeNull();
      // the first opening had its decision: it can no longer stall
      expect(sla(history, '2025-09-01T00:00:00Z').openings[0]!.stall).toBeNull();
    });
  });

  describe('when a reopened case is investigated and not answered for ten months', () => {
    // received Mon 6 Jan 2025, answered 20 Jan and closed; reopened Mon 3 Feb 2025 (day 0).
    // Due: Feb 4-7 (1-4), 10-14 (5-9), 17-21 (10-14), 24-28 (15-19), Mon 3 March (20).
    const history = [
      received('2025-01-06T10:00:00Z'),
      acknowledged('2025-01-07T10:00:00Z'),
      investigation('2025-01-08T10:00:00Z'),
      responded('2025-01-20T10:00:00Z'),
      closed('2025-01-21T10:00:00Z'),
      reopened('2025-02-03T10:00:00Z'),
      investigation('2025-02-04T10:00:00Z'),
    ];

    it('reports the current response target overdue, not met by the first opening’s response', () => {
      // working days after 3 Feb to Wed 3 Dec 2025: Feb 19, Mar 21, Apr 20 (Easter), May 20 (two bank holidays),
      // Jun 21, Jul 23, Aug 20 (25 Aug), Sep 22, Oct 23, Nov 20, Dec 3 = 212
      const report = sla(history, '2025-12-03T12:00:00Z');
      expect(report.targets.response).toMatchObject({ status: 'overdue', dueDate: '2025-03-03', dueAt: '2025-03-03T23:59:59.999+00:00', doneAt: null, workingDaysUsed: 212, workingDaysLeft: -192 });
      expect(report.openings[0]!.targets.response).toMatchObject({ status: 'met', doneAt: '2025-01-20T10:00:00Z' });
    });
    it('is met by a response in the reopening, and missed by a late one', () => {
      expect(sla([...history, responded('2025-03-03T17:00:00Z')], '2025-12-03T12:00:00Z').targets.response).toMatchObject({ status: 'met', workingDaysUsed: 20 });
      expect(sla([...history, responded('2025-12-01T10:00:00Z')], '2025-12-03T12:00:00Z').targets.response).toMatchObject({ status: 'missed', doneAt: '2025-12-01T10:00:00Z' });
    });
  });

  describe('when a case is reopened after a withdrawal', () => {
    // received Mon 2 June 2025, investigation required, withdrawn Wed 4 June, closed as withdrawn Thu 5 June;
    // reopened Mon 9 June (day 0). Due: June 10-13 (1-4), 16-20 (5-9), 23-27 (10-14), 30 Jun-4 Jul (15-19), Mon 7 July (20).
    const history = [
      received('2025-06-02T09:00:00+01:00'),
      acknowledged('2025-06-02T15:00:00+01:00'),
      investigation('2025-06-03T09:00:00+01:00'),
      withdrawn('2025-06-04T09:00:00+01:00'),
      closed('2025-06-05T09:00:00+01:00', 'withdrawn'),
      reopened('2025-06-09T10:00:00+01:00'),
      investigation('2025-06-10T09:00:00+01:00'),
    ];

    it('keeps the first opening’s response stopped at the withdrawal, and runs the reopening’s own', () => {
      const report = sla(history, '2025-06-20T12:00:00+01:00');
      expect(report.openings[0]).toMatchObject({ reopened: false, ended: { at: '2025-06-04T09:00:00+01:00', how: 'withdrawn' } });
      expect(report.openings[0]!.targets.response).toMatchObject({ status: 'stopped', reason: 'the case was withdrawn at 2025-06-04T09:00:00+01:00', dueDate: '2025-06-30', workingDaysUsed: 2 });
      // June 10-13, 16-20 = 9 working days by Fri 20 June
      expect(report.targets.response).toMatchObject({ status: 'pending', effectiveStartDate: '2025-06-09', dueDate: '2025-07-07', workingDaysUsed: 9, workingDaysLeft: 11 });
      expect(report.targets.acknowledgement).toMatchObject({ status: 'met' });
    });
    it('stops the reopening’s target too when the case is withdrawn again', () => {
      const again = [...history, withdrawn('2025-06-16T09:00:00+01:00')];
      expect(sla(again, '2025-07-20T12:00:00+01:00').targets.response).toMatchObject({ status: 'stopped', reason: 'the case was withdrawn at 2025-06-16T09:00:00+01:00', workingDaysUsed: 5 });
    });
  });

  describe('when a case was never reopened', () => {
    it('has one opening whose targets are the report’s targets, and stalls 20 working days after receipt without a decision', () => {
      // received Mon 2 June 2025: limit Mon 30 June (June 3-6, 9-13, 16-20, 23-27, 30)
      const history = [received('2025-06-02T09:00:00+01:00'), acknowledged('2025-06-03T09:00:00+01:00')];
      const report = sla(history, '2025-07-01T09:00:00+01:00');
      expect(report.openings).toEqual([
        { openedAt: '2025-06-02T09:00:00+01:00', reopened: false, effectiveDate: '2025-06-02', ended: null, stall: { workingDays: 20, limitDate: '2025-06-30', limitAt: '2025-06-30T23:59:59.999+01:00', stalled: true }, targets: report.targets },
      ]);
    });
  });
});
