/**
 * Which policy version governs a complaint received at an instant (C18).
 *
 * @example
 * const registry = createPolicyRegistry([CX097_V4]);
 * registry.inForceAt('2025-06-01T09:00:00+01:00'); // Some(CX097_V4)
 * registry.byId('CX097-V4');                       // Some(CX097_V4)
 */
import * as O from 'fp-ts/lib/Option.js';
import { instantMillis } from '../shared/codecs.js';
import { CX097_V4 } from './cx097-v4.js';
import type { Policy } from './policy.js';

export interface PolicyRegistry {
  readonly policies: readonly Policy[];
  /** The version whose `effectiveFrom` is the latest at or before the instant. */
  readonly inForceAt: (instant: string) => O.Option<Policy>;
  readonly byId: (id: string) => O.Option<Policy>;
}

/** A registry over the given versions (any order). */
export const createPolicyRegistry = (policies: readonly Policy[]): PolicyRegistry => {
  const byStart = [...policies].sort((a, b) => instantMillis(a.effectiveFrom) - instantMillis(b.effectiveFrom));
  return {
    policies: byStart,
    inForceAt: (instant) => {
      const at = instantMillis(instant);
      return O.fromNullable([...byStart].reverse().find((p) => instantMillis(p.effectiveFrom) <= at));
    },
    byId: (id) => O.fromNullable(byStart.find((p) => p.id === id)),
  };
};

/** The policies this library knows: CX097 V4. */
export const defaultPolicyRegistry: PolicyRegistry = createPolicyRegistry([CX097_V4]);

/** Whether the policy is past its next-review date on the given local date (`YYYY-MM-DD`). */
export const isReviewOverdue =
  (onDate: string) =>
  (policy: Policy): boolean =>
    onDate > policy.nextReviewDue;
