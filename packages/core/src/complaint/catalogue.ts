/**
 * The event and command catalogue, rendered from the codecs themselves so the documentation
 * cannot drift from the storage format: `docs/event-catalogue.md` is this output, and a test
 * fails when they differ (`pnpm docs:generate` rewrites it).
 *
 * @example
 * writeFileSync('docs/event-catalogue.md', renderCatalogue());
 */
import type * as t from 'io-ts';
import { commandCodecs, type CommandType } from './commands.js';
import { eventCodecs, EVENT_SCHEMA_VERSION, type EventType } from './events.js';
import { upcasters } from './upcast.js';
import { EventMetadata } from './envelope.js';
import { rejectionCodes } from './rejections.js';
import { personalPathsOfType, SEALING_ALGORITHM } from '../personal/personal.js';

export interface FieldDoc {
  readonly path: string;
  readonly type: string;
  readonly required: boolean;
}

interface CodecShape {
  readonly _tag?: string;
  readonly name: string;
  readonly props?: Record<string, CodecShape>;
  readonly types?: readonly CodecShape[];
  readonly type?: CodecShape;
  readonly keys?: Record<string, unknown>;
}

/** A readable type: the literal values of an enumeration, else the codec's name. */
const typeName = (codec: CodecShape): string =>
  codec._tag === 'KeyofType' ? Object.keys(codec.keys ?? {}).map((k) => JSON.stringify(k)).join(' | ') : codec.name;

const isObjectShape = (codec: CodecShape): boolean =>
  ['InterfaceType', 'PartialType', 'IntersectionType', 'ExactType', 'StrictType'].includes(codec._tag ?? '');

/** The fields of an object codec, nested objects flattened to dotted paths. */
export const fieldsOf = (codec: t.Mixed, prefix = '', required = true): FieldDoc[] => {
  const shape = codec as unknown as CodecShape;
  switch (shape._tag) {
    case 'ExactType':
    case 'StrictType':
      return fieldsOf(shape.type as unknown as t.Mixed, prefix, required);
    case 'IntersectionType':
      return (shape.types ?? []).flatMap((member) => fieldsOf(member as unknown as t.Mixed, prefix, required));
    case 'InterfaceType':
    case 'PartialType': {
      const optional = shape._tag === 'PartialType';
      return Object.entries(shape.props ?? {}).flatMap(([key, value]) => {
        const path = prefix === '' ? key : `${prefix}.${key}`;
        const isRequired = required && !optional;
        if (isObjectShape(value)) return [{ path, type: 'object', required: isRequired }, ...fieldsOf(value as unknown as t.Mixed, path, isRequired)];
        if (value._tag === 'ArrayType' && value.type !== undefined && isObjectShape(value.type)) {
          return [{ path, type: 'array of objects', required: isRequired }, ...fieldsOf(value.type as unknown as t.Mixed, `${path}[]`, true)];
        }
        return [{ path, type: typeName(value), required: isRequired }];
      });
    }
    default:
      return [];
  }
};

/** What each event means, which clause it serves and which command records it. */
export const eventDescriptions: Record<EventType, { readonly meaning: string; readonly clauses: string; readonly recordedBy: CommandType }> = {
  ComplaintReceived: {
    meaning: 'A complaint arrived and was logged, under the policy version in force (or named); one by a channel the policy does not list is flagged, not refused; an escalation from a study centre may name the complaint referred back that it escalates.',
    clauses: 'C1, C2, C9, C14, C18',
    recordedBy: 'ReceiveComplaint',
  },
  ComplaintRedirected: { meaning: 'A Business Centre complaint was sent to its own feedback address; the case ends, no SLA runs.', clauses: 'C3', recordedBy: 'ReceiveComplaint' },
  ComplaintReferredToStudyCentre: { meaning: "A study-centre complaint was referred back to the centre's own procedure; the case ends, no SLA runs.", clauses: 'C14', recordedBy: 'ReceiveComplaint' },
  ComplaintAcknowledged: { meaning: 'The complainant, or a third party authorised then, was told the complaint was received.', clauses: 'C4, C12', recordedBy: 'AcknowledgeComplaint' },
  ComplaintAssigned: { meaning: 'A department manager took (or was given) the case; outside the department its business area routes to, with the reason.', clauses: 'C6, C9', recordedBy: 'AssignComplaint' },
  InvestigationRequired: { meaning: 'Further investigation is needed: the response target starts to apply.', clauses: 'C6, C13', recordedBy: 'RequireInvestigation' },
  ThirdPartyAuthorised: { meaning: 'The complainant gave express permission for CIM to liaise with a third party.', clauses: 'C4', recordedBy: 'AuthoriseThirdParty' },
  ThirdPartyAuthorisationWithdrawn: { meaning: 'That permission was withdrawn.', clauses: 'C4', recordedBy: 'WithdrawThirdPartyAuthorisation' },
  CorrespondenceReceived: { meaning: 'Something arrived from the complainant or a third party (recorded after closure, and on a redirected or referred complaint, too).', clauses: 'C3, C4, C14, C17', recordedBy: 'RecordCorrespondence' },
  CorrespondenceSent: { meaning: 'CIM wrote to the complainant or a third party authorised at that instant.', clauses: 'C3, C4, C14, C17', recordedBy: 'RecordCorrespondence' },
  AssessmentFailureIdentified: { meaning: 'The complaint uncovered a failure in an assessment process (whatever the case status).', clauses: 'C16', recordedBy: 'RecordAssessmentFailure' },
  AssessmentFailureRemediated: { meaning: 'Its cause, the correction of its effect, and the step against recurrence are recorded.', clauses: 'C16', recordedBy: 'RecordAssessmentRemediation' },
  ResponseIssued: {
    meaning: "The outcome, findings and actions were sent, by the case's handler or a role allowed to respond for any department, to the complainant or a third party authorised then (with the regulator route for awarding-body cases).",
    clauses: 'C4, C6, C8, C10, C13, C15',
    recordedBy: 'IssueResponse',
  },
  ActionCompleted: { meaning: 'An action promised in a response was done.', clauses: 'C10, C11', recordedBy: 'CompleteAction' },
  ComplaintClosed: { meaning: 'The case was closed, after a response or a withdrawal, with every assessment failure remediated.', clauses: 'C6, C8, C16', recordedBy: 'CloseComplaint' },
  ComplaintWithdrawn: { meaning: 'The complainant withdrew; open SLA targets stop.', clauses: 'C12, C13', recordedBy: 'WithdrawComplaint' },
  FurtherCorrespondenceDeclined: { meaning: 'CIM declined further correspondence once the process was complete: the case closed with its findings sent.', clauses: 'C6, C17', recordedBy: 'DeclineFurtherCorrespondence' },
  ComplaintReopened: { meaning: 'A closed case was reopened, as an attributed decision; a new opening begins.', clauses: 'C6, C17', recordedBy: 'ReopenComplaint' },
  ReferredToRegulator: { meaning: "An awarding-body complaint went on to its recorded regulator's procedure.", clauses: 'C6, C15', recordedBy: 'RecordRegulatorReferral' },
  ComplainantDataErased: {
    meaning: "The complainant's personal data was erased, with its legal basis, by deleting the data subject's key: the sealed fields stay in the log, unreadable; every date, status and figure stays. Holds no personal data.",
    clauses: 'C5, C7',
    recordedBy: 'EraseComplainantData',
  },
  LegalHoldPlaced: { meaning: "A legal hold: the complaint's personal data is kept (no erasure, no retention) until it is lifted.", clauses: 'C7', recordedBy: 'PlaceLegalHold' },
  LegalHoldLifted: { meaning: 'The legal hold was lifted: erasure and retention apply again.', clauses: 'C7', recordedBy: 'LiftLegalHold' },
  SubjectAccessDisclosed: { meaning: 'The complaint was disclosed to its data subject in answer to a subject access request (its id).', clauses: 'C7', recordedBy: 'RecordSubjectAccess' },
};

const fieldTable = (fields: readonly FieldDoc[]): string =>
  ['| field | type | required |', '|---|---|---|', ...fields.map((f) => `| \`${f.path}\` | ${f.type.replace(/\|/g, '\\|')} | ${f.required ? 'yes' : 'no'} |`)].join('\n');

/** The whole catalogue as Markdown. */
export const renderCatalogue = (): string => {
  const events = (Object.keys(eventCodecs) as EventType[]).map((type) => {
    const d = eventDescriptions[type];
    const codec = eventCodecs[type] as unknown as { props: { data: t.Mixed } };
    return [`### ${type}`, '', `${d.meaning} Clauses: ${d.clauses}. Recorded by \`${d.recordedBy}\`.`, '', fieldTable(fieldsOf(codec.props.data, 'data'))].join('\n');
  });
  const commands = (Object.keys(commandCodecs) as CommandType[]).map((type) =>
    [`### ${type}`, '', fieldTable(fieldsOf(commandCodecs[type] as unknown as t.Mixed).filter((f) => f.path !== 'type'))].join('\n'),
  );
  return [
    '# Event catalogue',
    '',
    '<!-- Generated from the io-ts codecs by `pnpm docs:generate` (packages/core/src/complaint/catalogue.ts). A test fails when this file and the codecs disagree. -->',
    '',
    `Every stored event is \`{ type, data, metadata }\`. Event schema version: ${EVENT_SCHEMA_VERSION}. Every \`data\` carries \`complaintId\` and \`at\` (when it happened in the world).`,
    '',
    '## Metadata',
    '',
    'Metadata is extensible: fields not listed here (a hash chain, a key id) are kept as they are on decoding.',
    '',
    fieldTable(fieldsOf(EventMetadata)),
    '',
    '## Schema versions',
    '',
    `Each stored event carries \`metadata.schemaVersion\`. An event of an older version is upcast when it is read, step by step, to version ${EVENT_SCHEMA_VERSION}; stored data is never rewritten, so a digest over what was stored still holds. The event a reader gets says \`schemaVersion: ${EVENT_SCHEMA_VERSION}\` and \`upcastFrom\`: the version it was stored under. An event of a newer version than the reader's is refused by name (\`metadata.schemaVersion\`), not guessed at, and a store writes the current version only (an older event would not read back as written). The chain (\`packages/core/src/complaint/upcast.ts\`):`,
    '',
    '| from | to | what a reader sees |',
    '|---|---|---|',
    ...upcasters.map((u) => `| ${u.from} | ${u.from + 1} | ${u.describe} |`),
    '',
    '## Personal data',
    '',
    `These fields hold personal data (C5). Written through a key store (\`protectPersonalData\`), each is stored sealed: \`{ "sealed": "${SEALING_ALGORITHM}", "subject", "iv", "ct", "tag", "ref" }\`, encrypted under the data subject's key (the complainant of the complaint: \`complainant:<complaintId>\`) with the event id and the field's path as associated data. A reader with the key sees the text; after \`ComplainantDataErased\` (the key deleted) a reader sees \`{ "withheld": "erased" }\`, and a role that may not see it \`{ "withheld": "redacted" }\`. Free texts are personal only when the command marks them (\`personalText: true\`). See docs/personal-data.md.`,
    '',
    '| event | personal fields (within `data`) |',
    '|---|---|',
    ...(Object.keys(eventCodecs) as EventType[]).filter((type) => personalPathsOfType(type).length > 0).map((type) => `| ${type} | ${personalPathsOfType(type).map((p) => `\`${p}\``).join(', ')} |`),
    '',
    '## Events',
    '',
    events.join('\n\n'),
    '',
    '## Commands',
    '',
    'Every command is a JSON object with `type` and the fields below (`complaintId`, `commandId`, `at`, `actor` on all; `correlationId` optional).',
    '',
    commands.join('\n\n'),
    '',
    '## Rejection codes',
    '',
    'Stable codes of `Rejection` (see `packages/core/src/complaint/rejections.ts` for their meaning in context):',
    '',
    rejectionCodes.map((code) => `\`${code}\``).join(', '),
    '',
  ].join('\n');
};
