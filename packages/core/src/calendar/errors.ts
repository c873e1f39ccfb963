/**
 * What can go wrong when asking a calendar a question: each failure is a value with a stable
 * `code` and a message naming the input at fault.
 *
 * @example
 * import { calendarError } from './errors.js';
 * calendarError('invalid-date', 'expected a date YYYY-MM-DD, got "2025-02-30"');
 */

/** Stable codes for calendar failures; the CLI maps them to messages and exit codes. */
export type CalendarErrorCode =
  | 'invalid-date'
  | 'date-out-of-range'
  | 'invalid-count'
  | 'unknown-calendar'
  | 'invalid-closure-days'
  | 'invalid-bank-holidays';

export interface CalendarError {
  readonly code: CalendarErrorCode;
  readonly message: string;
}

/** Builds a {@link CalendarError}. */
export const calendarError = (code: CalendarErrorCode, message: string): CalendarError => ({ code, message });
