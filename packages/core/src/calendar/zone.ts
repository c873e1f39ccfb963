/**
 * Instants to local dates and back, in a calendar's time zone (Europe/London), with luxon's IANA
 * zone data so that midnight and the daylight-saving changes resolve to the right local day.
 *
 * @example
 * localDateOf('Europe/London')('2025-06-30T23:30:00Z'); // Right({ date: '2025-07-01', time: '00:30' })
 * endOfLocalDay('Europe/London')('2025-03-30');          // Right('2025-03-30T23:59:59.999+01:00')
 */
import * as E from 'fp-ts/lib/Either.js';
import { DateTime } from 'luxon';
import { Instant, LocalDate } from '../shared/codecs.js';
import { type CalendarError, calendarError } from './errors.js';

/** The zone CX097's working days are reckoned in. */
export const LONDON = 'Europe/London';

/** A local date and wall-clock time (`HH:mm`). */
export interface LocalDateTime {
  readonly date: string;
  readonly time: string;
}

const checkZone = (zone: string): E.Either<CalendarError, string> =>
  DateTime.now().setZone(zone).isValid ? E.right(zone) : E.left(calendarError('invalid-time-zone', `unknown time zone ${JSON.stringify(zone)}`));

/** The local date and time of an ISO instant (with offset) in a zone. */
export const localDateOf =
  (zone: string) =>
  (instant: string): E.Either<CalendarError, LocalDateTime> => {
    if (!Instant.is(instant))
      return E.left(calendarError('invalid-instant', `expected an ISO-8601 instant with offset (e.g. 2025-06-02T09:30:00+01:00), got ${JSON.stringify(instant)}`));
    return E.map((z: string) => {
      const local = DateTime.fromISO(instant, { setZone: true }).setZone(z);
      return { date: local.toISODate() as string, time: local.toFormat('HH:mm') };
    })(checkZone(zone));
  };

/** The last millisecond (23:59:59.999) of a local date in a zone, as an ISO instant with its offset. */
export const endOfLocalDay =
  (zone: string) =>
  (date: string): E.Either<CalendarError, string> => {
    if (!LocalDate.is(date)) return E.left(calendarError('invalid-date', `expected a date YYYY-MM-DD, got ${JSON.stringify(date)}`));
    return E.map((z: string) => DateTime.fromISO(date, { zone: z }).endOf('day').toISO() as string)(checkZone(zone));
  };
