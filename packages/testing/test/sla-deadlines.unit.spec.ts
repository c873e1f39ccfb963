import {
  builtInCalendars,
  CX097_V4,
  deadlinesFromReceipt,
  divisions,
  evaluateSlaUnder,
  isWorkingDay,
  londonDateOf,
  londonTimeOf,
  type ComplaintEvent,
  type Policy,
  workingDaysBetween,
} from '@cim-complaints/core';
import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { arbInstant, arbInstantNearClockChange, arbInstantNearLondonMidnight, londonDateByIntl } from '../src/arbitraries/time.js';

const orThrow = <A>(result: E.Either<{ message: string }, A>): A => {
  if (E.isLeft(result)) throw new Error(result.left.message);
  return result.right;
};

const receipts = fc.oneof(arbInstant({ to: '2100-06-30' }), arbInstantNearLondonMidnight(), arbInstantNearClockChange());
const calendars = fc.constantFrom(...divisions.map((d) => builtInCalendars[d]));

describe('deadlines from receipt (CX097 V4 on every built-in calendar)', () => {
  it('puts day 0 on a working day on or after the local date of receipt, and each deadline N working days after it', () => {
    fc.assert(
      fc.property(receipts, calendars, (receivedAt, calendar) => {
        const d = orThrow(deadlinesFromReceipt(CX097_V4, calendar)(receivedAt));
        expect(d.receipt.localDate).toBe(londonDateByIntl(receivedAt));
        expect(d.receipt.effectiveDate >= d.receipt.localDate).toBe(true);
        expect(orThrow(isWorkingDay(calendar)(d.receipt.effectiveDate))).toBe(true);
        for (const target of CX097_V4.targets) {
          const deadline = d.targets[target.id];
          expect(deadline).toBeDefined();
          if (deadline === undefined) return;
          expect(orThrow(isWorkingDay(calendar)(deadline.dueDate))).toBe(true);
          expect(orThrow(workingDaysBetween(calendar, deadline.dueDate)(d.receipt.effectiveDate))).toBe(target.workingDays);
          // the deadline instant is the last millisecond of the due day in London
          expect({ date: londonDateOf(deadline.dueAt), time: londonTimeOf(deadline.dueAt) }).toEqual({ date: deadline.dueDate, time: '23:59' });
          expect(londonDateByIntl(new Date(Date.parse(deadline.dueAt) + 1).toISOString())).not.toBe(deadline.dueDate);
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe('SLA statuses over time', () => {
  const received = (at: string): ComplaintEvent =>
    ({ type: 'ComplaintReceived', data: { complaintId: 'c', at, policy: 'CX097-V4' } }) as unknown as ComplaintEvent;

  it('keeps used + left = allowed, and says overdue exactly when asOf is past the due instant', () => {
    fc.assert(
      fc.property(arbInstant({ to: '2099-12-31' }), fc.integer({ min: 0, max: 60 * 24 * 60 }), (receivedAt, minutesLater) => {
        const asOf = new Date(Date.parse(receivedAt) + minutesLater * 60_000).toISOString();
        const report = orThrow(evaluateSlaUnder(CX097_V4 as Policy, builtInCalendars['england-and-wales'])([received(receivedAt)], asOf));
        const ack = report.targets.acknowledgement;
        expect(ack).toBeDefined();
        if (ack === undefined || ack.dueAt === null || ack.workingDaysUsed === null || ack.workingDaysLeft === null) return;
        expect(ack.workingDaysUsed + ack.workingDaysLeft).toBe(5);
        const past = Date.parse(asOf) > Date.parse(ack.dueAt);
        expect(ack.status).toBe(past ? 'overdue' : ack.workingDaysLeft <= CX097_V4.dueSoonWorkingDays ? 'due-soon' : 'pending');
        expect(report.targets.response?.status).toBe('not-applicable');
      }),
      { numRuns: 500 },
    );
  });
});
