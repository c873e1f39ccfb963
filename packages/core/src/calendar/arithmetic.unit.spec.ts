import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import { describe, expect, it } from 'vitest';
import { addWorkingDays, bankHolidaysIn, effectiveWorkingDay, isWorkingDay, nextWorkingDay, workingDaysBetween } from './arithmetic.js';
import { builtInCalendars, calendarFor } from './builtin.js';
import { closureDaysBetween, closureDaysEachYear, withClosureDays } from './closures.js';
import { referenceAddWorkingDays } from './reference.js';

const ew = builtInCalendars['england-and-wales'];
const scot = builtInCalendars.scotland;

describe('working-day arithmetic', () => {
  describe('hand-worked deadlines', () => {
    it('skips Good Friday and Easter Monday: 5 working days from Wed 16 April 2025 is Fri 25 April', () => {
      expect(pipe('2025-04-16', addWorkingDays(ew, 5))).toEqual(E.right('2025-04-25'));
      // Fri 25 (5), 28-30 Apr and 1-2 May (6-10), Mon 5 May Early May skipped, 6-9 May (11-14), 12-16 May (15-19), Mon 19 (20)
      expect(pipe('2025-04-16', addWorkingDays(ew, 20))).toEqual(E.right('2025-05-19'));
    });
    it('skips the Christmas 2021 substitutes and the New Year 2022 substitute', () => {
      // Fri 24 (1), Mon 27 and Tue 28 substitutes, Wed 29 (2), Thu 30 (3), Fri 31 (4), Mon 3 Jan substitute, Tue 4 (5)
      expect(pipe('2021-12-23', addWorkingDays(ew, 5))).toEqual(E.right('2022-01-04'));
      expect(pipe('2021-12-23', addWorkingDays(ew, 20))).toEqual(E.right('2022-01-25'));
      // Scotland also closes on Tue 4 January (2nd January's substitute)
      expect(pipe('2021-12-23', addWorkingDays(scot, 5))).toEqual(E.right('2022-01-05'));
    });
    it('counts a weekend date from the next working day: Sat 7 June 2025 + 5 is Mon 16 June', () => {
      expect(pipe('2025-06-07', effectiveWorkingDay(ew))).toEqual(E.right('2025-06-09'));
      expect(pipe('2025-06-07', addWorkingDays(ew, 5))).toEqual(E.right('2025-06-16'));
      expect(pipe('2025-06-07', addWorkingDays(ew, 0))).toEqual(E.right('2025-06-09'));
    });
    it('skips Scotland’s 15 June 2026, which England and Wales works', () => {
      expect(pipe('2026-06-09', addWorkingDays(scot, 5))).toEqual(E.right('2026-06-17'));
      expect(pipe('2026-06-09', addWorkingDays(ew, 5))).toEqual(E.right('2026-06-16'));
    });
    it('skips organisation closure days 27-31 December on top of bank holidays', () => {
      const closed = pipe(closureDaysEachYear('12-27', '12-31', 'Christmas closure'), E.chain((days) => withClosureDays(days)(ew)));
      if (E.isLeft(closed)) throw new Error(closed.left.message);
      expect(pipe('2025-12-22', addWorkingDays(ew, 5))).toEqual(E.right('2025-12-31'));
      expect(pipe('2025-12-22', addWorkingDays(closed.right, 5))).toEqual(E.right('2026-01-06'));
      expect(closed.right.isWorkingDay('2030-12-30')).toEqual(E.right(false));
      expect(pipe(closed.right, bankHolidaysIn(2025), E.map((days) => days.length))).toEqual(E.right(8));
    });
  });

  describe('the other questions', () => {
    it('answers is-working-day, next working day and working days between', () => {
      expect(pipe('2025-12-25', isWorkingDay(ew))).toEqual(E.right(false));
      expect(pipe('2025-12-24', isWorkingDay(ew))).toEqual(E.right(true));
      expect(pipe('2025-12-24', nextWorkingDay(ew))).toEqual(E.right('2025-12-29'));
      expect(pipe('2025-12-27', nextWorkingDay(ew))).toEqual(E.right('2025-12-29'));
      expect(pipe('2025-12-22', workingDaysBetween(ew, '2025-12-31'))).toEqual(E.right(5));
      expect(pipe('2025-12-31', workingDaysBetween(ew, '2025-12-22'))).toEqual(E.right(-5));
      expect(pipe('2025-12-22', workingDaysBetween(ew, '2025-12-22'))).toEqual(E.right(0));
    });
    it('agrees with the day-by-day reference on a long count across years', () => {
      expect(pipe('2099-03-01', addWorkingDays(ew, 400))).toEqual(E.right(referenceAddWorkingDays(ew, 400)('2099-03-01')));
    });
    it('reaches into the margin: 400 working days from the last supported day', () => {
      expect(pipe('2100-12-31', addWorkingDays(ew, 400))).toEqual(E.right(referenceAddWorkingDays(ew, 400)('2100-12-31')));
    });
  });

  describe('when the input is bad', () => {
    it('rejects a malformed or impossible date by name', () => {
      expect(pipe('2025-02-30', addWorkingDays(ew, 1))).toEqual(
        E.left({ code: 'invalid-date', message: 'expected a date YYYY-MM-DD, got "2025-02-30"' }),
      );
      expect(pipe('25/12/2025', isWorkingDay(ew))).toEqual(E.left({ code: 'invalid-date', message: 'expected a date YYYY-MM-DD, got "25/12/2025"' }));
    });
    it('rejects a date outside the calendar', () => {
      expect(pipe('1999-12-31', isWorkingDay(ew))).toEqual(
        E.left({ code: 'date-out-of-range', message: 'date 1999-12-31 is outside the calendar range 2000-01-01 to 2102-12-31' }),
      );
    });
    it('rejects an answer past the calendar’s end', () => {
      expect(pipe('2102-12-01', addWorkingDays(ew, 400))).toEqual(
        E.left({ code: 'date-out-of-range', message: 'the answer lies after 2102-12-31, the last date the calendar covers' }),
      );
    });
    it('rejects a negative or fractional count', () => {
      expect(pipe('2025-01-06', addWorkingDays(ew, -1))).toEqual(
        E.left({ code: 'invalid-count', message: 'expected a whole number of working days, 0 or more, got -1' }),
      );
      expect(E.isLeft(pipe('2025-01-06', addWorkingDays(ew, 1.5)))).toBe(true);
    });
    it('rejects an unknown calendar, listing the known ones', () => {
      expect(calendarFor('wales')).toEqual(
        E.left({ code: 'unknown-calendar', message: 'unknown calendar "wales"; known: england-and-wales, scotland, northern-ireland' }),
      );
    });
    it('rejects bad closure days, naming each', () => {
      expect(withClosureDays(['2025-12-29', '2025-13-01', { date: '1990-01-02' }])(ew)).toEqual(
        E.left({
          code: 'invalid-closure-days',
          message:
            'closure day 1: expected a date YYYY-MM-DD, got "2025-13-01"; closure day 2: 1990-01-02 is outside the calendar range 2000-01-01 to 2102-12-31',
        }),
      );
      expect(closureDaysBetween('2025-12-31', '2025-12-27')).toEqual(
        E.left({ code: 'invalid-closure-days', message: 'closure range: the range ends (2025-12-27) before it starts (2025-12-31)' }),
      );
    });
    it('rejects a year outside 2000-2100 for holiday listings', () => {
      expect(bankHolidaysIn(2101)(ew)).toEqual(E.left({ code: 'date-out-of-range', message: 'year 2101 is outside 2000 to 2100' }));
    });
  });
});
