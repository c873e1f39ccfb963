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

const isLeap = (year: number): boolean => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;

/** Whether the fields of an instant in the common shape exist (no 30 February, no 24:01, no second 60). */
const commonFieldsExist = (m: RegExpExecArray): boolean => {
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  const lastDay = month === 2 ? (isLeap(year) ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;
  const [hour, minute, second] = [Number(m[4]), Number(m[5]), Number(m[6] ?? '0')];
  // 24:00 is the end of a day, as luxon (and ISO 8601) read it; 24:00:00.001 is not
  const endOfDay = hour === 24 && minute === 0 && second === 0 && (m[7] === undefined || Math.floor(parseFloat(`0.${m[7]}`) * 1000) === 0);
  return month >= 1 && month <= 12 && day >= 1 && day <= lastDay && ((hour <= 23 && minute <= 59 && second <= 59) || endOfDay);
};

const digitAt = (s: string, i: number): number => {
  const c = s.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : -1;
};
const twoDigits = (s: string, i: number): number => {
  const a = digitAt(s, i);
  const b = digitAt(s, i + 1);
  return a < 0 || b < 0 ? -1 : a * 10 + b;
};

// The fields of the last instant `readWritten` read: one record, reused, so that reading an
// instant allocates nothing (a replay reads every instant of every event).
const written = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0, millisecond: 0, offsetMinute: 0, offsetMinutes: 0 };

/**
 * Reads an instant of the shapes this library writes (`2025-06-02T09:30:00Z`, `...:00.123Z`,
 * `...:00+01:00`, `...:00.123+01:00`) into `written`, character by character; false for any other
 * shape, which the general readers take. Nothing is checked beyond the shape.
 */
const readWritten = (s: string): boolean => {
  const n = s.length;
  if (n < 20 || n > 29 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45 || s.charCodeAt(10) !== 84 || s.charCodeAt(13) !== 58 || s.charCodeAt(16) !== 58) return false;
  let at = 19;
  if (s.charCodeAt(19) === 46) {
    // exactly three fraction digits, as toISOString writes them
    const a = digitAt(s, 20);
    const b = digitAt(s, 21);
    const c = digitAt(s, 22);
    if (a < 0 || b < 0 || c < 0) return false;
    written.millisecond = a * 100 + b * 10 + c;
    at = 23;
  } else written.millisecond = 0;
  const sign = s.charCodeAt(at);
  if (sign === 90 && n === at + 1) {
    written.offsetMinute = 0;
    written.offsetMinutes = 0;
  } else if ((sign === 43 || sign === 45) && n === at + 6 && s.charCodeAt(at + 3) === 58) {
    const oh = twoDigits(s, at + 1);
    const om = twoDigits(s, at + 4);
    if (oh < 0 || om < 0) return false;
    written.offsetMinute = om;
    written.offsetMinutes = (sign === 45 ? -1 : 1) * (oh * 60 + om);
  } else return false;
  const y1 = twoDigits(s, 0);
  const y2 = twoDigits(s, 2);
  written.month = twoDigits(s, 5);
  written.day = twoDigits(s, 8);
  written.hour = twoDigits(s, 11);
  written.minute = twoDigits(s, 14);
  written.second = twoDigits(s, 17);
  if (y1 < 0 || y2 < 0 || written.month < 0 || written.day < 0 || written.hour < 0 || written.minute < 0 || written.second < 0) return false;
  written.year = y1 * 100 + y2;
  return true;
};

/** Whether an instant of the written shapes (`readWritten`) is real; `undefined` for any other shape, which the general check reads. */
const writtenInstant = (s: string): boolean | undefined => {
  if (!readWritten(s)) return undefined;
  const { year, month, day, hour, minute, second, millisecond, offsetMinute, offsetMinutes } = written;
  if (offsetMinute >= 60 || offsetMinutes < MIN_OFFSET_MINUTES || offsetMinutes > MAX_OFFSET_MINUTES) return false;
  const lastDay = month === 2 ? (isLeap(year) ? 29 : 28) : month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
  // 24:00 is the end of a day, as luxon (and ISO 8601) read it; 24:00:00.001 is not
  const endOfDay = hour === 24 && minute === 0 && second === 0 && millisecond === 0;
  return month >= 1 && month <= 12 && day >= 1 && day <= lastDay && ((hour <= 23 && minute <= 59 && second <= 59) || endOfDay);
};

/** Whether a string is an instant: the common shape checked field by field, anything rarer by luxon (a property test holds them equal). */
const isInstant = (s: string): boolean => {
  const written = writtenInstant(s);
  if (written !== undefined) return written;
  if (!INSTANT_SHAPE.test(s) || !hasRealOffset(s)) return false;
  const common = COMMON_INSTANT.exec(s);
  return common === null ? DateTime.fromISO(s, { setZone: true }).isValid : commonFieldsExist(common);
};

export const Instant = t.brand(t.string, (s): s is t.Branded<string, InstantBrand> => isInstant(s), 'Instant');
export type Instant = t.TypeOf<typeof Instant>;

/** A calendar date, `YYYY-MM-DD`, that exists. */
export interface LocalDateBrand {
  readonly LocalDate: unique symbol;
}
const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * Whether `YYYY-MM-DD` names a real day. Integer arithmetic (deadlines check thousands of dates
 * per report); years 0-99, which Date.UTC reads as 19xx, go to luxon. A property test holds the
 * two equal.
 */
const isRealDate = (s: string): boolean => {
  const m = LOCAL_DATE.exec(s);
  if (m === null) return false;
  const year = Number(m[1]);
  if (year < 100) return DateTime.fromISO(s, { zone: 'utc' }).isValid;
  const month = Number(m[2]);
  const day = Number(m[3]);
  // day 0 of the next month is the last day of this one
  return month >= 1 && month <= 12 && day >= 1 && day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
};

export const LocalDate = t.brand(t.string, (s): s is t.Branded<string, LocalDateBrand> => isRealDate(s), 'LocalDate');
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
export const instantMillis = (instant: string): number => {
  const written = writtenMillis(instant);
  if (written !== undefined) return written;
  const fast = COMMON_INSTANT.exec(instant);
  // Date.UTC reads years 0-99 as 1900-1999: leave those to luxon
  return fast === null || fast[1]!.startsWith('00') ? DateTime.fromISO(instant, { setZone: true }).toMillis() : millisOf(fast);
};

/**
 * The milliseconds of an instant in the form this library writes, read by `readWritten`: no match
 * array, no strings. Undefined for any other form, and for years 0-99, which Date.UTC misreads.
 */
const writtenMillis = (s: string): number | undefined => {
  if (!readWritten(s) || written.year < 100) return undefined;
  const { year, month, day, hour, minute, second, millisecond, offsetMinutes } = written;
  return Date.UTC(year, month - 1, day, hour, minute, second, millisecond) - offsetMinutes * 60_000;
};

// The shape nearly every stored instant has (`2025-06-02T09:30:00.123+01:00`, `...Z`): read with
// integer arithmetic, no luxon object (a replay asks this for every event). Anything rarer goes
// through luxon; a property test holds the two equal.
const COMMON_INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(?:(Z)|([+-])(\d{2})(?::?(\d{2}))?)$/;

const millisOf = (m: RegExpExecArray): number => {
  // exactly as luxon reads a fraction of a second
  const fraction = m[7] === undefined ? 0 : Math.floor(parseFloat(`0.${m[7]}`) * 1000);
  const utc = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6] ?? '0'), fraction);
  const offset = m[8] === 'Z' ? 0 : (m[9] === '-' ? -1 : 1) * (Number(m[10]) * 60 + Number(m[11] ?? '0'));
  return utc - offset * 60_000;
};

/** Who did something: an identity and the role they acted in. */
export const Actor = t.type({ id: NonEmptyString, role: NonEmptyString }, 'Actor');
export type Actor = t.TypeOf<typeof Actor>;
