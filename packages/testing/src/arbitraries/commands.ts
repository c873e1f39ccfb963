/**
 * Arbitraries for command sequences: whole lifecycles of one complaint, valid and invalid
 * steps mixed, with identifiers drawn from small pools so that later commands refer to what
 * earlier ones created (a failure id, an action id, a third party) often enough to matter.
 * Steps are recorded in the order generated, but their `at` does not only rise: a step may
 * share the previous one's instant, be backdated (recorded late), or fall before the receipt.
 * Actors hold permitted roles or not, and some are the case's handlers.
 *
 * @example
 * fc.assert(fc.property(complaintCommandsArb('c-1'), (commands) => { ... }));
 */
import * as fc from 'fast-check';
import { DateTime } from 'luxon';
import { CX097_V4, departmentFor, isRegulatedArea, isStudyCentreArea, type ComplaintCommand } from '@cim-complaints/core';

const ACTORS = [
  { id: 'u-1', role: 'quality-and-complaints-manager' },
  { id: 'u-2', role: 'department-manager' },
  { id: 'u-3', role: 'customer-service' },
  // the managers cases are assigned to: a response by the handler is theirs to give (C6)
  { id: 'm-1', role: 'department-manager' },
  { id: 'm-2', role: 'department-manager' },
];
/** Mostly actors the policy lets decide; a role it does not list now and then (C6). */
const actorArb = fc.oneof(
  { weight: 5, arbitrary: fc.constant(ACTORS[0]!) },
  { weight: 2, arbitrary: fc.constant(ACTORS[1]!) },
  { weight: 1, arbitrary: fc.constant(ACTORS[2]!) },
  { weight: 2, arbitrary: fc.constantFrom(ACTORS[3]!, ACTORS[4]!) },
);
const AREAS = ['membership', 'qualifications', 'awarding-body', 'training', 'events', 'business-centre', 'accredited-study-centre'];
const PARTIES = ['Sam Morgan', 'Jo Patel'];
const FAILURES = ['af-1', 'af-2'];
const ACTIONS = ['a-1', 'a-2', 'a-3'];
const REGULATORS = ['ofqual', 'ccea', 'qualifications-wales'] as const;

/** An instant between 2024-01-01 and 2026-10-31 (UTC), as an ISO string. */
export const receiptInstantArb = fc
  .integer({ min: 0, max: 1_030 * 24 * 60 })
  .map((minutes) => DateTime.fromISO('2024-01-01T00:00:00Z', { zone: 'utc' }).plus({ minutes }).toISO()!);

/** Mostly the channels CX097 V4 lists; now and then one it does not (recorded and flagged, C1). */
const channelArb = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom('email', 'post', 'telephone') },
  { weight: 1, arbitrary: fc.constantFrom('web-form', 'in-person') },
);

interface Receipt {
  readonly businessArea: string;
  readonly regulator?: string;
  readonly build: (at: string, commandId: string, actor: (typeof ACTORS)[number]) => Record<string, unknown>;
}

const receiveArb = (complaintId: string): fc.Arbitrary<Receipt> =>
  fc
    .record({
      channel: channelArb,
      relationship: fc.constantFrom('member', 'delegate', 'other'),
      // Weighted towards areas whose cases run their whole course; the ones that end at receipt still come up.
      businessArea: fc.oneof(
        ...AREAS.map((area) => ({ arbitrary: fc.constant(area), weight: area === 'business-centre' ? 1 : area === 'training' || area === 'events' ? 2 : 4 })),
      ),
      regulator: fc.constantFrom(...REGULATORS),
      procedureCompleted: fc.boolean().chain((b) => (b ? fc.constant(true) : fc.boolean())),
      desiredOutcome: fc.option(fc.constantFrom('A refund', 'An apology', 'A remark'), { nil: undefined }),
      personalText: fc.boolean(),
      // C14: name the complaint referred back that this one escalates: on study-centre complaints, now and then on any
      escalation: fc.oneof({ weight: 12, arbitrary: fc.constant('none') }, { weight: 6, arbitrary: fc.constant('study-centre') }, { weight: 1, arbitrary: fc.constant('any') }),
    })
    .map((r) => ({
      businessArea: r.businessArea,
      ...(isRegulatedArea(r.businessArea)(CX097_V4) ? { regulator: r.regulator } : {}),
      build: (at, commandId, actor) => {
        const studyCentre = isStudyCentreArea(r.businessArea)(CX097_V4);
        return {
          type: 'ReceiveComplaint',
          complaintId,
          commandId,
          at,
          actor,
          channel: r.channel,
          complainant: { name: 'Alex Morgan', email: 'alex@example.org', relationship: r.relationship },
          businessArea: r.businessArea,
          summary: `A complaint about ${r.businessArea}`,
          ...(r.desiredOutcome === undefined ? {} : { desiredOutcome: r.desiredOutcome }),
          ...(r.personalText ? { personalText: true } : {}),
          ...(isRegulatedArea(r.businessArea)(CX097_V4) ? { regulator: r.regulator } : {}),
          ...(studyCentre ? { studyCentre: { name: 'Northfield College', ...(r.procedureCompleted ? { ownProcedureCompletedOn: at.slice(0, 10) } : {}) } } : {}),
          ...(r.escalation === 'any' || (r.escalation === 'study-centre' && studyCentre) ? { escalatesFrom: 'c-00' } : {}),
        };
      },
    }));

/** C4, C8: a letter's addressee: mostly the complainant (named or by default), sometimes a third party, named or not. */
const addresseeArb = fc.oneof(
  { weight: 8, arbitrary: fc.constant({}) },
  { weight: 2, arbitrary: fc.constant({ to: 'complainant' }) },
  { weight: 3, arbitrary: fc.option(fc.constantFrom(...PARTIES), { nil: undefined }).map((partyName) => ({ to: 'third-party', ...(partyName === undefined ? {} : { partyName }) })) },
  { weight: 1, arbitrary: fc.constantFrom(...PARTIES).map((partyName) => ({ partyName })) },
);

/** The own fields of one lifecycle command (not ReceiveComplaint) on a complaint about an area, drawn from the pools. */
// Weights favour the steps that move a case forward, so generated lifecycles reach response, closure and reopening.
export const lifecycleFieldsArb = (businessArea = 'membership', regulator?: string): fc.Arbitrary<Record<string, unknown>> =>
  fc.oneof(
    { weight: 6, arbitrary: addresseeArb.map((addressee) => ({ type: 'AcknowledgeComplaint', channel: 'email', ...addressee })) },
    {
      weight: 4,
      arbitrary: fc
        .record({
          id: fc.constantFrom('m-1', 'm-2'),
          // C9: mostly the department the area routes to; another one with or without a reason
          department: fc.oneof({ weight: 4, arbitrary: fc.constant(departmentFor(businessArea)(CX097_V4)) }, { weight: 1, arbitrary: fc.constantFrom('Membership', 'Awarding Body') }),
          overrideReason: fc.option(fc.constant('The case touches that department most'), { nil: undefined }),
        })
        .map((r) => ({
          type: 'AssignComplaint',
          department: r.department,
          manager: { id: r.id, name: `Manager ${r.id}` },
          ...(r.overrideReason === undefined ? {} : { overrideReason: r.overrideReason }),
        })),
    },
    { weight: 4, arbitrary: fc.constant({ type: 'RequireInvestigation', reason: 'Needs records checked' }) },
    {
      weight: 2,
      arbitrary: fc.constantFrom(...PARTIES).map((name) => ({
        type: 'AuthoriseThirdParty',
        party: { name, relationship: 'representative', contact: `${name.split(' ')[0]!.toLowerCase()}@example.org` },
        evidence: 'Signed authority form',
        scope: 'All correspondence',
      })),
    },
    { weight: 1, arbitrary: fc.constantFrom(...PARTIES).map((partyName) => ({ type: 'WithdrawThirdPartyAuthorisation', partyName })) },
    {
      weight: 3,
      arbitrary: fc
        .record({
          direction: fc.constantFrom('inbound', 'outbound'),
          party: fc.constantFrom('complainant', 'third-party'),
          partyName: fc.option(fc.constantFrom(...PARTIES), { nil: undefined }),
          personalText: fc.boolean(),
        })
        .map((r) => ({
          type: 'RecordCorrespondence',
          direction: r.direction,
          party: r.party,
          channel: 'email',
          summary: 'A letter',
          ...(r.party === 'third-party' && r.partyName !== undefined ? { partyName: r.partyName } : {}),
          ...(r.personalText ? { personalText: true } : {}),
        })),
    },
    {
      weight: 2,
      arbitrary: fc.constantFrom(...FAILURES).map((failureId) => ({
        type: 'RecordAssessmentFailure',
        failureId,
        assessment: 'Level 4 Certificate',
        description: 'Marks transposed',
        learnersAffected: 2,
      })),
    },
    {
      weight: 4,
      arbitrary: fc.constantFrom(...FAILURES).map((failureId) => ({
        type: 'RecordAssessmentRemediation',
        failureId,
        cause: 'Manual transcription',
        mitigation: 'Results reissued',
        prevention: 'Automated import',
      })),
    },
    {
      weight: 9,
      arbitrary: fc
        .record({
          outcome: fc.constantFrom('upheld', 'partially-upheld', 'not-upheld'),
          actions: fc.subarray(ACTIONS, { maxLength: 2 }),
          addressee: addresseeArb,
        })
        .map((r) => ({
          type: 'IssueResponse',
          outcome: r.outcome,
          findings: 'Findings of the investigation',
          actions: r.actions.map((actionId, i) => ({ actionId, description: `Action ${actionId}`, owner: `Owner ${i + 1}`, dueOn: '2026-12-31' })),
          ...r.addressee,
        })),
    },
    { weight: 3, arbitrary: fc.constantFrom(...ACTIONS).map((actionId) => ({ type: 'CompleteAction', actionId })) },
    { weight: 6, arbitrary: fc.constant({ type: 'CloseComplaint' }) },
    { weight: 1, arbitrary: fc.constant({ type: 'WithdrawComplaint', reason: 'No longer wishes to pursue' }) },
    { weight: 3, arbitrary: fc.constant({ type: 'DeclineFurtherCorrespondence', reason: 'Process complete' }) },
    { weight: 4, arbitrary: fc.constant({ type: 'ReopenComplaint', reason: 'New evidence' }) },
    // C15: mostly the complaint's recorded regulator, now and then another
    {
      weight: 3,
      arbitrary: fc
        .oneof({ weight: 3, arbitrary: fc.constant(regulator ?? 'ofqual') }, { weight: 1, arbitrary: fc.constantFrom(...REGULATORS) })
        .map((named) => ({ type: 'RecordRegulatorReferral', regulator: named })),
    },
    { weight: 1, arbitrary: fc.constant({ type: 'ReceiveComplaint', channel: 'post', complainant: { name: 'Again', relationship: 'other' }, businessArea: 'events', summary: 'Twice' }) },
    // C5, C7: personal data: erasure (refused under a legal hold, or twice), holds placed and lifted, subject access
    { weight: 1, arbitrary: fc.constant({ type: 'EraseComplainantData', legalBasis: 'uk-gdpr-art-17' }) },
    { weight: 1, arbitrary: fc.constant({ type: 'PlaceLegalHold', reason: 'Claim notified' }) },
    { weight: 1, arbitrary: fc.constant({ type: 'LiftLegalHold', reason: 'Claim settled' }) },
    { weight: 1, arbitrary: fc.constantFrom('sar-1', 'sar-2').map((requestId) => ({ type: 'RecordSubjectAccess', requestId })) },
  );

/**
 * When a step happens relative to the one recorded before it: later (minutes to days), at the
 * same instant, backdated (recorded late: at a fraction of the way from the receipt to the
 * latest instant so far, or minutes before that instant), or before the receipt.
 */
type Timing =
  | { readonly kind: 'later' | 'recorded-late' | 'before-receipt'; readonly minutes: number }
  | { readonly kind: 'same' }
  | { readonly kind: 'backdated'; readonly fraction: number };
const timingArb: fc.Arbitrary<Timing> = fc.oneof(
  { weight: 12, arbitrary: fc.integer({ min: 1, max: 6 * 24 * 60 }).map((minutes): Timing => ({ kind: 'later', minutes })) },
  { weight: 3, arbitrary: fc.constant<Timing>({ kind: 'same' }) },
  { weight: 3, arbitrary: fc.integer({ min: 0, max: 99 }).map((percent): Timing => ({ kind: 'backdated', fraction: percent / 100 })) },
  // minutes before the latest instant (never before the receipt), where a late step most often still follows what it needs
  { weight: 2, arbitrary: fc.integer({ min: 1, max: 120 }).map((minutes): Timing => ({ kind: 'recorded-late', minutes })) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 60 }).map((minutes): Timing => ({ kind: 'before-receipt', minutes })) },
);

/** The instant a step happens at, given the receipt and the latest instant recorded so far. */
const instantOf = (timing: Timing, receipt: DateTime, latest: DateTime): DateTime => {
  switch (timing.kind) {
    case 'later':
    case 'same':
      return latest;
    case 'backdated':
      return receipt.plus({ minutes: Math.floor(latest.diff(receipt, 'minutes').minutes * timing.fraction) });
    case 'recorded-late':
      return DateTime.max(receipt, latest.minus({ minutes: timing.minutes }));
    case 'before-receipt':
      return receipt.minus({ minutes: timing.minutes });
  }
};

/** The first steps of most cases: acknowledged and assigned to the routed department, in either order; now and then not. */
const openingArb = (businessArea: string): fc.Arbitrary<Record<string, unknown>[]> => {
  const acknowledge: Record<string, unknown> = { type: 'AcknowledgeComplaint', channel: 'email' };
  const assign: Record<string, unknown> = { type: 'AssignComplaint', department: departmentFor(businessArea)(CX097_V4), manager: { id: 'm-1', name: 'Manager m-1' } };
  return fc.oneof(
    { weight: 4, arbitrary: fc.constant<Record<string, unknown>[]>([acknowledge, assign]) },
    { weight: 3, arbitrary: fc.constant<Record<string, unknown>[]>([assign, acknowledge]) },
    { weight: 1, arbitrary: fc.constantFrom<Record<string, unknown>[]>([acknowledge], [assign], []) },
  );
};

export interface ComplaintCommandsOptions {
  readonly maxSteps?: number;
  /** Commands carry ids `<complaintId>/<n>`; distinct prefixes keep complaints apart. */
  readonly startAt?: fc.Arbitrary<string>;
}

/** One command with the instant it is recorded at: its `at`, or later when it was backdated. */
export interface RecordedStep {
  readonly command: ComplaintCommand;
  /** Milliseconds; never decreases along a complaint's steps. */
  readonly recordedAt: number;
}

/** A receipt and up to `maxSteps` lifecycle commands for one complaint, each with when it is recorded. */
export const complaintStepsArb = (complaintId: string, options: ComplaintCommandsOptions = {}): fc.Arbitrary<RecordedStep[]> =>
  fc.tuple(options.startAt ?? receiptInstantArb, receiveArb(complaintId)).chain(([start, receipt]) =>
    fc
      .tuple(
        // most cases start as the policy says: acknowledged and assigned to the routed department, in either order
        openingArb(receipt.businessArea),
        fc.array(fc.tuple(lifecycleFieldsArb(receipt.businessArea, receipt.regulator), timingArb, actorArb), {
          minLength: Math.min(8, options.maxSteps ?? 25),
          maxLength: options.maxSteps ?? 25,
        }),
        timingArb,
      )
      .map(([opening, rest, openingTiming]) => [...opening.map((fields): [Record<string, unknown>, Timing, (typeof ACTORS)[number]] => [fields, openingTiming, ACTORS[0]!]), ...rest].slice(0, Math.max(options.maxSteps ?? 25, 2)))
      .map((steps) => {
        const startAt = DateTime.fromISO(start, { zone: 'utc' });
        let clock = startAt; // the recording clock: the latest instant reached so far
        const recorded: RecordedStep[] = [{ command: receipt.build(startAt.toISO()!, `${complaintId}/0`, ACTORS[0]!) as unknown as ComplaintCommand, recordedAt: startAt.toMillis() }];
        steps.forEach(([fields, timing, actor], i) => {
          if (timing.kind === 'later') clock = clock.plus({ minutes: timing.minutes });
          const at = instantOf(timing, startAt, clock);
          const command = { ...fields, complaintId, commandId: `${complaintId}/${i + 1}`, at: at.toISO()!, actor } as unknown as ComplaintCommand;
          recorded.push({ command, recordedAt: clock.toMillis() });
        });
        return recorded;
      }),
  );

/**
 * A receipt followed by up to `maxSteps` lifecycle commands for one complaint, in the order they
 * are recorded; `at` mostly rises by minutes to days, but now and then repeats, steps back
 * (a backdated command) or falls before the receipt, to exercise the rules of business time.
 */
export const complaintCommandsArb = (complaintId: string, options: ComplaintCommandsOptions = {}): fc.Arbitrary<ComplaintCommand[]> =>
  complaintStepsArb(complaintId, options).map((steps) => steps.map((s) => s.command));
