/**
 * Small helpers for "as of" queries: time enters read models only as an explicit instant. A
 * complaint's history as of an instant is core's `historyAsOf`; London dates are core's
 * `londonDateOf`.
 *
 * @example
 * const within = happenedBy('2025-06-30T23:59:59Z');
 * within('2025-06-02T09:00:00+01:00'); // true
 * monthKeyOf('2025-05-31T23:30:00Z' as Instant);  // '2025-06' (already June in London)
 */
import { instantMillis, londonDateOf, type Instant } from '@cim-complaints/core';

/** A predicate: did an instant (already decoded) happen at or before `asOf`? */
export const happenedBy = (asOf: string): ((at: string) => boolean) => {
  const until = instantMillis(asOf);
  return (at) => instantMillis(at) <= until;
};

// A report asks the month of each receipt and opening more than once; kept up to a bound, then
// started afresh, so memory stays small whatever the log.
const months = new Map<string, string>();

/** The `YYYY-MM` of an instant in London. */
export const monthKeyOf = (at: Instant): string => {
  let month = months.get(at);
  if (month === undefined) {
    if (months.size >= 100_000) months.clear();
    months.set(at, (month = londonDateOf(at).slice(0, 7)));
  }
  return month;
};

/** An object's entries with keys in order, so reports render and compare the same every time. */
export const sortedRecord = <V>(record: Readonly<Record<string, V>>): Record<string, V> =>
  Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

/** Adds one to a key of a count record (a fresh record; the input is not changed). */
export const countInto = (record: Readonly<Record<string, number>>, key: string, by = 1): Record<string, number> => ({
  ...record,
  [key]: (record[key] ?? 0) + by,
});
