/**
 * Decisions that end, reopen or carry a case beyond CIM: assessment failures that block closure
 * until remediated (C16), closing (C8), withdrawal, reopening (C17) and referral to a regulator
 * (C15).
 *
 * @example
 * close(command, c); // Left('no-response-issued') until the outcome was sent (C8)
 */
import type * as C from './commands.js';
import { no, ok, whenOpen, type Decision } from './decision.js';
import { hasResponse, isClosed, isRegulatedComplaint, isWithdrawn, unremediatedFailures } from './rules.js';
import type { Complaint } from './state.js';

/** C16: an assessment failure the complaint uncovered, once per id. */
export const recordAssessmentFailure = (command: C.RecordAssessmentFailure, c: Complaint): Decision =>
  whenOpen(c, () =>
    c.assessmentFailures.some((f) => f.failureId === command.failureId)
      ? no('assessment-failure-already-recorded', `assessment failure ${command.failureId} is already recorded`)
      : ok({
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

/** C16: the cause, mitigation and prevention of a recorded failure, once. */
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
  return ok({
    type: 'AssessmentFailureRemediated',
    data: { complaintId: c.complaintId, at: command.at, failureId: command.failureId, cause: command.cause, mitigation: command.mitigation, prevention: command.prevention },
  });
};

/** Closing: after the response (C8) or a withdrawal, with every assessment failure remediated (C16). */
export const close = (command: C.CloseComplaint, c: Complaint): Decision => {
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
  return ok({ type: 'ComplaintClosed', data: { complaintId: c.complaintId, at: command.at, resolution: withdrawn ? 'withdrawn' : 'responded' } });
};

/** The complainant withdraws an open case. */
export const withdraw = (command: C.WithdrawComplaint, c: Complaint): Decision =>
  whenOpen(c, () =>
    ok({ type: 'ComplaintWithdrawn', data: { complaintId: c.complaintId, at: command.at, ...(command.reason === undefined ? {} : { reason: command.reason }) } }),
  );

/** C17: reopening is an explicit decision on a closed case. */
export const reopen = (command: C.ReopenComplaint, c: Complaint): Decision =>
  !isClosed(c)
    ? no('not-closed', `only a closed complaint can be reopened; complaint ${c.complaintId} is ${c.status}`)
    : ok({ type: 'ComplaintReopened', data: { complaintId: c.complaintId, at: command.at, reason: command.reason } });

/** C15: a regulated complaint goes on to its regulator after CIM's response, once per regulator. */
export const recordRegulatorReferral = (command: C.RecordRegulatorReferral, c: Complaint): Decision => {
  if (!isRegulatedComplaint(c)) {
    return no('not-an-awarding-body-complaint', `regulator referrals apply to complaints about a regulated area (C15); complaint ${c.complaintId} is about ${c.businessArea}`);
  }
  if (c.responses.length === 0) return no('no-response-issued', `complaint ${c.complaintId} can be referred to a regulator only after CIM's response`);
  if (c.regulatorReferrals.some((r) => r.regulator === command.regulator)) return no('already-referred-to-regulator', `complaint ${c.complaintId} was already referred to ${command.regulator}`);
  return ok({ type: 'ReferredToRegulator', data: { complaintId: c.complaintId, at: command.at, regulator: command.regulator } });
};
