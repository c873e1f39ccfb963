/**
 * Boundary codecs shared by commands, events and policies.
 *
 * @example
 * import { Instant } from './codecs.js';
 * Instant.decode('2025-03-30T00:30:00Z'); // Right('2025-03-30T00:30:00Z')
 * Instant.decode('2025-03-30');           // Left: an instant needs a time and an offset
 */
import * as t from 'io-ts';
import { DateTime } from 'luxon';

/** An ISO-8601 instant with an explicit offset (`Z` or `±hh:mm`); kept as the string given. */
export interface InstantBrand {
  readonly Instant: unique symbol;
}
const OFFSET = /(Z|([+-])(\d{2})(?::?(\d{2}))?)$/;
const INSTANT_SHAPE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;
/** The offsets in use anywhere on Earth run from UTC−12:00 to UTC+14:00. */
export const MIN_OFFSET_MINUTES = -12 * 60;
export const MAX_OFFSET_MINUTES = 14 * 60;

/** Whether the offset ending an instant string exists (`+99:00` would move the instant by days). */
const hasRealOffset = (s: string): boolean => {
  const match = OFFSET.exec(s);
  if (match === null) return false;
  if (match[1] === 'Z') return true;
  const minutes = Number(match[4] ?? '0');
  const total = (match[2] === '-' ? -1 : 1) * (Number(match[3]) * 60 + minutes);
  return minutes < 60 && total >= MIN_OFFSET_MINUTES && total <= MAX_OFFSET_MINUTES;
};

export const Instant = t.brand(
  t.string,
  (s): s is t.Branded<string, InstantBrand> =>
    INSTANT_SHAPE.test(s) && hasRealOffset(s) && DateTime.fromISO(s, { setZone: true }).isValid,
  'Instant',
);
export type Instant = t.TypeOf<typeof Instant>;

/** A calendar date, `YYYY-MM-DD`, that exists. */
export interface LocalDateBrand {
  readonly LocalDate: unique symbol;
}
export const LocalDate = t.brand(
  t.string,
  (s): s is t.Branded<string, LocalDateBrand> =>
    /^\d{4}-\d{2}-\d{2}$/.test(s) && DateTime.fromISO(s, { zone: 'utc' }).isValid,
  'LocalDate',
);
export type LocalDate = t.TypeOf<typeof LocalDate>;

/** A string with at least one non-blank character. */
export interface NonEmptyStringBrand {
  readonly NonEmptyString: unique symbol;
}
export const NonEmptyString = t.brand(
  t.string,
  (s): s is t.Branded<string, NonEmptyStringBrand> => s.trim().length > 0,
  'NonEmptyString',
);
export type NonEmptyString = t.TypeOf<typeof NonEmptyString>;

/** A whole number of things, from 0 up to 2^53 − 1: never negative, fractional, infinite or NaN. */
export interface CountBrand {
  readonly Count: unique symbol;
}
export const Count = t.brand(t.number, (n): n is t.Branded<number, CountBrand> => Number.isSafeInteger(n) && n >= 0, 'Count');
export type Count = t.TypeOf<typeof Count>;

/** Milliseconds since the epoch of an instant already decoded by {@link Instant}. */
export const instantMillis = (instant: string): number =>
  DateTime.fromISO(instant, { setZone: true }).toMillis();

/** Who did something: an identity and the role they acted in. */
export const Actor = t.type({ id: NonEmptyString, role: NonEmptyString }, 'Actor');
export type Actor = t.TypeOf<typeof Actor>;
