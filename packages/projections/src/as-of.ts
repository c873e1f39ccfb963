/**
 * Small helpers for "as of" queries: time enters read models only as an explicit instant.
 *
 * @example
 * const within = happenedBy('2025-06-30T23:59:59Z');
 * within('2025-06-02T09:00:00+01:00'); // true
 * monthKeyOf('2025-05-31T23:30:00Z');  // '2025-06' (already June in London)
 */
import { instantMillis, localDateOf } from '@cim-complaints/core';
import * as E from 'fp-ts/lib/Either.js';
import { DateTime } from 'luxon';

/** The zone monitoring periods (months, action due dates) are reckoned in: CIM is at Moor Hall, Berkshire. */
export const MONITORING_ZONE = 'Europe/London';

/** A predicate: did an instant happen at or before `asOf`? */
export const happenedBy = (asOf: string): ((at: string) => boolean) => {
  const until = instantMillis(asOf);
  return (at) => instantMillis(at) <= until;
};

/** The `YYYY-MM` of an instant in London. */
export const monthKeyOf = (at: string): string => DateTime.fromISO(at, { setZone: true }).setZone(MONITORING_ZONE).toFormat('yyyy-MM');

/** The London date of an instant, `YYYY-MM-DD`; the instant must already be valid. */
export const localDateAt = (at: string): string =>
  E.getOrElse(() => DateTime.fromISO(at, { setZone: true }).setZone(MONITORING_ZONE).toISODate() as string)(
    E.map((local: { date: string }) => local.date)(localDateOf(MONITORING_ZONE)(at)),
  );

/** An object's entries with keys in order, so reports render and compare the same every time. */
export const sortedRecord = <V>(record: Readonly<Record<string, V>>): Record<string, V> =>
  Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

/** Adds one to a key of a count record (a fresh record; the input is not changed). */
export const countInto = (record: Readonly<Record<string, number>>, key: string, by = 1): Record<string, number> => ({
  ...record,
  [key]: (record[key] ?? 0) + by,
});
