/**
 * Organisation closure days on top of any calendar: a list of dates, a date range, or the same
 * stretch every year (e.g. 27 to 31 December).
 *
 * @example
 * import { pipe } from 'fp-ts/lib/function.js';
 * import * as E from 'fp-ts/lib/Either.js';
 * pipe(
 *   closureDaysEachYear('12-27', '12-31', 'Christmas closure'),
 *   E.chain((days) => withClosureDays(days)(calendar)),
 * ); // Right(calendar where 27-31 December never count)
 */
import * as E from 'fp-ts/lib/Either.js';
import { DateTime } from 'luxon';
import { buildCalendar, type Calendar } from './calendar.js';
import { FIRST_DATE, FIRST_TABLE_YEAR, LAST_DATE, LAST_TABLE_YEAR } from './day-table.js';
import { type CalendarError, calendarError } from './errors.js';
import type { NonWorkingDay } from './holiday.js';
import { LocalDate } from '../shared/codecs.js';

/** A closure day: a date and, optionally, why the organisation is closed. */
export interface ClosureDay {
  readonly date: string;
  readonly name?: string;
}

const DEFAULT_NAME = 'Organisation closure';

const rangeProblem = (message: string): CalendarError => calendarError('invalid-closure-days', `closure range: ${message}`);

/** Validates closure days: each a real `YYYY-MM-DD` inside the calendar range; every bad entry is named. */
export const validateClosureDays = (days: readonly (ClosureDay | string)[]): E.Either<CalendarError, NonWorkingDay[]> => {
  const problems: string[] = [];
  const valid: NonWorkingDay[] = [];
  days.forEach((entry, i) => {
    const day = typeof entry === 'string' ? { date: entry } : entry;
    if (!LocalDate.is(day.date)) problems.push(`closure day ${i}: expected a date YYYY-MM-DD, got ${JSON.stringify(day.date)}`);
    else if (day.date < FIRST_DATE || day.date > LAST_DATE)
      problems.push(`closure day ${i}: ${day.date} is outside the calendar range ${FIRST_DATE} to ${LAST_DATE}`);
    else valid.push({ date: day.date, name: day.name ?? DEFAULT_NAME, kind: 'closure', substitute: false, source: 'closure' });
  });
  return problems.length > 0 ? E.left(calendarError('invalid-closure-days', problems.join('; '))) : E.right(valid);
};

/** The calendar with extra closure days; a closure on a bank holiday or weekend changes nothing. */
export const withClosureDays =
  (days: readonly (ClosureDay | string)[]) =>
  (calendar: Calendar): E.Either<CalendarError, Calendar> =>
    E.map((closures: NonWorkingDay[]) =>
      buildCalendar({
        id: calendar.id,
        name: `${calendar.name} with closures`,
        division: calendar.division,
        nonWorkingDays: [...calendar.nonWorkingDays, ...closures],
      }),
    )(validateClosureDays(days));

/** Every date from `from` to `to` inclusive as closure days with one name. */
export const closureDaysBetween = (from: string, to: string, name = DEFAULT_NAME): E.Either<CalendarError, ClosureDay[]> => {
  if (!LocalDate.is(from)) return E.left(rangeProblem(`expected a start date YYYY-MM-DD, got ${JSON.stringify(from)}`));
  if (!LocalDate.is(to)) return E.left(rangeProblem(`expected an end date YYYY-MM-DD, got ${JSON.stringify(to)}`));
  if (to < from) return E.left(rangeProblem(`the range ends (${to}) before it starts (${from})`));
  const start = DateTime.fromISO(from, { zone: 'utc' });
  const length = DateTime.fromISO(to, { zone: 'utc' }).diff(start, 'days').days;
  return E.right(Array.from({ length: length + 1 }, (_, i) => ({ date: start.plus({ days: i }).toISODate() as string, name })));
};

/** The same `MM-DD` to `MM-DD` stretch (within one year) as closure days in every calendar year. */
export const closureDaysEachYear = (fromMonthDay: string, toMonthDay: string, name = DEFAULT_NAME): E.Either<CalendarError, ClosureDay[]> => {
  const days: ClosureDay[] = [];
  for (let year = FIRST_TABLE_YEAR; year <= LAST_TABLE_YEAR; year++) {
    const range = closureDaysBetween(`${year}-${fromMonthDay}`, `${year}-${toMonthDay}`, name);
    // 29 February only exists in leap years: a range starting or ending there is rejected for
    // the others, so report it once rather than silently skipping years.
    if (E.isLeft(range))
      return E.left(calendarError('invalid-closure-days', `closure ${fromMonthDay} to ${toMonthDay} in ${year}: ${range.left.message}`));
    days.push(...range.right);
  }
  return E.right(days);
};
