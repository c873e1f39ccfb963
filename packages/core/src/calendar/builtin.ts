/**
 * The built-in calendars, one per UK division, from the bank-holiday rules for every year the
 * day table holds. Each is built on first use and then shared (calendars are immutable values).
 *
 * @example
 * import { calendarFor } from './builtin.js';
 * calendarFor('scotland');  // Right(Calendar)
 * calendarFor('wales');     // Left({ code: 'unknown-calendar', message: 'unknown calendar "wales"; known: ...' })
 */
import * as E from 'fp-ts/lib/Either.js';
import { buildCalendar, type Calendar } from './calendar.js';
import { Division, divisionNames, divisions } from './division.js';
import { FIRST_TABLE_YEAR, LAST_TABLE_YEAR } from './day-table.js';
import { type CalendarError, calendarError } from './errors.js';
import type { NonWorkingDay } from './holiday.js';
import { bankHolidaysByRule } from './rules.js';

/** The ids of the built-in calendars: the three divisions. */
export const builtInCalendarIds: readonly Division[] = divisions;

const built = new Map<Division, Calendar>();

/** The calendar of a division built from the rules alone. */
export const ruleCalendar = (division: Division): Calendar => {
  const cached = built.get(division);
  if (cached !== undefined) return cached;
  const days: NonWorkingDay[] = [];
  for (let year = FIRST_TABLE_YEAR; year <= LAST_TABLE_YEAR; year++) days.push(...bankHolidaysByRule(division, year));
  const calendar = buildCalendar({ id: division, name: divisionNames[division], division, nonWorkingDays: days });
  built.set(division, calendar);
  return calendar;
};

/** The built-in calendars by id, each built when first read. */
export const builtInCalendars: Readonly<Record<Division, Calendar>> = Object.defineProperties(
  {} as Record<Division, Calendar>,
  Object.fromEntries(divisions.map((d) => [d, { enumerable: true, get: () => ruleCalendar(d) }])),
);

/** The built-in calendar with this id, or Left naming the ids that exist. */
export const calendarFor = (id: string): E.Either<CalendarError, Calendar> =>
  Division.is(id)
    ? E.right(ruleCalendar(id))
    : E.left(calendarError('unknown-calendar', `unknown calendar ${JSON.stringify(id)}; known: ${divisions.join(', ')}`));
