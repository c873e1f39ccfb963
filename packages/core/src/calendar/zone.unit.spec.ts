import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { endOfLocalDay, LONDON, localDateOf } from './zone.js';

describe('local dates in Europe/London', () => {
  describe('when an instant is near midnight', () => {
    it('puts 23:30 UTC in summer on the next local day (BST)', () => {
      expect(localDateOf(LONDON)('2025-06-30T23:30:00Z')).toEqual(E.right({ date: '2025-07-01', time: '00:30' }));
    });
    it('keeps 23:30 UTC in winter on the same day (GMT)', () => {
      expect(localDateOf(LONDON)('2025-12-30T23:30:00Z')).toEqual(E.right({ date: '2025-12-30', time: '23:30' }));
    });
    it('honours the offset given: 00:30+02:00 is 23:30 the previous day in London in winter', () => {
      expect(localDateOf(LONDON)('2025-01-10T00:30:00+02:00')).toEqual(E.right({ date: '2025-01-09', time: '22:30' }));
    });
  });

  describe('when the clocks change', () => {
    it('maps the instants either side of the spring-forward (30 March 2025, 01:00 UTC)', () => {
      expect(localDateOf(LONDON)('2025-03-30T00:59:59Z')).toEqual(E.right({ date: '2025-03-30', time: '00:59' }));
      expect(localDateOf(LONDON)('2025-03-30T01:00:00Z')).toEqual(E.right({ date: '2025-03-30', time: '02:00' }));
      expect(localDateOf(LONDON)('2025-03-29T23:30:00Z')).toEqual(E.right({ date: '2025-03-29', time: '23:30' }));
    });
    it('maps 23:30 UTC on the day of fall-back (26 October 2025) to that day, 23:30 GMT', () => {
      expect(localDateOf(LONDON)('2025-10-25T23:30:00Z')).toEqual(E.right({ date: '2025-10-26', time: '00:30' }));
      expect(localDateOf(LONDON)('2025-10-26T23:30:00Z')).toEqual(E.right({ date: '2025-10-26', time: '23:30' }));
    });
    it('ends each local day at 23:59:59.999 with the offset in force then', () => {
      expect(endOfLocalDay(LONDON)('2025-03-29')).toEqual(E.right('2025-03-29T23:59:59.999+00:00'));
      expect(endOfLocalDay(LONDON)('2025-03-30')).toEqual(E.right('2025-03-30T23:59:59.999+01:00'));
      expect(endOfLocalDay(LONDON)('2025-10-26')).toEqual(E.right('2025-10-26T23:59:59.999+00:00'));
    });
  });

  describe('when the input is bad', () => {
    it('rejects an instant without an offset', () => {
      expect(localDateOf(LONDON)('2025-06-30T23:30:00')).toEqual(
        E.left({ code: 'invalid-instant', message: 'expected an ISO-8601 instant with offset (e.g. 2025-06-02T09:30:00+01:00), got "2025-06-30T23:30:00"' }),
      );
    });
    it('rejects an unknown zone', () => {
      expect(localDateOf('Europe/Londinium')('2025-06-30T23:30:00Z')).toEqual(
        E.left({ code: 'invalid-time-zone', message: 'unknown time zone "Europe/Londinium"' }),
      );
    });
  });
});
