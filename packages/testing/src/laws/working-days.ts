/**
 * The laws every working-day calendar obeys, as a reusable vitest suite: the precomputed
 * arithmetic agrees with the plain day-by-day reference, deadlines land on working days, and
 * counting is the inverse of adding. Run it on any calendar you build (with closure days, a
 * loaded government file, ...).
 *
 * @example
 * describeWorkingDayLaws('england-and-wales with closures', () => myCalendar);
 */
import {
  addWorkingDays,
  type Calendar,
  isWorkingDay,
  nextWorkingDay,
  referenceAddWorkingDays,
  referenceIsWorkingDay,
  referenceWorkingDaysBetween,
  workingDaysBetween,
} from '@cim-complaints/core';
import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { arbLocalDate, arbWorkingDayCount } from '../arbitraries/time.js';

const right = <A>(result: E.Either<{ message: string }, A>): A => {
  if (E.isLeft(result)) throw new Error(result.left.message);
  return result.right;
};

/** Registers the working-day laws for a calendar; `runs` scales the number of generated cases. */
export const describeWorkingDayLaws = (label: string, calendarOf: () => Calendar, runs = 300): void => {
  describe(`working-day laws: ${label}`, () => {
    it('adds N working days exactly as the day-by-day reference does (dates 2000-2100, N 0..400)', () => {
      const calendar = calendarOf();
      fc.assert(
        fc.property(arbLocalDate(), arbWorkingDayCount(400), (date, n) => {
          expect(right(addWorkingDays(calendar, n)(date))).toBe(referenceAddWorkingDays(calendar, n)(date));
        }),
        { numRuns: runs },
      );
    });

    it('never lands a deadline on a non-working day, nor before the start', () => {
      const calendar = calendarOf();
      fc.assert(
        fc.property(arbLocalDate(), arbWorkingDayCount(400), (date, n) => {
          const due = right(addWorkingDays(calendar, n)(date));
          expect(right(isWorkingDay(calendar)(due))).toBe(true);
          expect(due >= date).toBe(true);
        }),
        { numRuns: runs },
      );
    });

    it('counts working days between a date and its deadline as N (between is the inverse of add)', () => {
      const calendar = calendarOf();
      fc.assert(
        fc.property(arbLocalDate(), arbWorkingDayCount(400), (date, n) => {
          const due = right(addWorkingDays(calendar, n)(date));
          expect(right(workingDaysBetween(calendar, due)(date))).toBe(n);
        }),
        { numRuns: runs },
      );
    });

    it('counts working days between any two dates as the reference does', () => {
      const calendar = calendarOf();
      fc.assert(
        fc.property(
          // both dates within one two-year window, so the reference walk stays short
          fc.integer({ min: 2000, max: 2099 }).chain((year) => {
            const window = arbLocalDate({ from: `${year}-01-01`, to: `${year + 1}-12-31` });
            return fc.tuple(window, window);
          }),
          ([from, to]) => {
            expect(right(workingDaysBetween(calendar, to)(from))).toBe(referenceWorkingDaysBetween(calendar, to)(from));
          },
        ),
        { numRuns: runs },
      );
    });

    it('answers is-working-day as the reference does, and the next working day is the first one after', () => {
      const calendar = calendarOf();
      fc.assert(
        fc.property(arbLocalDate(), (date) => {
          expect(right(isWorkingDay(calendar)(date))).toBe(referenceIsWorkingDay(calendar)(date));
          const next = right(nextWorkingDay(calendar)(date));
          expect(next > date).toBe(true);
          expect(right(isWorkingDay(calendar)(next))).toBe(true);
          expect(right(workingDaysBetween(calendar, next)(date))).toBe(right(isWorkingDay(calendar)(date)) ? 1 : 0);
        }),
        { numRuns: runs },
      );
    });
  });
};
