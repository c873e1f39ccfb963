/**
 * C18: a complaint is judged under the policy version it was received under, for its whole life;
 * that version must be one the registry knows, and a policy past its next-review date at the
 * instant asked about is flagged on every complaint judged under it.
 *
 * @example
 * reviewFinding(record, CX097_V4, '2026-01-05T09:00:00Z');
 * // [{ code: 'policy-review-overdue', clause: 'C18', dates: { nextReviewDue: '2025-01-31' }, ... }]
 */
import * as E from 'fp-ts/lib/Either.js';
import { endOfLondonDay, londonDateOf } from '../calendar/zone.js';
import { isReviewOverdue } from '../policy/registry.js';
import type { Policy } from '../policy/policy.js';
import type { Instant } from '../shared/codecs.js';
import { finding, type Finding } from './findings.js';
import type { CaseRecord } from './record.js';

/** The complaint's policy is past its next-review date on the London day of `asOf`. */
export const reviewFinding = (record: CaseRecord, policy: Policy, asOf: Instant): Finding[] => {
  if (!isReviewOverdue(londonDateOf(asOf))(policy)) return [];
  const due = endOfLondonDay(policy.nextReviewDue);
  return [
    finding('policy-review-overdue', record.receipt.event.data.complaintId, {
      message: `the complaint is judged under ${policy.id} (reviewed ${policy.reviewed}), which was due for review by ${policy.nextReviewDue} (C18)`,
      at: E.isRight(due) ? due.right : null,
      dates: { nextReviewDue: policy.nextReviewDue, reviewed: policy.reviewed },
      events: [record.receipt.ref],
    }),
  ];
};

/** The complaint was received under a policy version the registry does not know: nothing that needs the policy can be judged. */
export const unknownPolicyFinding = (record: CaseRecord, known: readonly string[]): Finding =>
  finding('unknown-policy', record.receipt.event.data.complaintId, {
    message: `the complaint was received under ${JSON.stringify(record.receipt.event.data.policy)}, which the policy registry does not know (known: ${known.join(', ') || 'none'}); its deadlines, roles and letters after closure were not checked (C18)`,
    at: record.receipt.ref.at,
    dates: { receivedAt: record.receipt.ref.at },
    events: [record.receipt.ref],
  });
