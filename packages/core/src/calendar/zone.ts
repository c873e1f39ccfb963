/**
 * Instants to London dates and back. CX097's working days are reckoned in one zone, Europe/London;
 * luxon's IANA zone data resolves midnight and the clock changes to the right local day. This is
 * the one place an instant becomes a London date: everything else (the decider, the SLA engine,
 * the read models, the CLI) calls `londonDateOf`.
 *
 * @example
 * londonDateOf('2025-06-30T23:30:00Z' as Instant); // '2025-07-01' (00:30 BST)
 * londonTimeOf('2025-06-30T23:30:00Z' as Instant); // '00:30'
 * endOfLondonDay('2025-03-30');                     // Right('2025-03-30T23:59:59.999+01:00')
 */
import * as E from 'fp-ts/lib/Either.js';
import { DateTime } from 'luxon';
import { LocalDate, type Instant } from '../shared/codecs.js';
import { type CalendarError, calendarError } from './errors.js';

/** The zone CX097's working days are reckoned in, and the one local dates and times are shown in. */
export const LONDON = 'Europe/London';

// an Instant was decoded with a real offset, so luxon always parses it and setZone cannot fail
const inLondon = (instant: Instant): DateTime => DateTime.fromISO(instant, { setZone: true }).setZone(LONDON);

/** The London date (`YYYY-MM-DD`) of an instant: total for a decoded Instant. */
export const londonDateOf = (instant: Instant): LocalDate => inLondon(instant).toISODate() as LocalDate;

/** The London wall-clock time (`HH:mm`) of an instant, for cut-off times. */
export const londonTimeOf = (instant: Instant): string => inLondon(instant).toFormat('HH:mm');

/** The last millisecond (23:59:59.999) of a London date, as an ISO instant with the offset in force then. */
export const endOfLondonDay = (date: string): E.Either<CalendarError, Instant> =>
  LocalDate.is(date)
    ? E.right(DateTime.fromISO(date, { zone: LONDON }).endOf('day').toISO() as Instant)
    : E.left(calendarError('invalid-date', `expected a date YYYY-MM-DD, got ${JSON.stringify(date)}`));
