/**
 * The commands of the complaint lifecycle (DOMAIN.md), as io-ts codecs: the one definition
 * of each shape. `decodeCommand` is the boundary: it never throws and names every bad path.
 *
 * @example
 * decodeCommand({ type: 'CloseComplaint', complaintId: 'c-1', commandId: 'k-9',
 *   at: '2025-02-03T10:00:00Z', actor: { id: 'u-1', role: 'complaints-manager' } });
 * // Right({ type: 'CloseComplaint', ... })
 */
import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import * as t from 'io-ts';
import { Actor, Count, Instant, LocalDate, NonEmptyString } from '../shared/codecs.js';
import { describeValue, kindOf, validationProblems, type Problem } from '../shared/errors.js';
import { DEFAULT_INPUT_LIMITS, limitProblems, type InputLimits } from '../shared/limits.js';
import { soundCheck } from '../shared/sound.js';
import { unknownFields } from '../shared/strict.js';
import { Regulator } from '../policy/policy.js';
import { personalPathsOfCodec, touchesPersonalPath } from './personal-input.js';

export const Relationship = t.keyof({ member: null, delegate: null, other: null }, 'Relationship');
export type Relationship = t.TypeOf<typeof Relationship>;

export const Complainant = t.intersection(
  [
    t.type({ name: NonEmptyString, relationship: Relationship }),
    t.partial({ email: NonEmptyString, phone: NonEmptyString, postalAddress: NonEmptyString }),
  ],
  'Complainant',
);
export type Complainant = t.TypeOf<typeof Complainant>;

export const StudyCentre = t.intersection(
  [t.type({ name: NonEmptyString }), t.partial({ ownProcedureCompletedOn: LocalDate })],
  'StudyCentre',
);
export type StudyCentre = t.TypeOf<typeof StudyCentre>;

export const ThirdParty = t.type(
  { name: NonEmptyString, relationship: NonEmptyString, contact: NonEmptyString },
  'ThirdParty',
);
export type ThirdParty = t.TypeOf<typeof ThirdParty>;

export const Outcome = t.keyof({ upheld: null, 'partially-upheld': null, 'not-upheld': null }, 'Outcome');
export type Outcome = t.TypeOf<typeof Outcome>;

export const ResponseAction = t.intersection(
  [
    t.type({ actionId: NonEmptyString, description: NonEmptyString, owner: NonEmptyString }),
    t.partial({ dueOn: LocalDate }),
  ],
  'ResponseAction',
);
export type ResponseAction = t.TypeOf<typeof ResponseAction>;

export const Manager = t.type({ id: NonEmptyString, name: NonEmptyString }, 'Manager');
export type Manager = t.TypeOf<typeof Manager>;

export const Direction = t.keyof({ inbound: null, outbound: null }, 'Direction');
export const CorrespondentKind = t.keyof({ complainant: null, 'third-party': null }, 'CorrespondentKind');
export type CorrespondentKind = t.TypeOf<typeof CorrespondentKind>;

/** Fields every command carries. */
const commandBase = {
  complaintId: NonEmptyString,
  commandId: NonEmptyString,
  at: Instant,
  actor: Actor,
};

const command = <T extends string, R extends t.Props, O extends t.Props = Record<never, never>>(
  type: T,
  required: R,
  optional?: O,
) =>
  t.exact(
    t.intersection([
      t.type({ type: t.literal(type), ...commandBase, ...required }),
      // A command may join a correlation started elsewhere (a web form session, a CRM case).
      t.partial({ correlationId: NonEmptyString, ...(optional ?? ({} as O)) }),
    ]),
    type,
  );

export const ReceiveComplaint = command(
  'ReceiveComplaint',
  {
    // Any non-empty channel decodes (`web-form`, `in-person`); one the policy does not list is recorded and flagged (C1).
    channel: NonEmptyString,
    complainant: Complainant,
    businessArea: NonEmptyString,
    summary: NonEmptyString,
  },
  {
    desiredOutcome: t.string,
    studyCentre: StudyCentre,
    regulator: Regulator,
    policy: NonEmptyString,
    /** C14: the complaint referred back to its study centre that this one escalates (a recorded reference). */
    escalatesFrom: NonEmptyString,
    /** C5: the summary and desired outcome are personal data: sealed with the complainant's name and contact details. */
    personalText: t.literal(true),
  },
);

/**
 * C4, C8: who a letter (an acknowledgement, a response) goes to. `to` defaults to the complainant;
 * `partyName` names the authorised third party and may be left out when exactly one is authorised.
 */
const addressee = { to: CorrespondentKind, partyName: NonEmptyString };

export const AcknowledgeComplaint = command('AcknowledgeComplaint', { channel: NonEmptyString }, addressee);
export const AssignComplaint = command(
  'AssignComplaint',
  { department: NonEmptyString, manager: Manager },
  // C9: why the case goes to a department other than the one its business area routes to.
  { overrideReason: NonEmptyString },
);
export const RequireInvestigation = command('RequireInvestigation', { reason: NonEmptyString });
export const AuthoriseThirdParty = command('AuthoriseThirdParty', {
  party: ThirdParty,
  evidence: NonEmptyString,
  scope: NonEmptyString,
});
export const WithdrawThirdPartyAuthorisation = command('WithdrawThirdPartyAuthorisation', { partyName: NonEmptyString });
export const RecordCorrespondence = command(
  'RecordCorrespondence',
  { direction: Direction, party: CorrespondentKind, channel: NonEmptyString, summary: NonEmptyString },
  // Which authorised third party; may be left out when exactly one is authorised. C5: `personalText` marks the summary as personal data.
  { partyName: NonEmptyString, personalText: t.literal(true) },
);
export const RecordAssessmentFailure = command(
  'RecordAssessmentFailure',
  { failureId: NonEmptyString, assessment: NonEmptyString, description: NonEmptyString },
  { learnersAffected: Count },
);
export const RecordAssessmentRemediation = command('RecordAssessmentRemediation', {
  failureId: NonEmptyString,
  cause: NonEmptyString,
  mitigation: NonEmptyString,
  prevention: NonEmptyString,
});
export const IssueResponse = command(
  'IssueResponse',
  { outcome: Outcome, findings: NonEmptyString, actions: t.array(ResponseAction) },
  addressee,
);
export const CompleteAction = command('CompleteAction', { actionId: NonEmptyString });
export const CloseComplaint = command('CloseComplaint', {});
export const WithdrawComplaint = command('WithdrawComplaint', {}, { reason: t.string });
export const DeclineFurtherCorrespondence = command('DeclineFurtherCorrespondence', { reason: NonEmptyString });
export const ReopenComplaint = command('ReopenComplaint', { reason: NonEmptyString });
export const RecordRegulatorReferral = command('RecordRegulatorReferral', { regulator: Regulator });
/** C5, C7: erase the complainant's personal data (by deleting the subject's key), with the legal basis (e.g. `uk-gdpr-art-17`, `retention`). */
export const EraseComplainantData = command('EraseComplainantData', { legalBasis: NonEmptyString });
export const PlaceLegalHold = command('PlaceLegalHold', { reason: NonEmptyString });
export const LiftLegalHold = command('LiftLegalHold', { reason: NonEmptyString });
/** C7: record that the complaint was disclosed to its data subject in answer to a subject access request. */
export const RecordSubjectAccess = command('RecordSubjectAccess', { requestId: NonEmptyString });

/** Every command codec by its `type`. */
export const commandCodecs = {
  ReceiveComplaint,
  AcknowledgeComplaint,
  AssignComplaint,
  RequireInvestigation,
  AuthoriseThirdParty,
  WithdrawThirdPartyAuthorisation,
  RecordCorrespondence,
  RecordAssessmentFailure,
  RecordAssessmentRemediation,
  IssueResponse,
  CompleteAction,
  CloseComplaint,
  WithdrawComplaint,
  DeclineFurtherCorrespondence,
  ReopenComplaint,
  RecordRegulatorReferral,
  EraseComplainantData,
  PlaceLegalHold,
  LiftLegalHold,
  RecordSubjectAccess,
} as const;

export type CommandType = keyof typeof commandCodecs;
export const commandTypes = Object.keys(commandCodecs) as CommandType[];

/**
 * The personal fields of each command (C5), as dotted paths: derived from the events' personal
 * paths, the list the sealing uses (personal-input.ts). No problem and no rejection quotes them.
 */
export const commandPersonalPaths: Readonly<Record<CommandType, readonly string[]>> = Object.fromEntries(
  commandTypes.map((type) => [type, personalPathsOfCodec(commandCodecs[type])]),
) as Record<CommandType, readonly string[]>;

/** The personal fields of a command type (none for a type that is not a command's). */
export const personalPathsOfCommandType = (type: string): readonly string[] =>
  Object.prototype.hasOwnProperty.call(commandPersonalPaths, type) ? commandPersonalPaths[type as CommandType] : [];

export type ReceiveComplaint = t.TypeOf<typeof ReceiveComplaint>;
export type AcknowledgeComplaint = t.TypeOf<typeof AcknowledgeComplaint>;
export type AssignComplaint = t.TypeOf<typeof AssignComplaint>;
export type RequireInvestigation = t.TypeOf<typeof RequireInvestigation>;
export type AuthoriseThirdParty = t.TypeOf<typeof AuthoriseThirdParty>;
export type WithdrawThirdPartyAuthorisation = t.TypeOf<typeof WithdrawThirdPartyAuthorisation>;
export type RecordCorrespondence = t.TypeOf<typeof RecordCorrespondence>;
export type RecordAssessmentFailure = t.TypeOf<typeof RecordAssessmentFailure>;
export type RecordAssessmentRemediation = t.TypeOf<typeof RecordAssessmentRemediation>;
export type IssueResponse = t.TypeOf<typeof IssueResponse>;
export type CompleteAction = t.TypeOf<typeof CompleteAction>;
export type CloseComplaint = t.TypeOf<typeof CloseComplaint>;
export type WithdrawComplaint = t.TypeOf<typeof WithdrawComplaint>;
export type DeclineFurtherCorrespondence = t.TypeOf<typeof DeclineFurtherCorrespondence>;
export type ReopenComplaint = t.TypeOf<typeof ReopenComplaint>;
export type RecordRegulatorReferral = t.TypeOf<typeof RecordRegulatorReferral>;
export type EraseComplainantData = t.TypeOf<typeof EraseComplainantData>;
export type PlaceLegalHold = t.TypeOf<typeof PlaceLegalHold>;
export type LiftLegalHold = t.TypeOf<typeof LiftLegalHold>;
export type RecordSubjectAccess = t.TypeOf<typeof RecordSubjectAccess>;

export type ComplaintCommand = { [K in CommandType]: t.TypeOf<(typeof commandCodecs)[K]> }[CommandType];

const isCommandType = (value: unknown): value is CommandType =>
  typeof value === 'string' && Object.prototype.hasOwnProperty.call(commandCodecs, value);

export interface DecodeCommandOptions {
  /** Size limits on identifiers, texts and lists; default `DEFAULT_INPUT_LIMITS`. */
  readonly limits?: InputLimits;
  /**
   * Whether problems quote the values found (`got "friend"`), to help whoever sent them. Default
   * true, except at personal paths (`commandPersonalPaths`), whose values are never quoted: the
   * problem names the kind and length found (`got a string of 3 characters`). `false` quotes no
   * value at all (`got a string`), for answers that travel further than the caller.
   */
  readonly showValues?: boolean;
}

const isInputLimits = (value: InputLimits | DecodeCommandOptions): value is InputLimits => 'maxIdLength' in value;

// each command codec's compiled check, made at its first use
const soundCommand: Partial<Record<CommandType, (value: unknown) => boolean>> = {};

/**
 * Decodes one command from parsed JSON. Dispatches on `type` first, so the problems named are
 * those of the command meant, not of all twenty shapes. Refuses, naming each path: fields the
 * command does not define at any depth (nothing unknown reaches the log, no typo is dropped),
 * and identifiers or texts beyond `limits`. No problem quotes a value at a personal path; with
 * `showValues: false`, none quotes any value. The second argument is the options, or (as before
 * options existed) the limits alone.
 */
export const decodeCommand = (input: unknown, options: InputLimits | DecodeCommandOptions = {}): E.Either<Problem[], ComplaintCommand> => {
  const { limits = DEFAULT_INPUT_LIMITS, showValues = true } = isInputLimits(options) ? { limits: options } : options;
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return E.left([{ path: '', message: `expected a JSON object (a command), got ${input === null ? 'null' : Array.isArray(input) ? 'an array' : typeof input}` }]);
  }
  const type = (input as { type?: unknown }).type;
  if (!isCommandType(type)) {
    return E.left([
      {
        path: 'type',
        message: `expected one of ${commandTypes.join(', ')}, got ${showValues ? describeValue(type) : kindOf(type)}`,
      },
    ]);
  }
  const codec = commandCodecs[type] as unknown as t.Type<ComplaintCommand, unknown, unknown>;
  // A sound command, which is nearly every one: io-ts would hand it back as it is (sound.ts; a
  // property test holds the two paths equal), so only its limits remain to check.
  if ((soundCommand[type] ??= soundCheck(codec))(input)) {
    const overLimit = limitProblems(limits)(input as ComplaintCommand);
    return overLimit.length === 0 ? E.right(input as ComplaintCommand) : E.left(overLimit);
  }
  const isPersonal = touchesPersonalPath(commandPersonalPaths[type]);
  // a key under an object holding personal data (`complainant`, `party`) may be personal data sent as a key
  const unknown = unknownFields(codec, { withholdOddNamesAt: showValues ? isPersonal : () => true })(input);
  const decoded = pipe(
    codec.decode(input),
    E.mapLeft((errors) => validationProblems(errors, { showValues, withholdValueAt: isPersonal })),
  );
  if (E.isLeft(decoded)) return E.left([...decoded.left, ...unknown]);
  const problems = [...unknown, ...limitProblems(limits)(decoded.right)];
  return problems.length === 0 ? decoded : E.left(problems);
};
