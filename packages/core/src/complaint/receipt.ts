/**
 * Decisions at receipt: which policy version judges the complaint (C18), whether it may be
 * recorded, where it routes (C9), whether it came by a channel the policy does not list (C1:
 * recorded and flagged), and whether the policy ends it at once: redirected (C3) or referred back
 * to a study centre (C14). What an area means is read from `policy.areaRules`.
 *
 * @example
 * receive(command, initialState, defaultPolicyRegistry); // Right([ComplaintReceived, ComplaintRedirected?])
 */
import * as E from 'fp-ts/lib/Either.js';
import * as O from 'fp-ts/lib/Option.js';
import { pipe } from 'fp-ts/lib/function.js';
import { londonDateOf } from '../calendar/zone.js';
import { instantMillis, type NonEmptyString } from '../shared/codecs.js';
import type { PolicyRegistry } from '../policy/registry.js';
import { departmentFor, isRegulatedArea, isStudyCentreArea, redirectFor, type Policy } from '../policy/policy.js';
import type * as C from './commands.js';
import { no, ok, type Decision } from './decision.js';
import type { ComplaintEvent, EventOf } from './events.js';
import { rejection, type Rejection } from './rejections.js';
import { isReceived } from './rules.js';
import type { ComplaintState } from './state.js';

const STUDY_CENTRE_FIRST = "the study centre's own complaints procedure comes first (C14)" as NonEmptyString;

/** The version named on the command, if in force at `at`; otherwise the version in force then (C18). */
const choosePolicy = (command: C.ReceiveComplaint, registry: PolicyRegistry): E.Either<Rejection, Policy> =>
  command.policy === undefined
    ? pipe(
        registry.inForceAt(command.at),
        E.fromOption(() => rejection('no-policy-in-force', `no complaints policy was in force at ${command.at}`, { at: command.at })),
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

/** Whether the policy takes the complaint as an escalation from its study centre: its own procedure completed (C14). */
const isStudyCentreEscalation = (command: C.ReceiveComplaint, policy: Policy): boolean =>
  isStudyCentreArea(command.businessArea)(policy) && command.studyCentre?.ownProcedureCompletedOn !== undefined;

/**
 * Why the policy refuses to record the complaint as given, if it does. A channel the policy does
 * not list is not a reason: the complaint is recorded and flagged (C1).
 */
const receiptRefusal = (command: C.ReceiveComplaint, policy: Policy): O.Option<Rejection> => {
  const area = command.businessArea;
  const regulated = isRegulatedArea(area)(policy);
  if (regulated && command.regulator === undefined) {
    return O.some(rejection('regulator-required', `a complaint about ${area} must name its regulator (${Object.keys(policy.regulatorRoutes).join(', ')})`));
  }
  if (!regulated && command.regulator !== undefined) {
    return O.some(rejection('regulator-not-applicable', `a regulator applies only to complaints about ${policy.areaRules.regulated.join(', ') || 'no area'} under ${policy.id}, not to ${area}`));
  }
  if (isStudyCentreArea(area)(policy) && command.studyCentre === undefined) {
    return O.some(rejection('study-centre-required', `a complaint about ${area} must name the study centre (studyCentre.name)`));
  }
  const completedOn = command.studyCentre?.ownProcedureCompletedOn;
  if (completedOn !== undefined && completedOn > londonDateOf(command.at)) {
    return O.some(
      rejection('study-centre-procedure-completed-in-future', `the study centre's procedure cannot have completed on ${completedOn}, after the complaint was received`, {
        ownProcedureCompletedOn: completedOn,
      }),
    );
  }
  const escalated = command.escalatesFrom;
  if (escalated !== undefined && (escalated === command.complaintId || !isStudyCentreEscalation(command, policy))) {
    return O.some(
      rejection(
        'escalation-not-applicable',
        escalated === command.complaintId
          ? `complaint ${command.complaintId} cannot escalate itself (escalatesFrom)`
          : `escalatesFrom names a complaint referred back to a study centre; complaint ${command.complaintId} escalates one only when it is about ${policy.areaRules.studyCentreReferral.join(', ') || 'a study-centre area'} and the centre's own procedure completed (C14)`,
        { escalatesFrom: escalated },
      ),
    );
  }
  return O.none;
};

/** The complaint as received under the policy, routed to its department (C1, C2, C9, C18). */
const received = (command: C.ReceiveComplaint, policy: Policy): EventOf<'ComplaintReceived'> => ({
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
    ...(command.personalText === true ? { personalText: true as const } : {}),
    ...(command.studyCentre === undefined ? {} : { studyCentre: command.studyCentre }),
    ...(command.regulator === undefined ? {} : { regulator: command.regulator }),
    ...(isStudyCentreEscalation(command, policy) ? { escalatedFromStudyCentre: true } : {}),
    ...(command.escalatesFrom === undefined ? {} : { escalatesFrom: command.escalatesFrom }),
    ...(policy.channels.includes(command.channel) ? {} : { channelOutsidePolicy: true as const }),
  },
});

/** The event that ends the case at receipt, if the policy sends it elsewhere (C3, C14). */
const endingAtReceipt = (command: C.ReceiveComplaint, policy: Policy): ComplaintEvent[] => {
  const base = { complaintId: command.complaintId, at: command.at };
  const redirect = redirectFor(command.businessArea)(policy);
  if (redirect !== undefined) return [{ type: 'ComplaintRedirected', data: { ...base, redirectedTo: redirect.to, reason: redirect.reason } }];
  const centre = command.studyCentre;
  if (isStudyCentreArea(command.businessArea)(policy) && centre !== undefined && centre.ownProcedureCompletedOn === undefined) {
    return [{ type: 'ComplaintReferredToStudyCentre', data: { ...base, studyCentre: centre.name, reason: STUDY_CENTRE_FIRST } }];
  }
  return [];
};

/** Receiving a complaint: once only, under the policy chosen for it. */
export const receive = (command: C.ReceiveComplaint, state: ComplaintState, registry: PolicyRegistry): Decision =>
  isReceived(state)
    ? no('complaint-already-received', `complaint ${command.complaintId} was already received at ${state.receivedAt}`)
    : pipe(
        choosePolicy(command, registry),
        E.chain((policy) =>
          pipe(
            receiptRefusal(command, policy),
            O.match(
              () => ok(received(command, policy), ...endingAtReceipt(command, policy)),
              (r) => E.left(r),
            ),
          ),
        ),
      );
