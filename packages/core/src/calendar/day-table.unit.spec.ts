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
