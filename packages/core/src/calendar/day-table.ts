/**
 * The days a calendar can answer for, computed once with luxon: 2000-01-01 through 2102-12-31
 * (2000 to 2100 is the supported range; 2101 and 2102 are a margin so that adding 400 working
 * days to a date in 2100 still has an answer). Every calendar indexes into this one table.
 *
 * @example
 * import { dayTable } from './day-table.js';
 * const days = dayTable();
 * days.indexOf.get('2000-01-03'); // 2
 * days.weekday[2];                // 1 (Monday, ISO numbering)
 */
import { DateTime } from 'luxon';

/** The first date any calendar covers. */
export const FIRST_DATE = '2000-01-01';
/** The last date any calendar covers (the margin past 2100 included). */
export const LAST_DATE = '2102-12-31';
/** The first and last year whose holidays the built-in rules are promised to be right for. */
export const FIRST_SUPPORTED_YEAR = 2000;
export const LAST_SUPPORTED_YEAR = 2100;
/** The years a calendar holds (supported years plus the margin). */
export const FIRST_TABLE_YEAR = 2000;
export const LAST_TABLE_YEAR = 2102;

export interface DayTable {
  /** `YYYY-MM-DD` of each day, in order. */
  readonly dates: readonly string[];
  /** ISO weekday of each day: 1 = Monday ... 7 = Sunday. */
  readonly weekday: Uint8Array;
  /** Position of a date in {@link DayTable.dates}. */
  readonly indexOf: ReadonlyMap<string, number>;
}

let table: DayTable | undefined;

/** The shared table of days, built on first use (about 37,600 entries). */
export const dayTable = (): DayTable => {
  if (table !== undefined) return table;
  const first = DateTime.fromISO(FIRST_DATE, { zone: 'utc' });
  const count = DateTime.fromISO(LAST_DATE, { zone: 'utc' }).diff(first, 'days').days + 1;
  const dates: string[] = new Array<string>(count);
  const weekday = new Uint8Array(count);
  const indexOf = new Map<string, number>();
  for (let i = 0; i < count; i++) {
    const day = first.plus({ days: i });
    const iso = day.toISODate() as string;
    dates[i] = iso;
    weekday[i] = day.weekday;
    indexOf.set(iso, i);
  }
  table = { dates, weekday, indexOf };
  return table;
};
