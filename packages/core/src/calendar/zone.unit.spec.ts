import { arbInstant, arbInstantNearClockChange, arbInstantNearLondonMidnight, londonDateByIntl } from '@cim-complaints/testing';
import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { Instant } from '../shared/codecs.js';
import { DateTime } from 'luxon';
import { endOfLondonDay, LONDON, londonDateOf, londonTimeOf } from './zone.js';

const instant = (s: string): Instant => {
  if (!Instant.is(s)) throw new Error(`not an instant: ${s}`);
  return s;
};
const local = (s: string) => ({ date: londonDateOf(instant(s)), time: londonTimeOf(instant(s)) });

describe('London dates of instants', () => {
  describe('when an instant is near midnight', () => {
    it('puts 23:30 UTC in summer on the next London day (BST)', () => {
      expect(local('2025-06-30T23:30:00Z')).toEqual({ date: '2025-07-01', time: '00:30' });
    });
    it('keeps 23:30 UTC in winter on the same day (GMT)', () => {
      expect(local('2025-12-30T23:30:00Z')).toEqual({ date: '2025-12-30', time: '23:30' });
    });
    it('honours the offset given: 00:30+02:00 is 23:30 the previous day in London in winter', () => {
      expect(local('2025-01-10T00:30:00+02:00')).toEqual({ date: '2025-01-09', time: '22:30' });
    });
  });

  describe('when the clocks change', () => {
    it('maps the instants either side of the spring-forward (30 March 2025, 01:00 UTC)', () => {
      expect(local('2025-03-30T00:59:59Z')).toEqual({ date: '2025-03-30', time: '00:59' });
      expect(local('2025-03-30T01:00:00Z')).toEqual({ date: '2025-03-30', time: '02:00' });
      expect(local('2025-03-29T23:30:00Z')).toEqual({ date: '2025-03-29', time: '23:30' });
    });
    it('maps 23:30 UTC on the day of fall-back (26 October 2025) to that day, 23:30 GMT', () => {
      expect(local('2025-10-25T23:30:00Z')).toEqual({ date: '2025-10-26', time: '00:30' });
      expect(local('2025-10-26T23:30:00Z')).toEqual({ date: '2025-10-26', time: '23:30' });
    });
    it('ends each London day at 23:59:59.999 with the offset in force then', () => {
      expect(endOfLondonDay('2025-03-29')).toEqual(E.right('2025-03-29T23:59:59.999+00:00'));
      expect(endOfLondonDay('2025-03-30')).toEqual(E.right('2025-03-30T23:59:59.999+01:00'));
      expect(endOfLondonDay('2025-10-26')).toEqual(E.right('2025-10-26T23:59:59.999+00:00'));
    });
  });

  describe('when compared with the platform Intl (ICU) oracle', () => {
    const agreesWithIntl = (s: string) => {
      expect(londonDateOf(instant(s))).toBe(londonDateByIntl(s));
    };
    it('agrees on instants near London midnight', () => {
      fc.assert(fc.property(arbInstantNearLondonMidnight(), agreesWithIntl), { numRuns: 1000 });
    });
    it('agrees on instants around the clock changes', () => {
      fc.assert(fc.property(arbInstantNearClockChange(), agreesWithIntl), { numRuns: 1000 });
    });
    it('agrees on the same instant written with any offset the codec accepts', () => {
      const offsets = fc.integer({ min: -12 * 4, max: 14 * 4 }).map((q) => q * 15);
      fc.assert(
        fc.property(fc.oneof(arbInstantNearLondonMidnight(), arbInstantNearClockChange()), offsets, (utc, minutes) => {
          const shifted = new Date(Date.parse(utc) + minutes * 60_000).toISOString().slice(0, 19);
          const pad = (n: number) => String(Math.trunc(Math.abs(n))).padStart(2, '0');
          const written = `${shifted}${minutes < 0 ? '-' : '+'}${pad(minutes / 60)}:${pad(minutes % 60)}`;
          expect(londonDateOf(instant(written))).toBe(londonDateByIntl(utc.replace(/\.\d{3}Z$/, 'Z')));
        }),
        { numRuns: 1000 },
      );
    });
    it('agrees on any instant 2000-2100', () => {
      fc.assert(fc.property(arbInstant(), agreesWithIntl), { numRuns: 500 });
    });
    it('agrees within an hour of every clock change 1990-2110, across the ends of the fast path (1996, 2099)', () => {
      const lastSunday = (year: number, month: number) => {
        const last = new Date(Date.UTC(year, month + 1, 0));
        return Date.UTC(year, month, last.getUTCDate() - last.getUTCDay(), 1);
      };
      const near = fc
        .tuple(fc.integer({ min: 1990, max: 2110 }), fc.constantFrom(2, 9), fc.integer({ min: -90 * 60_000, max: 90 * 60_000 }))
        .map(([year, month, delta]) => new Date(lastSunday(year, month) + delta).toISOString());
      const timeByIntl = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
      fc.assert(
        fc.property(near, (s) => {
          agreesWithIntl(s);
          expect(londonTimeOf(instant(s))).toBe(timeByIntl.format(new Date(s)));
        }),
        { numRuns: 3000 },
      );
    });
  });

  describe('when a date is bad', () => {
    it('says so rather than ending a day that does not exist', () => {
      expect(endOfLondonDay('2025-02-30')).toEqual(E.left({ code: 'invalid-date', message: 'expected a date YYYY-MM-DD, got "2025-02-30"' }));
    });
  });
});

describe('the end of a London day', () => {
  const byLuxon = (date: string) => DateTime.fromISO(date, { zone: LONDON }).endOf('day').toISO();
  const dates = fc
    .integer({ min: Date.UTC(1990, 0, 1), max: Date.UTC(2102, 11, 31) })
    .map((ms) => new Date(Math.floor(ms / 86_400_000) * 86_400_000).toISOString().slice(0, 10));
  it('is what luxon gives, on any date from 1990 to 2102', () => {
    fc.assert(
      fc.property(dates, (date) => {
        expect(endOfLondonDay(date)).toEqual(E.right(byLuxon(date)));
      }),
      { numRuns: 3000 },
    );
  });
  it('is what luxon gives on every day around the clock changes of 1996 to 2099', () => {
    for (let year = 1996; year <= 2099; year++) {
      for (const month of [3, 10]) {
        for (let day = 20; day <= 31; day++) {
          const date = `${year}-${String(month).padStart(2, '0')}-${day}`;
          expect(endOfLondonDay(date)).toEqual(E.right(byLuxon(date)));
        }
      }
    }
  });
});
