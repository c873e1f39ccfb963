/**
 * Business time runs forwards (DOMAIN "Business time is causal", C7): an event is not dated
 * before the receipt nor before what it relied on when it was recorded. The decider refuses
 * such commands; these findings are for what reached the store some other way. A close's order
 * against its response, withdrawal and remediations is in closure.ts, with what a close needs.
 *
 * @example
 * businessTimeFindings(record);
 * // [{ code: 'response-before-acknowledgement', clause: 'C7', events: [#1 ComplaintAcknowledged, #2 ResponseIssued], ... }]
 */
import { personalText, samePersonal } from '../personal/personal.js';
import { finding, type Finding, type FindingCode, type FindingEvent } from './findings.js';
import { isEarlier, type CaseRecord, type Step } from './record.js';

/**
 * A finding that `step` is dated before `what` (recorded before it, at `earlier`); when nothing of
 * the kind was recorded, one saying what was `missing`, if the step needs it at all.
 */
const datedBefore = (record: CaseRecord, code: FindingCode, step: Step, what: string, earlier: FindingEvent | undefined, missing?: string): Finding[] => {
  const id = record.receipt.event.data.complaintId;
  const label = `${step.event.type} at ${step.ref.at}`;
  if (earlier === undefined)
    return missing === undefined ? [] : [finding(code, id, { message: `${label}: ${missing}`, at: step.ref.at, dates: { at: step.ref.at }, events: [step.ref], opening: step.opening })];
  if (!isEarlier(step.ref.at, earlier.at)) return [];
  return [
    finding(code, id, {
      message: `${label} is dated before ${what} at ${earlier.at}, which it depends on`,
      at: step.ref.at,
      dates: { at: step.ref.at, precedentAt: earlier.at },
      events: [earlier, step.ref],
      opening: step.opening,
    }),
  ];
};

/** Events dated before the receipt, or recorded before it (every fold ignores those). */
const beforeReceipt = (record: CaseRecord): Finding[] => {
  const id = record.receipt.event.data.complaintId;
  const receivedAt = record.receipt.ref.at;
  const unreceived = record.unreceived.map((e) =>
    finding('before-receipt', id, {
      message: `${e.event.type} at ${e.ref.at} was recorded before the receipt, so no reader of the case counts it`,
      at: e.ref.at,
      dates: { at: e.ref.at, receivedAt },
      events: [e.ref, record.receipt.ref],
    }),
  );
  const early = record.steps
    .slice(1)
    .filter((s) => isEarlier(s.ref.at, receivedAt))
    .map((s) =>
      finding('before-receipt', id, {
        message: `${s.event.type} at ${s.ref.at} is dated before the complaint's receipt at ${receivedAt}`,
        at: s.ref.at,
        dates: { at: s.ref.at, receivedAt },
        events: [record.receipt.ref, s.ref],
        opening: s.opening,
      }),
    );
  return [...unreceived, ...early];
};

/** The earliest-dated of some events. */
const earliest = (events: readonly FindingEvent[]): FindingEvent | undefined => events.reduce<FindingEvent | undefined>((e, x) => (e === undefined || isEarlier(x.at, e.at) ? x : e), undefined);

/** What each event relied on when it was recorded, and whether it is dated before it. */
const precedents = (record: CaseRecord, step: Step): Finding[] => {
  const b = step.before;
  const e = step.event;
  switch (e.type) {
    case 'ResponseIssued': {
      // the case's acknowledgement wherever recorded: without one at all, the acknowledgement target says so
      const acknowledgement = b.acknowledgement ?? record.final.acknowledgement;
      return [
        ...datedBefore(record, 'response-before-acknowledgement', step, 'the acknowledgement', acknowledgement),
        ...datedBefore(record, 'response-before-investigation-decision', step, "its opening's investigation decision", b.investigation),
        // without a handler at all, authority.ts reports it (C6)
        ...datedBefore(record, 'response-before-assignment', step, `the assignment to ${b.handler?.managerName ?? 'the handler'}`, b.handler?.ref),
      ];
    }
    case 'AssessmentFailureRemediated':
      return datedBefore(
        record,
        'remediation-before-failure',
        step,
        `the identification of failure ${e.data.failureId}`,
        b.failures.find((f) => f.failureId === e.data.failureId)?.identified,
        `no assessment failure ${e.data.failureId} had been identified`,
      );
    case 'ActionCompleted':
      return datedBefore(
        record,
        'action-completed-before-agreed',
        step,
        `the response that agreed action ${e.data.actionId}`,
        b.actions.find((a) => a.actionId === e.data.actionId)?.agreedBy,
        `no response had agreed action ${e.data.actionId}`,
      );
    case 'FurtherCorrespondenceDeclined':
      return datedBefore(record, 'decline-before-close', step, 'the close', b.close, 'further correspondence was declined on a case that was not closed (C17)');
    case 'ComplaintReopened':
      return datedBefore(record, 'reopen-before-close', step, 'the close', b.close, 'a case that was not closed was reopened');
    case 'ReferredToRegulator':
      return datedBefore(record, 'referral-before-response', step, "CIM's first response", earliest(b.responses), 'the case was referred before CIM had responded (C15)');
    case 'ThirdPartyAuthorisationWithdrawn':
      return datedBefore(
        record,
        'authorisation-withdrawn-before-given',
        step,
        `${personalText(e.data.partyName)}'s authorisation`,
        b.authorisations.find((a) => samePersonal(a.partyName, e.data.partyName) && a.withdrawn === undefined)?.given,
        `${personalText(e.data.partyName)} held no authorisation to withdraw`,
      );
    default:
      return [];
  }
};

/** Every event dated before the receipt or before what it relied on (C7). */
export const businessTimeFindings = (record: CaseRecord): Finding[] => [...beforeReceipt(record), ...record.steps.slice(1).flatMap((step) => precedents(record, step))];
