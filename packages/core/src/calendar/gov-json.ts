/**
 * The UK government's `bank-holidays.json` (https://www.gov.uk/bank-holidays.json): one list of
 * events per division. Loading it onto a calendar replaces the rule-derived bank holidays of
 * every year the file lists for that division, so a newer file corrects or extends the rules.
 *
 * @example
 * import { pipe } from 'fp-ts/lib/function.js';
 * pipe(builtInCalendars.scotland, withGovBankHolidays(JSON.parse(text), 'scotland'));
 * // Right(calendar whose 2019-2027 holidays are exactly the file's)
 * decodeGovBankHolidays({ scotland: { division: 'scotland', events: [{ title: 'X', date: '2025-13-01' }] } });
 * // Left([{ path: 'scotland.events.0.date', message: 'expected LocalDate, got "2025-13-01"' }])
 */
import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import * as t from 'io-ts';
import { LocalDate } from '../shared/codecs.js';
import { type Problem, validationProblems } from '../shared/errors.js';
import { buildCalendar, type Calendar } from './calendar.js';
import { FIRST_DATE, LAST_DATE } from './day-table.js';
import type { Division } from './division.js';
import type { NonWorkingDay } from './holiday.js';

/** One event of a division's list; `notes` is `Substitute day` for a substitute. */
export const GovBankHolidayEvent = t.intersection(
  [t.type({ title: t.string, date: LocalDate }), t.partial({ notes: t.string, bunting: t.boolean })],
  'GovBankHolidayEvent',
);
export type GovBankHolidayEvent = t.TypeOf<typeof GovBankHolidayEvent>;

/** A division's list. */
export const GovDivisionList = t.type({ division: t.string, events: t.array(GovBankHolidayEvent) }, 'GovDivisionList');
export type GovDivisionList = t.TypeOf<typeof GovDivisionList>;

/** The whole file: lists keyed by division (`england-and-wales`, `scotland`, `northern-ireland`). */
export const GovBankHolidays = t.record(t.string, GovDivisionList, 'GovBankHolidays');
export type GovBankHolidays = t.TypeOf<typeof GovBankHolidays>;

/** Decodes a parsed bank-holidays.json; Left lists every failing path. */
export const decodeGovBankHolidays = (json: unknown): E.Either<Problem[], GovBankHolidays> =>
  pipe(GovBankHolidays.decode(json), E.mapLeft(validationProblems));

/** The non-working days a division's list gives, or problems naming events outside the calendar range. */
export const govDivisionDays = (file: GovBankHolidays, division: Division): E.Either<Problem[], NonWorkingDay[]> => {
  const list = file[division];
  if (list === undefined)
    return E.left([{ path: division, message: `the file has no "${division}" list (it has: ${Object.keys(file).join(', ') || 'none'})` }]);
  const problems: Problem[] = list.events.flatMap((event, i) =>
    event.date < FIRST_DATE || event.date > LAST_DATE
      ? [{ path: `${division}.events.${i}.date`, message: `${event.date} is outside the calendar range ${FIRST_DATE} to ${LAST_DATE}` }]
      : [],
  );
  if (problems.length > 0) return E.left(problems);
  return E.right(
    list.events.map((event) => ({
      date: event.date,
      name: event.title,
      kind: 'bank-holiday' as const,
      substitute: /substitute/i.test(event.notes ?? ''),
      source: 'gov-json' as const,
    })),
  );
};

/**
 * The calendar with a government file's list for `division` (default: the calendar's own): for
 * each year the list covers, its bank holidays replace the calendar's; closure days stay.
 */
export const withGovBankHolidays =
  (json: unknown, division?: Division) =>
  (calendar: Calendar): E.Either<Problem[], Calendar> =>
    pipe(
      decodeGovBankHolidays(json),
      E.chain((file) => govDivisionDays(file, division ?? calendar.division)),
      E.map((loaded) => {
        const years = new Set(loaded.map((day) => day.date.slice(0, 4)));
        const kept = calendar.nonWorkingDays.filter((day) => day.kind === 'closure' || !years.has(day.date.slice(0, 4)));
        return buildCalendar({
          id: calendar.id,
          name: calendar.name,
          division: calendar.division,
          // loaded holidays first so a closure on the same date does not hide the holiday's name
          nonWorkingDays: [...loaded, ...kept],
        });
      }),
    );
