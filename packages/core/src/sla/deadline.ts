/**
 * Deadlines in working days under a policy (POLICY-MAPPING "Working days"): the day of receipt is
 * day 0; a receipt on a non-working day, or at or after the policy's cut-off time, counts from
 * the next working day; a deadline of N working days is the end (23:59:59.999 local) of the N-th
 * working day after that effective day.
 *
 * @example
 * import { pipe } from 'fp-ts/lib/function.js';
 * pipe('2025-06-07T10:00:00+01:00', deadlinesFromReceipt(CX097_V4, builtInCalendars['england-and-wales']));
 * // Right({ effectiveReceiptDate: '2025-06-09', targets: { acknowledgement: { dueDate: '2025-06-16',
 * //   dueAt: '2025-06-16T23:59:59.999+01:00', ... }, response: { dueDate: '2025-07-07', ... } } })
 */
import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import { addWorkingDays, effectiveWorkingDay, nextWorkingDay } from '../calendar/arithmetic.js';
import type { Calendar } from '../calendar/calendar.js';
import { endOfLondonDay, LONDON, londonDateOf, londonTimeOf } from '../calendar/zone.js';
import type { Policy, SlaTargetDefinition, SlaTargetId } from '../policy/policy.js';
import { Instant } from '../shared/codecs.js';
import { type SlaError, slaError } from './errors.js';

const CUT_OFF = /^([01]\d|2[0-3]):[0-5]\d$/;

/** How a start instant became day 0. */
export interface EffectiveStart {
  /** The instant the count starts from. */
  readonly at: Instant;
  /** Its London date and time. */
  readonly localDate: string;
  readonly localTime: string;
  /** Day 0 of the count: a working day. */
  readonly effectiveDate: string;
  /** Why day 0 differs from the local date, if it does. */
  readonly movedBecause: 'non-working-day' | 'after-cut-off' | null;
}

/** A deadline: the last working day and the instant it ends. */
export interface Deadline {
  readonly dueDate: string;
  readonly dueAt: Instant;
}

/** Checks the parts of a policy the SLA engine relies on; Left names the first bad field. */
export const checkSlaPolicy = (policy: Policy): E.Either<SlaError, Policy> => {
  // working-day calendars are London calendars: a day counted in another zone would be another day
  if (policy.timeZone !== LONDON)
    return E.left(slaError('invalid-policy', `policy ${policy.id}: timeZone must be ${LONDON}, the zone working days are reckoned in, got ${JSON.stringify(policy.timeZone)}`));
  if (policy.receiptCutOff !== null && !CUT_OFF.test(policy.receiptCutOff))
    return E.left(slaError('invalid-policy', `policy ${policy.id}: receiptCutOff must be a local time HH:mm, got ${JSON.stringify(policy.receiptCutOff)}`));
  if (!Number.isSafeInteger(policy.dueSoonWorkingDays) || policy.dueSoonWorkingDays < 0)
    return E.left(slaError('invalid-policy', `policy ${policy.id}: dueSoonWorkingDays must be a whole number, 0 or more, got ${policy.dueSoonWorkingDays}`));
  if (!Number.isSafeInteger(policy.stalledAfterWorkingDays) || policy.stalledAfterWorkingDays < 0)
    return E.left(slaError('invalid-policy', `policy ${policy.id}: stalledAfterWorkingDays must be a whole number, 0 or more, got ${policy.stalledAfterWorkingDays}`));
  const bad = policy.targets.find((t) => !Number.isSafeInteger(t.workingDays) || t.workingDays < 0);
  return bad === undefined
    ? E.right(policy)
    : E.left(slaError('invalid-policy', `policy ${policy.id}: target ${bad.id} must allow a whole number of working days, 0 or more, got ${bad.workingDays}`));
};

// Day 0 and deadlines depend only on a calendar and a date (a few thousand of them), while a report
// asks for them once per opening and target of every complaint: each answer is kept per calendar.
// Calendars are immutable values, so the memo cannot change an answer.
const memoOf = <A>(memos: WeakMap<Calendar, Map<string, A>>, calendar: Calendar): Map<string, A> => {
  let memo = memos.get(calendar);
  if (memo === undefined) memos.set(calendar, (memo = new Map()));
  return memo;
};
const dayZeroMemos = new WeakMap<Calendar, Map<string, E.Either<SlaError, string>>>();
const deadlineMemos = new WeakMap<Calendar, Map<string, E.Either<SlaError, Deadline>>>();

/** Day 0 for a local date: the date itself if working, else the next working day; the next working day after it past the cut-off. */
const dayZero = (calendar: Calendar, date: string, afterCutOff: boolean): E.Either<SlaError, string> => {
  const memo = memoOf(dayZeroMemos, calendar);
  const key = afterCutOff ? `>${date}` : date;
  const found = memo.get(key);
  if (found !== undefined) return found;
  const day = afterCutOff ? nextWorkingDay(calendar)(date) : effectiveWorkingDay(calendar)(date);
  // only dates of the calendar's table are kept: the memo stays as small as the table
  if (E.isRight(day)) memo.set(key, day);
  return day;
};

/**
 * Day 0 for a count starting at an instant: its local date, or the next working day when that is
 * not a working day or (`applyCutOff`, for receipts) the local time is at or after the cut-off.
 */
export const effectiveStart =
  (policy: Policy, calendar: Calendar, applyCutOff: boolean) =>
  (at: Instant): E.Either<SlaError, EffectiveStart> => {
    const date = londonDateOf(at);
    const time = londonTimeOf(at);
    // `HH:mm` strings of equal length compare in time order
    const afterCutOff = applyCutOff && policy.receiptCutOff !== null && time >= policy.receiptCutOff;
    const day = dayZero(calendar, date, afterCutOff);
    if (E.isLeft(day)) return day;
    const effectiveDate = day.right;
    return E.right({
      at,
      localDate: date,
      localTime: time,
      effectiveDate,
      movedBecause: afterCutOff ? ('after-cut-off' as const) : effectiveDate !== date ? ('non-working-day' as const) : null,
    });
  };

/** Day 0 of a count and the London date it was reckoned from: the part of `effectiveStart` the SLA engine reads. */
export interface StartDay {
  readonly localDate: string;
  readonly effectiveDate: string;
}

/** `effectiveStart`'s local and effective dates, reading the London time only when a cut-off applies. */
export const startDayOf =
  (policy: Policy, calendar: Calendar, applyCutOff: boolean) =>
  (at: Instant): E.Either<SlaError, StartDay> => {
    const localDate = londonDateOf(at);
    const afterCutOff = applyCutOff && policy.receiptCutOff !== null && londonTimeOf(at) >= policy.receiptCutOff;
    const day = dayZero(calendar, localDate, afterCutOff);
    return E.isLeft(day) ? day : E.right({ localDate, effectiveDate: day.right });
  };

/** The deadline N working days after day 0 (itself a working day), ending at London midnight. */
export const deadlineAfter =
  (calendar: Calendar, workingDays: number) =>
  (effectiveDate: string): E.Either<SlaError, Deadline> => {
    const memo = memoOf(deadlineMemos, calendar);
    const key = `${workingDays}:${effectiveDate}`;
    const found = memo.get(key);
    if (found !== undefined) return found;
    const deadline = pipe(
      addWorkingDays(calendar, workingDays)(effectiveDate),
      E.chain((dueDate) => pipe(endOfLondonDay(dueDate), E.map((dueAt) => ({ dueDate, dueAt })))),
    );
    if (E.isRight(deadline)) memo.set(key, deadline);
    return deadline;
  };

/** A target's deadline when counted from receipt. */
export interface ReceiptDeadline extends Deadline {
  readonly target: SlaTargetId;
  readonly workingDays: number;
  /** Where the policy counts this target from; the deadline above assumes receipt. */
  readonly startsFrom: SlaTargetDefinition['startsFrom'];
}

export interface ReceiptDeadlines {
  readonly policy: string;
  readonly calendar: string;
  readonly receipt: EffectiveStart;
  readonly targets: Partial<Record<SlaTargetId, ReceiptDeadline>>;
}

/**
 * Every target's deadline for a complaint received at an instant, each counted from the
 * effective day of receipt (what CX097 V4 does for both targets).
 */
export const deadlinesFromReceipt =
  (policy: Policy, calendar: Calendar) =>
  (receivedAt: string): E.Either<SlaError, ReceiptDeadlines> =>
    pipe(
      checkSlaPolicy(policy),
      E.chain(() =>
        Instant.is(receivedAt)
          ? E.right(receivedAt)
          : E.left(slaError('invalid-instant', `expected an ISO-8601 instant with offset (e.g. 2025-06-02T09:30:00+01:00), got ${JSON.stringify(receivedAt)}`)),
      ),
      E.chain(effectiveStart(policy, calendar, true)),
      E.chain((receipt) =>
        pipe(
          policy.targets,
          E.traverseArray((target) =>
            pipe(
              deadlineAfter(calendar, target.workingDays)(receipt.effectiveDate),
              E.map((deadline): ReceiptDeadline => ({ target: target.id, workingDays: target.workingDays, startsFrom: target.startsFrom, ...deadline })),
            ),
          ),
          E.map((deadlines) => ({
            policy: policy.id,
            calendar: calendar.id,
            receipt,
            targets: Object.fromEntries(deadlines.map((d) => [d.target, d])) as Partial<Record<SlaTargetId, ReceiptDeadline>>,
          })),
        ),
      ),
    );
