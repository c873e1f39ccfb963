/**
 * Working-day arithmetic on a calendar's precomputed index: no day-by-day walking.
 *
 * Conventions (those of CX097's "working days"): a non-working date counts as the next working
 * day (its *effective* day), so `addWorkingDays(cal, 5)('2025-06-07')` (a Saturday) is five
 * working days after Monday 9 June. Every result of {@link addWorkingDays} is a working day.
 *
 * @example
 * import { pipe } from 'fp-ts/lib/function.js';
 * const cal = builtInCalendars['england-and-wales'];
 * pipe('2025-04-16', addWorkingDays(cal, 5));   // Right('2025-04-25'): Good Friday and Easter Monday skipped
 * pipe('2025-04-16', workingDaysBetween(cal, '2025-04-25')); // Right(5)
 * pipe('2025-04-17', nextWorkingDay(cal));      // Right('2025-04-22')
 */
import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import { type Calendar, positionOf } from './calendar.js';
import { dayTable, FIRST_SUPPORTED_YEAR, LAST_DATE, LAST_SUPPORTED_YEAR } from './day-table.js';
import { type CalendarError, calendarError } from './errors.js';
import type { NonWorkingDay } from './holiday.js';

/** Working days strictly before a table position. */
const workingBefore = (calendar: Calendar, position: number): number =>
  position === 0 ? 0 : (calendar.index.workingOnOrBefore[position - 1] as number);

/** The date of the k-th working day (k from 0), or Left when it lies past the table. */
const kthWorkingDay = (calendar: Calendar, k: number): E.Either<CalendarError, string> =>
  k < calendar.index.workingDayAt.length
    ? E.right(dayTable().dates[calendar.index.workingDayAt[k] as number] as string)
    : E.left(calendarError('date-out-of-range', `the answer lies after ${LAST_DATE}, the last date the calendar covers`));

/** Whether a `YYYY-MM-DD` date is a working day (Monday to Friday, not a bank holiday or closure). */
export const isWorkingDay =
  (calendar: Calendar) =>
  (date: string): E.Either<CalendarError, boolean> =>
    calendar.isWorkingDay(date);

/** The date itself if it is a working day, otherwise the next working day: the day counting starts from. */
export const effectiveWorkingDay =
  (calendar: Calendar) =>
  (date: string): E.Either<CalendarError, string> =>
    pipe(
      positionOf(date),
      E.chain((position) => kthWorkingDay(calendar, workingBefore(calendar, position))),
    );

/** The first working day strictly after the date. */
export const nextWorkingDay =
  (calendar: Calendar) =>
  (date: string): E.Either<CalendarError, string> =>
    pipe(
      positionOf(date),
      E.chain((position) => kthWorkingDay(calendar, calendar.index.workingOnOrBefore[position] as number)),
    );

/** The N-th working day after the date's effective working day (N = 0: the effective day itself). */
export const addWorkingDays =
  (calendar: Calendar, n: number) =>
  (date: string): E.Either<CalendarError, string> =>
    !Number.isSafeInteger(n) || n < 0
      ? E.left(calendarError('invalid-count', `expected a whole number of working days, 0 or more, got ${String(n)}`))
      : pipe(
          positionOf(date),
          E.chain((position) => kthWorkingDay(calendar, workingBefore(calendar, position) + n)),
        );

/**
 * Working days after `from`'s effective working day up to and including `to`; negative when `to`
 * is before it. The inverse of {@link addWorkingDays}: `between(d, add(d, n)) = n`.
 */
export const workingDaysBetween =
  (calendar: Calendar, to: string) =>
  (from: string): E.Either<CalendarError, number> =>
    pipe(
      E.Do,
      E.apS('start', positionOf(from)),
      E.apS('end', positionOf(to)),
      E.map(({ start, end }) => (calendar.index.workingOnOrBefore[end] as number) - workingBefore(calendar, start) - 1),
    );

/** The bank holidays (not closures) of a year that fall on weekdays, sorted; Left outside 2000-2100. */
export const bankHolidaysIn =
  (year: number) =>
  (calendar: Calendar): E.Either<CalendarError, readonly NonWorkingDay[]> =>
    !Number.isInteger(year) || year < FIRST_SUPPORTED_YEAR || year > LAST_SUPPORTED_YEAR
      ? E.left(calendarError('date-out-of-range', `year ${String(year)} is outside ${FIRST_SUPPORTED_YEAR} to ${LAST_SUPPORTED_YEAR}`))
      : E.right(calendar.nonWorkingDays.filter((day) => day.kind === 'bank-holiday' && day.date.startsWith(`${year}-`)));

/** Every non-working weekday (bank holidays and closures) of a year, sorted; Left outside 2000-2100. */
export const nonWorkingDaysIn =
  (year: number) =>
  (calendar: Calendar): E.Either<CalendarError, readonly NonWorkingDay[]> =>
    !Number.isInteger(year) || year < FIRST_SUPPORTED_YEAR || year > LAST_SUPPORTED_YEAR
      ? E.left(calendarError('date-out-of-range', `year ${String(year)} is outside ${FIRST_SUPPORTED_YEAR} to ${LAST_SUPPORTED_YEAR}`))
      : E.right(calendar.nonWorkingDays.filter((day) => day.date.startsWith(`${year}-`)));
