/**
 * A working-day calendar as a value: its non-working days and a precomputed index that answers
 * "is this a working day" and "the N-th working day after" in constant time.
 *
 * The index holds, for every day of the {@link dayTable}, how many working days fall on or
 * before it, and for every working day its position: adding N working days is two array reads.
 *
 * @example
 * import { buildCalendar } from './calendar.js';
 * const cal = buildCalendar({ id: 'acme', name: 'Acme', division: 'england-and-wales', nonWorkingDays: [] });
 * cal.isWorkingDay('2025-12-25'); // Right(true): no holidays were given, only weekends close
 */
import * as E from 'fp-ts/lib/Either.js';
import type { Division } from './division.js';
import { dayTable, FIRST_DATE, LAST_DATE } from './day-table.js';
import { type CalendarError, calendarError } from './errors.js';
import { LocalDate } from '../shared/codecs.js';
import { byDate, type NonWorkingDay } from './holiday.js';
import { LONDON } from './zone.js';

/** The precomputed index of a calendar; positions are indices into {@link dayTable}. */
export interface WorkingDayIndex {
  /** 1 where the day is a working day. */
  readonly working: Uint8Array;
  /** Working days on or before each day, counted from the table's first day. */
  readonly workingOnOrBefore: Int32Array;
  /** Table position of the k-th working day (k from 0). */
  readonly workingDayAt: Int32Array;
}

export interface Calendar {
  /** e.g. `england-and-wales`; a derived calendar keeps its base id. */
  readonly id: string;
  readonly name: string;
  /** The division whose bank holidays this calendar starts from. */
  readonly division: Division;
  /** Local dates are reckoned in this zone. */
  readonly timeZone: typeof LONDON;
  /** First and last date the calendar can answer for. */
  readonly firstDate: string;
  readonly lastDate: string;
  /** Bank holidays and closure days on weekdays, sorted by date (a date appears once). */
  readonly nonWorkingDays: readonly NonWorkingDay[];
  /** Whether a `YYYY-MM-DD` date is a working day; Left for a malformed or uncovered date. */
  readonly isWorkingDay: (date: string) => E.Either<CalendarError, boolean>;
  readonly index: WorkingDayIndex;
}

export interface CalendarSpec {
  readonly id: string;
  readonly name: string;
  readonly division: Division;
  readonly nonWorkingDays: readonly NonWorkingDay[];
}

/** The table position of a date, or why it has none. */
export const positionOf = (date: string): E.Either<CalendarError, number> => {
  const position = dayTable().indexOf.get(date);
  if (position !== undefined) return E.right(position);
  // a real date the table does not hold is out of range; anything else is malformed
  return LocalDate.is(date)
    ? E.left(calendarError('date-out-of-range', `date ${date} is outside the calendar range ${FIRST_DATE} to ${LAST_DATE}`))
    : E.left(calendarError('invalid-date', `expected a date YYYY-MM-DD, got ${JSON.stringify(date)}`));
};

/** Builds a calendar and its index; weekend entries in the spec are dropped (they close anyway). */
export const buildCalendar = (spec: CalendarSpec): Calendar => {
  const days = dayTable();
  const count = days.dates.length;
  const working = new Uint8Array(count);
  for (let i = 0; i < count; i++) working[i] = (days.weekday[i] as number) <= 5 ? 1 : 0;
  const kept = new Map<string, NonWorkingDay>();
  for (const day of spec.nonWorkingDays) {
    const position = days.indexOf.get(day.date);
    if (position === undefined || working[position] === 0 || kept.has(day.date)) continue;
    kept.set(day.date, day);
  }
  for (const date of kept.keys()) working[days.indexOf.get(date) as number] = 0;
  const workingOnOrBefore = new Int32Array(count);
  let total = 0;
  for (let i = 0; i < count; i++) {
    total += working[i] as number;
    workingOnOrBefore[i] = total;
  }
  const workingDayAt = new Int32Array(total);
  for (let i = 0, k = 0; i < count; i++) if (working[i] === 1) workingDayAt[k++] = i;
  const index: WorkingDayIndex = { working, workingOnOrBefore, workingDayAt };
  return {
    id: spec.id,
    name: spec.name,
    division: spec.division,
    timeZone: LONDON,
    firstDate: FIRST_DATE,
    lastDate: LAST_DATE,
    nonWorkingDays: [...kept.values()].sort(byDate),
    isWorkingDay: (date) => E.map((position: number) => working[position] === 1)(positionOf(date)),
    index,
  };
};
