import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import { describe, expect, it } from 'vitest';
import { builtInCalendars } from '../calendar/builtin.js';
import type { ComplaintEvent } from '../complaint/events.js';
import { CX097_V4 } from '../policy/cx097-v4.js';
import type { Policy } from '../policy/policy.js';
import { createPolicyRegistry, defaultPolicyRegistry } from '../policy/registry.js';
import { deadlinesFromReceipt } from './deadline.js';
import { evaluateSla, evaluateSlaUnder, type SlaReport, type SlaTargetReport } from './evaluate.js';

// Events as the decider would have written them; only the fields the SLA reads matter here.
const event = (type: ComplaintEvent['type'], at: string, data: Record<string, unknown> = {}): ComplaintEvent =>
  ({ type, data: { complaintId: 'c-1', at, ...data } }) as unknown as ComplaintEvent;
const received = (at: string, policy = 'CX097-V4') =>
  event('ComplaintReceived', at, { channel: 'email', businessArea: 'membership', summary: 's', policy, department: 'Membership', complainant: { name: 'A', relationship: 'member' } });
const acknowledged = (at: string) => event('ComplaintAcknowledged', at, { channel: 'email' });
const investigation = (at: string) => event('InvestigationRequired', at, { reason: 'needs looking into' });
const responded = (at: string) => event('ResponseIssued', at, { outcome: 'upheld', findings: 'f', actions: [] });

const report = (history: ComplaintEvent[], asOf: string, registry = defaultPolicyRegistry): SlaReport =>
  pipe(
    evaluateSla(registry)(history, asOf),
    E.getOrElseW((error) => {
      throw new Error(`${error.code}: ${error.message}`);
    }),
  );
const ack = (history: ComplaintEvent[], asOf: string): SlaTargetReport => report(history, asOf).targets.acknowledgement as SlaTargetReport;
const resp = (history: ComplaintEvent[], asOf: string): SlaTargetReport => report(history, asOf).targets.response as SlaTargetReport;

describe('SLA engine', () => {
  describe('when a complaint is received on a Saturday', () => {
    const history = [received('2025-06-07T10:00:00+01:00')];

    it('counts from Monday and is due at the end of the fifth working day after it', () => {
      expect(ack(history, '2025-06-09T12:00:00+01:00')).toEqual({
        target: 'acknowledgement',
        status: 'pending',
        reason: null,
        workingDaysAllowed: 5,
        startedAt: '2025-06-07T10:00:00+01:00',
        startDate: '2025-06-07',
        effectiveStartDate: '2025-06-09',
        dueDate: '2025-06-16',
        dueAt: '2025-06-16T23:59:59.999+01:00',
        doneAt: null,
        workingDaysUsed: 0,
        workingDaysLeft: 5,
      });
    });
    it('reports no working days used on the weekend of receipt', () => {
      expect(ack(history, '2025-06-08T12:00:00+01:00')).toMatchObject({ status: 'pending', workingDaysUsed: 0, workingDaysLeft: 5 });
    });
    it('becomes due-soon with one working day left and stays so through the due day', () => {
      expect(ack(history, '2025-06-12T12:00:00+01:00')).toMatchObject({ status: 'pending', workingDaysLeft: 2 });
      expect(ack(history, '2025-06-13T12:00:00+01:00')).toMatchObject({ status: 'due-soon', workingDaysLeft: 1 });
      expect(ack(history, '2025-06-16T23:59:59.999+01:00')).toMatchObject({ status: 'due-soon', workingDaysLeft: 0 });
    });
    it('is overdue from the first instant after the due day, with negative days left', () => {
      expect(ack(history, '2025-06-17T00:00:00+01:00')).toMatchObject({ status: 'overdue', workingDaysUsed: 6, workingDaysLeft: -1 });
    });
    it('is met by an acknowledgement at 23:59:59 BST on the due day, missed one second later', () => {
      expect(ack([...history, acknowledged('2025-06-16T22:59:59Z')], '2025-07-01T00:00:00Z')).toMatchObject({ status: 'met', doneAt: '2025-06-16T22:59:59Z', workingDaysUsed: 5, workingDaysLeft: 0 });
      expect(ack([...history, acknowledged('2025-06-16T23:00:00Z')], '2025-07-01T00:00:00Z')).toMatchObject({ status: 'missed', workingDaysUsed: 6, workingDaysLeft: -1 });
    });
    it('has no response target until investigation is required', () => {
      expect(resp(history, '2025-06-09T12:00:00+01:00')).toMatchObject({ status: 'not-applicable', reason: 'investigation has not been required', dueDate: null });
    });
  });

  describe('hand-worked deadlines', () => {
    it('takes 23:30 UTC in summer as the next local day: received Fri 6 June 2025 00:30 BST', () => {
      const target = ack([received('2025-06-05T23:30:00Z')], '2025-06-06T00:00:00Z');
      expect(target).toMatchObject({ startDate: '2025-06-06', effectiveStartDate: '2025-06-06', dueDate: '2025-06-13', dueAt: '2025-06-13T23:59:59.999+01:00' });
    });
    it('takes 23:30 UTC in winter as the same day: received Thu 4 December 2025', () => {
      expect(ack([received('2025-12-04T23:30:00Z')], '2025-12-05T00:00:00Z')).toMatchObject({ startDate: '2025-12-04', dueDate: '2025-12-11', dueAt: '2025-12-11T23:59:59.999+00:00' });
    });
    it('ends a deadline after the spring clock change in BST: received Fri 28 March 2025, due Fri 4 April', () => {
      expect(ack([received('2025-03-28T16:00:00Z')], '2025-03-28T16:00:00Z')).toMatchObject({ dueDate: '2025-04-04', dueAt: '2025-04-04T23:59:59.999+01:00' });
    });
    it('counts a receipt in the small hours of the clock-change Sunday from Monday', () => {
      expect(ack([received('2025-03-30T00:30:00Z')], '2025-03-30T02:00:00Z')).toMatchObject({ startDate: '2025-03-30', effectiveStartDate: '2025-03-31', dueDate: '2025-04-07' });
    });
    it('ends a deadline after the autumn clock change in GMT: received Fri 24 October 2025, due Fri 31 October', () => {
      expect(ack([received('2025-10-24T12:00:00+01:00')], '2025-10-24T12:00:00+01:00')).toMatchObject({ dueDate: '2025-10-31', dueAt: '2025-10-31T23:59:59.999+00:00' });
    });
    it('skips Easter 2025: received Thu 17 April, acknowledgement due Mon 28 April, response Tue 20 May', () => {
      // Tue 22 (1) .. Fri 25 (4), Mon 28 (5); then 29, 30 Apr, 1, 2 May (6-9), Mon 5 May bank holiday, 6-9 May (10-13), 12-16 May (14-18), 19 (19), 20 (20)
      const history = [received('2025-04-17T15:00:00+01:00'), investigation('2025-04-22T09:00:00+01:00')];
      expect(ack(history, '2025-04-22T10:00:00+01:00')).toMatchObject({ dueDate: '2025-04-28', workingDaysUsed: 1 });
      expect(resp(history, '2025-04-22T10:00:00+01:00')).toMatchObject({ status: 'pending', effectiveStartDate: '2025-04-17', dueDate: '2025-05-20', workingDaysLeft: 19 });
    });
    it('skips Christmas 2021 with its substitute days and the New Year 2022 substitute', () => {
      const history = [received('2021-12-23T10:00:00Z'), investigation('2021-12-24T10:00:00Z')];
      const evaluated = report(history, '2021-12-24T12:00:00Z', createPolicyRegistry([{ ...CX097_V4, effectiveFrom: '2020-01-01T00:00:00Z' } as Policy]));
      expect(evaluated.targets.acknowledgement).toMatchObject({ dueDate: '2022-01-04', dueAt: '2022-01-04T23:59:59.999+00:00' });
      expect(evaluated.targets.response).toMatchObject({ dueDate: '2022-01-25' });
    });
  });

  describe('when the case moves on', () => {
    const history = [received('2025-06-02T09:00:00+01:00'), acknowledged('2025-06-03T09:00:00+01:00'), investigation('2025-06-04T09:00:00+01:00')];

    it('meets the response target with a response on time and misses it with a late one', () => {
      // 20 working days from Mon 2 June 2025: Mon 30 June
      expect(resp([...history, responded('2025-06-30T17:00:00+01:00')], '2025-07-10T00:00:00Z')).toMatchObject({ status: 'met', dueDate: '2025-06-30', workingDaysUsed: 20 });
      expect(resp([...history, responded('2025-07-01T09:00:00+01:00')], '2025-07-10T00:00:00Z')).toMatchObject({ status: 'missed', workingDaysUsed: 21 });
    });
    it('ignores events after the instant asked about', () => {
      expect(resp([...history, responded('2025-06-20T09:00:00+01:00')], '2025-06-19T09:00:00+01:00')).toMatchObject({ status: 'pending', doneAt: null, workingDaysUsed: 13 });
    });
    it('stops a target not done when the complaint is withdrawn; a reopening does not restart the acknowledgement', () => {
      const withdrawn = [received('2025-06-02T09:00:00+01:00'), event('ComplaintWithdrawn', '2025-06-04T09:00:00+01:00')];
      expect(ack(withdrawn, '2025-06-20T09:00:00+01:00')).toMatchObject({ status: 'stopped', reason: 'the case was withdrawn at 2025-06-04T09:00:00+01:00', workingDaysUsed: 2 });
      // the acknowledgement belongs to the receipt's opening, which the withdrawal ended (see openings.unit.spec.ts)
      const reopened = [...withdrawn, event('ComplaintClosed', '2025-06-05T09:00:00+01:00', { resolution: 'withdrawn' }), event('ComplaintReopened', '2025-06-06T09:00:00+01:00', { reason: 'r' })];
      expect(ack(reopened, '2025-06-20T09:00:00+01:00')).toMatchObject({ status: 'stopped', dueDate: '2025-06-09', workingDaysUsed: 2 });
    });
    it('says a stopped target had already passed its due date', () => {
      const late = [received('2025-06-02T09:00:00+01:00'), event('ComplaintWithdrawn', '2025-06-20T09:00:00+01:00')];
      expect(ack(late, '2025-06-30T09:00:00+01:00').reason).toBe('the case was withdrawn at 2025-06-20T09:00:00+01:00, after the target was due');
    });
    it('runs no SLA for a redirected complaint', () => {
      const redirected = [received('2025-06-02T09:00:00+01:00'), event('ComplaintRedirected', '2025-06-02T09:00:00+01:00', { redirectedTo: 'x', reason: 'y' })];
      expect(ack(redirected, '2025-07-01T00:00:00Z')).toMatchObject({ status: 'stopped', dueDate: null });
      expect(resp(redirected, '2025-07-01T00:00:00Z').status).toBe('not-applicable');
    });
  });

  describe('policy options', () => {
    const calendar = builtInCalendars['england-and-wales'];
    it('moves a receipt at or after the cut-off time to the next working day', () => {
      const withCutOff: Policy = { ...CX097_V4, receiptCutOff: '17:00' };
      const at = (instant: string) => pipe(evaluateSlaUnder(withCutOff, calendar)([received(instant)], instant), E.map((r) => r.targets.acknowledgement?.effectiveStartDate));
      expect(at('2025-06-06T16:59:00+01:00')).toEqual(E.right('2025-06-06'));
      expect(at('2025-06-06T17:00:00+01:00')).toEqual(E.right('2025-06-09'));
    });
    it('counts the response from the investigation decision when the policy says so', () => {
      const fromInvestigation: Policy = {
        ...CX097_V4,
        targets: CX097_V4.targets.map((t) => (t.id === 'response' ? { ...t, startsFrom: 'investigation-required' as const } : t)),
      };
      const history = [received('2025-06-02T09:00:00+01:00'), investigation('2025-06-09T09:00:00+01:00')];
      expect(pipe(evaluateSlaUnder(fromInvestigation, calendar)(history, '2025-06-10T09:00:00+01:00'), E.map((r) => r.targets.response?.dueDate))).toEqual(E.right('2025-07-07'));
    });
    it('waits for the acknowledgement when the response counts from it', () => {
      const fromAck: Policy = { ...CX097_V4, targets: CX097_V4.targets.map((t) => (t.id === 'response' ? { ...t, startsFrom: 'acknowledgement' as const } : t)) };
      const history = [received('2025-06-02T09:00:00+01:00'), investigation('2025-06-02T10:00:00+01:00')];
      expect(pipe(evaluateSlaUnder(fromAck, calendar)(history, '2025-06-03T09:00:00+01:00'), E.map((r) => r.targets.response))).toEqual(
        E.right(expect.objectContaining({ status: 'pending', reason: 'waits for acknowledgement to start counting', dueDate: null })),
      );
    });
  });

  describe('policy versions (C18)', () => {
    // A made-up successor: 2-working-day acknowledgement on the Scottish calendar, from 2026.
    const V5: Policy = {
      ...CX097_V4,
      id: 'CX097-V5' as Policy['id'],
      version: 'V5' as Policy['version'],
      effectiveFrom: '2026-01-01T00:00:00Z' as Policy['effectiveFrom'],
      calendarId: 'scotland' as Policy['calendarId'],
      targets: CX097_V4.targets.map((t) => (t.id === 'acknowledgement' ? { ...t, workingDays: 2 } : t)),
    };
    const registry = createPolicyRegistry([CX097_V4, V5]);

    it('judges a complaint under the version recorded at receipt after a newer one takes effect', () => {
      const evaluated = report([received('2025-12-15T09:00:00Z', 'CX097-V4')], '2026-02-01T00:00:00Z', registry);
      expect(evaluated).toMatchObject({ policy: 'CX097-V4', calendar: 'england-and-wales' });
      expect(evaluated.targets.acknowledgement).toMatchObject({ workingDaysAllowed: 5, dueDate: '2025-12-22' });
    });
    it('judges a complaint received under the newer version by its targets and calendar', () => {
      // Scotland's World Cup bank holiday, Mon 15 June 2026, does not count
      const evaluated = report([received('2026-06-12T09:00:00+01:00', 'CX097-V5')], '2026-06-12T10:00:00+01:00', registry);
      expect(evaluated).toMatchObject({ policy: 'CX097-V5', calendar: 'scotland' });
      expect(evaluated.targets.acknowledgement).toMatchObject({ workingDaysAllowed: 2, dueDate: '2026-06-17' });
    });
    it('refuses a history recorded under a version the registry does not know', () => {
      expect(evaluateSla(defaultPolicyRegistry)([received('2026-06-12T09:00:00Z', 'CX097-V5')], '2026-06-13T00:00:00Z')).toEqual(
        E.left({ code: 'unknown-policy', message: 'the complaint was received under "CX097-V5", which the registry does not know (known: CX097-V4)' }),
      );
    });
  });

  describe('when the input is bad', () => {
    it('rejects a malformed instant', () => {
      expect(evaluateSla(defaultPolicyRegistry)([received('2025-06-02T09:00:00Z')], '2025-06-02')).toEqual(
        E.left({ code: 'invalid-instant', message: 'asOf: expected an ISO-8601 instant with offset, got "2025-06-02"' }),
      );
    });
    it('rejects a history with no receipt by then', () => {
      expect(evaluateSla(defaultPolicyRegistry)([received('2025-06-02T09:00:00Z')], '2025-06-01T00:00:00Z')).toEqual(
        E.left({ code: 'no-receipt', message: 'the history has no ComplaintReceived at or before 2025-06-01T00:00:00Z' }),
      );
    });
    it('rejects a policy with a malformed cut-off', () => {
      const bad: Policy = { ...CX097_V4, receiptCutOff: '5pm' };
      expect(evaluateSlaUnder(bad, builtInCalendars['england-and-wales'])([received('2025-06-02T09:00:00Z')], '2025-06-03T00:00:00Z')).toEqual(
        E.left({ code: 'invalid-policy', message: 'policy CX097-V4: receiptCutOff must be a local time HH:mm, got "5pm"' }),
      );
    });
    it('rejects a policy with a stall limit that is not a whole number of working days', () => {
      const bad: Policy = { ...CX097_V4, stalledAfterWorkingDays: 2.5 };
      expect(evaluateSlaUnder(bad, builtInCalendars['england-and-wales'])([received('2025-06-02T09:00:00Z')], '2025-06-03T00:00:00Z')).toEqual(
        E.left({ code: 'invalid-policy', message: 'policy CX097-V4: stalledAfterWorkingDays must be a whole number, 0 or more, got 2.5' }),
      );
    });
    it('rejects a policy that reckons its days in another zone than its London calendar', () => {
      const paris: Policy = { ...CX097_V4, timeZone: 'Europe/Paris' as Policy['timeZone'] };
      expect(evaluateSlaUnder(paris, builtInCalendars['england-and-wales'])([received('2025-06-02T09:00:00Z')], '2025-06-03T00:00:00Z')).toEqual(
        E.left({ code: 'invalid-policy', message: 'policy CX097-V4: timeZone must be Europe/London, the zone working days are reckoned in, got "Europe/Paris"' }),
      );
    });
  });
});

describe('deadlinesFromReceipt', () => {
  it('gives both CX097 V4 deadlines from the effective day of receipt', () => {
    expect(pipe('2025-06-07T10:00:00+01:00', deadlinesFromReceipt(CX097_V4, builtInCalendars['england-and-wales']))).toEqual(
      E.right({
        policy: 'CX097-V4',
        calendar: 'england-and-wales',
        receipt: { at: '2025-06-07T10:00:00+01:00', localDate: '2025-06-07', localTime: '10:00', effectiveDate: '2025-06-09', movedBecause: 'non-working-day' },
        targets: {
          acknowledgement: { target: 'acknowledgement', workingDays: 5, startsFrom: 'receipt', dueDate: '2025-06-16', dueAt: '2025-06-16T23:59:59.999+01:00' },
          response: { target: 'response', workingDays: 20, startsFrom: 'receipt', dueDate: '2025-07-07', dueAt: '2025-07-07T23:59:59.999+01:00' },
        },
      }),
    );
  });
  it('rejects a receipt outside the calendar', () => {
    expect(E.isLeft(pipe('1999-06-07T10:00:00Z', deadlinesFromReceipt(CX097_V4, builtInCalendars['england-and-wales'])))).toBe(true);
  });
});
