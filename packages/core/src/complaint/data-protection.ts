/**
 * Decisions about the complainant's personal data (C5, C7, UK GDPR): erasure (by the application
 * deleting the subject's key once `ComplainantDataErased` is decided), legal holds that suspend
 * erasure, and the record that a subject access request disclosed the complaint. Who may take
 * them is `policy.dataProtection.roles`. Allowed whatever the case status, closed or redirected.
 *
 * @example
 * erase(command, c, CX097_V4); // Right([ComplainantDataErased]) or Left('under-legal-hold')
 */
import * as O from 'fp-ts/lib/Option.js';
import type { Policy } from '../policy/policy.js';
import { subjectOf } from '../personal/personal.js';
import type { Actor, NonEmptyString } from '../shared/codecs.js';
import { underPolicy } from './authority.js';
import type * as C from './commands.js';
import { no, ok, unless, type Decision } from './decision.js';
import { rejection, type Rejection } from './rejections.js';
import { isPersonalDataErased, isUnderLegalHold } from './rules.js';
import type { Complaint } from './state.js';

/** The roles a policy lets decide about personal data. */
export const dataProtectionRoles = (policy: Policy): readonly string[] => policy.dataProtection?.roles ?? [];

const roleRefusal = (command: { readonly type: string; readonly actor: Actor }, policy: Policy): O.Option<Rejection> =>
  dataProtectionRoles(policy).includes(command.actor.role)
    ? O.none
    : O.some(
        rejection('role-not-permitted', `role ${command.actor.role} may not ${command.type} under ${policy.id}; roles allowed: ${dataProtectionRoles(policy).join(', ') || 'none'} (C5)`, {
          role: command.actor.role,
          permitted: dataProtectionRoles(policy),
        }),
      );

/** The refusal of a command that would record personal data of a complainant whose data was erased. */
export const personalDataErased = (command: { readonly type: string }, c: Complaint): Decision =>
  no('personal-data-erased', `the personal data of complaint ${c.complaintId} was erased at ${c.erasure?.at}; ${command.type} would record personal data again (C5)`, {
    erasedAt: c.erasure?.at,
  });

/** C5, C7: erase the complainant's personal data, once, unless a legal hold is in force. */
export const erase = (command: C.EraseComplainantData, c: Complaint, policy: Policy | undefined): Decision =>
  underPolicy(c, policy, (p) =>
    unless(roleRefusal(command, p), () =>
      isPersonalDataErased(c)
        ? no('personal-data-erased', `the personal data of complaint ${c.complaintId} was already erased at ${c.erasure?.at}`, { erasedAt: c.erasure?.at })
        : isUnderLegalHold(c)
          ? no('under-legal-hold', `complaint ${c.complaintId} is under a legal hold since ${c.legalHold?.at}: its personal data is kept until the hold is lifted (C7)`, { heldAt: c.legalHold?.at })
          : ok({ type: 'ComplainantDataErased', data: { complaintId: c.complaintId, at: command.at, subject: subjectOf(c.complaintId) as NonEmptyString, legalBasis: command.legalBasis } }),
    ),
  );

/** C7: a legal hold, one at a time. */
export const placeLegalHold = (command: C.PlaceLegalHold, c: Complaint, policy: Policy | undefined): Decision =>
  underPolicy(c, policy, (p) =>
    unless(roleRefusal(command, p), () =>
      isUnderLegalHold(c)
        ? no('legal-hold-already-placed', `complaint ${c.complaintId} is already under a legal hold since ${c.legalHold?.at}`)
        : ok({ type: 'LegalHoldPlaced', data: { complaintId: c.complaintId, at: command.at, reason: command.reason } }),
    ),
  );

/** C7: the end of the legal hold in force. */
export const liftLegalHold = (command: C.LiftLegalHold, c: Complaint, policy: Policy | undefined): Decision =>
  underPolicy(c, policy, (p) =>
    unless(roleRefusal(command, p), () =>
      !isUnderLegalHold(c)
        ? no('no-legal-hold', `complaint ${c.complaintId} is under no legal hold`)
        : ok({ type: 'LegalHoldLifted', data: { complaintId: c.complaintId, at: command.at, reason: command.reason } }),
    ),
  );

/** C7: the complaint was disclosed to its data subject (a request discloses it once). */
export const recordSubjectAccess = (command: C.RecordSubjectAccess, c: Complaint, policy: Policy | undefined): Decision =>
  underPolicy(c, policy, (p) =>
    unless(roleRefusal(command, p), () =>
      c.subjectAccess.some((r) => r.requestId === command.requestId)
        ? no('subject-access-already-recorded', `subject access request ${command.requestId} was already recorded on complaint ${c.complaintId}`, { requestId: command.requestId })
        : ok({ type: 'SubjectAccessDisclosed', data: { complaintId: c.complaintId, at: command.at, requestId: command.requestId } }),
    ),
  );
