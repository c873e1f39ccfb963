/**
 * Parsers for option values shared by commands; each throws a usage error naming the option and
 * the value it got (commander calls them while parsing).
 *
 * @example
 * parseYear('2026'); // 2026
 * parseYear('26');   // throws: --year must be a four-digit year from 2000 to 2100, got "26"
 */
import { calendarFor, FIRST_SUPPORTED_YEAR, Instant, LAST_SUPPORTED_YEAR, type Calendar } from '@cim-complaints/core';
import * as E from 'fp-ts/lib/Either.js';
import { usageError } from './errors.js';

/** A `--year` value: four digits, within the supported range. */
export const parseYear = (value: string): number => {
  const year = /^\d{4}$/.test(value) ? Number(value) : NaN;
  if (!(year >= FIRST_SUPPORTED_YEAR && year <= LAST_SUPPORTED_YEAR))
    throw usageError(`--year must be a four-digit year from ${FIRST_SUPPORTED_YEAR} to ${LAST_SUPPORTED_YEAR}, got ${JSON.stringify(value)}`);
  return year;
};

/** A `--calendar` id: one of the built-in calendars. */
export const parseCalendar = (value: string): Calendar => {
  const calendar = calendarFor(value);
  if (E.isLeft(calendar)) throw usageError(`--calendar: ${calendar.left.message}`);
  return calendar.right;
};

/** An ISO-8601 instant with an offset. */
export const parseInstant =
  (option: string) =>
  (value: string): string => {
    if (!Instant.is(value))
      throw usageError(`${option} must be an ISO-8601 instant with an offset, e.g. 2025-06-02T09:30:00+01:00 or 2025-06-02T08:30:00Z, got ${JSON.stringify(value)}`);
    return value;
  };
