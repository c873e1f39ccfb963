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
import { Personal, PersonalText } from '../personal/personal.js';
import { CorrespondentKind, Manager, Outcome, Relationship, ResponseAction, StudyCentre } from './commands.js';

/** The complainant as stored: every field but the relationship is personal (sealed when written through a key store: C5). */
export const StoredComplainant = t.intersection(
  [t.type({ name: Personal, relationship: Relationship }), t.partial({ email: Personal, phone: Personal, postalAddress: Personal })],
  'StoredComplainant',
);
export type StoredComplainant = t.TypeOf<typeof StoredComplainant>;

/** A third party as stored: the name and contact are personal (C4, C5). */
export const StoredThirdParty = t.type({ name: Personal, relationship: NonEmptyString, contact: Personal }, 'StoredThirdParty');
export type StoredThirdParty = t.TypeOf<typeof StoredThirdParty>;

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
    complainant: StoredComplainant,
    businessArea: NonEmptyString,
    summary: Personal,
    /** The policy version the complaint is judged under for its whole life (C18). */
    policy: NonEmptyString,
    /** C9: the department the business area routes to under that policy. */
    department: t.string,
  },
  {
    desiredOutcome: PersonalText,
    /** C5: the command marked its free texts (summary, desired outcome) as personal data: they are sealed with the complainant's. */
    personalText: t.literal(true),
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
const thirdPartyAddressee = { partyName: Personal, authorisationScope: NonEmptyString };

export const ComplaintAcknowledged = event('ComplaintAcknowledged', { channel: NonEmptyString, ...addressedTo }, thirdPartyAddressee);
export const ComplaintAssigned = event(
  'ComplaintAssigned',
  { department: NonEmptyString, manager: Manager },
  /** C9: why the department differs from the one the business area routes to. */
  { previousManager: Manager, overrideReason: NonEmptyString },
);
export const InvestigationRequired = event('InvestigationRequired', { reason: NonEmptyString });
export const ThirdPartyAuthorised = event('ThirdPartyAuthorised', {
  party: StoredThirdParty,
  /** The complainant's express permission (C4), which names them: personal. */
  evidence: Personal,
  scope: NonEmptyString,
});
export const ThirdPartyAuthorisationWithdrawn = event('ThirdPartyAuthorisationWithdrawn', { partyName: Personal });
const correspondence = {
  party: CorrespondentKind,
  channel: NonEmptyString,
  summary: Personal,
  /** C17: recorded after the complaint was closed. */
  afterClosure: t.boolean,
};
/** C5: the command marked the summary as personal data. */
const correspondenceOptional = { partyName: Personal, personalText: t.literal(true) };
export const CorrespondenceReceived = event('CorrespondenceReceived', correspondence, correspondenceOptional);
export const CorrespondenceSent = event('CorrespondenceSent', correspondence, correspondenceOptional);
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
/**
 * C5, C7 (UK GDPR art. 17): the complainant's personal data was erased by deleting the subject's
 * key; the sealed fields stay in the log, unreadable. Holds no personal data itself.
 */
export const ComplainantDataErased = event('ComplainantDataErased', { subject: NonEmptyString, legalBasis: NonEmptyString });
/** C7: a legal hold: the complaint's personal data must be kept (no erasure, no retention) until it is lifted. */
export const LegalHoldPlaced = event('LegalHoldPlaced', { reason: NonEmptyString });
export const LegalHoldLifted = event('LegalHoldLifted', { reason: NonEmptyString });
/** C7 (UK GDPR art. 15): the complaint was disclosed to its data subject in answer to a subject access request. */
export const SubjectAccessDisclosed = event('SubjectAccessDisclosed', { requestId: NonEmptyString });

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
  ComplainantDataErased,
  LegalHoldPlaced,
  LegalHoldLifted,
  SubjectAccessDisclosed,
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
// 3: personal fields may be sealed (C5), `personalText`; the erasure, legal hold and subject access events.
export const EVENT_SCHEMA_VERSION = 3;

// LocalDate is re-exported for action due dates in data consumers.
export type { LocalDate };
