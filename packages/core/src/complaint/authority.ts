/**
 * Who may take a decision on a case (C6, DOMAIN "Handler"): the policy the complaint was received
 * under lists the roles that may respond for any department, close, decline further
 * correspondence, reopen and refer to a regulator; the assigned handler may respond too.
 *
 * @example
 * underPolicy(c, policy, (p) => unless(roleRefusal('close', command, p), () => ok(closed)));
 * // Left('role-not-permitted') for an actor whose role CX097 V4 does not list for closing
 */
import * as O from 'fp-ts/lib/Option.js';
import type { Actor } from '../shared/codecs.js';
import { isPermitted, rolesPermitted, type Permission, type Policy } from '../policy/policy.js';
import { no, type Decision } from './decision.js';
import { rejection, type Rejection } from './rejections.js';
import type { Complaint } from './state.js';

/** What a permission lets an actor do, as a message says it. */
const DECISIONS: Record<Permission, string> = {
  respondForAnyDepartment: 'respond for any department',
  close: 'close a complaint',
  declineFurtherCorrespondence: 'decline further correspondence',
  reopen: 'reopen a complaint',
  referToRegulator: 'record a referral to a regulator',
};

/** The decision `then` makes under the complaint's policy (C18), or why the decider cannot judge it. */
export const underPolicy = (c: Complaint, policy: Policy | undefined, then: (policy: Policy) => Decision): Decision =>
  policy === undefined
    ? no('unknown-policy', `complaint ${c.complaintId} was received under policy ${c.policy}, which this decider does not know`, { policy: c.policy })
    : then(policy);

/** Why the actor may not take the decision under the policy, if they may not (C6). */
export const roleRefusal = (permission: Permission, command: { readonly actor: Actor }, policy: Policy): O.Option<Rejection> =>
  isPermitted(permission, command.actor.role)(policy)
    ? O.none
    : O.some(
        rejection(
          'role-not-permitted',
          `role ${command.actor.role} may not ${DECISIONS[permission]} under ${policy.id}; roles allowed: ${rolesPermitted(permission)(policy).join(', ') || 'none'} (C6)`,
          { role: command.actor.role, permitted: rolesPermitted(permission)(policy) },
        ),
      );

/**
 * Why the actor may not issue the response, if they may not (C6): a case is answered by the
 * manager it is assigned to (`actor.id` is the manager's id) or by a role the policy lets
 * respond for any department. The case must have a handler at all.
 */
export const responderRefusal = (command: { readonly actor: Actor }, c: Complaint, policy: Policy): O.Option<Rejection> => {
  const handler = c.handler;
  if (handler === undefined) {
    return O.some(rejection('no-handler', `complaint ${c.complaintId} has no handler: assign it to a department manager before responding (C6, C9)`));
  }
  if (handler.manager.id === command.actor.id || isPermitted('respondForAnyDepartment', command.actor.role)(policy)) return O.none;
  return O.some(
    rejection(
      'role-not-permitted',
      `complaint ${c.complaintId} is handled by ${handler.manager.name} (${handler.manager.id}); ${command.actor.id} in role ${command.actor.role} may not respond for them under ${policy.id}; roles allowed to respond for any department: ${rolesPermitted('respondForAnyDepartment')(policy).join(', ') || 'none'} (C6)`,
      { actor: command.actor.id, role: command.actor.role, handler: handler.manager.id, permitted: rolesPermitted('respondForAnyDepartment')(policy) },
    ),
  );
};
