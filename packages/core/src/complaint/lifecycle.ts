/**
 * Decisions on a received case: what every lifecycle command must satisfy first, then handling
 * from acknowledgement (C12) and assignment (C9) through investigation (C13) to the response
 * (C6, C8, C10, C15) and its actions. Correspondence and closure are in their own modules.
 *
 * @example
 * caseRefusal(command, c);                 // Some(Rejection) for a command the case cannot take at all
 * acknowledge(command, c);                 // Right([ComplaintAcknowledged]) or Left('already-acknowledged')
 * issueResponse(command, c, CX097_V4);     // Left('no-handler') until the case is assigned (C6)
 */
import * as E from 'fp-ts/lib/Either.js';
import * as O from 'fp-ts/lib/Option.js';
import { pipe } from 'fp-ts/lib/function.js';
import { instantMillis } from '../shared/codecs.js';
import { departmentFor, regulatorRouteFor, type Policy } from '../policy/policy.js';
import { responderRefusal, underPolicy } from './authority.js';
import { precedent, precedes } from './chronology.js';
import type * as C from './commands.js';
import { addresseeFields, addressLetter } from './correspondence.js';
import { no, ok, unless, whenOpen, type Decision } from './decision.js';
import type { ComplaintEvent } from './events.js';
import { rejection, type Rejection } from './rejections.js';
import { hasEndedAtReceipt, hasResponse, isAwaitingAcknowledgement } from './rules.js';
import type { Complaint } from './state.js';

const DATA_PROTECTION_COMMANDS: ReadonlySet<string> = new Set(['EraseComplainantData', 'PlaceLegalHold', 'LiftLegalHold', 'RecordSubjectAccess']);

/** Every command but the receipt. */
export type LifecycleCommand = Exclude<C.ComplaintCommand, { type: 'ReceiveComplaint' }>;

/**
 * Why a received case cannot take the command at all: another case, before receipt, or ended at
 * receipt (where only correspondence is still recorded: C3, C14).
 */
export const caseRefusal = (command: LifecycleCommand, c: Complaint): O.Option<Rejection> => {
  if (command.complaintId !== c.complaintId) {
    return O.some(rejection('wrong-complaint', `command for complaint ${command.complaintId} was given the state of complaint ${c.complaintId}`));
  }
  if (instantMillis(command.at) < instantMillis(c.receivedAt)) {
    return O.some(
      rejection('before-receipt', `${command.type} at ${command.at} is earlier than the complaint's receipt at ${c.receivedAt}`, {
        at: command.at,
        receivedAt: c.receivedAt,
      }),
    );
  }
  // correspondence is still recorded on a case ended at receipt, and its personal data is still managed (C5, C7)
  if (!hasEndedAtReceipt(c) || command.type === 'RecordCorrespondence' || DATA_PROTECTION_COMMANDS.has(command.type)) return O.none;
  return O.some(
    c.status === 'redirected'
      ? rejection('complaint-redirected', `complaint ${c.complaintId} was redirected to ${c.redirectedTo} (C3); it has no further lifecycle here`)
      : rejection('complaint-referred-to-study-centre', `complaint ${c.complaintId} was referred back to ${c.studyCentre?.name ?? 'its study centre'} (C14)`),
  );
};

/** C12: the acknowledgement, once, to the complainant or an authorised third party (C4). */
export const acknowledge = (command: C.AcknowledgeComplaint, c: Complaint): Decision =>
  whenOpen(c, command, () =>
    !isAwaitingAcknowledgement(c)
      ? no('already-acknowledged', `complaint ${c.complaintId} was already acknowledged at ${c.acknowledgedAt}`)
      : pipe(
          addressLetter(command, c),
          E.map((addressee): ComplaintEvent[] => [
            { type: 'ComplaintAcknowledged', data: { complaintId: c.complaintId, at: command.at, channel: command.channel, ...addresseeFields(addressee) } },
          ]),
        ),
  );

/**
 * C9: a (re)assignment to a department manager; the same handler again is refused. A department
 * other than the one the business area routes to under the complaint's policy needs a reason.
 */
export const assign = (command: C.AssignComplaint, c: Complaint, policy: Policy | undefined): Decision =>
  whenOpen(c, command, () => {
    if (c.handler?.manager.id === command.manager.id && c.handler.department === command.department) {
      return no('already-assigned', `complaint ${c.complaintId} is already handled by ${command.manager.name} (${command.department})`);
    }
    return underPolicy(c, policy, (p) => {
      const routed = departmentFor(c.businessArea)(p);
      if (command.department !== routed && command.overrideReason === undefined) {
        return no(
          'assignment-outside-department',
          `complaints about ${c.businessArea} are handled by ${routed} under ${p.id} (C9); assigning complaint ${c.complaintId} to ${command.department} needs an overrideReason`,
          { department: command.department, routedTo: routed },
        );
      }
      return ok({
        type: 'ComplaintAssigned',
        data: {
          complaintId: c.complaintId,
          at: command.at,
          department: command.department,
          manager: command.manager,
          ...(c.handler === undefined ? {} : { previousManager: c.handler.manager }),
          ...(command.overrideReason === undefined ? {} : { overrideReason: command.overrideReason }),
        },
      });
    });
  });

/** C13: the decision that further investigation is required, once per opening. */
export const requireInvestigation = (command: C.RequireInvestigation, c: Complaint): Decision =>
  whenOpen(c, command, () =>
    c.investigation !== undefined
      ? no('investigation-already-required', `investigation of complaint ${c.complaintId} was already required at ${c.investigation.requiredAt}`)
      : hasResponse(c)
        ? no('response-already-issued', `complaint ${c.complaintId} was already responded to; reopen it to investigate again`)
        : ok({ type: 'InvestigationRequired', data: { complaintId: c.complaintId, at: command.at, reason: command.reason } }),
  );

const duplicates = (ids: readonly string[]): string[] => ids.filter((id, i) => ids.indexOf(id) !== i);

/** What a response needs to follow: the acknowledgement, this opening's investigation decision, the handler's assignment. */
const responsePrecedents = (c: Complaint) => [
  precedent('before-acknowledgement', 'the acknowledgement', c.acknowledgedAt),
  precedent('before-investigation-decision', 'the investigation decision', c.investigation?.requiredAt),
  precedent('before-assignment', `the assignment to ${c.handler?.manager.name ?? 'the handler'}`, c.handler?.assignedAt, "the response is the handler's (C6)"),
];

/**
 * The response of this opening (C8, C10), by the case's handler or a role that may respond for
 * any department (C6), to the complainant or an authorised third party (C4), telling a regulated
 * complaint its regulator's route (C15).
 */
export const issueResponse = (command: C.IssueResponse, c: Complaint, policy: Policy | undefined): Decision =>
  whenOpen(c, command, () => {
    if (hasResponse(c)) return no('response-already-issued', `complaint ${c.complaintId} was already responded to at ${c.response!.respondedAt}`);
    if (c.acknowledgedAt === undefined) return no('not-acknowledged', `complaint ${c.complaintId} must be acknowledged before it is responded to`);
    return underPolicy(c, policy, (p) =>
      unless(pipe(responderRefusal(command, c, p), O.alt(() => precedes(command, responsePrecedents(c)))), () => {
        const clashes = duplicates([...c.actions.map((a) => a.actionId), ...command.actions.map((a) => a.actionId)]);
        if (clashes.length > 0) return no('duplicate-action-id', `action ids must be unique on a complaint: ${[...new Set(clashes)].join(', ')}`, { actionIds: clashes });
        const regulator = c.regulator; // recorded on a regulated complaint only (isRegulatedComplaint)
        const route = regulator === undefined ? undefined : regulatorRouteFor(regulator)(p);
        return pipe(
          addressLetter(command, c),
          E.map((addressee): ComplaintEvent[] => [
            {
              type: 'ResponseIssued',
              data: {
                complaintId: c.complaintId,
                at: command.at,
                outcome: command.outcome,
                findings: command.findings,
                actions: command.actions,
                ...addresseeFields(addressee),
                ...(regulator === undefined ? {} : { regulator }),
                ...(route === undefined ? {} : { regulatorRoute: route }),
              },
            },
          ]),
        );
      }),
    );
  });

/** C10: an agreed action marked done, once, not before the response that agreed it. */
export const completeAction = (command: C.CompleteAction, c: Complaint): Decision => {
  const action = c.actions.find((a) => a.actionId === command.actionId);
  if (action === undefined) return no('unknown-action', `no action ${command.actionId} was agreed on complaint ${c.complaintId}`, { known: c.actions.map((a) => a.actionId) });
  if (action.completedAt !== undefined) return no('action-already-completed', `action ${command.actionId} was already completed at ${action.completedAt}`);
  return unless(precedes(command, [precedent('before-action-agreed', `the response that agreed action ${command.actionId}`, action.agreedAt)]), () =>
    ok({ type: 'ActionCompleted', data: { complaintId: c.complaintId, at: command.at, actionId: command.actionId } }),
  );
};
