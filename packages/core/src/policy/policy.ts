/**
 * A complaints policy as a value: the version, its review dates, the channels it accepts,
 * how areas route to departments and what an area means (redirected, referred to a study
 * centre first, regulated), and the SLA targets with the calendar they count on.
 *
 * @example
 * import { Policy } from './policy.js';
 * Policy.decode(JSON.parse(text)); // Either<Errors, Policy>: a policy can be loaded from JSON
 * redirectFor('business-centre')(CX097_V4); // { to: 'feedbackmh@cim.co.uk', reason: '…(C3)' }
 */
import * as t from 'io-ts';
import { Instant, LocalDate, NonEmptyString } from '../shared/codecs.js';

export const SlaTargetId = t.keyof({ acknowledgement: null, response: null }, 'SlaTargetId');
export type SlaTargetId = t.TypeOf<typeof SlaTargetId>;

/** Where a target's working days are counted from. CX097 V4 counts both from receipt. */
export const SlaStartPoint = t.keyof(
  { receipt: null, acknowledgement: null, 'investigation-required': null },
  'SlaStartPoint',
);
export type SlaStartPoint = t.TypeOf<typeof SlaStartPoint>;

/** When a target applies at all: to every accepted complaint, or once investigation is required. */
export const SlaApplicability = t.keyof({ always: null, 'investigation-required': null }, 'SlaApplicability');
export type SlaApplicability = t.TypeOf<typeof SlaApplicability>;

export const SlaTargetDefinition = t.type(
  {
    id: SlaTargetId,
    workingDays: t.number,
    startsFrom: SlaStartPoint,
    appliesWhen: SlaApplicability,
    /** The event that meets the target. */
    metBy: t.keyof({ ComplaintAcknowledged: null, ResponseIssued: null }),
  },
  'SlaTargetDefinition',
);
export type SlaTargetDefinition = t.TypeOf<typeof SlaTargetDefinition>;

export const Regulator = t.keyof({ ofqual: null, ccea: null, 'qualifications-wales': null }, 'Regulator');
export type Regulator = t.TypeOf<typeof Regulator>;

/** C3: where complaints about an area are sent instead, and the reason the complainant is given. */
export const AreaRedirect = t.type({ to: NonEmptyString, reason: NonEmptyString }, 'AreaRedirect');
export type AreaRedirect = t.TypeOf<typeof AreaRedirect>;

/**
 * What a business area means beyond the department it routes to. An area may be named in more
 * than one list; the decider checks a redirect first.
 */
export const AreaRules = t.type(
  {
    /** C3: areas whose complaints are recorded and redirected elsewhere, ending the case. */
    redirect: t.record(t.string, AreaRedirect),
    /** C14: areas whose complaints name a study centre and go through its own procedure first. */
    studyCentreReferral: t.array(t.string),
    /** C15: areas whose complaints name their external regulator and may be referred to it. */
    regulated: t.array(t.string),
  },
  'AreaRules',
);
export type AreaRules = t.TypeOf<typeof AreaRules>;

/** Roles, named as actors record them (`actor.role`). */
export const Roles = t.array(NonEmptyString, 'Roles');

/**
 * C6 and who may do what (DOMAIN "Handler"). A response is issued by the assigned handler
 * (`actor.id` is the manager's id) or by a role in `respondForAnyDepartment`; the other
 * decisions need one of the roles listed for them.
 */
export const Permissions = t.type(
  {
    respondForAnyDepartment: Roles,
    close: Roles,
    declineFurtherCorrespondence: Roles,
    reopen: Roles,
    referToRegulator: Roles,
  },
  'Permissions',
);
export type Permissions = t.TypeOf<typeof Permissions>;
/** A decision whose roles the policy lists. */
export type Permission = keyof Permissions;

/**
 * C5, C7 (UK GDPR): who may erase a complainant's personal data, place or lift a legal hold and
 * answer a subject access request; and how long personal data is kept after a complaint ends.
 */
export const DataProtection = t.intersection(
  [
    t.type({ roles: Roles }),
    t.partial({
      /** Personal data of a complaint that ended (closed, withdrawn, redirected, referred) this many whole years ago is erased, unless a legal hold is in force. */
      erasePersonalDataYearsAfterEnd: t.number,
    }),
  ],
  'DataProtection',
);
export type DataProtection = t.TypeOf<typeof DataProtection>;

export const Policy = t.intersection(
  [
    t.type({
      /** `<reference>-<version>`, e.g. `CX097-V4`: what a complaint records. */
      id: NonEmptyString,
      reference: NonEmptyString,
      version: NonEmptyString,
      title: t.string,
      owner: t.string,
      /** The month the policy was last reviewed, `YYYY-MM`. */
      reviewed: t.string,
      /** The last day of the month the next review is due; monitoring flags a policy past it. */
      nextReviewDue: LocalDate,
      /** The instant from which this version governs newly received complaints. */
      effectiveFrom: Instant,
      channels: t.array(NonEmptyString),
      /** Working-day calendar id (see the calendar module) and the zone days are reckoned in. */
      calendarId: NonEmptyString,
      timeZone: NonEmptyString,
      /** Local `HH:mm`; a receipt at or after it counts from the next working day. `null`: none. */
      receiptCutOff: t.union([t.null, t.string]),
      /** A target with at most this many working days left is `due-soon`. */
      dueSoonWorkingDays: t.number,
      targets: t.array(SlaTargetDefinition),
      /** C9: business area → the department whose manager handles it. */
      routing: t.record(t.string, t.string),
      /** The department for an area the routing table does not name. */
      defaultDepartment: t.string,
      /** C3, C14, C15: which areas are redirected, referred to a study centre first, or regulated. */
      areaRules: AreaRules,
      /** C15: regulators of the Awarding Body, with the route the complainant is told of. */
      regulatorRoutes: t.record(t.string, t.string),
      /** C6: who may respond, close, decline further correspondence, reopen and refer to a regulator. */
      permissions: Permissions,
      /**
       * An open complaint with neither an investigation decision nor a response this many working
       * days after its receipt or reopening is `stalled` in the caseload.
       */
      stalledAfterWorkingDays: t.number,
    }),
    t.partial({
      supersededBy: t.string,
      /** C5, C7: erasure, legal holds, subject access and retention; a policy without it lets no one erase and keeps data indefinitely. */
      dataProtection: DataProtection,
    }),
  ],
  'Policy',
);
export type Policy = t.TypeOf<typeof Policy>;

/** The definition of one target in a policy, if the policy sets it. */
export const targetOf =
  (id: SlaTargetId) =>
  (policy: Policy): SlaTargetDefinition | undefined =>
    policy.targets.find((target) => target.id === id);

// own keys only: a business area named `__proto__` or `constructor` must not find Object's members
const ownValue = <V>(table: Readonly<Record<string, V>>, key: string): V | undefined =>
  Object.prototype.hasOwnProperty.call(table, key) ? table[key] : undefined;

/** The department a business area routes to under a policy (C9). */
export const departmentFor =
  (businessArea: string) =>
  (policy: Policy): string =>
    ownValue(policy.routing, businessArea) ?? policy.defaultDepartment;

/** Where complaints about a business area are redirected under a policy, if they are (C3). */
export const redirectFor =
  (businessArea: string) =>
  (policy: Policy): AreaRedirect | undefined =>
    ownValue(policy.areaRules.redirect, businessArea);

/** Whether complaints about a business area go through a study centre's own procedure first (C14). */
export const isStudyCentreArea =
  (businessArea: string) =>
  (policy: Policy): boolean =>
    policy.areaRules.studyCentreReferral.includes(businessArea);

/** Whether complaints about a business area answer to an external regulator (C15). */
export const isRegulatedArea =
  (businessArea: string) =>
  (policy: Policy): boolean =>
    policy.areaRules.regulated.includes(businessArea);

/** The route to a regulator's own procedure that a complainant is told of (C15). */
export const regulatorRouteFor =
  (regulator: string) =>
  (policy: Policy): string | undefined =>
    ownValue(policy.regulatorRoutes, regulator);

/** The roles a policy lets take a decision (C6). */
export const rolesPermitted =
  (permission: Permission) =>
  (policy: Policy): readonly string[] =>
    policy.permissions[permission];

/** Whether a role may take a decision under a policy (C6). */
export const isPermitted =
  (permission: Permission, role: string) =>
  (policy: Policy): boolean =>
    rolesPermitted(permission)(policy).includes(role);
