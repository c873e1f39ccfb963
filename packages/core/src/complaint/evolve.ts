/**
 * How each event changes a complaint's state. Total over every event type (an unhandled type
 * fails to compile) and never throws: an event that does not fit the state (a lifecycle event
 * before receipt) leaves the state as it was, so replay of any stored history is safe.
 *
 * @example
 * const state = history.reduce(evolve, initialState);
 */
import { absurd } from 'fp-ts/lib/function.js';
import type { ComplaintEvent, EventOf } from './events.js';
import type { Addressee, Complaint, ComplaintState } from './state.js';
import { isOpenCase } from './rules.js';

const replaceBy = <T>(items: readonly T[], match: (item: T) => boolean, change: (item: T) => T): T[] =>
  items.map((item) => (match(item) ? change(item) : item));

/** Who a letter went to, as its event records it. */
const addresseeOf = (data: EventOf<'ComplaintAcknowledged' | 'ResponseIssued'>['data']): Addressee => ({
  to: data.to,
  ...(data.partyName === undefined ? {} : { partyName: data.partyName }),
  ...(data.authorisationScope === undefined ? {} : { authorisationScope: data.authorisationScope }),
});

/** The status a case returns to when it is open again: the furthest step of its current opening. */
const openStatus = (c: Complaint): Complaint['status'] =>
  c.response !== undefined
    ? 'responded'
    : c.investigation !== undefined
      ? 'under-investigation'
      : c.acknowledgedAt !== undefined
        ? 'acknowledged'
        : 'received';

const evolveComplaint = (c: Complaint, event: Exclude<ComplaintEvent, { type: 'ComplaintReceived' }>): Complaint => {
  const at = event.data.at;
  const next = { ...c, updatedAt: at };
  switch (event.type) {
    case 'ComplaintRedirected':
      return { ...next, status: 'redirected', redirectedTo: event.data.redirectedTo };
    case 'ComplaintReferredToStudyCentre':
      return { ...next, status: 'referred-to-study-centre', referredToStudyCentreAt: at };
    case 'ComplaintAcknowledged': {
      const acknowledged = { ...next, acknowledgedAt: at, acknowledgedTo: addresseeOf(event.data) };
      return { ...acknowledged, status: isOpenCase(c) ? openStatus(acknowledged) : c.status };
    }
    case 'ComplaintAssigned': {
      const handler = {
        department: event.data.department,
        manager: event.data.manager,
        assignedAt: at,
        ...(event.data.overrideReason === undefined ? {} : { overrideReason: event.data.overrideReason }),
      };
      return { ...next, handler, department: event.data.department, assignments: [...c.assignments, handler] };
    }
    case 'InvestigationRequired': {
      const investigating = { ...next, investigation: { reason: event.data.reason, requiredAt: at } };
      return { ...investigating, status: isOpenCase(c) ? openStatus(investigating) : c.status };
    }
    case 'ThirdPartyAuthorised':
      return {
        ...next,
        thirdParties: [
          ...c.thirdParties,
          { party: event.data.party, evidence: event.data.evidence, scope: event.data.scope, authorisedAt: at },
        ],
      };
    case 'ThirdPartyAuthorisationWithdrawn':
      return {
        ...next,
        thirdParties: replaceBy(
          c.thirdParties,
          (a) => a.party.name === event.data.partyName && a.withdrawnAt === undefined,
          (a) => ({ ...a, withdrawnAt: at }),
        ),
      };
    case 'CorrespondenceReceived':
    case 'CorrespondenceSent':
      return {
        ...next,
        correspondence: [
          ...c.correspondence,
          {
            direction: event.type === 'CorrespondenceReceived' ? 'inbound' : 'outbound',
            party: event.data.party,
            ...(event.data.partyName === undefined ? {} : { partyName: event.data.partyName }),
            channel: event.data.channel,
            summary: event.data.summary,
            at,
            afterClosure: event.data.afterClosure,
          },
        ],
      };
    case 'AssessmentFailureIdentified':
      return {
        ...next,
        assessmentFailures: [
          ...c.assessmentFailures,
          {
            failureId: event.data.failureId,
            assessment: event.data.assessment,
            description: event.data.description,
            ...(event.data.learnersAffected === undefined ? {} : { learnersAffected: event.data.learnersAffected }),
            identifiedAt: at,
          },
        ],
      };
    case 'AssessmentFailureRemediated':
      return {
        ...next,
        assessmentFailures: replaceBy(
          c.assessmentFailures,
          (f) => f.failureId === event.data.failureId,
          (f) => ({
            ...f,
            remediation: { cause: event.data.cause, mitigation: event.data.mitigation, prevention: event.data.prevention, at },
          }),
        ),
      };
    case 'ResponseIssued': {
      const response = {
        outcome: event.data.outcome,
        findings: event.data.findings,
        respondedAt: at,
        addressee: addresseeOf(event.data),
        ...(c.handler === undefined ? {} : { handler: c.handler }),
        ...(event.data.regulator === undefined ? {} : { regulator: event.data.regulator }),
        ...(event.data.regulatorRoute === undefined ? {} : { regulatorRoute: event.data.regulatorRoute }),
      };
      const actions = event.data.actions.map((a) => ({ ...a, agreedAt: at }));
      const responded = { ...next, response, responses: [...c.responses, response], actions: [...c.actions, ...actions] };
      return { ...responded, status: isOpenCase(c) ? 'responded' : c.status };
    }
    case 'ActionCompleted':
      return {
        ...next,
        actions: replaceBy(c.actions, (a) => a.actionId === event.data.actionId, (a) => ({ ...a, completedAt: at })),
      };
    case 'ComplaintClosed':
      return {
        ...next,
        status: 'closed',
        closedAt: at,
        resolution: event.data.resolution,
        closures: [...c.closures, { at, resolution: event.data.resolution }],
      };
    case 'ComplaintWithdrawn':
      return {
        ...next,
        status: 'withdrawn',
        withdrawnAt: at,
        ...(event.data.reason === undefined ? {} : { withdrawalReason: event.data.reason }),
      };
    case 'FurtherCorrespondenceDeclined':
      return {
        ...next,
        furtherCorrespondenceDeclined: { reason: event.data.reason, at },
        declines: [...c.declines, { reason: event.data.reason, at, opening: c.reopenings.length }],
      };
    case 'ComplaintReopened': {
      // A new opening: the earlier response stays in `responses`; investigation and response start afresh.
      const { closedAt: _closedAt, resolution: _resolution, response: _response, investigation: _investigation, furtherCorrespondenceDeclined: _declined, ...rest } = next;
      const reopened: Complaint = { ...rest, reopenings: [...c.reopenings, { reason: event.data.reason, at }] };
      return { ...reopened, status: openStatus(reopened) };
    }
    case 'ReferredToRegulator':
      return { ...next, regulatorReferrals: [...c.regulatorReferrals, { regulator: event.data.regulator, at }] };
    default:
      return absurd(event);
  }
};

/** The state after one more event. */
export const evolve = (state: ComplaintState, event: ComplaintEvent): ComplaintState => {
  if (event.type === 'ComplaintReceived') {
    if (state.status !== 'none') return state;
    const d = event.data;
    return {
      status: 'received',
      complaintId: d.complaintId,
      policy: d.policy,
      receivedAt: d.at,
      channel: d.channel,
      channelOutsidePolicy: d.channelOutsidePolicy === true,
      complainant: d.complainant,
      businessArea: d.businessArea,
      summary: d.summary,
      ...(d.desiredOutcome === undefined ? {} : { desiredOutcome: d.desiredOutcome }),
      department: d.department,
      ...(d.studyCentre === undefined ? {} : { studyCentre: d.studyCentre }),
      escalatedFromStudyCentre: d.escalatedFromStudyCentre ?? false,
      ...(d.escalatesFrom === undefined ? {} : { escalatesFrom: d.escalatesFrom }),
      ...(d.regulator === undefined ? {} : { regulator: d.regulator }),
      assignments: [],
      responses: [],
      actions: [],
      thirdParties: [],
      correspondence: [],
      assessmentFailures: [],
      closures: [],
      declines: [],
      reopenings: [],
      regulatorReferrals: [],
      updatedAt: d.at,
    };
  }
  return state.status === 'none' ? state : evolveComplaint(state, event);
};

/** The state after a whole history, from the initial state. */
export const fold = (events: readonly ComplaintEvent[], from: ComplaintState = { status: 'none' }): ComplaintState =>
  events.reduce(evolve, from);
