import { readFileSync } from 'node:fs';
import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import { describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import { addWorkingDays } from './arithmetic.js';
import { builtInCalendars, ruleCalendar } from './builtin.js';
import { divisions, type Division } from './division.js';
import { decodeGovBankHolidays, withGovBankHolidays, type GovBankHolidays } from './gov-json.js';
import { bankHolidaysByRule } from './rules.js';

// The government's published list (July 2025), shipped with the package: packages/core/data.
const govJson: unknown = JSON.parse(readFileSync(new URL('../../data/uk-bank-holidays-2019-2027.json', import.meta.url), 'utf8'));
const gov = pipe(
  decodeGovBankHolidays(govJson),
  E.getOrElseW((problems) => {
    throw new Error(`shipped government file does not decode: ${JSON.stringify(problems)}`);
  }),
) as GovBankHolidays;

const YEARS = Array.from({ length: 9 }, (_, i) => 2019 + i);
// Announced after the shipped file was published (Royal Proclamation of 3 February 2026).
const KNOWN_ADDITIONS: Readonly<Record<Division, readonly string[]>> = {
  'england-and-wales': [],
  scotland: ['2026-06-15'],
  'northern-ireland': [],
};

const govEvents = (division: Division) => gov[division]?.events ?? [];

describe('bank-holiday rules against the government list 2019-2027', () => {
  describe.each(divisions.map((d) => [d]))('%s', (division) => {
    it('lists events for every year 2019 to 2027 (the comparison is not vacuous)', () => {
      const years = new Set(govEvents(division).map((e) => Number(e.date.slice(0, 4))));
      expect([...years].sort()).toEqual(YEARS);
    });

    it('makes every listed holiday a non-working day, with the same name', () => {
      const calendar = builtInCalendars[division];
      for (const event of govEvents(division)) {
        expect(calendar.isWorkingDay(event.date), `${event.date} ${event.title}`).toEqual(E.right(false));
        const ours = calendar.nonWorkingDays.find((d) => d.date === event.date);
        expect(ours?.name, event.date).toBe(event.title);
        expect(ours?.substitute, `${event.date} substitute`).toBe(event.notes === 'Substitute day');
      }
    });

    it('derives no holiday in those years that the list lacks, except the known later additions', () => {
      const listed = new Set<string>(govEvents(division).map((e) => e.date));
      const extra = YEARS.flatMap((year) => bankHolidaysByRule(division, year))
        .map((d) => d.date)
        .filter((date) => !listed.has(date));
      expect(extra).toEqual(KNOWN_ADDITIONS[division]);
    });

    it('agrees day by day: every weekday 2019-2027 works exactly when it is not on the list', () => {
      const listed = new Set<string>(govEvents(division).map((e) => e.date));
      const calendar = ruleCalendar(division);
      const disagreements: string[] = [];
      let weekdays = 0;
      for (let day = DateTime.utc(2019, 1, 1); day.year <= 2027; day = day.plus({ days: 1 })) {
        if (day.weekday > 5) continue;
        weekdays++;
        const date = day.toISODate() as string;
        const expected = !listed.has(date) && !KNOWN_ADDITIONS[division].includes(date);
        if (!E.isRight(calendar.isWorkingDay(date)) || E.getOrElse(() => !expected)(calendar.isWorkingDay(date)) !== expected)
          disagreements.push(date);
      }
      expect(weekdays).toBe(2349); // 3,287 days, 2019-01-01 (a Tuesday) to 2027-12-31
      expect(disagreements).toEqual([]);
    });
  });
});

describe('loading the government file onto a calendar', () => {
  describe('when the file covers a year', () => {
    it('replaces that year: the rule-only 2026-06-15 in Scotland is dropped by the older file', () => {
      const loaded = withGovBankHolidays(govJson, 'scotland')(builtInCalendars.scotland);
      expect(E.isRight(loaded) && loaded.right.isWorkingDay('2026-06-15')).toEqual(E.right(true));
      expect(builtInCalendars.scotland.isWorkingDay('2026-06-15')).toEqual(E.right(false));
    });

    it('adds a day the rules do not know', () => {
      const file = { 'england-and-wales': { division: 'england-and-wales', events: [{ title: 'Test day', date: '2030-07-10' }] } };
      const loaded = withGovBankHolidays(file)(builtInCalendars['england-and-wales']);
      if (E.isLeft(loaded)) throw new Error(JSON.stringify(loaded.left));
      expect(loaded.right.isWorkingDay('2030-07-10')).toEqual(E.right(false));
      // the rest of 2030 now comes from the file alone: Christmas is no longer known
      expect(loaded.right.isWorkingDay('2030-12-25')).toEqual(E.right(true));
      // other years keep their rules
      expect(loaded.right.isWorkingDay('2031-12-25')).toEqual(E.right(false));
      expect(pipe('2030-07-09', addWorkingDays(loaded.right, 1))).toEqual(E.right('2030-07-11'));
    });
  });

  describe('when the file is malformed', () => {
    it('names every failing path', () => {
      const result = decodeGovBankHolidays({
        scotland: { division: 'scotland', events: [{ title: 'A', date: '2025-13-01' }, { date: '2025-01-01' }] },
        'northern-ireland': { events: 'none' },
      });
      expect(E.isLeft(result)).toBe(true);
      const paths = E.isLeft(result) ? result.left.map((p) => p.path).sort() : [];
      expect(paths).toEqual(['northern-ireland.division', 'northern-ireland.events', 'scotland.events.0.date', 'scotland.events.1.title']);
    });

    it('rejects a file without the division asked for', () => {
      const result = withGovBankHolidays({ scotland: { division: 'scotland', events: [] } }, 'northern-ireland')(builtInCalendars.scotland);
      expect(result).toEqual(E.left([{ path: 'northern-ireland', message: 'the file has no "northern-ireland" list (it has: scotland)' }]));
    });

    it('rejects dates the calendar cannot hold, naming them', () => {
      const result = withGovBankHolidays({ scotland: { division: 'scotland', events: [{ title: 'Old', date: '1999-12-31' }] } })(builtInCalendars.scotland);
      expect(result).toEqual(
        E.left([{ path: 'scotland.events.0.date', message: '1999-12-31 is outside the calendar range 2000-01-01 to 2102-12-31' }]),
      );
    });
  });
});
