import { readFileSync } from 'node:fs';
import { builtInCalendars, closureDaysEachYear, londonDateOf, withClosureDays, withGovBankHolidays, type Instant } from '@cim-complaints/core';
import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import { describe, expect, it } from 'vitest';
import { arbInstant, arbInstantNearClockChange, arbInstantNearLondonMidnight, londonDateByIntl } from '../src/arbitraries/time.js';
import { describeWorkingDayLaws } from '../src/laws/working-days.js';

const orThrow = <A>(result: E.Either<unknown, A>): A => {
  if (E.isLeft(result)) throw new Error(JSON.stringify(result.left));
  return result.right;
};

describeWorkingDayLaws('england-and-wales', () => builtInCalendars['england-and-wales']);
describeWorkingDayLaws('scotland', () => builtInCalendars.scotland);
describeWorkingDayLaws('northern-ireland', () => builtInCalendars['northern-ireland']);
describeWorkingDayLaws('england-and-wales closed 27-31 December', () =>
  orThrow(pipe(closureDaysEachYear('12-27', '12-31', 'Christmas closure'), E.chain((days) => withClosureDays(days)(builtInCalendars['england-and-wales'])))),
);
describeWorkingDayLaws('scotland with the government file loaded', () => {
  const json: unknown = JSON.parse(readFileSync(new URL('../../core/data/uk-bank-holidays-2019-2027.json', import.meta.url), 'utf8'));
  return orThrow(withGovBankHolidays(json, 'scotland')(builtInCalendars.scotland));
});

describe('local dates of instants in Europe/London', () => {
  const agreesWithIntl = (instant: string) => {
    expect(londonDateOf(instant as Instant)).toBe(londonDateByIntl(instant));
  };
  it('resolves instants near London midnight to the right local date', () => {
    fc.assert(fc.property(arbInstantNearLondonMidnight(), agreesWithIntl), { numRuns: 1000 });
  });
  it('resolves instants around the clock changes to the right local date', () => {
    fc.assert(fc.property(arbInstantNearClockChange(), agreesWithIntl), { numRuns: 1000 });
  });
  it('resolves any instant 2000-2100 to the right local date', () => {
    fc.assert(fc.property(arbInstant(), agreesWithIntl), { numRuns: 500 });
  });
});
