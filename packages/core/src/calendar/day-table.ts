/**
 * The days a calendar can answer for, computed once: 2000-01-01 through 2102-12-31
 * (2000 to 2100 is the supported range; 2101 and 2102 are a margin so that adding 400 working
 * days to a date in 2100 still has an answer). Every calendar indexes into this one table.
 *
 * @example
 * import { dayTable } from './day-table.js';
 * const days = dayTable();
 * days.indexOf.get('2000-01-03'); // 2
 * days.weekday[2];                // 1 (Monday, ISO numbering)
 */
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

const DAY_MS = 86_400_000;

/**
 * The shared table of days, built on first use (about 37,600 entries). Built with integer day
 * arithmetic on UTC milliseconds (every process that counts a working day pays for it at start):
 * a test holds it equal, day by day, to the table luxon gives.
 */
export const dayTable = (): DayTable => {
  if (table !== undefined) return table;
  const first = Date.parse(FIRST_DATE);
  const count = (Date.parse(LAST_DATE) - first) / DAY_MS + 1;
  const firstWeekday = ((new Date(first).getUTCDay() + 6) % 7) + 1; // ISO: Monday 1 ... Sunday 7
  const dates: string[] = new Array<string>(count);
  const weekday = new Uint8Array(count);
  const indexOf = new Map<string, number>();
  for (let i = 0; i < count; i++) {
    const iso = new Date(first + i * DAY_MS).toISOString().slice(0, 10);
    dates[i] = iso;
    weekday[i] = ((firstWeekday - 1 + i) % 7) + 1;
    indexOf.set(iso, i);
  }
  table = { dates, weekday, indexOf };
  return table;
};
