/**
 * A day a calendar does not work: a bank holiday (from the rules or a loaded government file) or
 * an organisation's closure day.
 *
 * @example
 * const day: NonWorkingDay = { date: '2021-12-27', name: 'Christmas Day', kind: 'bank-holiday', substitute: true, source: 'rules' };
 */

/** Where a non-working day came from. */
export type NonWorkingDaySource = 'rules' | 'gov-json' | 'closure';

export interface NonWorkingDay {
  /** `YYYY-MM-DD`, local to Europe/London. */
  readonly date: string;
  /** The name the government list uses (e.g. `Christmas Day`), or the closure's name. */
  readonly name: string;
  readonly kind: 'bank-holiday' | 'closure';
  /** Whether this is a substitute for a holiday that fell on a weekend (or on another holiday). */
  readonly substitute: boolean;
  readonly source: NonWorkingDaySource;
}

/** Orders non-working days by date. */
export const byDate = (a: NonWorkingDay, b: NonWorkingDay): number => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0);
