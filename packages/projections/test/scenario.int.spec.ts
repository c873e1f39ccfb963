import { beforeAll, describe, expect, it } from 'vitest';
import * as E from 'fp-ts/lib/Either.js';
import { createInMemoryCheckpointStore } from '@cim-complaints/core';
import {
  buildReport,
  caseFilesProjection,
  createProjectionRunner,
  monitoringModels,
  monitoringProjections,
  receivedProjection,
  type MonitoringReport,
} from '../src/index.js';
import { AS_OF, scenarioStore } from './scenario.js';

// Working days below count after day 0 (the effective day of receipt), England and Wales, in London
// time. June 2025: Mon 2, 9, 16, 23, 30. Bank holidays: Wed 1 Jan, Fri 18 and Mon 21 Apr, Mon 5 and Mon 26 May.

let report: MonitoringReport;

const reportAt = async (asOf: string): Promise<MonitoringReport> => {
  const runner = createProjectionRunner({ store: await scenarioStore(), projections: monitoringProjections, checkpoints: createInMemoryCheckpointStore() });
  const rebuilt = await runner.rebuild();
  if (E.isLeft(rebuilt)) throw new Error(rebuilt.left.message);
  const built = buildReport(monitoringModels(runner), asOf);
  if (E.isLeft(built)) throw new Error(built.left.message);
  return built.right;
};

beforeAll(async () => {
  report = await reportAt(AS_OF);
});

describe('the monitoring report of the hand-worked scenario, as of Tue 1 July 2025 12:00 London', () => {
  it('states its instant and the policy in force, past its January 2025 review date', () => {
    expect(report.asOf).toBe(AS_OF);
    expect(report.policy).toEqual({
      id: 'CX097-V4',
      reference: 'CX097',
      version: 'V4',
      title: 'CIM Complaints Policy',
      owner: 'Head of Customer Experience & Operations - CEO (Temporary owner)',
      reviewed: '2024-01',
      effectiveFrom: '2024-01-01T00:00:00Z',
      nextReviewDue: '2025-01-31',
      reviewOverdue: true,
      complaintsByVersion: { 'CX097-V4': 23 },
    });
  });

  it('counts the 23 complaints received by then (c-24, received on 2 July, is not one), redirected and referred ones included', () => {
    expect(report.received).toEqual({
      total: 23,
      // Jan: c-18, c-21; Mar: c-19; Apr: c-12, c-13; May: c-04, c-10, c-20, c-22; June: the other 14
      byMonth: { '2025-01': 2, '2025-03': 1, '2025-04': 2, '2025-05': 4, '2025-06': 14 },
      // email: 01 04 06 07 09 10 12 14 15 17 21 23; post: 02 08 11 16 20; telephone: 03 05 13 18 19 22
      byChannel: { email: 12, post: 5, telephone: 6 },
      byBusinessArea: {
        'accredited-study-centre': 2, // c-08 referred back, c-09 escalated
        'awarding-body': 3, // c-10, c-11, c-19
        'business-centre': 1, // c-07, redirected
        events: 3, // c-05, c-15, c-20
        membership: 6, // c-01, c-02, c-06, c-13, c-16, c-21
        qualifications: 4, // c-03, c-12, c-17, c-22
        training: 4, // c-04, c-14, c-18, c-23
      },
      // member: 01 02 05 11 12 14 16 19 21; delegate: 03 06 08 09 10 15 18 22; other: 04 07 13 17 20 23
      byRelationship: { delegate: 8, member: 9, other: 6 },
      byPolicy: { 'CX097-V4': 23 },
    });
  });

  it('partitions them into open, closed, withdrawn, redirected and referred to a study centre', () => {
    // open: c-03 c-04 c-05 c-11 (investigating), c-14 (acknowledged), c-15 c-16 c-17 (received), c-23 (responded)
    expect(report.open).toBe(9);
    // closed after a response: c-01 c-02 c-09 c-10 c-12 c-13 c-18 c-19 c-21
    expect(report.closed).toBe(9);
    // c-06 and c-22 withdrawn then closed; c-20 withdrawn
    expect(report.withdrawn).toBe(3);
    expect(report.redirected).toBe(1);
    expect(report.referredToStudyCentre).toBe(1);
    expect(report.byStatus).toEqual({
      received: 3,
      acknowledged: 1,
      'under-investigation': 4,
      responded: 1,
      closed: 11,
      withdrawn: 1,
      redirected: 1,
      'referred-to-study-centre': 1,
    });
  });

  it('judges acknowledgement within 5 working days', () => {
    // met (working days used): c-01 Mon 2 Jun -> Wed 4 (2); c-02 Tue 3 -> Tue 10, the due day (5); c-04 Mon 19 May -> Tue 20 (1);
    //   c-06 Sat 7 Jun counts from Mon 9 -> Mon 16, the due day (5); c-09 same day (0); c-10 Mon 12 May -> Wed 14 (2);
    //   c-11 Mon 2 Jun -> Mon 9 (5); c-12 Thu 3 Apr -> Thu 10 (5); c-13 Tue 15 Apr -> Wed 16 (1); c-14 (1); c-18 (1); c-19 (1);
    //   c-20 on the 5 May bank holiday counts from Tue 6 -> Wed 7 (1); c-22 (2); c-23 Mon 16 Jun -> Fri 20 (4)
    // missed: c-03 Wed 4 Jun due Wed 11, done Thu 12 (6); c-05 Fri 6 Jun due Fri 13, done Mon 16 (6);
    //   c-21 on the New Year bank holiday counts from Thu 2 Jan, due Thu 9, done Wed 15 (9)
    // overdue: c-17 Wed 18 Jun, due Wed 25 Jun
    // pending: c-15 Fri 27 Jun 17:30, due Fri 4 Jul, 2 used; c-16 Tue 24 Jun, due Tue 1 Jul, the day asked about: due soon
    // stopped at receipt (DOMAIN.md): c-07 redirected, c-08 referred
    expect(report.acknowledgement).toEqual({
      met: 15,
      missed: 3,
      overdue: 1,
      pending: 2,
      dueSoon: 1,
      stopped: 2,
      notApplicable: 0,
      onTimeRate: 15 / 19,
      // 0, 1×6, 2×3, 4, 5×4, 6×2, 9: the 9th and 10th of 18 are both 2; the 17th (ceil 0.9×18) is 6
      workingDaysTaken: { count: 18, median: 2, p90: 6 },
    });
  });

  it('judges response within 20 working days of receipt once investigation is required', () => {
    // met: c-01 Mon 2 Jun -> Fri 27 Jun (19, due Mon 30); c-09 Mon 2 Jun -> Mon 23 Jun (15);
    //   c-10 Mon 12 May -> Fri 6 Jun, skipping 26 May (18, due Tue 10 Jun); c-13 Tue 15 Apr -> Mon 12 May,
    //   skipping Easter and 5 May (16; its second response, after the reopening, is not this opening's);
    //   c-18 Thu 9 Jan -> Thu 30 Jan (15); c-19 Mon 10 Mar -> Fri 28 Mar (14); c-23 Mon 16 Jun -> Mon 30 Jun (10)
    // missed: c-12 Thu 3 Apr, due Tue 6 May (Easter and 5 May skipped), responded Wed 7 May (21)
    // overdue: c-04 Mon 19 May due Tue 17 Jun; c-11 Mon 2 Jun due Mon 30 Jun
    // pending: c-03 Wed 4 Jun due Wed 2 Jul, 19 used, 1 left: due soon; c-05 Fri 6 Jun due Fri 4 Jul (its 3 July response is later than asked)
    // stopped: c-22 withdrawn on 28 May while under investigation
    // not applicable (no investigation required): c-02 c-06 c-07 c-08 c-14 c-15 c-16 c-17 c-20 c-21,
    //   and c-13's reopening of 20 May (answered on 2 June without a new investigation decision)
    expect(report.response).toEqual({
      met: 7,
      missed: 1,
      overdue: 2,
      pending: 2,
      dueSoon: 1,
      stopped: 1,
      notApplicable: 11,
      onTimeRate: 0.7,
      // 10, 14, 15, 15, 16, 18, 19, 21: median (15 + 16) / 2; p90 the 8th of 8
      workingDaysTaken: { count: 8, median: 15.5, p90: 21 },
    });
  });

  it('counts each answered complaint by its latest outcome, overall and by business area', () => {
    // upheld: c-01 c-10 c-21, and c-13 answered again after reopening; partially: c-12 c-23; not upheld: c-02 c-09 c-18 c-19
    expect(report.outcomes).toEqual({
      upheld: 4,
      'partially-upheld': 2,
      'not-upheld': 4,
      responsesIssued: 11, // c-13 twice
      byBusinessArea: {
        'accredited-study-centre': { upheld: 0, 'partially-upheld': 0, 'not-upheld': 1 },
        'awarding-body': { upheld: 1, 'partially-upheld': 0, 'not-upheld': 1 },
        membership: { upheld: 3, 'partially-upheld': 0, 'not-upheld': 1 },
        qualifications: { upheld: 0, 'partially-upheld': 1, 'not-upheld': 0 },
        training: { upheld: 0, 'partially-upheld': 1, 'not-upheld': 1 },
      },
    });
  });

  it('lists the actions taken as a result, with owners, due dates and what is overdue today', () => {
    const { items, ...counts } = report.actions;
    // c-05's action was agreed on 3 July, after the instant asked about
    expect(counts).toEqual({ total: 5, completed: 3, open: 2, overdue: 1 });
    expect(items.map((a) => [a.complaintId, a.actionId, a.owner, a.dueOn, a.status, a.overdue])).toEqual([
      ['c-21', 'a-1', 'Membership team', '2025-02-28', 'completed', false], // completed late, on 5 March: no longer overdue
      ['c-10', 'a-1', 'Awarding Body', '2025-06-13', 'completed', false],
      ['c-10', 'a-2', 'Chief Examiner', '2025-06-20', 'open', true],
      ['c-01', 'a-1', 'Finance', '2025-06-30', 'completed', false],
      ['c-23', 'a-1', 'Training lead', '2025-07-31', 'open', false],
    ]);
  });

  it('counts the Awarding Body, study-centre and correspondence routes', () => {
    // c-10 remediated, c-11 not yet
    expect(report.assessmentFailures).toEqual({
      identified: 2,
      remediated: 1,
      outstanding: 1,
      outstandingItems: [
        { complaintId: 'c-11', status: 'under-investigation', failureId: 'af-1', assessment: 'Level 4 Certificate, March sitting', identifiedAt: '2025-06-16T09:00:00+01:00', identifiedOn: '2025-06-16' },
      ],
    });
    expect(report.regulatorReferrals).toEqual({ ofqual: 1, ccea: 0, 'qualifications-wales': 1 }); // c-10, c-19
    expect(report.studyCentres).toEqual({ referredBack: 1, escalated: 1 }); // c-08, c-09
    expect(report.redirections).toEqual({ total: 1, to: { 'feedbackmh@cim.co.uk': 1 } }); // c-07
    expect(report.reopened).toEqual({ complaints: 1, reopenings: 1 }); // c-13
    expect(report.furtherCorrespondenceDeclined).toBe(1); // c-18
  });

  it('shows the open caseload, most urgent first, with handlers and both targets', () => {
    const rows = report.caseload.cases.map((c) => [c.complaintId, c.status, c.handler?.name ?? null, c.acknowledgement.status, c.response.status, c.urgency]);
    expect(rows).toEqual([
      ['c-04', 'under-investigation', 'Dana Cole', 'met', 'overdue', 'overdue'], // response due 17 Jun
      ['c-17', 'received', null, 'overdue', 'not-applicable', 'overdue'], // acknowledgement due 25 Jun
      ['c-11', 'under-investigation', 'Sam Okafor', 'met', 'overdue', 'overdue'], // response due 30 Jun
      ['c-16', 'received', null, 'due-soon', 'not-applicable', 'due-soon'], // acknowledgement due today
      ['c-03', 'under-investigation', 'Tom Reid', 'missed', 'due-soon', 'due-soon'], // response due 2 Jul
      ['c-05', 'under-investigation', null, 'missed', 'pending', 'pending'], // response due 4 Jul
      ['c-15', 'received', null, 'pending', 'not-applicable', 'pending'], // acknowledgement due 4 Jul
      ['c-14', 'acknowledged', null, 'met', 'not-applicable', 'met'],
      ['c-23', 'responded', 'Dana Cole', 'met', 'met', 'met'],
    ]);
    expect(report.caseload.cases[0]).toMatchObject({ response: { dueDate: '2025-06-17', workingDaysUsed: 30, workingDaysLeft: -10 } });
    expect(report.caseload.cases.find((c) => c.complaintId === 'c-03')).toMatchObject({ response: { dueDate: '2025-07-02', workingDaysUsed: 19, workingDaysLeft: 1 } });
    expect(report.caseload.byStatus).toEqual({ 'under-investigation': 4, received: 3, acknowledged: 1, responded: 1 });
    expect(report.caseload.byUrgency).toEqual({ overdue: 3, 'due-soon': 2, pending: 2, met: 2 });
    // the oldest case with neither an investigation decision nor a response, c-17 (18 June), is 8 working days in
    expect(report.caseload.stalled).toBe(0);
    expect(report.caseload.cases.find((c) => c.complaintId === 'c-17')).toMatchObject({ stalled: false, stallLimit: '2025-07-16' });
  });

  it('has one row per complaint and no problems', () => {
    expect(report.complaints.map((r) => r.complaintId).sort()).toEqual(Array.from({ length: 23 }, (_, i) => `c-${String(i + 1).padStart(2, '0')}`));
    expect(report.complaints.find((r) => r.complaintId === 'c-12')).toEqual({
      complaintId: 'c-12',
      receivedAt: '2025-04-03T09:00:00+01:00',
      month: '2025-04',
      channel: 'email',
      businessArea: 'qualifications',
      relationship: 'member',
      policy: 'CX097-V4',
      status: 'closed',
      standing: 'closed',
      department: 'Qualifications',
      handler: 'Tom Reid',
      acknowledgementStatus: 'met',
      acknowledgementDue: '2025-04-10',
      acknowledgementWorkingDays: 5,
      responseStatus: 'missed',
      responseDue: '2025-05-06',
      responseWorkingDays: 21,
      outcome: 'partially-upheld',
      actionsTotal: 0,
      actionsOpen: 0,
      reopenings: 0,
      regulatorReferrals: '',
      openings: 1,
      openedAt: '2025-04-03T09:00:00+01:00',
      responseByOpening: 'missed',
      stalled: 'no',
      outstandingFailures: 0,
      channelOutsidePolicy: 'no',
    });
    expect(report.channelsOutsidePolicy).toEqual({ total: 0, byChannel: {} });
    expect(report.complaints.find((r) => r.complaintId === 'c-13')).toMatchObject({ openings: 2, openedAt: '2025-05-20T10:00:00+01:00', responseStatus: 'not-applicable', responseByOpening: 'met; not-applicable' });
    expect(report.problems).toEqual([]);
  });
});

describe('the same scenario as of other instants', () => {
  it('did not flag the policy review before February 2025, and counted only what had happened', async () => {
    const january = await reportAt('2025-01-31T23:59:00Z');
    expect(january.policy?.reviewOverdue).toBe(false);
    expect(january.received.total).toBe(2); // c-18, c-21
    expect(january.closed).toBe(2); // c-21, and c-18, closed at 10:00 on the 31st
    expect(january.open).toBe(0);
  });

  it('sees the late response and the 24th complaint a month later', async () => {
    const august = await reportAt('2025-08-01T12:00:00+01:00');
    expect(august.received.total).toBe(24);
    expect(august.received.byMonth['2025-07']).toBe(1);
    // c-05 responded Thu 3 Jul, due Fri 4 Jul: met after 19 working days
    expect(august.complaints.find((r) => r.complaintId === 'c-05')).toMatchObject({ responseStatus: 'met', responseWorkingDays: 19, outcome: 'upheld' });
    expect(august.actions.total).toBe(6);
  });

  it('refuses an instant without an offset', () => {
    expect(E.isLeft(buildReport({ received: receivedProjection.initial, caseFiles: caseFilesProjection.initial }, '2025-07-01'))).toBe(true);
  });
});
