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
import { instantMillis, LocalDate, type Instant } from '../shared/codecs.js';
import { type CalendarError, calendarError } from './errors.js';

/** The zone CX097's working days are reckoned in, and the one local dates and times are shown in. */
export const LONDON = 'Europe/London';

// an Instant was decoded with a real offset, so luxon always parses it and setZone cannot fail
const inLondon = (instant: Instant): DateTime => DateTime.fromISO(instant, { setZone: true }).setZone(LONDON);

/** 01:00 UTC on the last Sunday of a month (0-based): when British Summer Time starts (March) or ends (October). */
const lastSundayAtOneUtc = (year: number, month: number): number => {
  const lastDay = new Date(Date.UTC(year, month + 1, 0));
  return Date.UTC(year, month, lastDay.getUTCDate() - lastDay.getUTCDay(), 1);
};

/**
 * London's offset from UTC at an instant, in ms, by the rule in force since 1996 (BST from 01:00
 * UTC on the last Sunday of March to 01:00 UTC on the last Sunday of October); undefined outside
 * 1996-2099, where luxon's zone data answers. A property test holds it to the platform's zone data.
 */
const londonOffsetMs = (ms: number): number | undefined => {
  const year = new Date(ms).getUTCFullYear();
  if (year < 1996 || year > 2099) return undefined;
  return ms >= lastSundayAtOneUtc(year, 2) && ms < lastSundayAtOneUtc(year, 9) ? 3_600_000 : 0;
};

const pad2 = (n: number): string => (n < 10 ? `0${n}` : String(n));

/** The London date (`YYYY-MM-DD`) of an instant: total for a decoded Instant. */
export const londonDateOf = (instant: Instant): LocalDate => {
  const ms = instantMillis(instant);
  const offset = londonOffsetMs(ms);
  if (offset === undefined) return inLondon(instant).toISODate() as LocalDate;
  // a report asks this of every event: plain arithmetic, no luxon object
  const local = new Date(ms + offset);
  return `${local.getUTCFullYear()}-${pad2(local.getUTCMonth() + 1)}-${pad2(local.getUTCDate())}` as LocalDate;
};

/** The London wall-clock time (`HH:mm`) of an instant, for cut-off times. */
export const londonTimeOf = (instant: Instant): string => {
  const ms = instantMillis(instant);
  const offset = londonOffsetMs(ms);
  if (offset === undefined) return inLondon(instant).toFormat('HH:mm');
  const local = new Date(ms + offset);
  return `${pad2(local.getUTCHours())}:${pad2(local.getUTCMinutes())}`;
};

// Deadlines fall on a few thousand dates at most; a report asks for each one thousands of times.
const endOfDayCache = new Map<string, Instant>();

const offsetText = (offsetMs: number): string => (offsetMs === 0 ? '+00:00' : '+01:00');

/**
 * The end of a London day by the rule in force since 1996, without luxon: no clock change falls
 * near 23:59 (they are at 01:00 UTC), so the offset at the wall-clock moment is the offset then.
 * A property test holds it to luxon's answer; outside 1996-2099 luxon answers.
 */
const endOfLondonDayByRule = (date: string): Instant | undefined => {
  const wall = Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)), 23, 59, 59, 999);
  const offset = londonOffsetMs(wall);
  return offset === undefined ? undefined : (`${date}T23:59:59.999${offsetText(offset)}` as Instant);
};

/** The last millisecond (23:59:59.999) of a London date, as an ISO instant with the offset in force then. */
export const endOfLondonDay = (date: string): E.Either<CalendarError, Instant> => {
  if (!LocalDate.is(date)) return E.left(calendarError('invalid-date', `expected a date YYYY-MM-DD, got ${JSON.stringify(date)}`));
  let end = endOfDayCache.get(date);
  if (end === undefined) {
    end = endOfLondonDayByRule(date) ?? (DateTime.fromISO(date, { zone: LONDON }).endOf('day').toISO() as Instant);
    endOfDayCache.set(date, end);
  }
  return E.right(end);
};
