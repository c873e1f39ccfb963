/**
 * What can stop an SLA evaluation: bad input (a malformed instant, a history without a receipt),
 * a policy the registry does not know or that is malformed, or a calendar failure.
 *
 * @example
 * slaError('unknown-policy', 'the complaint was received under "CX097-V9", which the registry does not know');
 */
import type { CalendarErrorCode } from '../calendar/errors.js';

/** Stable codes for SLA failures (calendar codes pass through). */
export type SlaErrorCode = CalendarErrorCode | 'invalid-instant' | 'no-receipt' | 'unknown-policy' | 'invalid-policy';

export interface SlaError {
  readonly code: SlaErrorCode;
  readonly message: string;
}

/** Builds an {@link SlaError}. */
export const slaError = (code: SlaErrorCode, message: string): SlaError => ({ code, message });
