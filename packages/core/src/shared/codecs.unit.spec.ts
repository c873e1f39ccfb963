import { describe, expect, it } from 'vitest';
import * as fc from 'fast-check';
import { DateTime } from 'luxon';
import { Instant, instantMillis, LocalDate } from './codecs.js';

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/**
 * Strings in the shape of an instant, valid or not: fields a little beyond their ranges (month
 * 13, day 32, 24:00, second 60), seconds or not, fractions of 1 to 9 digits with `.` or `,`, `Z`
 * or an offset with or without a colon, real or not (+15:61).
 */
const instantShaped = fc
  .record({
    year: fc.integer({ min: 0, max: 9999 }),
    month: fc.integer({ min: 0, max: 13 }),
    day: fc.integer({ min: 0, max: 32 }),
    hour: fc.integer({ min: 0, max: 25 }),
    minute: fc.integer({ min: 0, max: 61 }),
    second: fc.option(fc.integer({ min: 0, max: 61 }), { nil: undefined }),
    fraction: fc.option(fc.stringMatching(/^\d{1,9}$/), { nil: undefined }),
    separator: fc.constantFrom('.', ','),
    offset: fc.oneof(
      fc.constant('Z'),
      fc.tuple(fc.constantFrom('+', '-'), fc.integer({ min: 0, max: 15 }), fc.integer({ min: 0, max: 61 }), fc.constantFrom(':', '')).map(([sign, h, m, colon]) => `${sign}${pad(h)}${colon}${pad(m)}`),
    ),
  })
  .map((p) => `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}${p.second === undefined ? '' : `:${pad(p.second)}${p.fraction === undefined ? '' : `${p.separator}${p.fraction}`}`}${p.offset}`);

/** Whether an offset at the end of a string is one some place uses (−12:00 to +14:00, minutes below 60). */
const offsetExists = (s: string) => {
  const m = /([+-])(\d{2}):?(\d{2})$/.exec(s);
  if (m === null) return true;
  const total = (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]));
  return Number(m[3]) < 60 && total >= -720 && total <= 840;
};

/** The shapes this library writes (seconds; no fraction or three digits; `Z` or `±hh:mm`), fields a little beyond their ranges: the codec's character-by-character path. */
const writtenShaped = fc
  .record({
    year: fc.integer({ min: 0, max: 9999 }),
    month: fc.integer({ min: 0, max: 13 }),
    day: fc.integer({ min: 0, max: 32 }),
    hour: fc.integer({ min: 0, max: 25 }),
    minute: fc.integer({ min: 0, max: 61 }),
    second: fc.integer({ min: 0, max: 61 }),
    fraction: fc.option(fc.constantFrom('000', '001', '500', '999'), { nil: undefined }),
    offset: fc.oneof(fc.constant('Z'), fc.tuple(fc.constantFrom('+', '-'), fc.integer({ min: 0, max: 15 }), fc.integer({ min: 0, max: 61 })).map(([sign, h, m]) => `${sign}${pad(h)}:${pad(m)}`)),
  })
  .map((p) => `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}${p.fraction === undefined ? '' : `.${p.fraction}`}${p.offset}`);

describe('Instant', () => {
  describe('when a string has the shape this library writes, valid or not', () => {
    it('is accepted exactly when luxon reads a valid instant and the offset exists', () => {
      fc.assert(
        fc.property(writtenShaped, (s) => {
          expect(Instant.is(s)).toBe(offsetExists(s) && DateTime.fromISO(s, { setZone: true }).isValid);
        }),
        { numRuns: 20000 },
      );
    });
  });

  describe('when a string has the shape of an instant, valid or not', () => {
    it('is accepted exactly when luxon reads a valid instant and the offset exists', () => {
      fc.assert(
        fc.property(instantShaped, (s) => {
          expect(Instant.is(s)).toBe(offsetExists(s) && DateTime.fromISO(s, { setZone: true }).isValid);
        }),
        { numRuns: 10000 },
      );
    });
  });
});

describe('instantMillis', () => {
  describe('when given any instant the codec accepts', () => {
    it('reads the same milliseconds as luxon, whether or not it takes the fast path', () => {
      fc.assert(
        fc.property(instantShaped.filter((s) => Instant.is(s)), (text) => {
          expect(instantMillis(text)).toBe(DateTime.fromISO(text, { setZone: true }).toMillis());
        }),
        { numRuns: 5000 },
      );
    });
  });
  describe('when given an instant in the form this library writes', () => {
    it('reads the same milliseconds as luxon, across years, fractions and offsets', () => {
      const two = (n: number) => String(n).padStart(2, '0');
      const written = fc
        .tuple(
          fc.date({ min: new Date(Date.UTC(-2000, 0, 1)), max: new Date(Date.UTC(9999, 11, 31)), noInvalidDate: true }),
          fc.boolean(),
          fc.oneof(fc.constant('Z'), fc.tuple(fc.constantFrom('+', '-'), fc.integer({ min: 0, max: 14 }), fc.constantFrom(0, 15, 30, 45)).map(([sign, h, m]) => `${sign}${two(h)}:${two(m)}`)),
        )
        .map(([date, withFraction, offset]) => {
          const iso = date.toISOString(); // YYYY-MM-DDTHH:MM:SS.sssZ, or ±YYYYYY-... outside 0000-9999
          return `${iso.slice(0, withFraction ? 23 : 19)}${offset}`;
        });
      fc.assert(
        fc.property(written, (text) => {
          fc.pre(Instant.is(text));
          expect(instantMillis(text)).toBe(DateTime.fromISO(text, { setZone: true }).toMillis());
        }),
        { numRuns: 5000 },
      );
    });
  });
});

describe('LocalDate', () => {
  const byLuxon = (s: string) => /^\d{4}-\d{2}-\d{2}$/.test(s) && DateTime.fromISO(s, { zone: 'utc' }).isValid;
  const digits = (n: number) => fc.array(fc.constantFrom(...'0123456789'), { minLength: n, maxLength: n }).map((d) => d.join(''));
  describe('when a string has the shape of a date, real or not', () => {
    it('accepts exactly the dates luxon accepts (any year, month 00-99, day 00-99)', () => {
      const shaped = fc.tuple(digits(4), digits(2), digits(2)).map(([y, m, d]) => `${y}-${m}-${d}`);
      fc.assert(
        fc.property(shaped, (s) => {
          expect(LocalDate.is(s)).toBe(byLuxon(s));
        }),
        { numRuns: 5000 },
      );
    });
    it('accepts exactly the dates luxon accepts near month ends, leap days included', () => {
      const nearEnd = fc
        .tuple(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 27, max: 32 }))
        .map(([y, m, d]) => `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`);
      fc.assert(
        fc.property(nearEnd, (s) => {
          expect(LocalDate.is(s)).toBe(byLuxon(s));
        }),
        { numRuns: 5000 },
      );
      for (const s of ['2024-02-29', '2025-02-29', '2000-02-29', '2100-02-29', '1900-02-29', '0000-02-29', '0004-02-29'])
        expect(LocalDate.is(s)).toBe(byLuxon(s));
    });
    it('refuses what is not a date at all', () => {
      for (const s of ['2025-1-01', '2025-01-01T00:00:00Z', ' 2025-01-01', '2025-01-01\n', '２０２５-01-01', ''])
        expect(LocalDate.is(s)).toBe(false);
    });
  });
});
