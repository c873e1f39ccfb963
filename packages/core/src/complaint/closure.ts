/**
 * Decisions that end, reopen or carry a case beyond CIM: assessment failures that block closure
 * until remediated (C16, recorded whatever the case's status), closing (C8), withdrawal,
 * reopening (C17) and referral to a regulator (C15). Closing, reopening and referring need a
 * role the policy lists (C6); none is dated before what it follows.
 *
 * @example
 * close(command, c, CX097_V4); // Left('no-response-issued') until the outcome was sent (C8)
 */
import * as O from 'fp-ts/lib/Option.js';
import { pipe } from 'fp-ts/lib/function.js';
import type { Policy } from '../policy/policy.js';
import { roleRefusal, underPolicy } from './authority.js';
import { earliestOf, latestOf, precedent, precedes } from './chronology.js';
import type * as C from './commands.js';
import { no, ok, unless, whenOpen, type Decision } from './decision.js';
import { hasResponse, isClosed, isRegulatedComplaint, isWithdrawn, latestClosure, unremediatedFailures } from './rules.js';
import type { Complaint } from './state.js';

/**
 * C16: an assessment failure the complaint uncovered, once per id, whatever the case's status;
 * not dated before a close, since each close needed every failure found by then remediated.
 */
export const recordAssessmentFailure = (command: C.RecordAssessmentFailure, c: Complaint): Decision =>
  c.assessmentFailures.some((f) => f.failureId === command.failureId)
    ? no('assessment-failure-already-recorded', `assessment failure ${command.failureId} is already recorded`)
    : unless(precedes(command, [precedent('before-closure', 'the close', latestClosure(c), 'closing needed every failure found by then remediated (C16)')]), () =>
        ok({
          type: 'AssessmentFailureIdentified',
          data: {
            complaintId: c.complaintId,
            at: command.at,
            failureId: command.failureId,
            assessment: command.assessment,
            description: command.description,
            ...(command.learnersAffected === undefined ? {} : { learnersAffected: command.learnersAffected }),
          },
        }),
      );

/** C16: the cause, mitigation and prevention of a recorded failure, once, whatever the case's status. */
export const recordAssessmentRemediation = (command: C.RecordAssessmentRemediation, c: Complaint): Decision => {
  const failure = c.assessmentFailures.find((f) => f.failureId === command.failureId);
  if (failure === undefined) {
    return no('unknown-assessment-failure', `no assessment failure ${command.failureId} is recorded on complaint ${c.complaintId}`, {
      known: c.assessmentFailures.map((f) => f.failureId),
    });
  }
  if (failure.remediation !== undefined) {
    return no('assessment-failure-already-remediated', `assessment failure ${command.failureId} was already remediated at ${failure.remediation.at}`);
  }
  return unless(precedes(command, [precedent('before-failure-identified', `the identification of assessment failure ${command.failureId}`, failure.identifiedAt)]), () =>
    ok({
      type: 'AssessmentFailureRemediated',
      data: { complaintId: c.complaintId, at: command.at, failureId: command.failureId, cause: command.cause, mitigation: command.mitigation, prevention: command.prevention },
    }),
  );
};

/**
 * What a close follows: the response or the withdrawal, every remediation, every assignment and
 * every letter (each was recorded on an open case: C17 flags what comes after a close).
 */
const closePrecedents = (c: Complaint, withdrawn: boolean) => [
  withdrawn ? precedent('before-withdrawal', 'the withdrawal', c.withdrawnAt) : precedent('before-response', 'the response', c.response?.respondedAt),
  precedent('before-remediation', 'the latest remediation of an assessment failure', latestOf(c.assessmentFailures.map((f) => f.remediation?.at)), 'closing needs every failure remediated (C16)'),
  precedent('before-assignment', 'the latest assignment', latestOf(c.assignments.map((h) => h.assignedAt)), 'it was made on an open case'),
  precedent('before-correspondence', 'the latest correspondence', latestOf(c.correspondence.map((l) => l.at)), 'it was recorded as before the close'),
];

/** Closing: after the response (C8) or a withdrawal, with every assessment failure remediated (C16), by a role the policy lists (C6). */
export const close = (command: C.CloseComplaint, c: Complaint, policy: Policy | undefined): Decision => {
  if (isClosed(c)) return no('complaint-closed', `complaint ${c.complaintId} was already closed at ${c.closedAt}`);
  const withdrawn = isWithdrawn(c);
  const unanswered = !withdrawn && !hasResponse(c);
  const outstanding = unremediatedFailures(c);
  const problems: string[] = [];
  if (unanswered) problems.push('the outcome has not been sent to the complainant (C8)');
  if (outstanding.length > 0) problems.push(`assessment failures ${outstanding.map((f) => f.failureId).join(', ')} are not remediated (C16)`);
  if (problems.length > 0) {
    return no(unanswered ? 'no-response-issued' : 'assessment-failures-unremediated', `complaint ${c.complaintId} cannot be closed: ${problems.join('; ')}`, {
      responseIssued: hasResponse(c),
      unremediatedFailures: outstanding.map((f) => f.failureId),
    });
  }
  return underPolicy(c, policy, (p) =>
    unless(pipe(roleRefusal('close', command, p), O.alt(() => precedes(command, closePrecedents(c, withdrawn)))), () =>
      ok({ type: 'ComplaintClosed', data: { complaintId: c.complaintId, at: command.at, resolution: withdrawn ? 'withdrawn' : 'responded' } }),
    ),
  );
};

/** What a withdrawal follows: every step already taken on the open case. */
const withdrawalPrecedents = (c: Complaint) => [
  precedent('before-acknowledgement', 'the acknowledgement', c.acknowledgedAt),
  precedent('before-assignment', 'the latest assignment', latestOf(c.assignments.map((h) => h.assignedAt)), 'it was made on an open case'),
  precedent('before-investigation-decision', 'the investigation decision', c.investigation?.requiredAt),
  precedent('before-response', 'the response', c.response?.respondedAt),
];

/** The complainant withdraws an open case, not before a step already taken on it. */
export const withdraw = (command: C.WithdrawComplaint, c: Complaint): Decision =>
  whenOpen(c, command, () =>
    unless(precedes(command, withdrawalPrecedents(c)), () =>
      ok({ type: 'ComplaintWithdrawn', data: { complaintId: c.complaintId, at: command.at, ...(command.reason === undefined ? {} : { reason: command.reason }) } }),
    ),
  );

/**
 * C17: reopening is an explicit decision on a closed case by a role the policy lists (C6), not
 * before the close, the decision to decline, or a letter recorded while the case stood closed.
 */
export const reopen = (command: C.ReopenComplaint, c: Complaint, policy: Policy | undefined): Decision =>
  !isClosed(c)
    ? no('not-closed', `only a closed complaint can be reopened; complaint ${c.complaintId} is ${c.status}`)
    : underPolicy(c, policy, (p) =>
        unless(
          pipe(
            roleRefusal('reopen', command, p),
            O.alt(() =>
              precedes(command, [
                precedent('before-closure', 'the close', c.closedAt),
                precedent('before-decline', 'the decision to decline further correspondence', c.furtherCorrespondenceDeclined?.at, 'it was taken on the closed case'),
                precedent('before-correspondence', 'the latest correspondence', latestOf(c.correspondence.map((l) => l.at)), 'it was recorded as after the close'),
              ]),
            ),
          ),
          () => ok({ type: 'ComplaintReopened', data: { complaintId: c.complaintId, at: command.at, reason: command.reason } }),
        ),
      );

/**
 * C15: a regulated complaint goes on to its recorded regulator after CIM's response, once, by a
 * role the policy lists (C6).
 */
export const recordRegulatorReferral = (command: C.RecordRegulatorReferral, c: Complaint, policy: Policy | undefined): Decision => {
  if (!isRegulatedComplaint(c)) {
    return no('not-an-awarding-body-complaint', `regulator referrals apply to complaints about a regulated area (C15); complaint ${c.complaintId} is about ${c.businessArea}`);
  }
  if (command.regulator !== c.regulator) {
    return no('wrong-regulator', `complaint ${c.complaintId} answers to ${c.regulator}, not ${command.regulator} (C15)`, { regulator: c.regulator, named: command.regulator });
  }
  if (c.responses.length === 0) return no('no-response-issued', `complaint ${c.complaintId} can be referred to a regulator only after CIM's response`);
  if (c.regulatorReferrals.some((r) => r.regulator === command.regulator)) return no('already-referred-to-regulator', `complaint ${c.complaintId} was already referred to ${command.regulator}`);
  return underPolicy(c, policy, (p) =>
    unless(
      pipe(
        roleRefusal('referToRegulator', command, p),
        O.alt(() => precedes(command, [precedent('before-response', "CIM's first response", earliestOf(c.responses.map((r) => r.respondedAt)))])),
      ),
      () => ok({ type: 'ReferredToRegulator', data: { complaintId: c.complaintId, at: command.at, regulator: command.regulator } }),
    ),
  );
};
