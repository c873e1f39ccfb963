/**
 * A complaints policy as a value: the version, its review dates, the channels it accepts,
 * how areas route to departments, and the SLA targets with the calendar they count on.
 *
 * @example
 * import { Policy } from './policy.js';
 * Policy.decode(JSON.parse(text)); // Either<Errors, Policy>: a policy can be loaded from JSON
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
      /** C3: where Business Centre customers are sent instead. */
      businessCentreFeedbackAddress: t.string,
      /** C15: regulators of the Awarding Body, with the route the complainant is told of. */
      regulatorRoutes: t.record(t.string, t.string),
    }),
    t.partial({ supersededBy: t.string }),
  ],
  'Policy',
);
export type Policy = t.TypeOf<typeof Policy>;

/** The definition of one target in a policy, if the policy sets it. */
export const targetOf =
  (id: SlaTargetId) =>
  (policy: Policy): SlaTargetDefinition | undefined =>
    policy.targets.find((target) => target.id === id);

/** The department a business area routes to under a policy (C9). */
export const departmentFor =
  (businessArea: string) =>
  (policy: Policy): string =>
    // own keys only: a business area named `__proto__` or `constructor` routes to the default
    (Object.prototype.hasOwnProperty.call(policy.routing, businessArea) ? policy.routing[businessArea] : undefined) ?? policy.defaultDepartment;
