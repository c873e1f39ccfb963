/**
 * Who took each decision (C6, DOMAIN "Handler"): a response is the assigned handler's (the
 * actor's id is the manager's) or comes from a role the policy lets respond for any department;
 * a close, a decline of further correspondence, a reopening and a regulator referral come from a
 * role the policy lists for it. Roles are read from the envelopes' `metadata.actor`: a history of
 * plain events names no actor, so only the handler's presence is checked there.
 *
 * @example
 * authorityFindings(record, CX097_V4);
 * // [{ code: 'role-not-permitted', clause: 'C6', message: 'ComplaintClosed at ... by u-9 in role customer-service: ...', ... }]
 */
import type { EventType } from '../complaint/events.js';
import { isPermitted, rolesPermitted, type Permission, type Policy } from '../policy/policy.js';
import { finding, type Finding } from './findings.js';
import type { CaseRecord, Step } from './record.js';

/** The decisions whose roles the policy lists, by the event that records them. */
const DECISIONS: Partial<Record<EventType, { readonly permission: Permission; readonly what: string }>> = {
  ComplaintClosed: { permission: 'close', what: 'close a complaint' },
  FurtherCorrespondenceDeclined: { permission: 'declineFurtherCorrespondence', what: 'decline further correspondence' },
  ComplaintReopened: { permission: 'reopen', what: 'reopen a complaint' },
  ReferredToRegulator: { permission: 'referToRegulator', what: 'record a referral to a regulator' },
};

/** C6: the response's handler, and whether its actor is them or may respond for any department. */
const responder = (record: CaseRecord, step: Step, policy: Policy | undefined): Finding[] => {
  const id = record.receipt.event.data.complaintId;
  const handler = step.before.handler;
  if (handler === undefined) {
    return [
      finding('response-without-handler', id, {
        message: `the response at ${step.ref.at} was issued on a case no department manager had been assigned (C6, C9)`,
        at: step.ref.at,
        dates: { respondedAt: step.ref.at },
        events: [step.ref],
        opening: step.opening,
      }),
    ];
  }
  const actor = step.ref.actor;
  if (policy === undefined || actor === undefined || actor.id === handler.managerId || isPermitted('respondForAnyDepartment', actor.role)(policy)) return [];
  return [
    finding('response-not-by-handler', id, {
      message: `the response at ${step.ref.at} was issued by ${actor.id} (${actor.role}); the case was handled by ${handler.managerName} (${handler.managerId}), and ${policy.id} lets only ${rolesPermitted('respondForAnyDepartment')(policy).join(', ') || 'no role'} respond for any department (C6)`,
      at: step.ref.at,
      dates: { respondedAt: step.ref.at, assignedAt: handler.ref.at },
      events: [handler.ref, step.ref],
      opening: step.opening,
    }),
  ];
};

/** C6: a decision by a role the policy does not list for it. */
const decider = (record: CaseRecord, step: Step, policy: Policy | undefined): Finding[] => {
  const decision = DECISIONS[step.event.type];
  const actor = step.ref.actor;
  if (policy === undefined || decision === undefined || actor === undefined || isPermitted(decision.permission, actor.role)(policy)) return [];
  return [
    finding('role-not-permitted', record.receipt.event.data.complaintId, {
      message: `${step.event.type} at ${step.ref.at} by ${actor.id} in role ${actor.role}: ${policy.id} lets only ${rolesPermitted(decision.permission)(policy).join(', ') || 'no role'} ${decision.what} (C6)`,
      at: step.ref.at,
      dates: { at: step.ref.at },
      events: [step.ref],
      opening: step.opening,
    }),
  ];
};

/**
 * Every response without a handler or not the handler's, and every decision by a role the
 * complaint's policy does not list (C6); roles are judged only under a known policy.
 */
export const authorityFindings = (record: CaseRecord, policy: Policy | undefined): Finding[] =>
  record.steps.flatMap((step) => (step.event.type === 'ResponseIssued' ? responder(record, step, policy) : decider(record, step, policy)));
