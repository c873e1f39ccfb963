// Cross-check against the date-holidays library (a dev dependency, never shipped). The government
// list is the authority; this pins down, year by year for 2000-2100, exactly where the library and
// our rules differ, so a change on either side shows up here. See docs/calendars.md.
import Holidays from 'date-holidays';
import * as E from 'fp-ts/lib/Either.js';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { bankHolidaysIn } from './arithmetic.js';
import { ruleCalendar } from './builtin.js';
import { divisions, type Division } from './division.js';

const REGION: Readonly<Record<Division, string>> = { 'england-and-wales': 'ENG', scotland: 'SCT', 'northern-ireland': 'NIR' };

/** The library's public/bank holidays of a year on weekdays (its weekend originals are not days off). */
const libraryDays = (library: Holidays, year: number): Set<string> =>
  new Set(
    library
      .getHolidays(year)
      .filter((h) => h.type === 'public' || h.type === 'bank')
      .map((h) => h.date.slice(0, 10))
      .filter((date) => DateTime.fromISO(date, { zone: 'utc' }).weekday <= 5),
  );

const ourDays = (division: Division, year: number): Set<string> =>
  new Set(E.getOrElseW(() => [])(bankHolidaysIn(year)(ruleCalendar(division))).map((d) => d.date));

// Where the library is wrong (each checked against the government's list and the proclamations):
// - 2002: Spring bank holiday moved to Tue 4 June and Mon 3 June was the Golden Jubilee; the library keeps 27 May.
// - 2011: the royal wedding bank holiday (Fri 29 April) is missing.
// - 2012: Spring bank holiday moved to Mon 4 June (Tue 5 June the Diamond Jubilee); the library keeps 28 May.
const ALL_DIVISIONS = {
  ours: ['2002-06-03', '2002-06-04', '2011-04-29', '2012-06-04'],
  theirs: ['2002-05-27', '2012-05-28'],
};
const EXPECTED: Readonly<Record<Division, { ours: string[]; theirs: string[] }>> = {
  'england-and-wales': ALL_DIVISIONS,
  'northern-ireland': ALL_DIVISIONS,
  scotland: {
    // 2026-06-15: World Cup bank holiday (proclaimed 3 February 2026), unknown to 3.37.0.
    ours: [...ALL_DIVISIONS.ours, '2026-06-15'],
    // St Andrew's Day became a bank holiday by the 2007 Act; the library has it from 2000.
    theirs: ['2000-11-30', '2001-11-30', '2002-05-27', '2002-12-02', '2003-12-01', '2004-11-30', '2005-11-30', '2006-11-30', '2012-05-28'],
  },
};

describe('bank-holiday rules against date-holidays 3.37.0, 2000-2100', () => {
  describe.each(divisions.map((d) => [d]))('%s', (division) => {
    it('differs only on the dates where the library is known to be wrong', () => {
      const library = new Holidays('GB', REGION[division]);
      const ours: string[] = [];
      const theirs: string[] = [];
      for (let year = 2000; year <= 2100; year++) {
        const mine = ourDays(division, year);
        const lib = libraryDays(library, year);
        for (const d of mine) if (!lib.has(d)) ours.push(d);
        for (const d of lib) if (!mine.has(d)) theirs.push(d);
      }
      expect({ ours: ours.sort(), theirs: theirs.sort() }).toEqual(EXPECTED[division]);
    });
  });
});
