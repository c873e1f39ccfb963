/**
 * Arbitraries for command sequences: whole lifecycles of one complaint, valid and invalid
 * steps mixed, with identifiers drawn from small pools so that later commands refer to what
 * earlier ones created (a failure id, an action id, a third party) often enough to matter.
 *
 * @example
 * fc.assert(fc.property(complaintCommandsArb('c-1'), (commands) => { ... }));
 */
import * as fc from 'fast-check';
import { DateTime } from 'luxon';
import { CX097_V4, isRegulatedArea, isStudyCentreArea, type ComplaintCommand } from '@cim-complaints/core';

const ACTORS = [
  { id: 'u-1', role: 'quality-and-complaints-manager' },
  { id: 'u-2', role: 'department-manager' },
  { id: 'u-3', role: 'customer-service' },
];
const AREAS = ['membership', 'qualifications', 'awarding-body', 'training', 'events', 'business-centre', 'accredited-study-centre'];
const CHANNELS = ['email', 'post', 'telephone'];
const PARTIES = ['Sam Morgan', 'Jo Patel'];
const FAILURES = ['af-1', 'af-2'];
const ACTIONS = ['a-1', 'a-2', 'a-3'];
const REGULATORS = ['ofqual', 'ccea', 'qualifications-wales'] as const;

/** An instant between 2024-01-01 and 2026-10-31 (UTC), as an ISO string. */
export const receiptInstantArb = fc
  .integer({ min: 0, max: 1_030 * 24 * 60 })
  .map((minutes) => DateTime.fromISO('2024-01-01T00:00:00Z', { zone: 'utc' }).plus({ minutes }).toISO()!);

const receiveArb = (complaintId: string) =>
  fc.record({
    channel: fc.constantFrom(...CHANNELS),
    relationship: fc.constantFrom('member', 'delegate', 'other'),
    // Weighted towards areas whose cases run their whole course; the ones that end at receipt still come up.
    businessArea: fc.oneof(
      ...AREAS.map((area) => ({ arbitrary: fc.constant(area), weight: area === 'business-centre' ? 1 : area === 'training' || area === 'events' ? 2 : 4 })),
    ),
    regulator: fc.constantFrom(...REGULATORS),
    procedureCompleted: fc.boolean().chain((b) => (b ? fc.constant(true) : fc.boolean())),
    desiredOutcome: fc.option(fc.constantFrom('A refund', 'An apology', 'A remark'), { nil: undefined }),
  }).map((r) => (at: string, commandId: string, actor: (typeof ACTORS)[number]) => ({
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
    ...(isRegulatedArea(r.businessArea)(CX097_V4) ? { regulator: r.regulator } : {}),
    ...(isStudyCentreArea(r.businessArea)(CX097_V4)
      ? { studyCentre: { name: 'Northfield College', ...(r.procedureCompleted ? { ownProcedureCompletedOn: at.slice(0, 10) } : {}) } }
      : {}),
  }));

/** The own fields of one lifecycle command (not ReceiveComplaint), drawn from the pools. */
// Weights favour the steps that move a case forward, so generated lifecycles reach response, closure and reopening.
export const lifecycleFieldsArb: fc.Arbitrary<Record<string, unknown>> = fc.oneof(
  { weight: 6, arbitrary: fc.constant({ type: 'AcknowledgeComplaint', channel: 'email' }) },
  { weight: 2, arbitrary: fc.constantFrom('m-1', 'm-2').map((id) => ({ type: 'AssignComplaint', department: 'Membership', manager: { id, name: `Manager ${id}` } })) },
  { weight: 4, arbitrary: fc.constant({ type: 'RequireInvestigation', reason: 'Needs records checked' }) },
  { weight: 2, arbitrary: fc.constantFrom(...PARTIES).map((name) => ({
    type: 'AuthoriseThirdParty',
    party: { name, relationship: 'representative', contact: `${name.split(' ')[0]!.toLowerCase()}@example.org` },
    evidence: 'Signed authority form',
    scope: 'All correspondence',
  })) },
  { weight: 1, arbitrary: fc.constantFrom(...PARTIES).map((partyName) => ({ type: 'WithdrawThirdPartyAuthorisation', partyName })) },
  { weight: 3, arbitrary: fc
    .record({
      direction: fc.constantFrom('inbound', 'outbound'),
      party: fc.constantFrom('complainant', 'third-party'),
      partyName: fc.option(fc.constantFrom(...PARTIES), { nil: undefined }),
    })
    .map((r) => ({
      type: 'RecordCorrespondence',
      direction: r.direction,
      party: r.party,
      channel: 'email',
      summary: 'A letter',
      ...(r.party === 'third-party' && r.partyName !== undefined ? { partyName: r.partyName } : {}),
    })) },
  { weight: 2, arbitrary: fc.constantFrom(...FAILURES).map((failureId) => ({
    type: 'RecordAssessmentFailure',
    failureId,
    assessment: 'Level 4 Certificate',
    description: 'Marks transposed',
    learnersAffected: 2,
  })) },
  { weight: 4, arbitrary: fc.constantFrom(...FAILURES).map((failureId) => ({
    type: 'RecordAssessmentRemediation',
    failureId,
    cause: 'Manual transcription',
    mitigation: 'Results reissued',
    prevention: 'Automated import',
  })) },
  { weight: 6, arbitrary: fc
    .record({
      outcome: fc.constantFrom('upheld', 'partially-upheld', 'not-upheld'),
      actions: fc.subarray(ACTIONS, { maxLength: 2 }),
    })
    .map((r) => ({
      type: 'IssueResponse',
      outcome: r.outcome,
      findings: 'Findings of the investigation',
      actions: r.actions.map((actionId, i) => ({ actionId, description: `Action ${actionId}`, owner: `Owner ${i + 1}`, dueOn: '2026-12-31' })),
    })) },
  { weight: 3, arbitrary: fc.constantFrom(...ACTIONS).map((actionId) => ({ type: 'CompleteAction', actionId })) },
  { weight: 5, arbitrary: fc.constant({ type: 'CloseComplaint' }) },
  { weight: 1, arbitrary: fc.constant({ type: 'WithdrawComplaint', reason: 'No longer wishes to pursue' }) },
  { weight: 2, arbitrary: fc.constant({ type: 'DeclineFurtherCorrespondence', reason: 'Process complete' }) },
  { weight: 2, arbitrary: fc.constant({ type: 'ReopenComplaint', reason: 'New evidence' }) },
  { weight: 2, arbitrary: fc.constantFrom(...REGULATORS).map((regulator) => ({ type: 'RecordRegulatorReferral', regulator })) },
  { weight: 1, arbitrary: fc.constant({ type: 'ReceiveComplaint', channel: 'post', complainant: { name: 'Again', relationship: 'other' }, businessArea: 'events', summary: 'Twice' }) },
);

export interface ComplaintCommandsOptions {
  readonly maxSteps?: number;
  /** Commands carry ids `<complaintId>/<n>`; distinct prefixes keep complaints apart. */
  readonly startAt?: fc.Arbitrary<string>;
}

/**
 * A receipt followed by up to `maxSteps` lifecycle commands for one complaint, `at` rising by
 * minutes to days (and now and then stepping back before the receipt, to exercise that rule).
 */
export const complaintCommandsArb = (complaintId: string, options: ComplaintCommandsOptions = {}): fc.Arbitrary<ComplaintCommand[]> =>
  fc
    .tuple(
      options.startAt ?? receiptInstantArb,
      receiveArb(complaintId),
      fc.array(
        fc.tuple(lifecycleFieldsArb, fc.integer({ min: -60, max: 6 * 24 * 60 }), fc.constantFrom(...ACTORS)),
        { minLength: Math.min(8, options.maxSteps ?? 25), maxLength: options.maxSteps ?? 25 },
      ),
    )
    .map(([start, receive, steps]) => {
      const startAt = DateTime.fromISO(start, { zone: 'utc' });
      let elapsed = 0;
      const commands = [receive(startAt.toISO()!, `${complaintId}/0`, ACTORS[0]!)];
      steps.forEach(([fields, minutes, actor], i) => {
        elapsed += Math.max(minutes, 0);
        // A negative draw puts this one command before the receipt.
        const at = minutes < 0 ? startAt.plus({ minutes }) : startAt.plus({ minutes: elapsed });
        commands.push({ ...fields, complaintId, commandId: `${complaintId}/${i + 1}`, at: at.toISO()!, actor } as never);
      });
      return commands as unknown as ComplaintCommand[];
    });
