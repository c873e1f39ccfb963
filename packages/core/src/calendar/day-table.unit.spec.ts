import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { dayTable, FIRST_DATE, LAST_DATE } from './day-table.js';

describe('the table of days', () => {
  it('is, day by day, the table luxon gives: the same dates, weekdays and positions', () => {
    const first = DateTime.fromISO(FIRST_DATE, { zone: 'utc' });
    const count = DateTime.fromISO(LAST_DATE, { zone: 'utc' }).diff(first, 'days').days + 1;
    const table = dayTable();
    expect(table.dates).toHaveLength(count);
    for (let i = 0; i < count; i++) {
      const day = first.plus({ days: i });
      const iso = day.toISODate();
      if (table.dates[i] !== iso || table.weekday[i] !== day.weekday || table.indexOf.get(iso as string) !== i) {
        expect({ i, date: table.dates[i], weekday: table.weekday[i] }).toEqual({ i, date: iso, weekday: day.weekday });
      }
    }
  });
});

describe('the position of a date', () => {
  it('is none for a date the table does not hold: out of range, no such day, or not YYYY-MM-DD', () => {
    const { indexOf } = dayTable();
    for (const date of ['1999-12-31', '2103-01-01', '2025-02-29', '2024-02-30', '2025-13-01', '2025-00-10', '2025-2-3', ' 2025-02-03', 'tomorrow', '']) {
      expect({ date, position: indexOf.get(date), has: indexOf.has(date) }).toEqual({ date, position: undefined, has: false });
    }
    expect(indexOf.get('2024-02-29')).toBe(indexOf.get('2024-02-28')! + 1);
  });

  it('walks every date in order, as a map of the table would', () => {
    const table = dayTable();
    expect(table.indexOf.size).toBe(table.dates.length);
    expect([...table.indexOf.keys()]).toEqual(table.dates);
    expect([...table.indexOf].slice(0, 2)).toEqual([
      [FIRST_DATE, 0],
      ['2000-01-02', 1],
    ]);
  });
});
