/**
 * The policy in force at an instant (C18) and whether it is past its next-review date: CX097 V4
 * was due for review by the end of January 2025, so a report as of February 2025 or later flags it.
 *
 * @example
 * policyInForce(defaultPolicyRegistry, '2025-06-30T12:00:00+01:00');
 * // { id: 'CX097-V4', reference: 'CX097', version: 'V4', nextReviewDue: '2025-01-31', reviewOverdue: true, ... }
 */
import * as O from 'fp-ts/lib/Option.js';
import { isReviewOverdue, londonDateOf, type Instant, type Policy, type PolicyRegistry } from '@cim-complaints/core';

export interface PolicyInForce {
  readonly id: string;
  readonly reference: string;
  readonly version: string;
  readonly title: string;
  readonly owner: string;
  readonly reviewed: string;
  readonly effectiveFrom: string;
  readonly nextReviewDue: string;
  /** The London date of the instant is after `nextReviewDue`. */
  readonly reviewOverdue: boolean;
}

/** The registry's policy in force at `asOf`, or `null` before the first one took effect. */
export const policyInForce = (registry: PolicyRegistry, asOf: Instant): PolicyInForce | null =>
  O.match(
    () => null,
    (p: Policy): PolicyInForce => ({
      id: p.id,
      reference: p.reference,
      version: p.version,
      title: p.title,
      owner: p.owner,
      reviewed: p.reviewed,
      effectiveFrom: p.effectiveFrom,
      nextReviewDue: p.nextReviewDue,
      reviewOverdue: isReviewOverdue(londonDateOf(asOf))(p),
    }),
  )(registry.inForceAt(asOf));
