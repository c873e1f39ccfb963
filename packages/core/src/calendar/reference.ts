/**
 * The plain day-by-day reference for working-day arithmetic: walks the calendar one day at a
 * time with luxon, reading only the calendar's list of non-working days (never its index). The
 * property tests hold the fast functions in arithmetic.ts to it; the bench measures against it.
 *
 * @example
 * referenceAddWorkingDays(calendar, 5)('2025-04-16'); // '2025-04-25', found by walking
 */
import { DateTime } from 'luxon';
import type { Calendar } from './calendar.js';

const closedDates = new WeakMap<Calendar, ReadonlySet<string>>();

const closedOf = (calendar: Calendar): ReadonlySet<string> => {
  let set = closedDates.get(calendar);
  if (set === undefined) {
    set = new Set(calendar.nonWorkingDays.map((day) => day.date));
    closedDates.set(calendar, set);
  }
  return set;
};

const isWorking = (calendar: Calendar, day: DateTime): boolean =>
  day.weekday <= 5 && !closedOf(calendar).has(day.toISODate() as string);

/** Whether a valid `YYYY-MM-DD` date is a working day, by weekday and the non-working list. */
export const referenceIsWorkingDay =
  (calendar: Calendar) =>
  (date: string): boolean =>
    isWorking(calendar, DateTime.fromISO(date, { zone: 'utc' }));

/** Adds N working days to a valid date by walking: roll to a working day, then step N working days. */
export const referenceAddWorkingDays =
  (calendar: Calendar, n: number) =>
  (date: string): string => {
    let day = DateTime.fromISO(date, { zone: 'utc' });
    while (!isWorking(calendar, day)) day = day.plus({ days: 1 });
    for (let left = n; left > 0; ) {
      day = day.plus({ days: 1 });
      if (isWorking(calendar, day)) left--;
    }
    return day.toISODate() as string;
  };

/** Counts working days after `from`'s effective working day up to `to`, by walking (negative if before). */
export const referenceWorkingDaysBetween =
  (calendar: Calendar, to: string) =>
  (from: string): number => {
    let start = DateTime.fromISO(from, { zone: 'utc' });
    while (!isWorking(calendar, start)) start = start.plus({ days: 1 });
    const end = DateTime.fromISO(to, { zone: 'utc' });
    let count = 0;
    if (end >= start) {
      for (let day = start.plus({ days: 1 }); day <= end; day = day.plus({ days: 1 })) if (isWorking(calendar, day)) count++;
      return count;
    }
    // `to` before the effective start: minus the working days in (to, start]
    for (let day = end.plus({ days: 1 }); day <= start; day = day.plus({ days: 1 })) if (isWorking(calendar, day)) count++;
    return -count;
  };
