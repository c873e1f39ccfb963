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
 * Openings (DOMAIN "Rules of the second version", Reopening): the receipt and each reopening open
 * the case afresh. The acknowledgement (met by `ComplaintAcknowledged`) belongs to the receipt's
 * opening only: a case is acknowledged once. A target met by `ResponseIssued` runs in every opening
 * where it applies: in the receipt's it counts from the policy's `startsFrom`; in a reopening from
 * the reopening's effective day (its London date, or the next working day), or from that opening's
 * investigation decision when the policy counts from the decision. An opening that ends (withdrawn,
 * closed) stops its targets not yet done. `targets` is the current opening's (the acknowledgement:
 * the receipt's); `openings` has every opening's, in order, with its stall check (DOMAIN, Stalled).
 *
 * @example
 * pipe(events, (h) => evaluateSla(defaultPolicyRegistry)(h, '2025-06-10T12:00:00Z'));
 * // Right({ policy: 'CX097-V4', calendar: 'england-and-wales', targets: { acknowledgement:
 * //   { status: 'due-soon', dueDate: '2025-06-09', workingDaysUsed: 4, workingDaysLeft: 1, ... } },
 * //   openings: [{ openedAt: '2025-06-02T09:00:00+01:00', reopened: false, effectiveDate: '2025-06-02', stall: {...}, targets: {...} }] })
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
import { checkSlaPolicy, deadlineAfter, startDayOf, type StartDay } from './deadline.js';
import { type SlaError, slaError } from './errors.js';
import { checkAsOf, type SlaEnding, type SlaFacts, type SlaOpeningFacts, slaFactsAsOf } from './facts.js';

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

/**
 * Whether an opening has stalled: open with neither an investigation decision nor a response
 * `policy.stalledAfterWorkingDays` working days after its effective day (DOMAIN "Stalled").
 */
export interface SlaStall {
  readonly workingDays: number;
  /** The last working day it may go without either, and the instant that day ends (London). */
  readonly limitDate: string;
  readonly limitAt: string;
  /** `asOf` is after `limitAt`. */
  readonly stalled: boolean;
}

/** One opening of the case (the receipt, or a reopening) and its own targets. */
export interface SlaOpeningReport {
  /** The receipt's instant, or the reopening's. */
  readonly openedAt: string;
  readonly reopened: boolean;
  /** Day 0 of the opening: the effective day of receipt (cut-off applied), or of the reopening. */
  readonly effectiveDate: string;
  /** How the opening ended, if it had by `asOf`. */
  readonly ended: { readonly at: string; readonly how: SlaEnding } | null;
  /** `null` once the opening has an investigation decision or a response, or has ended. */
  readonly stall: SlaStall | null;
  /** The receipt's opening: every target; a reopening: the targets met by a response. */
  readonly targets: Partial<Record<SlaTargetId, SlaTargetReport>>;
}

export interface SlaReport {
  readonly complaintId: string;
  readonly policy: string;
  readonly calendar: string;
  readonly asOf: string;
  readonly receivedAt: string;
  /** The targets the policy sets, as they stand in the current opening (the acknowledgement: the receipt's). */
  readonly targets: Partial<Record<SlaTargetId, SlaTargetReport>>;
  /** Every opening, the receipt's first. */
  readonly openings: readonly SlaOpeningReport[];
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

/** A target runs once per case (the acknowledgement) or in every opening (a response). */
export const isOncePerCase = (target: SlaTargetDefinition): boolean => target.metBy === 'ComplaintAcknowledged';

/** Where a target of an opening counts from; `applyCutOff` only for a receipt. */
const startOf = (target: SlaTargetDefinition, opening: SlaOpeningFacts): { readonly at: Instant | null; readonly applyCutOff: boolean } => {
  switch (target.startsFrom) {
    case 'receipt':
      return { at: opening.openedAt, applyCutOff: !opening.reopened };
    case 'acknowledgement':
      // a case is acknowledged once: a reopening counts from itself
      return { at: opening.reopened ? opening.openedAt : opening.acknowledgedAt, applyCutOff: false };
    case 'investigation-required':
      return { at: opening.investigationRequiredAt, applyCutOff: false };
  }
};

const doneInstant = (target: SlaTargetDefinition, opening: SlaOpeningFacts): Instant | null =>
  target.metBy === 'ComplaintAcknowledged' ? opening.acknowledgedAt : opening.respondedAt;

const notApplicableBecause = (target: SlaTargetDefinition, opening: SlaOpeningFacts): string | null =>
  target.appliesWhen === 'investigation-required' && opening.investigationRequiredAt === null
    ? `investigation has not been required${opening.reopened ? ' since the reopening' : ''}`
    : null;

/** DOMAIN.md: a case that ends at receipt (C3, C14) stops its targets before they start. */
const endedAtReceiptBecause = (opening: SlaOpeningFacts): string | null =>
  opening.ended?.how === 'redirected'
    ? 'the complaint was redirected (C3): no SLA runs'
    : opening.ended?.how === 'referred-to-study-centre'
      ? 'the complaint was referred to the study centre (C14): no SLA runs'
      : null;

/** Evaluates one target of a policy in one opening of a case as of an instant. */
export const evaluateTarget =
  (policy: Policy, calendar: Calendar) =>
  (target: SlaTargetDefinition, opening: SlaOpeningFacts, asOf: Instant): E.Either<SlaError, SlaTargetReport> =>
    targetIn(policy, calendar, target, opening, asOf, instantMillis(asOf), undefined);

// A report asks this of every complaint as of one instant, and of every deadline a few thousand
// times: each is read once (deadlines are ends of London days, so as few as the calendar's dates).
let lastAsOf: { readonly asOf: Instant; readonly date: string } | undefined;
const londonDateOfAsOf = (asOf: Instant): string => (lastAsOf?.asOf === asOf ? lastAsOf.date : (lastAsOf = { asOf, date: londonDateOf(asOf) }).date);
const dueMillis = new Map<string, number>();
const millisOfDue = (dueAt: Instant): number => {
  let millis = dueMillis.get(dueAt);
  if (millis === undefined) dueMillis.set(dueAt, (millis = instantMillis(dueAt)));
  return millis;
};

// A report evaluates every opening of every complaint: plain statements, no pipe of closures, and
// the opening's own day 0 reused by a target that counts from the same instant.
const targetIn = (
  policy: Policy,
  calendar: Calendar,
  target: SlaTargetDefinition,
  opening: SlaOpeningFacts,
  asOf: Instant,
  asOfMillis: number,
  openingStart: StartDay | undefined,
): E.Either<SlaError, SlaTargetReport> => {
  const inapplicable = notApplicableBecause(target, opening);
  if (inapplicable !== null) return E.right(blank(target, 'not-applicable', inapplicable));
  const endedAtReceipt = endedAtReceiptBecause(opening);
  if (endedAtReceipt !== null) return E.right(blank(target, 'stopped', endedAtReceipt));
  const { at: startedAt, applyCutOff } = startOf(target, opening);
  if (startedAt === null) return E.right(blank(target, 'pending', `waits for ${target.startsFrom} to start counting`));
  const doneAt = doneInstant(target, opening);
  const ended = opening.ended;
  const started =
    openingStart !== undefined && startedAt === opening.openedAt && applyCutOff === !opening.reopened ? E.right(openingStart) : startDayOf(policy, calendar, applyCutOff)(startedAt);
  if (E.isLeft(started)) return started;
  const start = started.right;
  const deadline = deadlineAfter(calendar, target.workingDays)(start.effectiveDate);
  if (E.isLeft(deadline)) return deadline;
  // the count stops when the target is done or the case ends; otherwise it runs to asOf
  const countedTo = doneAt ?? ended?.at;
  const used = workingDaysBetween(calendar, countedTo === undefined ? londonDateOfAsOf(asOf) : londonDateOf(countedTo))(start.effectiveDate);
  if (E.isLeft(used)) return used;
  const workingDaysUsed = Math.max(0, used.right);
  const workingDaysLeft = target.workingDays - workingDaysUsed;
  const { dueDate, dueAt } = deadline.right;
  const due = millisOfDue(dueAt);
  const status: SlaStatus =
    doneAt !== null
      ? instantMillis(doneAt) <= due
        ? 'met'
        : 'missed'
      : ended !== null
        ? 'stopped'
        : asOfMillis > due
          ? 'overdue'
          : workingDaysLeft <= policy.dueSoonWorkingDays
            ? 'due-soon'
            : 'pending';
  return E.right({
    target: target.id,
    status,
    reason:
      status === 'stopped' && ended !== null
        ? `the case was ${ended.how} at ${ended.at}${instantMillis(ended.at) > due ? ', after the target was due' : ''}`
        : null,
    workingDaysAllowed: target.workingDays,
    startedAt,
    startDate: start.localDate,
    effectiveStartDate: start.effectiveDate,
    dueDate,
    dueAt,
    doneAt,
    workingDaysUsed,
    workingDaysLeft,
  });
};

/** The stall check of an opening as of an instant (DOMAIN "Stalled"); `null` when it cannot stall (any more). */
const stallOf = (policy: Policy, calendar: Calendar, opening: SlaOpeningFacts, effectiveDate: string, asOfMillis: number): E.Either<SlaError, SlaStall | null> => {
  if (opening.ended !== null || opening.investigationRequiredAt !== null || opening.respondedAt !== null) return E.right(null);
  const limit = deadlineAfter(calendar, policy.stalledAfterWorkingDays)(effectiveDate);
  if (E.isLeft(limit)) return limit;
  return E.right({
    workingDays: policy.stalledAfterWorkingDays,
    limitDate: limit.right.dueDate,
    limitAt: limit.right.dueAt,
    stalled: asOfMillis > millisOfDue(limit.right.dueAt),
  });
};

/** One opening's targets (the receipt's: all; a reopening's: those met by a response) and stall check. */
const evaluateOpening = (policy: Policy, calendar: Calendar, opening: SlaOpeningFacts, asOf: Instant, asOfMillis: number): E.Either<SlaError, SlaOpeningReport> => {
  const started = startDayOf(policy, calendar, !opening.reopened)(opening.openedAt);
  if (E.isLeft(started)) return started;
  const start = started.right;
  const stall = stallOf(policy, calendar, opening, start.effectiveDate, asOfMillis);
  if (E.isLeft(stall)) return stall;
  const targets: Partial<Record<SlaTargetId, SlaTargetReport>> = {};
  for (const target of policy.targets) {
    if (opening.reopened && isOncePerCase(target)) continue;
    const report = targetIn(policy, calendar, target, opening, asOf, asOfMillis, start);
    if (E.isLeft(report)) return report;
    targets[report.right.target] = report.right;
  }
  return E.right({ openedAt: opening.openedAt, reopened: opening.reopened, effectiveDate: start.effectiveDate, ended: opening.ended, stall: stall.right, targets });
};

// checked once per policy value, not once per complaint (policies are immutable values)
const checkedPolicies = new WeakMap<Policy, E.Either<SlaError, Policy>>();
const checkedPolicy = (policy: Policy): E.Either<SlaError, Policy> => {
  let checked = checkedPolicies.get(policy);
  if (checked === undefined) checkedPolicies.set(policy, (checked = checkSlaPolicy(policy)));
  return checked;
};

/** Evaluates every target of a given policy on a calendar, from SLA facts, as of an (already decoded) instant. */
export const evaluateSlaFacts =
  (policy: Policy, calendar: Calendar) =>
  (facts: SlaFacts, asOf: Instant): E.Either<SlaError, SlaReport> => {
    const checked = checkedPolicy(policy);
    if (E.isLeft(checked)) return checked;
    const asOfMillis = instantMillis(asOf);
    const openings: SlaOpeningReport[] = [];
    for (const opening of facts.openings) {
      const report = evaluateOpening(policy, calendar, opening, asOf, asOfMillis);
      if (E.isLeft(report)) return report;
      openings.push(report.right);
    }
    const receipt = openings[0]!;
    const current = openings[openings.length - 1]!;
    const targets: Partial<Record<SlaTargetId, SlaTargetReport>> = {};
    for (const target of policy.targets) {
      const report = (isOncePerCase(target) ? receipt : current).targets[target.id];
      if (report !== undefined) targets[target.id] = report;
    }
    return E.right({ complaintId: facts.complaintId, policy: policy.id, calendar: calendar.id, asOf, receivedAt: facts.receivedAt, targets, openings });
  };

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
 * Evaluates SLA facts under the policy version recorded at receipt (C18), looked up in the
 * registry, as of an (already decoded) instant: what `evaluateSla` does once it has the facts, for
 * callers that keep them (the monitoring case files).
 */
export const evaluateSlaFactsIn = (registry: PolicyRegistry, options: EvaluateSlaOptions = {}) => {
  const calendars = options.calendarFor ?? calendarFor;
  return (facts: SlaFacts, asOf: Instant): E.Either<SlaError, SlaReport> => {
    const policy = registry.byId(facts.policyId);
    if (O.isNone(policy))
      return E.left(
        slaError(
          'unknown-policy',
          `the complaint was received under ${JSON.stringify(facts.policyId)}, which the registry does not know (known: ${registry.policies.map((p) => p.id).join(', ')})`,
        ),
      );
    const calendar = calendars(policy.value.calendarId);
    if (E.isLeft(calendar)) return calendar;
    return evaluateSlaFacts(policy.value, calendar.right)(facts, asOf);
  };
};

/**
 * Evaluates a history under the policy version recorded at its receipt (C18), looked up in the
 * registry, even when a newer version is in force at `asOf`.
 */
export const evaluateSla = (registry: PolicyRegistry, options: EvaluateSlaOptions = {}) => {
  const underRecorded = evaluateSlaFactsIn(registry, options);
  return (history: readonly ComplaintEvent[], asOf: string): E.Either<SlaError, SlaReport> =>
    pipe(
      checkAsOf(asOf),
      E.chain((instant) => pipe(slaFactsAsOf(history, instant), E.chain((facts) => underRecorded(facts, instant)))),
    );
};
