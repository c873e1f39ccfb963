/**
 * The events of the complaint lifecycle: the storage format. Each event is `{ type, data }`,
 * and every `data` names its complaint and `at`, the instant it happened in the world, so the
 * decider needs nothing outside the event. Stored, it travels in an envelope with `metadata`
 * (see envelope.ts). Changing a shape here
 * is a schema change: bump `schemaVersion` and add an upcaster.
 *
 * @example
 * const event: ComplaintEvent = { type: 'ComplaintClosed', data: { complaintId: 'c-1', at: '2025-02-03T10:00:00Z', resolution: 'responded' } };
 */
import * as t from 'io-ts';
import { Count, Instant, LocalDate, NonEmptyString } from '../shared/codecs.js';
import { Regulator } from '../policy/policy.js';
import {
  Complainant,
  CorrespondentKind,
  Manager,
  Outcome,
  ResponseAction,
  StudyCentre,
  ThirdParty,
} from './commands.js';

const event = <T extends string, R extends t.Props, O extends t.Props = Record<never, never>>(
  type: T,
  required: R,
  optional?: O,
) =>
  t.type(
    {
      type: t.literal(type),
      data: t.exact(
        t.intersection([t.type({ complaintId: NonEmptyString, at: Instant, ...required }), t.partial(optional ?? ({} as O))]),
      ),
    },
    type,
  );

export const ComplaintReceived = event(
  'ComplaintReceived',
  {
    channel: NonEmptyString,
    complainant: Complainant,
    businessArea: NonEmptyString,
    summary: NonEmptyString,
    /** The policy version the complaint is judged under for its whole life (C18). */
    policy: NonEmptyString,
    /** C9: the department the business area routes to under that policy. */
    department: t.string,
  },
  {
    desiredOutcome: t.string,
    studyCentre: StudyCentre,
    regulator: Regulator,
    /** C14: an ASC complaint whose own procedure completed: accepted as an escalation. */
    escalatedFromStudyCentre: t.boolean,
    /** C14: the complaint referred back to the study centre that this one escalates (a reference; that stream is not read). */
    escalatesFrom: NonEmptyString,
    /** C1: the channel is not one the policy lists; the complaint is recorded all the same. Present only when true. */
    channelOutsidePolicy: t.literal(true),
  },
);
export const ComplaintRedirected = event('ComplaintRedirected', { redirectedTo: NonEmptyString, reason: NonEmptyString });
export const ComplaintReferredToStudyCentre = event('ComplaintReferredToStudyCentre', {
  studyCentre: NonEmptyString,
  reason: NonEmptyString,
});
/**
 * C4, C8: who a letter went to. `to` is required (a first-version event is upcast as to the
 * complainant); a letter to a third party names it and the scope of its authorisation.
 */
const addressedTo = { to: CorrespondentKind };
const thirdPartyAddressee = { partyName: NonEmptyString, authorisationScope: NonEmptyString };

export const ComplaintAcknowledged = event('ComplaintAcknowledged', { channel: NonEmptyString, ...addressedTo }, thirdPartyAddressee);
export const ComplaintAssigned = event(
  'ComplaintAssigned',
  { department: NonEmptyString, manager: Manager },
  /** C9: why the department differs from the one the business area routes to. */
  { previousManager: Manager, overrideReason: NonEmptyString },
);
export const InvestigationRequired = event('InvestigationRequired', { reason: NonEmptyString });
export const ThirdPartyAuthorised = event('ThirdPartyAuthorised', {
  party: ThirdParty,
  evidence: NonEmptyString,
  scope: NonEmptyString,
});
export const ThirdPartyAuthorisationWithdrawn = event('ThirdPartyAuthorisationWithdrawn', { partyName: NonEmptyString });
const correspondence = {
  party: CorrespondentKind,
  channel: NonEmptyString,
  summary: NonEmptyString,
  /** C17: recorded after the complaint was closed. */
  afterClosure: t.boolean,
};
export const CorrespondenceReceived = event('CorrespondenceReceived', correspondence, { partyName: NonEmptyString });
export const CorrespondenceSent = event('CorrespondenceSent', correspondence, { partyName: NonEmptyString });
export const AssessmentFailureIdentified = event(
  'AssessmentFailureIdentified',
  { failureId: NonEmptyString, assessment: NonEmptyString, description: NonEmptyString },
  { learnersAffected: Count },
);
export const AssessmentFailureRemediated = event('AssessmentFailureRemediated', {
  failureId: NonEmptyString,
  cause: NonEmptyString,
  mitigation: NonEmptyString,
  prevention: NonEmptyString,
});
export const ResponseIssued = event(
  'ResponseIssued',
  { outcome: Outcome, findings: NonEmptyString, actions: t.array(ResponseAction), ...addressedTo },
  /** C15: for awarding-body complaints, the regulator and the route the complainant is told of. */
  { regulator: Regulator, regulatorRoute: t.string, ...thirdPartyAddressee },
);
export const ActionCompleted = event('ActionCompleted', { actionId: NonEmptyString });
export const ComplaintClosed = event('ComplaintClosed', {
  resolution: t.keyof({ responded: null, withdrawn: null }),
});
export const ComplaintWithdrawn = event('ComplaintWithdrawn', {}, { reason: t.string });
export const FurtherCorrespondenceDeclined = event('FurtherCorrespondenceDeclined', { reason: NonEmptyString });
export const ComplaintReopened = event('ComplaintReopened', { reason: NonEmptyString });
export const ReferredToRegulator = event('ReferredToRegulator', { regulator: Regulator });

/** Every event codec by its `type`. */
export const eventCodecs = {
  ComplaintReceived,
  ComplaintRedirected,
  ComplaintReferredToStudyCentre,
  ComplaintAcknowledged,
  ComplaintAssigned,
  InvestigationRequired,
  ThirdPartyAuthorised,
  ThirdPartyAuthorisationWithdrawn,
  CorrespondenceReceived,
  CorrespondenceSent,
  AssessmentFailureIdentified,
  AssessmentFailureRemediated,
  ResponseIssued,
  ActionCompleted,
  ComplaintClosed,
  ComplaintWithdrawn,
  FurtherCorrespondenceDeclined,
  ComplaintReopened,
  ReferredToRegulator,
} as const;

export type EventType = keyof typeof eventCodecs;
export const eventTypes = Object.keys(eventCodecs) as EventType[];

/** One complaint event, `{ type, data }`, discriminated on `type`. */
export type ComplaintEvent = { [K in EventType]: t.TypeOf<(typeof eventCodecs)[K]> }[EventType];
/** The event of a given type. */
export type EventOf<K extends EventType> = Extract<ComplaintEvent, { type: K }>;

export const ComplaintEventCodec: t.Type<ComplaintEvent, ComplaintEvent, unknown> = t.union(
  Object.values(eventCodecs) as unknown as [t.Mixed, t.Mixed, ...t.Mixed[]],
  'ComplaintEvent',
) as unknown as t.Type<ComplaintEvent, ComplaintEvent, unknown>;

/** Whether a string names an event of this library. */
export const isEventType = (value: unknown): value is EventType =>
  typeof value === 'string' && Object.prototype.hasOwnProperty.call(eventCodecs, value);

/** The current schema version of every event shape above. */
// 2: `to` on ComplaintAcknowledged and ResponseIssued (required; version 1 reads as `complainant`),
// optional addressee, override, escalation and channel fields.
export const EVENT_SCHEMA_VERSION = 2;

// LocalDate is re-exported for action due dates in data consumers.
export type { LocalDate };
