/**
 * C17: "CIM reserves the right not to enter into further correspondence once this process has
 * been followed". A letter received while the case stood closed is recorded; CIM then decides
 * either to reopen the case or to decline further correspondence. The policy sets no time for that
 * decision. The reading here: it is due within `AFTER_CLOSURE_DECISION_WORKING_DAYS` working days
 * (20, as C13 gives a response) counted, on the complaint's policy calendar, from the letter's
 * London day (or the next working day); a letter that arrives while a decline is in force needs
 * no decision (CIM has already made it). A reply alone is not the decision: it neither reopens the
 * case nor closes the correspondence. The number is this module's, not the policy value's.
 *
 * @example
 * afterClosureFindings(record, CX097_V4, calendar, '2026-01-05T09:00:00Z');
 * // Right([{ code: 'correspondence-after-closure-not-acted-on', clause: 'C17', at: '<the 20th working day, 23:59:59.999>', ... }])
 */
import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import type { Calendar } from '../calendar/calendar.js';
import type { Policy } from '../policy/policy.js';
import { instantMillis } from '../shared/codecs.js';
import { deadlineAfter, effectiveStart } from '../sla/deadline.js';
import type { SlaError } from '../sla/errors.js';
import { finding, type Finding } from './findings.js';
import { type CaseRecord, type Step } from './record.js';

/** Working days CIM has to reopen the case or decline further correspondence after a letter received while it stood closed (this module's reading of C17). */
export const AFTER_CLOSURE_DECISION_WORKING_DAYS = 20;

const ms = instantMillis;

/** Whether the case stood closed at an instant: at or after a close, before the reopening paired with it (as `wasClosedAt`). */
const closedAt = (closes: readonly Step[], reopens: readonly Step[]) => (at: string): boolean =>
  closes.some((close, i) => ms(close.ref.at) <= ms(at) && (reopens[i] === undefined || ms(at) < ms(reopens[i]!.ref.at)));

/** Whether a decline was in force at an instant: taken at or before it, not yet lifted by the reopening after it (as `hasDeclinedFurtherCorrespondence`). */
const declinedAt = (declines: readonly Step[], reopens: readonly Step[]) => (at: string): boolean =>
  declines.some((d) => {
    const lifted = reopens[d.opening];
    return ms(d.ref.at) <= ms(at) && (lifted === undefined || ms(at) < ms(lifted.ref.at));
  });

/** The decision on one letter received after closure: a finding once its time has passed without one. */
const decisionOn = (record: CaseRecord, letter: Step, decisions: readonly Step[], policy: Policy, calendar: Calendar, asOf: string): E.Either<SlaError, Finding[]> =>
  pipe(
    effectiveStart(policy, calendar, false)(letter.ref.at),
    E.chain((start) => deadlineAfter(calendar, AFTER_CLOSURE_DECISION_WORKING_DAYS)(start.effectiveDate)),
    E.map((limit) => {
      const decision = decisions.filter((d) => ms(d.ref.at) >= ms(letter.ref.at)).sort((a, b) => ms(a.ref.at) - ms(b.ref.at))[0];
      if ((decision !== undefined && ms(decision.ref.at) <= ms(limit.dueAt)) || ms(asOf) <= ms(limit.dueAt)) return [];
      const what =
        decision === undefined
          ? `neither reopened nor declined as of ${asOf}`
          : `${decision.event.type === 'ComplaintReopened' ? 'reopened' : 'further correspondence declined'} only at ${decision.ref.at}`;
      return [
        finding('correspondence-after-closure-not-acted-on', record.receipt.event.data.complaintId, {
          message: `a letter received at ${letter.ref.at}, while the case stood closed, was ${what}: the decision was due by ${limit.dueDate}, ${AFTER_CLOSURE_DECISION_WORKING_DAYS} working days on (C17)`,
          at: limit.dueAt,
          dates: { receivedAt: letter.ref.at, dueDate: limit.dueDate, dueAt: limit.dueAt, decidedAt: decision?.ref.at },
          events: [letter.ref, decision?.ref],
          opening: letter.opening,
        }),
      ];
    }),
  );

/** Every letter received after closure on which CIM neither reopened nor declined in time (C17); Left when a date falls outside the calendar. */
export const afterClosureFindings = (record: CaseRecord, policy: Policy, calendar: Calendar, asOf: string): E.Either<SlaError, Finding[]> => {
  const of = (type: Step['event']['type']) => record.steps.filter((s) => s.event.type === type);
  const closes = of('ComplaintClosed');
  const reopens = of('ComplaintReopened');
  const declines = of('FurtherCorrespondenceDeclined');
  const closed = closedAt(closes, reopens);
  const declined = declinedAt(declines, reopens);
  const letters = of('CorrespondenceReceived').filter((l) => closed(l.ref.at) && !declined(l.ref.at));
  return pipe(
    E.traverseArray((letter: Step) => decisionOn(record, letter, [...reopens, ...declines], policy, calendar, asOf))(letters),
    E.map((found) => found.flat()),
  );
};
