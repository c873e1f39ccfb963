/**
 * Who sees personal data (C5: "handled in a confidential manner"): a view of a complaint's history
 * takes the reader's role. The Quality & Complaints Manager and the Data Protection Officer see
 * every case in full; a department manager sees the cases of their own department in full and
 * others redacted; an auditor sees every history with personal data redacted, unless granted it.
 * The monitoring report never holds personal data, whatever the role. Pure: the caller supplies
 * `refOf` (a keyed digest, so redacted fields naming the same person still compare equal).
 *
 * @example
 * const role = parseViewRole('department-manager:Membership'); // Right({ kind: 'department-manager', department: 'Membership' })
 * seesPersonalData(role.right, 'Membership'); // true
 * redactEvent(event, refOf); // each personal field { withheld: 'redacted', ref }
 */
import * as E from 'fp-ts/lib/Either.js';
import type { NonEmptyString } from '../shared/codecs.js';
import { isSealed, isWithheld, mapPersonal, type Withheld } from './personal.js';

export type ViewRole =
  | { readonly kind: 'auditor'; readonly personalData: boolean }
  | { readonly kind: 'department-manager'; readonly department: string }
  | { readonly kind: 'quality-and-complaints-manager' }
  | { readonly kind: 'data-protection-officer' };

/** The least privileged view, the default: an auditor not granted personal data. */
export const LEAST_PRIVILEGED_VIEW: ViewRole = { kind: 'auditor', personalData: false };

/** The roles as `--as` names them. */
export const viewRoleNames = ['auditor', 'auditor:personal-data', 'department-manager:<department>', 'quality-and-complaints-manager', 'data-protection-officer'] as const;

/** A role from its name (`auditor`, `auditor:personal-data`, `department-manager:<department>`, `quality-and-complaints-manager`, `data-protection-officer`). */
export const parseViewRole = (text: string): E.Either<string, ViewRole> => {
  if (text === 'auditor') return E.right(LEAST_PRIVILEGED_VIEW);
  if (text === 'auditor:personal-data') return E.right({ kind: 'auditor', personalData: true });
  if (text === 'quality-and-complaints-manager') return E.right({ kind: 'quality-and-complaints-manager' });
  if (text === 'data-protection-officer') return E.right({ kind: 'data-protection-officer' });
  if (text.startsWith('department-manager:') && text.length > 'department-manager:'.length) return E.right({ kind: 'department-manager', department: text.slice('department-manager:'.length) });
  return E.left(`expected one of ${viewRoleNames.join(', ')}, got ${JSON.stringify(text)}`);
};

/** The name of a role, as `parseViewRole` reads it. */
export const viewRoleName = (role: ViewRole): string =>
  role.kind === 'auditor' ? (role.personalData ? 'auditor:personal-data' : 'auditor') : role.kind === 'department-manager' ? `department-manager:${role.department}` : role.kind;

/** Whether a role sees the personal data of a case of a department. */
export const seesPersonalData = (role: ViewRole, caseDepartment: string | undefined): boolean => {
  switch (role.kind) {
    case 'auditor':
      return role.personalData;
    case 'department-manager':
      return caseDepartment !== undefined && caseDepartment === role.department;
    case 'quality-and-complaints-manager':
    case 'data-protection-officer':
      return true;
  }
};

/** A case's department: where it is assigned, else where its business area routed at receipt (C9). */
export const caseDepartmentOf = (events: readonly { readonly type: string; readonly data: unknown }[]): string | undefined => {
  let department: string | undefined;
  for (const event of events) {
    const data = event.data as { readonly department?: unknown };
    if ((event.type === 'ComplaintReceived' || event.type === 'ComplaintAssigned') && typeof data.department === 'string') department = data.department;
  }
  return department;
};

/**
 * The event with every personal field redacted: a sealed field keeps its `ref`, a plain one gets
 * `refOf(text)`; an erased field stays erased.
 */
export const redactEvent = <Ev extends { readonly type: string; readonly data: unknown }>(event: Ev, refOf: (text: string) => string): Ev =>
  mapPersonal(event, (value): unknown => {
    if (isWithheld(value)) return value;
    if (isSealed(value)) return { withheld: 'redacted', ref: value.ref } satisfies Withheld;
    if (typeof value === 'string') return { withheld: 'redacted', ref: refOf(value) as NonEmptyString } satisfies Withheld;
    return value;
  });
