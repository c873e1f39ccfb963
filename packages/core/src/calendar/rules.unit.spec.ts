import { describe, expect, it } from 'vitest';
import { easterSunday } from './easter.js';
import { bankHolidaysByRule } from './rules.js';

const dates = (division: Parameters<typeof bankHolidaysByRule>[0], year: number) => bankHolidaysByRule(division, year).map((d) => d.date);
const named = (division: Parameters<typeof bankHolidaysByRule>[0], year: number) =>
  bankHolidaysByRule(division, year).map((d) => `${d.date} ${d.name}${d.substitute ? ' (substitute)' : ''}`);

describe('easterSunday', () => {
  it.each([
    [2000, 4, 23],
    [2008, 3, 23], // early extreme of the century
    [2011, 4, 24],
    [2019, 4, 21],
    [2025, 4, 20],
    [2038, 4, 25], // latest possible date
    [2100, 3, 28],
  ])('puts Easter %i on %i/%i', (year, month, day) => {
    expect(easterSunday(year)).toEqual({ month, day });
  });
});

describe('bankHolidaysByRule', () => {
  describe('when New Year falls on a weekend', () => {
    it('gives Monday as the substitute in England and Wales (2000, 2011)', () => {
      expect(dates('england-and-wales', 2000)[0]).toBe('2000-01-03');
      expect(dates('england-and-wales', 2011)[0]).toBe('2011-01-03');
    });
    it('gives Monday and Tuesday for 1 and 2 January in Scotland (2000: Sat/Sun)', () => {
      expect(named('scotland', 2000).slice(0, 2)).toEqual(['2000-01-03 New Year’s Day (substitute)', '2000-01-04 2nd January (substitute)']);
    });
  });

  describe('when Christmas falls on a weekend', () => {
    it('moves both days to Monday 27 and Tuesday 28 when Christmas is a Saturday (2004, 2010)', () => {
      expect(dates('england-and-wales', 2004).slice(-2)).toEqual(['2004-12-27', '2004-12-28']);
      expect(dates('northern-ireland', 2010).slice(-2)).toEqual(['2010-12-27', '2010-12-28']);
    });
    it('keeps Boxing Day on Monday 26 and moves Christmas to Tuesday 27 when Christmas is a Sunday (2005)', () => {
      expect(named('england-and-wales', 2005).slice(-2)).toEqual(['2005-12-26 Boxing Day', '2005-12-27 Christmas Day (substitute)']);
    });
  });

  describe('the moved and one-off days', () => {
    it('has the 2002 Golden Jubilee with Spring moved to 4 June', () => {
      expect(dates('scotland', 2002)).toEqual(expect.arrayContaining(['2002-06-03', '2002-06-04']));
      expect(dates('scotland', 2002)).not.toContain('2002-05-27');
    });
    it('has the 2011 royal wedding in all three divisions', () => {
      for (const d of ['england-and-wales', 'scotland', 'northern-ireland'] as const) expect(dates(d, 2011)).toContain('2011-04-29');
    });
    it('has the 2012 Diamond Jubilee with Spring moved to 4 June', () => {
      expect(dates('england-and-wales', 2012)).toEqual(expect.arrayContaining(['2012-06-04', '2012-06-05']));
      expect(dates('england-and-wales', 2012)).not.toContain('2012-05-28');
    });
    it('moves Early May 2020 to Friday 8 May for VE day', () => {
      expect(named('northern-ireland', 2020)).toContain('2020-05-08 Early May bank holiday (VE day)');
      expect(dates('northern-ireland', 2020)).not.toContain('2020-05-04');
    });
    it('has Scotland’s World Cup bank holiday on 15 June 2026, and only in Scotland', () => {
      expect(named('scotland', 2026)).toContain('2026-06-15 World Cup bank holiday');
      expect(dates('england-and-wales', 2026)).not.toContain('2026-06-15');
      expect(dates('northern-ireland', 2026)).not.toContain('2026-06-15');
    });
  });

  describe('division-specific days', () => {
    it('has no Easter Monday in Scotland, and the Scottish summer holiday on the first Monday of August', () => {
      expect(dates('scotland', 2025)).not.toContain('2025-04-21');
      expect(dates('scotland', 2025)).toContain('2025-08-04');
      expect(dates('england-and-wales', 2025)).toContain('2025-08-25');
    });
    it('starts St Andrew’s Day in 2007, with a Monday substitute for a weekend (2008)', () => {
      expect(dates('scotland', 2006).some((d) => d.endsWith('-11-30'))).toBe(false);
      expect(dates('scotland', 2007)).toContain('2007-11-30');
      expect(named('scotland', 2008)).toContain('2008-12-01 St Andrew’s Day (substitute)');
    });
    it('has St Patrick’s Day and the Boyne in Northern Ireland only', () => {
      expect(dates('northern-ireland', 2025)).toEqual(expect.arrayContaining(['2025-03-17', '2025-07-14']));
      expect(dates('england-and-wales', 2025)).not.toContain('2025-03-17');
    });
    it('gives eight bank holidays a year in England and Wales in an ordinary year (2100)', () => {
      expect(dates('england-and-wales', 2100)).toHaveLength(8);
    });
  });
});
