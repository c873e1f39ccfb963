/**
 * fast-check arbitraries for dates and instants: local dates in the calendar's range, instants
 * near London midnight and around the daylight-saving changes, working-day counts.
 * Generated with fast-check's own date arbitrary and formatted as ISO strings, so they do not
 * lean on the code under test.
 *
 * @example
 * fc.assert(fc.property(arbLocalDate(), arbWorkingDayCount(), (date, n) => ...));
 */
import fc from 'fast-check';

const utcDate = (iso: string): Date => new Date(`${iso}T00:00:00.000Z`);

/** A `YYYY-MM-DD` date between two dates inclusive (default 2000-01-01 to 2100-12-31). */
export const arbLocalDate = (options: { from?: string; to?: string } = {}): fc.Arbitrary<string> =>
  fc
    .date({ min: utcDate(options.from ?? '2000-01-01'), max: utcDate(options.to ?? '2100-12-31'), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, 10));

/** A whole number of working days, 0 to `max` (default 400). */
export const arbWorkingDayCount = (max = 400): fc.Arbitrary<number> => fc.integer({ min: 0, max });

/** An ISO instant in UTC (`...Z`) between two dates (default 2000 to 2100). */
export const arbInstant = (options: { from?: string; to?: string } = {}): fc.Arbitrary<string> =>
  fc
    .date({ min: utcDate(options.from ?? '2000-01-01'), max: utcDate(options.to ?? '2100-12-31'), noInvalidDate: true })
    .map((d) => d.toISOString());

/** An instant within two hours of midnight UTC, which is within an hour of London midnight in GMT and BST. */
export const arbInstantNearLondonMidnight = (): fc.Arbitrary<string> =>
  fc
    // from 2 January 2000 so the London date of every instant is in the calendars' range
    .tuple(arbLocalDate({ from: '2000-01-02' }), fc.integer({ min: -120, max: 119 }), fc.integer({ min: 0, max: 59_999 }))
    .map(([date, minutes, ms]) => new Date(utcDate(date).getTime() + minutes * 60_000 + ms).toISOString());

/**
 * An instant within three hours of 01:00 UTC on a day in the last week of March or October
 * (the UK changes its clocks at 01:00 UTC on the last Sunday of those months).
 */
export const arbInstantNearClockChange = (): fc.Arbitrary<string> =>
  fc
    .tuple(
      fc.integer({ min: 2000, max: 2100 }),
      fc.constantFrom('03', '10'),
      fc.integer({ min: 25, max: 31 }),
      fc.integer({ min: -180, max: 180 }),
    )
    .map(([year, month, day, minutes]) => new Date(utcDate(`${year}-${month}-${day}`).getTime() + (60 + minutes) * 60_000).toISOString());

/** The local date of an instant in Europe/London by the platform's Intl (ICU) data: an oracle independent of luxon's API. */
export const londonDateByIntl = (instant: string): string =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(instant));
