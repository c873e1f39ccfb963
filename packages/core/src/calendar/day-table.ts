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

const isLeap = (y: number): boolean => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const TWO_DIGITS = Array.from({ length: 32 }, (_, n) => String(n).padStart(2, '0'));

/** Days from 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's days_from_civil). */
const daysFromCivil = (y: number, m: number, d: number): number => {
  const year = m <= 2 ? y - 1 : y;
  const era = Math.floor(year / 400);
  const yoe = year - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
};

const DIGITS = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * The position of each date, worked out from the date rather than held in a map of 37,600 keys
 * (building that map was most of a cold start): a date the table does not hold (out of range, or
 * no such day, as 2025-02-30) has none.
 */
const positions = (dates: readonly string[], first: number): ReadonlyMap<string, number> => {
  const get = (date: string): number | undefined => {
    const parts = typeof date === 'string' ? DIGITS.exec(date) : null;
    if (parts === null) return undefined;
    const i = daysFromCivil(Number(parts[1]), Number(parts[2]), Number(parts[3])) - first;
    return i >= 0 && i < dates.length && dates[i] === date ? i : undefined;
  };
  // a real map only for a caller that walks every date (nothing in the library does)
  let all: Map<string, number> | undefined;
  const map = () => (all ??= new Map(dates.map((date, i) => [date, i])));
  return {
    get,
    has: (date) => get(date) !== undefined,
    get size() {
      return dates.length;
    },
    entries: () => map().entries(),
    keys: () => map().keys(),
    values: () => map().values(),
    forEach: (callback, thisArg?: unknown) => map().forEach(callback, thisArg),
    [Symbol.iterator]: () => map()[Symbol.iterator](),
  };
};

/**
 * The shared table of days, built on first use (about 37,600 entries). Built with integer
 * calendar arithmetic (every process that counts a working day pays for it at start): a test holds
 * it equal, day by day, to the table luxon gives.
 */
export const dayTable = (): DayTable => {
  if (table !== undefined) return table;
  const [firstYear, lastYear] = [Number(FIRST_DATE.slice(0, 4)), Number(LAST_DATE.slice(0, 4))];
  const dates: string[] = [];
  for (let y = firstYear; y <= lastYear; y++) {
    const year = `${y}-`;
    for (let m = 1; m <= 12; m++) {
      const month = `${year}${TWO_DIGITS[m]}-`;
      const days = m === 2 && isLeap(y) ? 29 : DAYS_IN_MONTH[m - 1]!;
      for (let d = 1; d <= days; d++) dates.push(month + TWO_DIGITS[d]);
    }
  }
  const first = daysFromCivil(firstYear, 1, 1);
  // 1970-01-01 was a Thursday (ISO 4)
  const firstWeekday = ((((first % 7) + 7 + 3) % 7) + 1);
  const weekday = new Uint8Array(dates.length);
  for (let i = 0; i < dates.length; i++) weekday[i] = ((firstWeekday - 1 + i) % 7) + 1;
  table = { dates, weekday, indexOf: positions(dates, first) };
  return table;
};
