/**
 * The bank-holiday rules of each UK division, year by year: the Banking and Financial Dealings
 * Act 1971 days, the St Andrew's Day Bank Holiday (Scotland) Act 2007, substitute days for
 * holidays on a weekend, the moved days (Early May 2020, Spring 2002, 2012 and 2022) and the
 * one-off days by royal proclamation. Days are UTC midnights in milliseconds (plain day arithmetic:
 * every process that counts a working day builds a century of these at start, and the reference
 * tests hold the result to the government's list and to date-holidays); Easter with {@link easterSunday}.
 *
 * @example
 * import { bankHolidaysByRule } from './rules.js';
 * bankHolidaysByRule('scotland', 2026).map((h) => h.date);
 * // ['2026-01-01', '2026-01-02', '2026-04-03', '2026-05-04', '2026-05-25', '2026-06-15', ...]
 */
import type { Division } from './division.js';
import { easterSunday } from './easter.js';
import type { NonWorkingDay } from './holiday.js';

const SATURDAY = 6;
const SUNDAY = 7;
const MONDAY = 1;

const DAY_MS = 86_400_000;

/** A day: its UTC midnight in milliseconds. */
type Day = number;

/** A date, month 1-12. */
const on = (year: number, month: number, day: number): Day => Date.UTC(year, month - 1, day);
const plusDays = (day: Day, days: number): Day => day + days * DAY_MS;
const iso = (day: Day): string => new Date(day).toISOString().slice(0, 10);
/** ISO weekday: Monday 1 ... Sunday 7. */
const weekdayOf = (day: Day): number => ((new Date(day).getUTCDay() + 6) % 7) + 1;
const isWeekend = (day: Day): boolean => weekdayOf(day) === SATURDAY || weekdayOf(day) === SUNDAY;

const holiday = (day: Day, name: string, substitute = false): NonWorkingDay => ({
  date: iso(day),
  name,
  kind: 'bank-holiday',
  substitute,
  source: 'rules',
});

/** The first Monday of a month. */
const firstMonday = (year: number, month: number): Day => {
  const first = on(year, month, 1);
  return plusDays(first, (MONDAY - weekdayOf(first) + 7) % 7);
};

/** The last Monday of a month. */
const lastMonday = (year: number, month: number): Day => {
  const last = on(year, month + 1, 0); // day 0 of the next month: the last of this one
  return plusDays(last, -((weekdayOf(last) - MONDAY + 7) % 7));
};

/** A fixed-date holiday; on a weekend the following Monday is the substitute day. */
const fixed = (year: number, month: number, day: number, name: string): NonWorkingDay => {
  const date = on(year, month, day);
  return isWeekend(date) ? holiday(firstWeekdayFrom(date), name, true) : holiday(date, name);
};

const firstWeekdayFrom = (day: Day): Day => {
  let d = day;
  while (isWeekend(d)) d = plusDays(d, 1);
  return d;
};

/**
 * Christmas Day and Boxing Day. When Christmas falls on a Sunday, Boxing Day keeps Monday 26th
 * and Christmas's substitute is Tuesday 27th (the government list names them that way).
 */
const christmas = (year: number): NonWorkingDay[] => {
  const christmasDay = on(year, 12, 25);
  const boxingDay = on(year, 12, 26);
  switch (weekdayOf(christmasDay)) {
    case SATURDAY:
      return [holiday(on(year, 12, 27), 'Christmas Day', true), holiday(on(year, 12, 28), 'Boxing Day', true)];
    case SUNDAY:
      return [holiday(boxingDay, 'Boxing Day'), holiday(on(year, 12, 27), 'Christmas Day', true)];
    default:
      return [
        holiday(christmasDay, 'Christmas Day'),
        // Friday Christmas: Boxing Day is Saturday, so Monday 28th is its substitute
        isWeekend(boxingDay) ? holiday(on(year, 12, 28), 'Boxing Day', true) : holiday(boxingDay, 'Boxing Day'),
      ];
  }
};

/**
 * Scotland's 1 and 2 January. Each holiday on a weekend takes the first weekday not already
 * taken, New Year's Day first (so a Sunday New Year gives Mon 2nd and Tue 3rd as substitutes).
 */
const scottishNewYear = (year: number): NonWorkingDay[] => {
  const taken = new Set<string>();
  return [
    [on(year, 1, 1), 'New Year’s Day'],
    [on(year, 1, 2), '2nd January'],
  ].map(([date, name]) => {
    const day = date as Day;
    let d = firstWeekdayFrom(day);
    while (taken.has(iso(d))) d = firstWeekdayFrom(plusDays(d, 1));
    taken.add(iso(d));
    return holiday(d, name as string, d !== day);
  });
};

const easterHolidays = (year: number, withEasterMonday: boolean): NonWorkingDay[] => {
  const { month, day } = easterSunday(year);
  const sunday = on(year, month, day);
  const goodFriday = holiday(plusDays(sunday, -2), 'Good Friday');
  return withEasterMonday ? [goodFriday, holiday(plusDays(sunday, 1), 'Easter Monday')] : [goodFriday];
};

/** Early May: the first Monday of May, moved to Friday 8 May in 2020 for the 75th anniversary of VE day. */
const earlyMay = (year: number): NonWorkingDay =>
  year === 2020 ? holiday(on(2020, 5, 8), 'Early May bank holiday (VE day)') : holiday(firstMonday(year, 5), 'Early May bank holiday');

/** Spring: the last Monday of May, moved by proclamation around the 2002, 2012 and 2022 jubilees. */
const SPRING_MOVED: Readonly<Record<number, readonly [number, number]>> = { 2002: [6, 4], 2012: [6, 4], 2022: [6, 2] };
const spring = (year: number): NonWorkingDay => {
  const moved = SPRING_MOVED[year];
  return holiday(moved === undefined ? lastMonday(year, 5) : on(year, moved[0], moved[1]), 'Spring bank holiday');
};

/** Summer: the first Monday of August in Scotland, the last Monday of August elsewhere. */
const summer = (division: Division, year: number): NonWorkingDay =>
  holiday(division === 'scotland' ? firstMonday(year, 8) : lastMonday(year, 8), 'Summer bank holiday');

interface OneOff {
  readonly date: string;
  readonly name: string;
  readonly divisions: readonly Division[];
}

const ALL: readonly Division[] = ['england-and-wales', 'scotland', 'northern-ireland'];

/** Days granted once by royal proclamation, 2000 onward. */
export const ONE_OFF_BANK_HOLIDAYS: readonly OneOff[] = [
  { date: '2002-06-03', name: 'Queen’s Golden Jubilee', divisions: ALL },
  { date: '2011-04-29', name: 'Royal wedding', divisions: ALL },
  { date: '2012-06-05', name: 'Queen’s Diamond Jubilee', divisions: ALL },
  { date: '2022-06-03', name: 'Platinum Jubilee bank holiday', divisions: ALL },
  { date: '2022-09-19', name: 'Bank Holiday for the State Funeral of Queen Elizabeth II', divisions: ALL },
  { date: '2023-05-08', name: 'Bank holiday for the coronation of King Charles III', divisions: ALL },
  // Royal Proclamation of 3 February 2026; published after the July 2025 government file.
  { date: '2026-06-15', name: 'World Cup bank holiday', divisions: ['scotland'] },
];

const oneOffs = (division: Division, year: number): NonWorkingDay[] =>
  ONE_OFF_BANK_HOLIDAYS.filter((o) => o.divisions.includes(division) && o.date.startsWith(`${year}-`)).map((o) =>
    holiday(Date.parse(o.date), o.name),
  );

/** The first year St Andrew's Day (30 November) was a Scottish bank holiday. */
const ST_ANDREWS_FROM = 2007;

/** The non-working bank holidays of a division in a year by the rules, substitutes applied, sorted by date. */
export const bankHolidaysByRule = (division: Division, year: number): readonly NonWorkingDay[] => {
  const days: NonWorkingDay[] = [];
  switch (division) {
    case 'england-and-wales':
      days.push(fixed(year, 1, 1, 'New Year’s Day'), ...easterHolidays(year, true));
      break;
    case 'scotland':
      days.push(...scottishNewYear(year), ...easterHolidays(year, false));
      if (year >= ST_ANDREWS_FROM) days.push(fixed(year, 11, 30, 'St Andrew’s Day'));
      break;
    case 'northern-ireland':
      days.push(
        fixed(year, 1, 1, 'New Year’s Day'),
        fixed(year, 3, 17, 'St Patrick’s Day'),
        ...easterHolidays(year, true),
        fixed(year, 7, 12, 'Battle of the Boyne (Orangemen’s Day)'),
      );
      break;
    default:
      return absurd(division);
  }
  days.push(earlyMay(year), spring(year), summer(division, year), ...christmas(year), ...oneOffs(division, year));
  return days.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
};

const absurd = (x: never): never => x;
