/**
 * The SLA engine: each target of a complaint's policy (acknowledgement, response) evaluated as a
 * pure function of the complaint's history, the policy recorded at receipt and an instant.
 *
 * Status, as of `asOf`:
 * - `not-applicable`: the target does not apply (the response target before investigation
 *   is required);
 * - `met` / `missed`: done on or before / after the end of its due day;
 * - `stopped`: the case ended (withdrawn, closed, or at receipt: redirected, referred to a study
 *   centre) before the target was done;
 * - `overdue`: not done and the due instant has passed;
 * - `due-soon`: not done, at most `policy.dueSoonWorkingDays` working days left;
 * - `pending`: otherwise (also when its start point, e.g. acknowledgement, has not happened yet).
 *
 * @example
 * pipe(events, (h) => evaluateSla(defaultPolicyRegistry)(h, '2025-06-10T12:00:00Z'));
 * // Right({ policy: 'CX097-V4', calendar: 'england-and-wales', targets: { acknowledgement:
 * //   { status: 'due-soon', dueDate: '2025-06-09', workingDaysUsed: 4, workingDaysLeft: 1, ... } } })
 */
import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import * as O from 'fp-ts/lib/Option.js';
import { workingDaysBetween } from '../calendar/arithmetic.js';
import { calendarFor } from '../calendar/builtin.js';
import type { Calendar } from '../calendar/calendar.js';
import type { CalendarError } from '../calendar/errors.js';
import { londonDateOf } from '../calendar/zone.js';
import type { ComplaintEvent } from '../complaint/events.js';
import type { Policy, SlaTargetDefinition, SlaTargetId } from '../policy/policy.js';
import type { PolicyRegistry } from '../policy/registry.js';
import { instantMillis, type Instant } from '../shared/codecs.js';
import { checkSlaPolicy, deadlineAfter, effectiveStart } from './deadline.js';
import { type SlaError, slaError } from './errors.js';
import { checkAsOf, type SlaFacts, slaFactsAsOf } from './facts.js';

export type SlaStatus = 'pending' | 'due-soon' | 'overdue' | 'met' | 'missed' | 'not-applicable' | 'stopped';

/** One target's standing. Dates are local `YYYY-MM-DD`; instants ISO with offset; `null` where not (yet) known. */
export interface SlaTargetReport {
  readonly target: SlaTargetId;
  readonly status: SlaStatus;
  /** Why a target is `not-applicable` or `stopped`, or what it waits for when `pending` without a start. */
  readonly reason: string | null;
  readonly workingDaysAllowed: number;
  /** The instant the count starts from (receipt, acknowledgement or investigation decision). */
  readonly startedAt: string | null;
  /** Its local date. */
  readonly startDate: string | null;
  /** Day 0: the start date, or the next working day (non-working day, after the cut-off). */
  readonly effectiveStartDate: string | null;
  /** The last working day allowed, and the instant it ends (23:59:59.999 local). */
  readonly dueDate: string | null;
  readonly dueAt: string | null;
  /** When the target was done (its `metBy` event), if it was by `asOf`. */
  readonly doneAt: string | null;
  /** Working days counted after day 0, up to when it was done, the case ended, or `asOf`. */
  readonly workingDaysUsed: number | null;
  /** `workingDaysAllowed - workingDaysUsed`; negative when over. */
  readonly workingDaysLeft: number | null;
}

export interface SlaReport {
  readonly complaintId: string;
  readonly policy: string;
  readonly calendar: string;
  readonly asOf: string;
  readonly receivedAt: string;
  /** The targets the policy sets. */
  readonly targets: Partial<Record<SlaTargetId, SlaTargetReport>>;
}

const blank = (target: SlaTargetDefinition, status: SlaStatus, reason: string | null): SlaTargetReport => ({
  target: target.id,
  status,
  reason,
  workingDaysAllowed: target.workingDays,
  startedAt: null,
  startDate: null,
  effectiveStartDate: null,
  dueDate: null,
  dueAt: null,
  doneAt: null,
  workingDaysUsed: null,
  workingDaysLeft: null,
});

const startInstant = (target: SlaTargetDefinition, facts: SlaFacts): Instant | null => {
  switch (target.startsFrom) {
    case 'receipt':
      return facts.receivedAt;
    case 'acknowledgement':
      return facts.acknowledgedAt;
    case 'investigation-required':
      return facts.investigationRequiredAt;
  }
};

const doneInstant = (target: SlaTargetDefinition, facts: SlaFacts): Instant | null =>
  target.metBy === 'ComplaintAcknowledged' ? facts.acknowledgedAt : facts.respondedAt;

const notApplicableBecause = (target: SlaTargetDefinition, facts: SlaFacts): string | null =>
  target.appliesWhen === 'investigation-required' && facts.investigationRequiredAt === null ? 'investigation has not been required' : null;

/** DOMAIN.md: a case that ends at receipt (C3, C14) stops its targets before they start. */
const endedAtReceiptBecause = (facts: SlaFacts): string | null =>
  facts.ended?.how === 'redirected'
    ? 'the complaint was redirected (C3): no SLA runs'
    : facts.ended?.how === 'referred-to-study-centre'
      ? 'the complaint was referred to the study centre (C14): no SLA runs'
      : null;

/** Evaluates one target of a policy on the given facts as of an instant. */
export const evaluateTarget =
  (policy: Policy, calendar: Calendar) =>
  (target: SlaTargetDefinition, facts: SlaFacts, asOf: Instant): E.Either<SlaError, SlaTargetReport> => {
    const inapplicable = notApplicableBecause(target, facts);
    if (inapplicable !== null) return E.right(blank(target, 'not-applicable', inapplicable));
    const endedAtReceipt = endedAtReceiptBecause(facts);
    if (endedAtReceipt !== null) return E.right(blank(target, 'stopped', endedAtReceipt));
    const startedAt = startInstant(target, facts);
    if (startedAt === null) return E.right(blank(target, 'pending', `waits for ${target.startsFrom} to start counting`));
    const doneAt = doneInstant(target, facts);
    return pipe(
      E.Do,
      E.apSW('start', effectiveStart(policy, calendar, target.startsFrom === 'receipt')(startedAt)),
      E.bindW('deadline', ({ start }) => deadlineAfter(calendar, target.workingDays)(start.effectiveDate)),
      // the count stops when the target is done or the case ends; otherwise it runs to asOf
      E.bindW('used', ({ start }) => workingDaysBetween(calendar, londonDateOf(doneAt ?? facts.ended?.at ?? asOf))(start.effectiveDate)),
      E.map(({ start, deadline, used }): SlaTargetReport => {
        const workingDaysUsed = Math.max(0, used);
        const workingDaysLeft = target.workingDays - workingDaysUsed;
        const due = instantMillis(deadline.dueAt);
        const status: SlaStatus =
          doneAt !== null
            ? instantMillis(doneAt) <= due
              ? 'met'
              : 'missed'
            : facts.ended !== null
              ? 'stopped'
              : instantMillis(asOf) > due
                ? 'overdue'
                : workingDaysLeft <= policy.dueSoonWorkingDays
                  ? 'due-soon'
                  : 'pending';
        return {
          target: target.id,
          status,
          reason:
            status === 'stopped' && facts.ended !== null
              ? `the case was ${facts.ended.how} at ${facts.ended.at}${instantMillis(facts.ended.at) > due ? ', after the target was due' : ''}`
              : null,
          workingDaysAllowed: target.workingDays,
          startedAt,
          startDate: start.localDate,
          effectiveStartDate: start.effectiveDate,
          dueDate: deadline.dueDate,
          dueAt: deadline.dueAt,
          doneAt,
          workingDaysUsed,
          workingDaysLeft,
        };
      }),
    );
  };

/** Evaluates every target of a given policy on a calendar, from SLA facts, as of an (already decoded) instant. */
export const evaluateSlaFacts =
  (policy: Policy, calendar: Calendar) =>
  (facts: SlaFacts, asOf: Instant): E.Either<SlaError, SlaReport> =>
    pipe(
      checkSlaPolicy(policy),
      E.chain(() => E.traverseArray((target: SlaTargetDefinition) => evaluateTarget(policy, calendar)(target, facts, asOf))(policy.targets)),
      E.map((reports) => ({
        complaintId: facts.complaintId,
        policy: policy.id,
        calendar: calendar.id,
        asOf,
        receivedAt: facts.receivedAt,
        targets: Object.fromEntries(reports.map((r) => [r.target, r])) as Partial<Record<SlaTargetId, SlaTargetReport>>,
      })),
    );

/** Evaluates a history under a given policy and calendar (whatever the history recorded). */
export const evaluateSlaUnder =
  (policy: Policy, calendar: Calendar) =>
  (history: readonly ComplaintEvent[], asOf: string): E.Either<SlaError, SlaReport> =>
    pipe(
      checkAsOf(asOf),
      E.chain((instant) => pipe(slaFactsAsOf(history, instant), E.chain((facts) => evaluateSlaFacts(policy, calendar)(facts, instant)))),
    );

export interface EvaluateSlaOptions {
  /** The calendar for a policy's `calendarId`; default: the built-in calendars. */
  readonly calendarFor?: (id: string) => E.Either<CalendarError, Calendar>;
}

/**
 * Evaluates a history under the policy version recorded at its receipt (C18), looked up in the
 * registry, even when a newer version is in force at `asOf`.
 */
export const evaluateSla =
  (registry: PolicyRegistry, options: EvaluateSlaOptions = {}) =>
  (history: readonly ComplaintEvent[], asOf: string): E.Either<SlaError, SlaReport> =>
    pipe(
      checkAsOf(asOf),
      E.bindTo('instant'),
      E.bind('facts', ({ instant }) => slaFactsAsOf(history, instant)),
      E.bindW('policy', ({ facts }) =>
        pipe(
          registry.byId(facts.policyId),
          O.match(
            () =>
              E.left(
                slaError(
                  'unknown-policy',
                  `the complaint was received under ${JSON.stringify(facts.policyId)}, which the registry does not know (known: ${registry.policies.map((p) => p.id).join(', ')})`,
                ),
              ),
            (policy) => E.right<SlaError, Policy>(policy),
          ),
        ),
      ),
      E.bindW('calendar', ({ policy }) => (options.calendarFor ?? calendarFor)(policy.calendarId)),
      E.chainW(({ instant, facts, policy, calendar }) => evaluateSlaFacts(policy, calendar)(facts, instant)),
    );
