// Deadlines in working days: never on a weekend or a bank holiday, whatever the clocks do. The
// working-day laws from the kit, then CX097 V4's own deadlines over generated receipt instants.
import { builtInCalendars, CX097_V4, deadlinesFromReceipt, endOfLondonDay, isWorkingDay, londonDateOf, type Instant } from '@cim-complaints/core';
import { arbInstant, arbInstantNearClockChange, arbInstantNearLondonMidnight } from '@cim-complaints/testing';
import { describeWorkingDayLaws } from '@cim-complaints/testing/vitest';
import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';

const calendar = builtInCalendars['england-and-wales']; // CX097 V4's
const right = <A>(result: E.Either<{ message: string }, A>): A => {
  if (E.isLeft(result)) throw new Error(result.left.message);
  return result.right;
};
const deadlines = (receivedAt: string) => right(deadlinesFromReceipt(CX097_V4, calendar)(receivedAt));

describeWorkingDayLaws('england-and-wales, as CX097 V4 counts', () => calendar, 100);

describe('CX097 V4 deadlines', () => {
  it('skip Good Friday and Easter Monday', () => {
    const d = deadlines('2025-04-17T16:40:00+01:00');
    expect(d.receipt.effectiveDate).toBe('2025-04-17');
    expect(d.targets.acknowledgement?.dueDate).toBe('2025-04-28');
    expect(d.targets.response?.dueDate).toBe('2025-05-20'); // Early May bank holiday (5 May) skipped too
  });

  it('count a receipt late on the Saturday the clocks go back from the Monday, ending in GMT', () => {
    const d = deadlines('2025-10-25T23:30:00Z'); // 00:30 BST on Sunday 26 October in London
    expect(d.receipt).toMatchObject({ localDate: '2025-10-26', effectiveDate: '2025-10-27', movedBecause: 'non-working-day' });
    expect(d.targets.acknowledgement).toMatchObject({ dueDate: '2025-11-03', dueAt: '2025-11-03T23:59:59.999+00:00' });
  });

  it('never fall on a non-working day, and end at London midnight of their day (around clock changes, London midnight, any date)', () => {
    const receipts = fc.oneof(arbInstantNearClockChange(), arbInstantNearLondonMidnight(), arbInstant({ from: '2024-01-01', to: '2099-12-31' }));
    fc.assert(
      fc.property(receipts, (receivedAt) => {
        const d = deadlines(receivedAt);
        expect(d.receipt.effectiveDate >= londonDateOf(receivedAt as Instant)).toBe(true);
        for (const target of Object.values(d.targets)) {
          expect(right(isWorkingDay(calendar)(target!.dueDate)), `${target!.target} due ${target!.dueDate} for ${receivedAt}`).toBe(true);
          expect(target!.dueAt).toBe(right(endOfLondonDay(target!.dueDate)));
        }
      }),
      { numRuns: 500 },
    );
  });
});
