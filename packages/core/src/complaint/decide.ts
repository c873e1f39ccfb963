/**
 * What a command means for a complaint: the events to record, or the rule it breaks.
 * Pure: time comes in on the command (`at`), policies from the registry given.
 *
 * @example
 * const result = decide(command, fold(history)); // Either<Rejection, ComplaintEvent[]>
 */
import * as E from 'fp-ts/lib/Either.js';
import * as O from 'fp-ts/lib/Option.js';
import { absurd, pipe } from 'fp-ts/lib/function.js';
import { DateTime } from 'luxon';
import { instantMillis, type Instant, type NonEmptyString } from '../shared/codecs.js';
import { defaultPolicyRegistry, type PolicyRegistry } from '../policy/registry.js';
import { departmentFor, type Policy } from '../policy/policy.js';
import type * as C from './commands.js';
import type { ComplaintEvent, EventOf } from './events.js';
import { rejection, type Rejection } from './rejections.js';
import {
  currentThirdParties,
  hasDeclinedFurtherCorrespondence,
  hasEndedAtReceipt,
  hasResponse,
  isAwardingBodyComplaint,
  isClosed,
  isOpenCase,
  unremediatedFailures,
} from './rules.js';
import { initialState, type Complaint, type ComplaintState } from './state.js';
import { evolve } from './evolve.js';

export type Decision = E.Either<Rejection, ComplaintEvent[]>;

const ok = (...events: ComplaintEvent[]): Decision => E.right(events);
const no = (...args: Parameters<typeof rejection>): Decision => E.left(rejection(...args));

const BUSINESS_CENTRE = 'business-centre';
const STUDY_CENTRE = 'accredited-study-centre';
const AWARDING_BODY = 'awarding-body';

// ---- receipt ---------------------------------------------------------------------------

const choosePolicy = (command: C.ReceiveComplaint, registry: PolicyRegistry): E.Either<Rejection, Policy> =>
  command.policy === undefined
    ? pipe(
        registry.inForceAt(command.at),
        E.fromOption(() =>
          rejection('no-policy-in-force', `no complaints policy was in force at ${command.at}`, { at: command.at }),
        ),
      )
    : pipe(
        registry.byId(command.policy),
        E.fromOption(() =>
          rejection('unknown-policy', `policy ${command.policy} is not known; known: ${registry.policies.map((p) => p.id).join(', ')}`, {
            policy: command.policy,
          }),
        ),
        E.filterOrElse(
          (policy) => instantMillis(policy.effectiveFrom) <= instantMillis(command.at),
          (policy) =>
            rejection('policy-not-in-force', `policy ${policy.id} takes effect at ${policy.effectiveFrom}, after ${command.at}`, {
              policy: policy.id,
              effectiveFrom: policy.effectiveFrom,
            }),
        ),
      );

const localDateOf = (instant: Instant, zone: string): string =>
  DateTime.fromISO(instant, { setZone: true }).setZone(zone).toISODate() ?? '';

const receiveComplaint = (command: C.ReceiveComplaint, policy: Policy): Decision => {
  if (!policy.channels.includes(command.channel)) {
    return no('channel-not-accepted', `policy ${policy.id} accepts complaints by ${policy.channels.join(', ')}, not ${command.channel}`, {
      channel: command.channel,
      accepted: policy.channels,
    });
  }
  const isAwardingBody = command.businessArea === AWARDING_BODY;
  if (isAwardingBody && command.regulator === undefined) {
    return no('regulator-required', `an awarding-body complaint must name its regulator (${Object.keys(policy.regulatorRoutes).join(', ')})`);
  }
  if (!isAwardingBody && command.regulator !== undefined) {
    return no('regulator-not-applicable', `a regulator applies to awarding-body complaints only, not to ${command.businessArea}`);
  }
  const isStudyCentre = command.businessArea === STUDY_CENTRE;
  if (isStudyCentre && command.studyCentre === undefined) {
    return no('study-centre-required', 'a complaint about an Accredited Study Centre must name the centre (studyCentre.name)');
  }
  const completedOn = command.studyCentre?.ownProcedureCompletedOn;
  if (completedOn !== undefined && completedOn > localDateOf(command.at, policy.timeZone)) {
    return no('study-centre-procedure-completed-in-future', `the study centre's procedure cannot have completed on ${completedOn}, after the complaint was received`, {
      ownProcedureCompletedOn: completedOn,
    });
  }
  const received: EventOf<'ComplaintReceived'> = {
    type: 'ComplaintReceived',
    data: {
      complaintId: command.complaintId,
      at: command.at,
      channel: command.channel,
      complainant: command.complainant,
      businessArea: command.businessArea,
      summary: command.summary,
      policy: policy.id,
      department: departmentFor(command.businessArea)(policy),
      ...(command.desiredOutcome === undefined ? {} : { desiredOutcome: command.desiredOutcome }),
      ...(command.studyCentre === undefined ? {} : { studyCentre: command.studyCentre }),
      ...(command.regulator === undefined ? {} : { regulator: command.regulator }),
      ...(isStudyCentre && completedOn !== undefined ? { escalatedFromStudyCentre: true } : {}),
    },
  };
  const base = { complaintId: command.complaintId, at: command.at };
  if (command.businessArea === BUSINESS_CENTRE) {
    return ok(received, {
      type: 'ComplaintRedirected',
      data: {
        ...base,
        redirectedTo: policy.businessCentreFeedbackAddress as NonEmptyString,
        reason: 'CIM Business Centre customers give feedback through the Business Centre (C3)' as NonEmptyString,
      },
    });
  }
  if (isStudyCentre && completedOn === undefined) {
    return ok(received, {
      type: 'ComplaintReferredToStudyCentre',
      data: {
        ...base,
        studyCentre: command.studyCentre!.name,
        reason: "the study centre's own complaints procedure comes first (C14)" as NonEmptyString,
      },
    });
  }
  return ok(received);
};

// ---- lifecycle -------------------------------------------------------------------------

/** The rejection for a command on a case that is no longer open, if it is not. */
const mustBeOpen = (c: Complaint): O.Option<Rejection> => {
  if (isOpenCase(c)) return O.none;
  if (isClosed(c)) return O.some(rejection('complaint-closed', `complaint ${c.complaintId} was closed at ${c.closedAt}`));
  return O.some(rejection('complaint-withdrawn', `complaint ${c.complaintId} was withdrawn at ${c.withdrawnAt}`));
};

const whenOpen = (c: Complaint, then: () => Decision): Decision =>
  pipe(
    mustBeOpen(c),
    O.match(then, (r) => E.left(r)),
  );

const acknowledge = (command: C.AcknowledgeComplaint, c: Complaint): Decision =>
  whenOpen(c, () =>
    c.acknowledgedAt !== undefined
      ? no('already-acknowledged', `complaint ${c.complaintId} was already acknowledged at ${c.acknowledgedAt}`)
      : ok({ type: 'ComplaintAcknowledged', data: { complaintId: c.complaintId as NonEmptyString, at: command.at, channel: command.channel } }),
  );

const assign = (command: C.AssignComplaint, c: Complaint): Decision =>
  whenOpen(c, () =>
    c.handler?.manager.id === command.manager.id && c.handler.department === command.department
      ? no('already-assigned', `complaint ${c.complaintId} is already handled by ${command.manager.name} (${command.department})`)
      : ok({
          type: 'ComplaintAssigned',
          data: {
            complaintId: c.complaintId as NonEmptyString,
            at: command.at,
            department: command.department,
            manager: command.manager,
            ...(c.handler === undefined ? {} : { previousManager: c.handler.manager }),
          },
        }),
  );

const requireInvestigation = (command: C.RequireInvestigation, c: Complaint): Decision =>
  whenOpen(c, () =>
    c.investigation !== undefined
      ? no('investigation-already-required', `investigation of complaint ${c.complaintId} was already required at ${c.investigation.requiredAt}`)
      : hasResponse(c)
        ? no('response-already-issued', `complaint ${c.complaintId} was already responded to; reopen it to investigate again`)
        : ok({ type: 'InvestigationRequired', data: { complaintId: c.complaintId as NonEmptyString, at: command.at, reason: command.reason } }),
  );

const authoriseThirdParty = (command: C.AuthoriseThirdParty, c: Complaint): Decision =>
  currentThirdParties(c).some((a) => a.party.name === command.party.name)
    ? no('third-party-already-authorised', `${command.party.name} is already authorised to act for the complainant`)
    : ok({
        type: 'ThirdPartyAuthorised',
        data: { complaintId: c.complaintId as NonEmptyString, at: command.at, party: command.party, evidence: command.evidence, scope: command.scope },
      });

const withdrawThirdPartyAuthorisation = (command: C.WithdrawThirdPartyAuthorisation, c: Complaint): Decision =>
  currentThirdParties(c).some((a) => a.party.name === command.partyName)
    ? ok({ type: 'ThirdPartyAuthorisationWithdrawn', data: { complaintId: c.complaintId as NonEmptyString, at: command.at, partyName: command.partyName } })
    : no('third-party-not-authorised', `${command.partyName} holds no current authorisation on complaint ${c.complaintId}`);

/** C4: which authorised third party an outbound letter goes to, or why it may not go. */
const thirdPartyAddressee = (command: C.RecordCorrespondence, c: Complaint): E.Either<Rejection, NonEmptyString> => {
  const current = currentThirdParties(c);
  if (command.partyName !== undefined) {
    return current.some((a) => a.party.name === command.partyName)
      ? E.right(command.partyName)
      : E.left(
          rejection('third-party-not-authorised', `CIM liaises with the complainant unless they authorise a third party (C4): ${command.partyName} holds no current authorisation`, {
            partyName: command.partyName,
          }),
        );
  }
  if (current.length === 1) return E.right(current[0]!.party.name);
  return current.length === 0
    ? E.left(rejection('third-party-not-authorised', 'CIM liaises with the complainant unless they authorise a third party (C4): no third party is authorised'))
    : E.left(rejection('third-party-ambiguous', `several third parties are authorised (${current.map((a) => a.party.name).join(', ')}): name one in partyName`));
};

const recordCorrespondence = (command: C.RecordCorrespondence, c: Complaint): Decision => {
  const common = {
    complaintId: c.complaintId as NonEmptyString,
    at: command.at,
    party: command.party,
    channel: command.channel,
    summary: command.summary,
    afterClosure: isClosed(c),
  };
  if (command.direction === 'inbound') {
    // C17: what arrives is always recorded, after closure too.
    return ok({ type: 'CorrespondenceReceived', data: { ...common, ...(command.partyName === undefined ? {} : { partyName: command.partyName }) } });
  }
  if (hasDeclinedFurtherCorrespondence(c)) {
    return no('further-correspondence-declined', `CIM declined further correspondence on complaint ${c.complaintId} at ${c.furtherCorrespondenceDeclined!.at}`);
  }
  if (command.party === 'complainant') return ok({ type: 'CorrespondenceSent', data: common });
  return pipe(
    thirdPartyAddressee(command, c),
    E.map((partyName) => [{ type: 'CorrespondenceSent', data: { ...common, partyName } } as ComplaintEvent]),
  );
};

const recordAssessmentFailure = (command: C.RecordAssessmentFailure, c: Complaint): Decision =>
  whenOpen(c, () =>
    c.assessmentFailures.some((f) => f.failureId === command.failureId)
      ? no('assessment-failure-already-recorded', `assessment failure ${command.failureId} is already recorded`)
      : ok({
          type: 'AssessmentFailureIdentified',
          data: {
            complaintId: c.complaintId as NonEmptyString,
            at: command.at,
            failureId: command.failureId,
            assessment: command.assessment,
            description: command.description,
            ...(command.learnersAffected === undefined ? {} : { learnersAffected: command.learnersAffected }),
          },
        }),
  );

const recordAssessmentRemediation = (command: C.RecordAssessmentRemediation, c: Complaint): Decision => {
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
    data: {
      complaintId: c.complaintId as NonEmptyString,
      at: command.at,
      failureId: command.failureId,
      cause: command.cause,
      mitigation: command.mitigation,
      prevention: command.prevention,
    },
  });
};

const duplicates = (ids: readonly string[]): string[] => ids.filter((id, i) => ids.indexOf(id) !== i);

const issueResponse = (command: C.IssueResponse, c: Complaint, policy: Policy | undefined): Decision =>
  whenOpen(c, () => {
    if (hasResponse(c)) return no('response-already-issued', `complaint ${c.complaintId} was already responded to at ${c.response!.respondedAt}`);
    if (c.acknowledgedAt === undefined) return no('not-acknowledged', `complaint ${c.complaintId} must be acknowledged before it is responded to`);
    if (instantMillis(command.at) < instantMillis(c.acknowledgedAt)) {
      return no('before-acknowledgement', `a response at ${command.at} cannot precede the acknowledgement at ${c.acknowledgedAt}`);
    }
    const clashes = duplicates([...c.actions.map((a) => a.actionId), ...command.actions.map((a) => a.actionId)]);
    if (clashes.length > 0) return no('duplicate-action-id', `action ids must be unique on a complaint: ${[...new Set(clashes)].join(', ')}`, { actionIds: clashes });
    const regulator = isAwardingBodyComplaint(c) ? c.regulator : undefined;
    const route = regulator === undefined ? undefined : policy?.regulatorRoutes[regulator];
    return ok({
      type: 'ResponseIssued',
      data: {
        complaintId: c.complaintId as NonEmptyString,
        at: command.at,
        outcome: command.outcome,
        findings: command.findings,
        actions: command.actions,
        ...(regulator === undefined ? {} : { regulator }),
        ...(route === undefined ? {} : { regulatorRoute: route }),
      },
    });
  });

const completeAction = (command: C.CompleteAction, c: Complaint): Decision => {
  const action = c.actions.find((a) => a.actionId === command.actionId);
  if (action === undefined) return no('unknown-action', `no action ${command.actionId} was agreed on complaint ${c.complaintId}`, { known: c.actions.map((a) => a.actionId) });
  if (action.completedAt !== undefined) return no('action-already-completed', `action ${command.actionId} was already completed at ${action.completedAt}`);
  return ok({ type: 'ActionCompleted', data: { complaintId: c.complaintId as NonEmptyString, at: command.at, actionId: command.actionId } });
};

const close = (command: C.CloseComplaint, c: Complaint): Decision => {
  if (isClosed(c)) return no('complaint-closed', `complaint ${c.complaintId} was already closed at ${c.closedAt}`);
  const withdrawn = c.status === 'withdrawn';
  const outstanding = unremediatedFailures(c);
  const problems: string[] = [];
  if (!withdrawn && !hasResponse(c)) problems.push('the outcome has not been sent to the complainant (C8)');
  if (outstanding.length > 0) problems.push(`assessment failures ${outstanding.map((f) => f.failureId).join(', ')} are not remediated (C16)`);
  if (problems.length > 0) {
    const code = !withdrawn && !hasResponse(c) ? 'no-response-issued' : 'assessment-failures-unremediated';
    return no(code, `complaint ${c.complaintId} cannot be closed: ${problems.join('; ')}`, {
      responseIssued: hasResponse(c),
      unremediatedFailures: outstanding.map((f) => f.failureId),
    });
  }
  return ok({ type: 'ComplaintClosed', data: { complaintId: c.complaintId as NonEmptyString, at: command.at, resolution: withdrawn ? 'withdrawn' : 'responded' } });
};

const withdraw = (command: C.WithdrawComplaint, c: Complaint): Decision =>
  whenOpen(c, () =>
    ok({
      type: 'ComplaintWithdrawn',
      data: { complaintId: c.complaintId as NonEmptyString, at: command.at, ...(command.reason === undefined ? {} : { reason: command.reason }) },
    }),
  );

const declineFurtherCorrespondence = (command: C.DeclineFurtherCorrespondence, c: Complaint): Decision =>
  !isClosed(c)
    ? no('not-closed', `CIM may decline further correspondence only once the process is complete (C17); complaint ${c.complaintId} is ${c.status}`)
    : hasDeclinedFurtherCorrespondence(c)
      ? no('further-correspondence-already-declined', `further correspondence on complaint ${c.complaintId} was already declined at ${c.furtherCorrespondenceDeclined!.at}`)
      : ok({ type: 'FurtherCorrespondenceDeclined', data: { complaintId: c.complaintId as NonEmptyString, at: command.at, reason: command.reason } });

const reopen = (command: C.ReopenComplaint, c: Complaint): Decision =>
  !isClosed(c)
    ? no('not-closed', `only a closed complaint can be reopened; complaint ${c.complaintId} is ${c.status}`)
    : ok({ type: 'ComplaintReopened', data: { complaintId: c.complaintId as NonEmptyString, at: command.at, reason: command.reason } });

const recordRegulatorReferral = (command: C.RecordRegulatorReferral, c: Complaint): Decision => {
  if (!isAwardingBodyComplaint(c)) return no('not-an-awarding-body-complaint', `regulator referrals apply to awarding-body complaints; complaint ${c.complaintId} is about ${c.businessArea}`);
  if (c.responses.length === 0) return no('no-response-issued', `complaint ${c.complaintId} can be referred to a regulator only after CIM's response`);
  if (c.regulatorReferrals.some((r) => r.regulator === command.regulator)) return no('already-referred-to-regulator', `complaint ${c.complaintId} was already referred to ${command.regulator}`);
  return ok({ type: 'ReferredToRegulator', data: { complaintId: c.complaintId as NonEmptyString, at: command.at, regulator: command.regulator } });
};

// ---- dispatch --------------------------------------------------------------------------

const decideOnCase = (command: Exclude<C.ComplaintCommand, { type: 'ReceiveComplaint' }>, c: Complaint, registry: PolicyRegistry): Decision => {
  if (command.complaintId !== c.complaintId) {
    return no('wrong-complaint', `command for complaint ${command.complaintId} was given the state of complaint ${c.complaintId}`);
  }
  if (instantMillis(command.at) < instantMillis(c.receivedAt)) {
    return no('before-receipt', `${command.type} at ${command.at} is earlier than the complaint's receipt at ${c.receivedAt}`, {
      at: command.at,
      receivedAt: c.receivedAt,
    });
  }
  if (hasEndedAtReceipt(c)) {
    return c.status === 'redirected'
      ? no('complaint-redirected', `complaint ${c.complaintId} was redirected to ${c.redirectedTo} (C3); it has no further lifecycle here`)
      : no('complaint-referred-to-study-centre', `complaint ${c.complaintId} was referred back to ${c.studyCentre?.name ?? 'its study centre'} (C14)`);
  }
  switch (command.type) {
    case 'AcknowledgeComplaint':
      return acknowledge(command, c);
    case 'AssignComplaint':
      return assign(command, c);
    case 'RequireInvestigation':
      return requireInvestigation(command, c);
    case 'AuthoriseThirdParty':
      return authoriseThirdParty(command, c);
    case 'WithdrawThirdPartyAuthorisation':
      return withdrawThirdPartyAuthorisation(command, c);
    case 'RecordCorrespondence':
      return recordCorrespondence(command, c);
    case 'RecordAssessmentFailure':
      return recordAssessmentFailure(command, c);
    case 'RecordAssessmentRemediation':
      return recordAssessmentRemediation(command, c);
    case 'IssueResponse':
      return issueResponse(command, c, O.toUndefined(registry.byId(c.policy)));
    case 'CompleteAction':
      return completeAction(command, c);
    case 'CloseComplaint':
      return close(command, c);
    case 'WithdrawComplaint':
      return withdraw(command, c);
    case 'DeclineFurtherCorrespondence':
      return declineFurtherCorrespondence(command, c);
    case 'ReopenComplaint':
      return reopen(command, c);
    case 'RecordRegulatorReferral':
      return recordRegulatorReferral(command, c);
    default:
      return absurd(command);
  }
};

/** A decider whose receipts choose among the given policy versions. */
export const createDecider = (registry: PolicyRegistry) => {
  const decide = (command: C.ComplaintCommand, state: ComplaintState): Decision => {
    if (command.type === 'ReceiveComplaint') {
      return state.status !== 'none'
        ? no('complaint-already-received', `complaint ${command.complaintId} was already received at ${state.receivedAt}`)
        : pipe(
            choosePolicy(command, registry),
            E.chain((policy) => receiveComplaint(command, policy)),
          );
    }
    return state.status === 'none'
      ? no('complaint-not-received', `complaint ${command.complaintId} has not been received`)
      : decideOnCase(command, state, registry);
  };
  return { initialState, decide, evolve } as const;
};

/** The complaint decider under the library's policies (CX097 V4). */
export const complaintDecider = createDecider(defaultPolicyRegistry);
export const decide = complaintDecider.decide;
