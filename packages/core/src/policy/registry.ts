/**
 * Which policy version governs a complaint received at an instant (C18).
 *
 * @example
 * const registry = createPolicyRegistry([CX097_V4]);
 * registry.inForceAt('2025-06-01T09:00:00+01:00'); // Some(CX097_V4)
 * registry.byId('CX097-V4');                       // Some(CX097_V4)
 *
 * // the same, checking first that every policy's calendarId names a calendar
 * checkedPolicyRegistry([CX097_V4, { ...CX097_V4, id: 'CX097-V5', calendarId: 'scottland' }]);
 * // Left([{ path: '1.calendarId', message: 'policy CX097-V5: unknown calendar "scottland"; known: england-and-wales, scotland, northern-ireland' }])
 */
import * as E from 'fp-ts/lib/Either.js';
import * as O from 'fp-ts/lib/Option.js';
import { calendarFor as builtInCalendarFor } from '../calendar/builtin.js';
import type { Calendar } from '../calendar/calendar.js';
import type { CalendarError } from '../calendar/errors.js';
import { instantMillis } from '../shared/codecs.js';
import type { Problem } from '../shared/errors.js';
import { CX097_V4 } from './cx097-v4.js';
import type { Policy } from './policy.js';

export interface PolicyRegistry {
  readonly policies: readonly Policy[];
  /** The version whose `effectiveFrom` is the latest at or before the instant. */
  readonly inForceAt: (instant: string) => O.Option<Policy>;
  readonly byId: (id: string) => O.Option<Policy>;
}

/**
 * A registry over the given versions (any order). It takes them as they are: to have each policy's
 * `calendarId` checked against the calendars, build it with {@link checkedPolicyRegistry}.
 */
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

export interface PolicyCheckOptions {
  /**
   * The calendar for a policy's `calendarId`, as given to `evaluateSla` (and the compliance check
   * and SLA read models); default: the built-in calendars.
   */
  readonly calendarFor?: (id: string) => E.Either<CalendarError, Calendar>;
}

/**
 * What is wrong with a policy that its codec cannot see: a `calendarId` no calendar answers to
 * (`Policy.decode` checks only that it is a non-empty string, since an embedder may bring calendars
 * of its own). Without this check such a policy fails only when a deadline is first counted under
 * it, as `unknown-calendar`. Empty when the policy is sound.
 */
export const policyProblems = (policy: Policy, options: PolicyCheckOptions = {}): Problem[] => {
  const calendar = (options.calendarFor ?? builtInCalendarFor)(policy.calendarId);
  return E.isLeft(calendar) ? [{ path: 'calendarId', message: `policy ${policy.id}: ${calendar.left.message}` }] : [];
};

/**
 * A registry over the given versions, as {@link createPolicyRegistry}, once every policy passes
 * {@link policyProblems}; Left lists every problem, each path led by the policy's index.
 */
export const checkedPolicyRegistry = (policies: readonly Policy[], options: PolicyCheckOptions = {}): E.Either<Problem[], PolicyRegistry> => {
  const problems = policies.flatMap((policy, i) => policyProblems(policy, options).map((p) => ({ path: `${i}.${p.path}`, message: p.message })));
  return problems.length > 0 ? E.left(problems) : E.right(createPolicyRegistry(policies));
};

/** The policies this library knows: CX097 V4. */
export const defaultPolicyRegistry: PolicyRegistry = createPolicyRegistry([CX097_V4]);

/** Whether the policy is past its next-review date on the given local date (`YYYY-MM-DD`). */
export const isReviewOverdue =
  (onDate: string) =>
  (policy: Policy): boolean =>
    onDate > policy.nextReviewDue;
