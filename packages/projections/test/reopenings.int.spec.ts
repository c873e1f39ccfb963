import { beforeAll, describe, expect, it } from 'vitest';
import * as E from 'fp-ts/lib/Either.js';
import { createInMemoryCheckpointStore } from '@cim-complaints/core';
import { buildReport, createProjectionRunner, monitoringModels, monitoringProjections, type MonitoringReport } from '../src/index.js';
import { REOPENINGS_AS_OF, reopeningsCommands, scenarioStore } from './scenario.js';

// Working days count after day 0 (the effective day of the receipt or the reopening), England and
// Wales, London time. Bank holidays in range: Wed 1 Jan, Fri 18 and Mon 21 Apr, Mon 5 and 26 May,
// Mon 25 Aug, Thu 25 and Fri 26 Dec 2025; Thu 1 Jan 2026.

let report: MonitoringReport;

beforeAll(async () => {
  const runner = createProjectionRunner({ store: await scenarioStore(reopeningsCommands), projections: monitoringProjections, checkpoints: createInMemoryCheckpointStore() });
  const rebuilt = await runner.rebuild();
  if (E.isLeft(rebuilt)) throw new Error(rebuilt.left.message);
  const built = buildReport(monitoringModels(runner), REOPENINGS_AS_OF);
  if (E.isLeft(built)) throw new Error(built.left.message);
  report = built.right;
});

describe('the monitoring report of reopened and stalled cases, as of Thu 15 January 2026 12:00 London', () => {
  it('judges the acknowledgement once per case, in the receipt’s opening', () => {
    // met (working days used): r-01 Mon 6 Jan -> Tue 7 (1); r-02 Mon 3 Nov -> Tue 4 (1); r-04 Mon 1 Sep -> Tue 2 (1);
    //   r-05 Mon 6 Oct -> Tue 7 (1); r-06 (1). Missed: r-03 Mon 1 Dec, due Mon 8 Dec, done Tue 9 Dec (6).
    // Pending: r-07, Wed 14 Jan 2026, due Wed 21 Jan. No reopening adds one: r-01, r-02 and r-04 count once.
    expect(report.acknowledgement).toEqual({
      met: 5,
      missed: 1,
      overdue: 0,
      pending: 1,
      dueSoon: 0,
      stopped: 0,
      notApplicable: 0,
      onTimeRate: 5 / 6,
      workingDaysTaken: { count: 6, median: 1, p90: 6 },
    });
  });

  it('judges the response target of every opening', () => {
    // r-01 receipt: Mon 6 Jan 2025, due Mon 3 Feb, answered Mon 20 Jan (10): met.
    // r-01 reopening: Mon 3 Feb 2025, investigated again on the 4th, due Mon 3 Mar (Feb 4-7, 10-14, 17-21, 24-28, Mar 3);
    //   no response since: overdue.
    // r-02 receipt: Mon 3 Nov 2025, due Mon 1 Dec, answered Thu 20 Nov (13): met.
    // r-02 reopening: Christmas Day; day 0 Mon 29 Dec, due Tue 27 Jan 2026: pending, 12 used (30, 31 Dec, 2, 5-9, 12-15 Jan).
    // r-05: investigated, withdrawn on 15 Oct: stopped.
    // not applicable (no investigation in that opening): r-03; r-04's receipt and its reopening; r-06; r-07.
    expect(report.response).toEqual({
      met: 2,
      missed: 0,
      overdue: 1,
      pending: 1,
      dueSoon: 0,
      stopped: 1,
      notApplicable: 5,
      onTimeRate: 2 / 3,
      workingDaysTaken: { count: 2, median: 11.5, p90: 13 },
    });
  });

  it('trends each opening’s targets in the month the opening began', () => {
    const trend = Object.fromEntries(report.monthly.map((m) => [m.month, [m.received, m.acknowledgement.met, m.acknowledgement.judged, m.response.met, m.response.judged]]));
    expect(Object.keys(trend)).toHaveLength(13); // January 2025 to January 2026
    expect(trend['2025-01']).toEqual([1, 1, 1, 1, 1]); // r-01 received and answered in time
    expect(trend['2025-02']).toEqual([0, 0, 0, 0, 1]); // r-01's reopening, overdue
    expect(trend['2025-09']).toEqual([1, 1, 1, 0, 0]); // r-04
    expect(trend['2025-10']).toEqual([1, 1, 1, 0, 0]); // r-05, its response stopped
    expect(trend['2025-11']).toEqual([2, 2, 2, 1, 1]); // r-02 answered in time, r-06 not investigated
    expect(trend['2025-12']).toEqual([1, 0, 1, 0, 0]); // r-03 acknowledged late; r-04's and r-02's reopenings, nothing judged yet
    expect(trend['2026-01']).toEqual([1, 0, 0, 0, 0]); // r-07, its acknowledgement not yet due
    expect(report.monthly.find((m) => m.month === '2025-02')?.response.onTimeRate).toBe(0);
  });

  it('calls stalled the open cases with neither an investigation decision nor a response 20 working days into their opening', () => {
    // r-03: received Mon 1 Dec 2025; limit Wed 31 Dec (Dec 2-5, 8-12, 15-19, 22-24, 29-31)
    // r-04: reopened Wed 3 Dec 2025; limit Mon 5 Jan 2026 (Dec 4-5, 8-12, 15-19, 22-24, 29-31, Jan 2, 5)
    const rows = report.caseload.cases.map((c) => [c.complaintId, c.status, c.reopened, c.openedAt, c.response.status, c.stallLimit, c.urgency]);
    expect(rows).toEqual([
      ['r-03', 'acknowledged', false, '2025-12-01T09:00:00Z', 'not-applicable', '2025-12-31', 'stalled'],
      ['r-04', 'acknowledged', true, '2025-12-03T10:00:00Z', 'not-applicable', '2026-01-05', 'stalled'],
      ['r-01', 'under-investigation', true, '2025-02-03T10:00:00Z', 'overdue', null, 'overdue'],
      // both pending: r-07's acknowledgement is due first (21 Jan), r-02's response on 27 Jan
      ['r-07', 'received', false, '2026-01-14T15:00:00Z', 'not-applicable', '2026-02-11', 'pending'],
      ['r-02', 'under-investigation', true, '2025-12-25T10:00:00Z', 'pending', null, 'pending'],
    ]);
    // r-01: 240 working days from Mon 3 Feb 2025 to Thu 15 Jan 2026
    expect(report.caseload.cases[2]).toMatchObject({ response: { dueDate: '2025-03-03', workingDaysUsed: 240, workingDaysLeft: -220 } });
    expect(report.caseload.cases[4]).toMatchObject({ response: { dueDate: '2026-01-27', workingDaysUsed: 12, workingDaysLeft: 8 } });
    expect(report.caseload.stalled).toBe(2);
    expect(report.caseload.byUrgency).toEqual({ stalled: 2, overdue: 1, pending: 2 });
  });

  it('lists every outstanding assessment failure with its complaint, whatever its status', () => {
    // r-05 was withdrawn with its failure open; r-06's was found after the close
    expect(report.assessmentFailures).toEqual({
      identified: 2,
      remediated: 0,
      outstanding: 2,
      outstandingItems: [
        { complaintId: 'r-05', status: 'withdrawn', failureId: 'af-1', assessment: 'Level 4 Certificate, March sitting', identifiedAt: '2025-10-10T09:00:00+01:00', identifiedOn: '2025-10-10' },
        { complaintId: 'r-06', status: 'closed', failureId: 'af-2', assessment: 'Level 6 Diploma, June sitting', identifiedAt: '2025-12-01T09:00:00Z', identifiedOn: '2025-12-01' },
      ],
    });
    expect(report.caseload.cases.map((c) => c.complaintId)).not.toContain('r-05');
  });

  it('gives each complaint row its openings and the current opening’s response', () => {
    const row = (id: string) => report.complaints.find((r) => r.complaintId === id);
    expect(row('r-01')).toMatchObject({
      openings: 2,
      openedAt: '2025-02-03T10:00:00Z',
      responseStatus: 'overdue',
      responseDue: '2025-03-03',
      responseWorkingDays: 240,
      responseByOpening: 'met; overdue',
      stalled: 'no',
      reopenings: 1,
    });
    expect(row('r-04')).toMatchObject({ openings: 2, responseByOpening: 'not-applicable; not-applicable', stalled: 'yes' });
    expect(row('r-05')).toMatchObject({ openings: 1, openedAt: '2025-10-06T09:00:00+01:00', responseStatus: 'stopped', responseByOpening: 'stopped', stalled: 'no', outstandingFailures: 1 });
    expect(report.reopened).toEqual({ complaints: 3, reopenings: 3 });
  });

  it('counts the complaint received by a channel the policy does not list, recorded all the same (C1)', () => {
    expect(report.channelsOutsidePolicy).toEqual({ total: 1, byChannel: { 'web-form': 1 } });
    expect(report.received.byChannel).toEqual({ email: 3, post: 2, telephone: 1, 'web-form': 1 });
    expect(report.complaints.filter((r) => r.channelOutsidePolicy === 'yes').map((r) => r.complaintId)).toEqual(['r-07']);
  });
});
