/**
 * Commands as odd as their codecs allow: text from the whole of Unicode (lone surrogates,
 * control characters, right-to-left marks, `__proto__`), instants at the extreme offsets and
 * with fractions of a second, numbers from every corner of the doubles, and now and then a
 * field no codec defines. For the law that no command, however odd, writes an event a store
 * cannot read back.
 *
 * @example
 * fc.assert(fc.asyncProperty(oddCommandsArb('c-1'), async (inputs) => { ... }));
 */
import * as fc from 'fast-check';
import type { CommandType } from '@cim-complaints/core';

const SPECIAL_TEXT = ['__proto__', 'constructor', 'toString', '\u202eevil', '\u0000', '\ud800', '\udfff', '😀', 'a\r\nb', ' ', 'null', '1e309', '<script>', '=HYPERLINK("x")'];

const notBlank = (s: string) => s.trim().length > 0;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/** Text as odd as a JSON string can be: full Unicode, lone surrogates, controls and tricky words; now and then blank. */
export const oddTextArb: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 40 }).filter(notBlank), weight: 2 },
  { arbitrary: fc.string({ unit: 'binary-ascii', minLength: 1, maxLength: 40 }).filter(notBlank), weight: 6 },
  { arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 20 }).filter(notBlank), weight: 2 },
  { arbitrary: fc.constantFrom(...SPECIAL_TEXT), weight: 1 },
);

/** Identifiers as odd as the limits allow (any Unicode but controls), and now and then one they refuse. */
export const oddIdArb: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }).filter((s) => notBlank(s) && !CONTROL.test(s)), weight: 10 },
  { arbitrary: fc.constantFrom('__proto__', 'constructor', '😀', '\ud800', '\u202eevil', 'a/b', '../x', '%00'), weight: 2 },
  { arbitrary: fc.constantFrom('c\u0000', 'x'.repeat(200), ' '), weight: 1 },
);

const pad = (n: number, width = 2) => String(Math.abs(n)).padStart(width, '0');

/** Instants within the codec: every offset from −12:00 to +14:00, fractions of a second, `Z`, and a few invalid ones. */
export const oddInstantArb = (years: { readonly from: number; readonly to: number } = { from: 2023, to: 2027 }): fc.Arbitrary<string> => fc.oneof(
  { weight: 12, arbitrary: fc
    .record({
      year: fc.integer({ min: years.from, max: years.to }),
      month: fc.integer({ min: 1, max: 12 }),
      day: fc.integer({ min: 1, max: 28 }),
      hour: fc.integer({ min: 0, max: 23 }),
      minute: fc.integer({ min: 0, max: 59 }),
      second: fc.integer({ min: 0, max: 59 }),
      millis: fc.option(fc.integer({ min: 0, max: 999 }), { nil: undefined }),
      offset: fc.oneof(fc.constant('Z'), fc.integer({ min: -12 * 4, max: 14 * 4 }).map((q) => `${q < 0 ? '-' : '+'}${pad(Math.trunc(Math.abs(q) / 4))}:${pad((Math.abs(q) % 4) * 15)}`)),
    })
    .map((p) => `${p.year}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}${p.millis === undefined ? '' : `.${pad(p.millis, 3)}`}${p.offset}`) },
  { weight: 1, arbitrary: fc.constantFrom('2025-02-29T10:00:00Z', '2025-06-02T09:00:00+99:00', '2025-06-02T24:00:00Z', 'yesterday') },
);

/** Numbers from every corner: whole counts, fractions, negatives, huge, infinite, NaN. */
export const oddNumberArb: fc.Arbitrary<number> = fc.oneof(
  { arbitrary: fc.nat(), weight: 6 },
  { arbitrary: fc.constantFrom(0, -0, 2 ** 53 - 1), weight: 2 },
  { arbitrary: fc.oneof(fc.double(), fc.constantFrom(2 ** 53, Number.MAX_VALUE, Infinity, NaN)), weight: 1 },
);

const actorArb = fc.record({ id: oddIdArb, role: oddTextArb });

const fieldsOf: Record<CommandType, fc.Arbitrary<Record<string, unknown>>> = {
  ReceiveComplaint: fc.record(
    {
      // mostly channels and areas the policy knows, so that the rest of the case gets decided too
      channel: fc.oneof({ arbitrary: fc.constantFrom('email', 'post', 'telephone'), weight: 3 }, { arbitrary: oddTextArb, weight: 1 }),
      complainant: fc.record({ name: oddTextArb, relationship: fc.constantFrom('member', 'delegate', 'other'), email: oddTextArb, phone: oddTextArb }, { requiredKeys: ['name', 'relationship'] }),
      businessArea: fc.oneof({ arbitrary: fc.constantFrom('membership', 'qualifications', 'training'), weight: 3 }, { arbitrary: oddTextArb, weight: 1 }),
      summary: oddTextArb,
      desiredOutcome: oddTextArb,
      personalText: fc.constantFrom(true, false, 'yes'),
      studyCentre: fc.record({ name: oddTextArb, ownProcedureCompletedOn: fc.constantFrom('2024-02-29', '2023-01-01', '2023-12-31', '2025-13-01') }, { requiredKeys: ['name'] }),
    },
    { requiredKeys: ['channel', 'complainant', 'businessArea', 'summary'] },
  ),
  AcknowledgeComplaint: fc.record({ channel: oddTextArb }),
  AssignComplaint: fc.record({ department: oddTextArb, manager: fc.record({ id: oddIdArb, name: oddTextArb }) }),
  RequireInvestigation: fc.record({ reason: oddTextArb }),
  AuthoriseThirdParty: fc.record({ party: fc.record({ name: oddTextArb, relationship: oddTextArb, contact: oddTextArb }), evidence: oddTextArb, scope: oddTextArb }),
  WithdrawThirdPartyAuthorisation: fc.record({ partyName: oddIdArb }),
  RecordCorrespondence: fc.record(
    { direction: fc.constantFrom('inbound', 'outbound'), party: fc.constantFrom('complainant', 'third-party'), channel: oddTextArb, summary: oddTextArb, partyName: oddIdArb, personalText: fc.constant(true) },
    { requiredKeys: ['direction', 'party', 'channel', 'summary'] },
  ),
  RecordAssessmentFailure: fc.record({ failureId: oddIdArb, assessment: oddTextArb, description: oddTextArb, learnersAffected: oddNumberArb }, { requiredKeys: ['failureId', 'assessment', 'description'] }),
  RecordAssessmentRemediation: fc.record({ failureId: oddIdArb, cause: oddTextArb, mitigation: oddTextArb, prevention: oddTextArb }),
  IssueResponse: fc.record({
    outcome: fc.constantFrom('upheld', 'partially-upheld', 'not-upheld'),
    findings: oddTextArb,
    actions: fc.array(fc.record({ actionId: oddIdArb, description: oddTextArb, owner: oddTextArb, dueOn: fc.constantFrom('2025-07-01', '2028-02-29', '2026-02-29') }, { requiredKeys: ['actionId', 'description', 'owner'] }), { maxLength: 3 }),
  }),
  CompleteAction: fc.record({ actionId: oddIdArb }),
  CloseComplaint: fc.constant({}),
  WithdrawComplaint: fc.record({ reason: oddTextArb }, { requiredKeys: [] }),
  DeclineFurtherCorrespondence: fc.record({ reason: oddTextArb }),
  ReopenComplaint: fc.record({ reason: oddTextArb }),
  RecordRegulatorReferral: fc.record({ regulator: fc.constantFrom('ofqual', 'ccea', 'qualifications-wales') }),
  EraseComplainantData: fc.record({ legalBasis: oddTextArb }),
  PlaceLegalHold: fc.record({ reason: oddTextArb }),
  LiftLegalHold: fc.record({ reason: oddTextArb }),
  RecordSubjectAccess: fc.record({ requestId: oddIdArb }),
};

/** One odd command of a type for a complaint, as parsed JSON (it may or may not decode). */
export const oddCommandArb = (complaintId: string, type?: CommandType, years?: { readonly from: number; readonly to: number }): fc.Arbitrary<Record<string, unknown>> =>
  (type === undefined ? fc.constantFrom(...(Object.keys(fieldsOf) as CommandType[])) : fc.constant(type)).chain((t) =>
    fc
      .record({
        fields: fieldsOf[t],
        commandId: oddIdArb,
        at: oddInstantArb(years),
        actor: actorArb,
        correlationId: fc.option(oddIdArb, { nil: undefined }),
        // now and then a field no codec defines
        extra: fc.oneof({ arbitrary: fc.constant(undefined), weight: 19 }, { arbitrary: fc.dictionary(oddTextArb, oddTextArb, { minKeys: 1, maxKeys: 1 }), weight: 1 }),
      })
      .map(({ fields, commandId, at, actor, correlationId, extra }) => ({
        ...(extra ?? {}),
        type: t,
        complaintId,
        commandId,
        at,
        actor,
        ...(correlationId === undefined ? {} : { correlationId }),
        ...fields,
      })),
  );

const timeOf = (input: Record<string, unknown>): number => {
  const t = typeof input.at === 'string' ? Date.parse(input.at) : NaN;
  return Number.isNaN(t) ? Infinity : t;
};

/** An odd receipt (in 2024) followed by odd commands of any type in the order of their instants, all for one complaint. */
export const oddCommandsArb = (complaintId: string, maxLength = 8): fc.Arbitrary<Record<string, unknown>[]> =>
  fc
    .tuple(oddCommandArb(complaintId, 'ReceiveComplaint', { from: 2024, to: 2024 }), fc.array(oddCommandArb(complaintId, undefined, { from: 2024, to: 2026 }), { maxLength }))
    .map(([receipt, rest]) => [receipt, ...[...rest].sort((a, b) => timeOf(a) - timeOf(b))]);
