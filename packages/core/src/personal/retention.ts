/**
 * Retention (C7, UK GDPR storage limitation): a complaint's personal data is kept for the
 * policy's period after the complaint ended, then erased, unless a legal hold is in force. Pure:
 * the state, the policy and the instant asked about decide; `cim-complaints retention` erases
 * what is due through `EraseComplainantData`.
 *
 * @example
 * retentionOf(complaint, CX097_V4, '2032-01-01T00:00:00Z');
 * // { status: 'due', endedAt: '2025-03-10T...', dueOn: '2031-03-10' }
 */
import { DateTime } from 'luxon';
import { londonDateOf } from '../calendar/zone.js';
import type { Policy } from '../policy/policy.js';
import type { Instant } from '../shared/codecs.js';
import type { Complaint } from '../complaint/state.js';

export type RetentionStatus =
  /** The period has run out: the personal data is to be erased. */
  | 'due'
  /** It would be due, but a legal hold is in force. */
  | 'held'
  /** The complaint ended, and the period has not yet run out. */
  | 'not-due'
  /** The complaint has not ended (open, or reopened): nothing runs yet. */
  | 'open'
  /** Already erased. */
  | 'erased'
  /** The policy sets no retention period. */
  | 'no-rule';

export interface Retention {
  readonly status: RetentionStatus;
  /** When the complaint ended: closed, withdrawn, redirected or referred back to its study centre. */
  readonly endedAt?: Instant;
  /** The London date from which the data is due for erasure. */
  readonly dueOn?: string;
}

/** When a complaint ended, if it has: its close, withdrawal, redirection or referral (a reopening undoes a close). */
export const endedAt = (c: Complaint): Instant | undefined => {
  switch (c.status) {
    case 'closed':
      return c.closedAt;
    case 'withdrawn':
      return c.withdrawnAt;
    case 'redirected':
      return c.receivedAt;
    case 'referred-to-study-centre':
      return c.referredToStudyCentreAt ?? c.receivedAt;
    default:
      return undefined;
  }
};

/** The London date `years` whole years after an instant's London date (29 February runs to 28 February). */
const yearsAfter = (at: Instant, years: number): string => DateTime.fromISO(londonDateOf(at)).plus({ years }).toISODate() ?? londonDateOf(at);

/** Where a complaint stands under the policy's retention rule as of an instant. */
export const retentionOf = (c: Complaint, policy: Policy | undefined, asOf: Instant): Retention => {
  if (c.erasure !== undefined) return { status: 'erased' };
  const years = policy?.dataProtection?.erasePersonalDataYearsAfterEnd;
  const ended = endedAt(c);
  if (ended === undefined) return { status: 'open' };
  if (years === undefined) return { status: 'no-rule', endedAt: ended };
  const dueOn = yearsAfter(ended, years);
  if (londonDateOf(asOf) < dueOn) return { status: 'not-due', endedAt: ended, dueOn };
  return { status: c.legalHold === undefined ? 'due' : 'held', endedAt: ended, dueOn };
};
