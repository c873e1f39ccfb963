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
const OFFSET = /(Z|[+-]\d{2}(:?\d{2})?)$/;
const INSTANT_SHAPE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;
export const Instant = t.brand(
  t.string,
  (s): s is t.Branded<string, InstantBrand> =>
    INSTANT_SHAPE.test(s) && OFFSET.test(s) && DateTime.fromISO(s, { setZone: true }).isValid,
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

/** Milliseconds since the epoch of an instant already decoded by {@link Instant}. */
export const instantMillis = (instant: string): number =>
  DateTime.fromISO(instant, { setZone: true }).toMillis();

/** Who did something: an identity and the role they acted in. */
export const Actor = t.type({ id: NonEmptyString, role: NonEmptyString }, 'Actor');
export type Actor = t.TypeOf<typeof Actor>;
