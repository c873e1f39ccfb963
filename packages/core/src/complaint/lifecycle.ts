/**
 * Decisions on a received case: what every lifecycle command must satisfy first, then handling
 * from acknowledgement (C12) and assignment (C9) through investigation (C13) to the response
 * (C8, C10, C15) and its actions. Correspondence and closure are in their own modules.
 *
 * @example
 * caseRefusal(command, c);                 // Some(Rejection) for a command the case cannot take at all
 * acknowledge(command, c);                 // Right([ComplaintAcknowledged]) or Left('already-acknowledged')
 */
import * as O from 'fp-ts/lib/Option.js';
import { instantMillis } from '../shared/codecs.js';
import { regulatorRouteFor, type Policy } from '../policy/policy.js';
import type * as C from './commands.js';
import { no, ok, whenOpen, type Decision } from './decision.js';
import { rejection, type Rejection } from './rejections.js';
import { hasEndedAtReceipt, hasResponse, isAwaitingAcknowledgement } from './rules.js';
import type { Complaint } from './state.js';

/** Every command but the receipt. */
export type LifecycleCommand = Exclude<C.ComplaintCommand, { type: 'ReceiveComplaint' }>;

/** Why a received case cannot take the command at all: another case, before receipt, or ended at receipt. */
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
  if (!hasEndedAtReceipt(c)) return O.none;
  return O.some(
    c.status === 'redirected'
      ? rejection('complaint-redirected', `complaint ${c.complaintId} was redirected to ${c.redirectedTo} (C3); it has no further lifecycle here`)
      : rejection('complaint-referred-to-study-centre', `complaint ${c.complaintId} was referred back to ${c.studyCentre?.name ?? 'its study centre'} (C14)`),
  );
};

/** C12: the acknowledgement, once. */
export const acknowledge = (command: C.AcknowledgeComplaint, c: Complaint): Decision =>
  whenOpen(c, () =>
    isAwaitingAcknowledgement(c)
      ? ok({ type: 'ComplaintAcknowledged', data: { complaintId: c.complaintId, at: command.at, channel: command.channel } })
      : no('already-acknowledged', `complaint ${c.complaintId} was already acknowledged at ${c.acknowledgedAt}`),
  );

/** C9: a (re)assignment to a department manager; the same handler again is refused. */
export const assign = (command: C.AssignComplaint, c: Complaint): Decision =>
  whenOpen(c, () =>
    c.handler?.manager.id === command.manager.id && c.handler.department === command.department
      ? no('already-assigned', `complaint ${c.complaintId} is already handled by ${command.manager.name} (${command.department})`)
      : ok({
          type: 'ComplaintAssigned',
          data: {
            complaintId: c.complaintId,
            at: command.at,
            department: command.department,
            manager: command.manager,
            ...(c.handler === undefined ? {} : { previousManager: c.handler.manager }),
          },
        }),
  );

/** C13: the decision that further investigation is required, once per opening. */
export const requireInvestigation = (command: C.RequireInvestigation, c: Complaint): Decision =>
  whenOpen(c, () =>
    c.investigation !== undefined
      ? no('investigation-already-required', `investigation of complaint ${c.complaintId} was already required at ${c.investigation.requiredAt}`)
      : hasResponse(c)
        ? no('response-already-issued', `complaint ${c.complaintId} was already responded to; reopen it to investigate again`)
        : ok({ type: 'InvestigationRequired', data: { complaintId: c.complaintId, at: command.at, reason: command.reason } }),
  );

const duplicates = (ids: readonly string[]): string[] => ids.filter((id, i) => ids.indexOf(id) !== i);

/** The response of this opening (C8, C10), telling a regulated complaint its regulator's route (C15). */
export const issueResponse = (command: C.IssueResponse, c: Complaint, policy: Policy | undefined): Decision =>
  whenOpen(c, () => {
    if (hasResponse(c)) return no('response-already-issued', `complaint ${c.complaintId} was already responded to at ${c.response!.respondedAt}`);
    if (c.acknowledgedAt === undefined) return no('not-acknowledged', `complaint ${c.complaintId} must be acknowledged before it is responded to`);
    if (instantMillis(command.at) < instantMillis(c.acknowledgedAt)) {
      return no('before-acknowledgement', `a response at ${command.at} cannot precede the acknowledgement at ${c.acknowledgedAt}`);
    }
    const clashes = duplicates([...c.actions.map((a) => a.actionId), ...command.actions.map((a) => a.actionId)]);
    if (clashes.length > 0) return no('duplicate-action-id', `action ids must be unique on a complaint: ${[...new Set(clashes)].join(', ')}`, { actionIds: clashes });
    const regulator = c.regulator; // recorded on a regulated complaint only (isRegulatedComplaint)
    const route = regulator === undefined || policy === undefined ? undefined : regulatorRouteFor(regulator)(policy);
    return ok({
      type: 'ResponseIssued',
      data: {
        complaintId: c.complaintId,
        at: command.at,
        outcome: command.outcome,
        findings: command.findings,
        actions: command.actions,
        ...(regulator === undefined ? {} : { regulator }),
        ...(route === undefined ? {} : { regulatorRoute: route }),
      },
    });
  });

/** C10: an agreed action marked done, once. */
export const completeAction = (command: C.CompleteAction, c: Complaint): Decision => {
  const action = c.actions.find((a) => a.actionId === command.actionId);
  if (action === undefined) return no('unknown-action', `no action ${command.actionId} was agreed on complaint ${c.complaintId}`, { known: c.actions.map((a) => a.actionId) });
  if (action.completedAt !== undefined) return no('action-already-completed', `action ${command.actionId} was already completed at ${action.completedAt}`);
  return ok({ type: 'ActionCompleted', data: { complaintId: c.complaintId, at: command.at, actionId: command.actionId } });
};
