// Histories written by hand as raw envelopes (never through the decider, which would refuse most
// of them), then checked as of an instant. Dates are on the england-and-wales calendar of CX097 V4,
// worked out by hand in the comments. The base case is received Mon 3 June 2024 (before V4's
// review date, so no review finding): acknowledgement due Mon 10 June (June 4-7, 10), response
// and stall limit Mon 1 July (June 4-7, 10-14, 17-21, 24-28, July 1).
import { readFileSync } from 'node:fs';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { fc, it as prop } from '@fast-check/vitest';
import { oddEnvelopeArb } from '@cim-complaints/testing';
import type { ComplaintEnvelope } from '../complaint/envelope.js';
import { decodeEvent } from '../complaint/envelope.js';
import type { EventType } from '../complaint/events.js';
import { calendarError } from '../calendar/errors.js';
import { checkCompliance, type ComplianceOptions } from './check.js';
import { findingCatalogue, findingCodes, type Finding, type FindingCode } from './findings.js';
import type { CheckedEvent } from './record.js';

const QUALITY = { id: 'u-q', role: 'quality-and-complaints-manager' };
const HANDLER = { id: 'm-1', role: 'department-manager' };
const ADVISOR = { id: 'u-3', role: 'customer-service' };

let counter = 0;
/** A stored event as any writer could have put it in the store. */
const raw = (type: EventType, at: string, data: Record<string, unknown> = {}, actor = QUALITY): ComplaintEnvelope => {
  counter += 1;
  return {
    type,
    data: { complaintId: 'c-1', at, ...data },
    metadata: { eventId: `e-${counter}`, commandId: `cmd-${counter}`, correlationId: `cmd-${counter}`, actor, occurredAt: at, recordedAt: at, schemaVersion: 2, policy: 'CX097-V4' },
  } as unknown as ComplaintEnvelope;
};

const ev = {
  received: (at: string, data: Record<string, unknown> = {}) =>
    raw('ComplaintReceived', at, {
      channel: 'email',
      complainant: { name: 'Alex Morgan', relationship: 'member' },
      businessArea: 'membership',
      summary: 'Renewal charged twice',
      policy: 'CX097-V4',
      department: 'Membership',
      ...data,
    }),
  acknowledged: (at: string, data: Record<string, unknown> = {}) => raw('ComplaintAcknowledged', at, { channel: 'email', to: 'complainant', ...data }),
  assigned: (at: string, managerId = 'm-1') => raw('ComplaintAssigned', at, { department: 'Membership', manager: { id: managerId, name: 'Priya Shah' } }),
  investigation: (at: string) => raw('InvestigationRequired', at, { reason: 'Billing records must be checked' }),
  responded: (at: string, data: Record<string, unknown> = {}, actor = HANDLER) => raw('ResponseIssued', at, { outcome: 'upheld', findings: 'Refunded', actions: [], to: 'complainant', ...data }, actor),
  actionCompleted: (at: string, actionId = 'a-1') => raw('ActionCompleted', at, { actionId }),
  closed: (at: string, resolution = 'responded', actor = QUALITY) => raw('ComplaintClosed', at, { resolution }, actor),
  withdrawn: (at: string) => raw('ComplaintWithdrawn', at),
  reopened: (at: string, actor = QUALITY) => raw('ComplaintReopened', at, { reason: 'New evidence' }, actor),
  declined: (at: string, actor = QUALITY) => raw('FurtherCorrespondenceDeclined', at, { reason: 'Process complete' }, actor),
  letterIn: (at: string) => raw('CorrespondenceReceived', at, { party: 'complainant', channel: 'email', summary: 'Still unhappy', afterClosure: true }),
  letterOut: (at: string, partyName?: string) =>
    raw('CorrespondenceSent', at, { party: partyName === undefined ? 'complainant' : 'third-party', channel: 'email', summary: 'Update', afterClosure: false, ...(partyName === undefined ? {} : { partyName }) }),
  authorised: (at: string, name = 'Sam Morgan') => raw('ThirdPartyAuthorised', at, { party: { name, relationship: 'spouse', contact: 'sam@example.org' }, evidence: 'Signed form', scope: 'All correspondence' }),
  authorisationWithdrawn: (at: string, partyName = 'Sam Morgan') => raw('ThirdPartyAuthorisationWithdrawn', at, { partyName }),
  failure: (at: string, failureId = 'af-1') => raw('AssessmentFailureIdentified', at, { failureId, assessment: 'Level 4 Certificate', description: 'Marks transposed' }),
  remediated: (at: string, failureId = 'af-1') => raw('AssessmentFailureRemediated', at, { failureId, cause: 'Manual entry', mitigation: 'Reissued', prevention: 'Imported' }),
  referred: (at: string, actor = QUALITY) => raw('ReferredToRegulator', at, { regulator: 'ofqual' }, actor),
};

/** A case handled as the policy says, closed within every deadline. */
const lawful = () => [
  ev.received('2024-06-03T09:00:00+01:00'),
  ev.acknowledged('2024-06-04T09:00:00+01:00'),
  ev.assigned('2024-06-04T10:00:00+01:00'),
  ev.investigation('2024-06-05T09:00:00+01:00'),
  ev.responded('2024-06-20T09:00:00+01:00'),
  ev.closed('2024-06-21T09:00:00+01:00'),
];

const IN_2024 = '2024-12-31T12:00:00Z';

/** Given a history, when it is checked as of an instant: its findings (the history must have been received by then). */
const given = (...history: CheckedEvent[]) => ({
  checkedAsOf: (asOf: string, options: ComplianceOptions = {}): Finding[] => {
    const checked = checkCompliance(history, asOf, options);
    if (E.isLeft(checked)) throw new Error(`${checked.left.code}: ${checked.left.message}`);
    return [...checked.right.findings];
  },
});

const codes = (found: readonly Finding[]): FindingCode[] => found.map((f) => f.code);
const cited = (f: Finding | undefined) => f?.events.map((e) => [e.index, e.type]);

/** The one finding of a code, checked against the catalogue. */
const only = (found: readonly Finding[], code: FindingCode): Finding => {
  const matching = found.filter((f) => f.code === code);
  expect(matching, `findings: ${JSON.stringify(codes(found))}`).toHaveLength(1);
  const f = matching[0]!;
  expect({ clause: f.clause, severity: f.severity }).toEqual({ clause: findingCatalogue[code].clause, severity: findingCatalogue[code].severity });
  expect(f.complaintId).toBe('c-1');
  expect(f.message.length).toBeGreaterThan(20);
  return f;
};

describe('checkCompliance', () => {
  describe('when a case was handled as the policy says', () => {
    it('finds nothing before the policy’s review date', () => {
      expect(given(...lawful()).checkedAsOf(IN_2024)).toEqual([]);
    });

    it('finds only the policy past its review date once January 2025 has ended (C18)', () => {
      expect(given(...lawful()).checkedAsOf('2025-01-31T23:30:00Z')).toEqual([]);
      const found = given(...lawful()).checkedAsOf('2025-02-01T00:00:00Z');
      expect(codes(found)).toEqual(['policy-review-overdue']);
      expect(found[0]).toMatchObject({ clause: 'C18', severity: 'warning', at: '2025-01-31T23:59:59.999+00:00', dates: { nextReviewDue: '2025-01-31' } });
    });
  });

  describe('when the acknowledgement was late or is missing (C12)', () => {
    it('finds it missed, with its due day and the receipt and acknowledgement cited', () => {
      const [received, , ...rest] = lawful();
      const f = only(given(received!, ev.acknowledged('2024-06-11T09:00:00+01:00'), ...rest).checkedAsOf(IN_2024), 'acknowledgement-missed');
      expect(f).toMatchObject({ opening: 0, at: '2024-06-10T23:59:59.999+01:00', dates: { dueDate: '2024-06-10', doneAt: '2024-06-11T09:00:00+01:00' } });
      expect(cited(f)).toEqual([
        [0, 'ComplaintReceived'],
        [1, 'ComplaintAcknowledged'],
      ]);
    });

    it('finds it overdue while the case waits, from the day after its due day', () => {
      const history = [ev.received('2024-06-03T09:00:00+01:00')];
      expect(given(...history).checkedAsOf('2024-06-10T22:00:00Z')).toEqual([]);
      expect(codes(given(...history).checkedAsOf('2024-06-11T08:00:00+01:00'))).toEqual(['acknowledgement-overdue']);
    });

    it('finds it missed when the case ended after its due day without one', () => {
      const f = only(given(ev.received('2024-06-03T09:00:00+01:00'), ev.withdrawn('2024-06-12T09:00:00+01:00')).checkedAsOf(IN_2024), 'acknowledgement-missed');
      expect(f.message).toMatch(/never done/);
      expect(cited(f)).toEqual([
        [0, 'ComplaintReceived'],
        [1, 'ComplaintWithdrawn'],
      ]);
    });
  });

  describe('when the response was late or is missing (C13)', () => {
    const investigated = () => lawful().slice(0, 4);

    it('finds it missed', () => {
      const f = only(given(...investigated(), ev.responded('2024-07-02T09:00:00+01:00')).checkedAsOf(IN_2024), 'response-missed');
      expect(f.dates).toMatchObject({ dueDate: '2024-07-01', doneAt: '2024-07-02T09:00:00+01:00' });
      expect(cited(f)).toEqual([
        [0, 'ComplaintReceived'],
        [4, 'ResponseIssued'],
      ]);
    });

    it('finds it overdue, not stalled: investigation was required', () => {
      expect(codes(given(...investigated()).checkedAsOf('2024-07-02T12:00:00Z'))).toEqual(['response-overdue']);
    });

    it('finds a reopening’s own response target overdue, counted from the reopening', () => {
      // reopened Mon 1 July 2024: due Mon 29 July (July 2-5, 8-12, 15-19, 22-26, 29)
      const history = [...lawful(), ev.reopened('2024-07-01T09:00:00+01:00'), ev.investigation('2024-07-01T10:00:00+01:00')];
      expect(given(...history).checkedAsOf('2024-07-29T22:00:00Z')).toEqual([]);
      const f = only(given(...history).checkedAsOf('2024-07-30T12:00:00Z'), 'response-overdue');
      expect(f).toMatchObject({ opening: 1, dates: { dueDate: '2024-07-29' } });
      expect(cited(f)).toEqual([[6, 'ComplaintReopened']]);
    });
  });

  describe('when an opening has neither an investigation decision nor a response after 20 working days (C13)', () => {
    it('finds it stalled once the limit day has passed', () => {
      const history = lawful().slice(0, 3);
      expect(given(...history).checkedAsOf('2024-07-01T22:00:00Z')).toEqual([]);
      const f = only(given(...history).checkedAsOf('2024-07-02T12:00:00Z'), 'stalled');
      expect(f).toMatchObject({ at: '2024-07-01T23:59:59.999+01:00', opening: 0, dates: { limitDate: '2024-07-01' } });
    });
  });

  describe('when a case was closed (C8)', () => {
    it('finds a close with neither a response nor a withdrawal', () => {
      const history = [...lawful().slice(0, 4), ev.closed('2024-06-20T09:00:00+01:00')];
      const f = only(given(...history).checkedAsOf('2024-06-25T12:00:00Z'), 'closed-without-response');
      expect(cited(f)).toEqual([[4, 'ComplaintClosed']]);
    });

    it('accepts a close after the complainant withdrew', () => {
      const history = [...lawful().slice(0, 2), ev.withdrawn('2024-06-05T09:00:00+01:00'), ev.closed('2024-06-06T09:00:00+01:00', 'withdrawn')];
      expect(given(...history).checkedAsOf(IN_2024)).toEqual([]);
    });

    it('finds a reopened case closed again without a response of its own', () => {
      const history = [...lawful(), ev.reopened('2024-07-01T09:00:00+01:00'), ev.closed('2024-07-02T09:00:00+01:00')];
      expect(only(given(...history).checkedAsOf(IN_2024), 'closed-without-response')).toMatchObject({ opening: 1 });
    });
  });

  describe('when CIM wrote to a third party (C4)', () => {
    const base = () => lawful().slice(0, 3);

    it('finds a letter to a party never authorised', () => {
      const f = only(given(...base(), ev.letterOut('2024-06-05T09:00:00+01:00', 'Sam Morgan')).checkedAsOf('2024-06-06T12:00:00Z'), 'letter-to-unauthorised-third-party');
      expect(f.message).toMatch(/Sam Morgan was never authorised/);
      expect(cited(f)).toEqual([[3, 'CorrespondenceSent']]);
    });

    it('accepts a letter while the authorisation is in force, and finds one after it was withdrawn', () => {
      const history = [...base(), ev.authorised('2024-06-04T11:00:00+01:00'), ev.letterOut('2024-06-05T09:00:00+01:00', 'Sam Morgan'), ev.authorisationWithdrawn('2024-06-05T10:00:00+01:00')];
      expect(given(...history).checkedAsOf('2024-06-06T12:00:00Z')).toEqual([]);
      const later = [...history, ev.letterOut('2024-06-06T09:00:00+01:00', 'Sam Morgan')];
      const f = only(given(...later).checkedAsOf('2024-06-06T12:00:00Z'), 'letter-to-unauthorised-third-party');
      expect(f.message).toMatch(/withdrawn at 2024-06-05T10:00:00\+01:00/);
      expect(cited(f)).toEqual([
        [3, 'ThirdPartyAuthorised'],
        [5, 'ThirdPartyAuthorisationWithdrawn'],
        [6, 'CorrespondenceSent'],
      ]);
    });

    it('finds an acknowledgement to a party authorised only later, and a response to a party it does not name', () => {
      const history = [
        ev.received('2024-06-03T09:00:00+01:00'),
        ev.acknowledged('2024-06-04T09:00:00+01:00', { to: 'third-party', partyName: 'Sam Morgan', authorisationScope: 'All' }),
        ev.authorised('2024-06-05T09:00:00+01:00'),
        ev.assigned('2024-06-05T10:00:00+01:00'),
        ev.responded('2024-06-06T09:00:00+01:00', { to: 'third-party' }),
      ];
      const found = given(...history).checkedAsOf('2024-06-07T12:00:00Z').filter((f) => f.code === 'letter-to-unauthorised-third-party');
      expect(found.map((f) => [f.events.at(-1)?.type, f.message.replace(/;.*$/, '')])).toEqual([
        ['ThirdPartyAuthorised', 'ComplaintAcknowledged at 2024-06-04T09:00:00+01:00 went to Sam Morgan: Sam Morgan was authorised only at 2024-06-05T09:00:00+01:00'],
        ['ResponseIssued', 'ResponseIssued at 2024-06-06T09:00:00+01:00 went to a third party: it names no third party, so no authorisation can cover it'],
      ]);
    });
  });

  describe('when an assessment failure was found (C16)', () => {
    it('finds a close while it was not remediated, and says when it was remediated after', () => {
      const history = [...lawful().slice(0, 5), ev.failure('2024-06-10T09:00:00+01:00'), ev.closed('2024-06-21T09:00:00+01:00'), ev.remediated('2024-06-25T09:00:00+01:00')];
      const f = only(given(...history).checkedAsOf(IN_2024), 'failure-unremediated-at-close');
      expect(f.message).toMatch(/remediated only at 2024-06-25T09:00:00\+01:00/);
      expect(cited(f)).toEqual([
        [5, 'AssessmentFailureIdentified'],
        [6, 'ComplaintClosed'],
        [7, 'AssessmentFailureRemediated'],
      ]);
    });

    it('finds a failure still outstanding on a withdrawn case, until it is remediated', () => {
      const history = [...lawful().slice(0, 3), ev.failure('2024-06-05T09:00:00+01:00'), ev.withdrawn('2024-06-06T09:00:00+01:00')];
      const f = only(given(...history).checkedAsOf('2024-06-07T12:00:00Z'), 'failure-outstanding-on-ended-case');
      expect(f).toMatchObject({ at: '2024-06-06T09:00:00+01:00' });
      expect(given(...history, ev.remediated('2024-06-12T09:00:00+01:00')).checkedAsOf('2024-06-13T12:00:00Z')).toEqual([]);
      // as of an instant before the remediation, it was still outstanding
      expect(codes(given(...history, ev.remediated('2024-06-12T09:00:00+01:00')).checkedAsOf('2024-06-11T12:00:00Z'))).toEqual(['failure-outstanding-on-ended-case']);
    });

    it('finds a close dated before a remediation recorded before it, as a record out of order, not twice', () => {
      const history = [...lawful().slice(0, 5), ev.failure('2024-06-10T09:00:00+01:00'), ev.remediated('2024-06-22T09:00:00+01:00'), ev.closed('2024-06-21T09:00:00+01:00')];
      const found = given(...history).checkedAsOf(IN_2024);
      expect(codes(found)).toEqual(['close-before-remediation']);
    });
  });

  describe('when a letter arrived after closure (C17)', () => {
    // letter Mon 24 June 2024: decision due Mon 22 July (June 25-28, July 1-5, 8-12, 15-19, 22)
    const closedThenWritten = () => [...lawful(), ev.letterIn('2024-06-24T09:00:00+01:00')];

    it('finds it not acted on once 20 working days have passed without a reopening or a decline', () => {
      expect(given(...closedThenWritten()).checkedAsOf('2024-07-22T22:00:00Z')).toEqual([]);
      const f = only(given(...closedThenWritten()).checkedAsOf('2024-07-23T12:00:00Z'), 'correspondence-after-closure-not-acted-on');
      expect(f).toMatchObject({ at: '2024-07-22T23:59:59.999+01:00', dates: { dueDate: '2024-07-22', receivedAt: '2024-06-24T09:00:00+01:00' } });
    });

    it('accepts a decline or a reopening in time, and finds one too late', () => {
      expect(given(...closedThenWritten(), ev.declined('2024-07-01T09:00:00+01:00')).checkedAsOf(IN_2024)).toEqual([]);
      expect(codes(given(...closedThenWritten(), ev.reopened('2024-07-10T09:00:00+01:00'), ev.investigation('2024-07-10T10:00:00+01:00'), ev.responded('2024-07-11T09:00:00+01:00'), ev.closed('2024-07-12T09:00:00+01:00')).checkedAsOf(IN_2024))).toEqual([]);
      const late = only(given(...closedThenWritten(), ev.declined('2024-07-23T09:00:00+01:00')).checkedAsOf(IN_2024), 'correspondence-after-closure-not-acted-on');
      expect(late.message).toMatch(/declined only at 2024-07-23/);
    });

    it('needs no decision on a letter that arrives once further correspondence was declined', () => {
      expect(given(...lawful(), ev.declined('2024-06-24T09:00:00+01:00'), ev.letterIn('2024-06-25T09:00:00+01:00')).checkedAsOf(IN_2024)).toEqual([]);
    });
  });

  describe('when business time runs backwards (C7)', () => {
    const [received, acknowledged, assigned, investigation] = [
      () => ev.received('2024-06-03T09:00:00+01:00'),
      () => ev.acknowledged('2024-06-04T09:00:00+01:00'),
      () => ev.assigned('2024-06-04T10:00:00+01:00'),
      () => ev.investigation('2024-06-05T09:00:00+01:00'),
    ];

    it.each<[string, () => ComplaintEnvelope[], FindingCode, [number, string][]]>([
      ['a response dated before the acknowledgement', () => [received(), assigned(), ev.acknowledged('2024-06-06T09:00:00+01:00'), ev.responded('2024-06-05T09:00:00+01:00')], 'response-before-acknowledgement', [[2, 'ComplaintAcknowledged'], [3, 'ResponseIssued']]],
      ['a response dated before an acknowledgement recorded after it', () => [received(), assigned(), ev.responded('2024-06-05T09:00:00+01:00'), ev.acknowledged('2024-06-06T09:00:00+01:00')], 'response-before-acknowledgement', [[2, 'ResponseIssued'], [3, 'ComplaintAcknowledged']]],
      ['a response dated before its investigation decision', () => [received(), acknowledged(), assigned(), ev.investigation('2024-06-07T09:00:00+01:00'), ev.responded('2024-06-06T09:00:00+01:00')], 'response-before-investigation-decision', [[3, 'InvestigationRequired'], [4, 'ResponseIssued']]],
      ['a response dated before its handler’s assignment', () => [received(), acknowledged(), ev.assigned('2024-06-07T09:00:00+01:00'), ev.responded('2024-06-06T09:00:00+01:00')], 'response-before-assignment', [[2, 'ComplaintAssigned'], [3, 'ResponseIssued']]],
      ['a close dated before its response', () => [received(), acknowledged(), assigned(), ev.responded('2024-06-07T09:00:00+01:00'), ev.closed('2024-06-06T09:00:00+01:00')], 'close-before-response', [[3, 'ResponseIssued'], [4, 'ComplaintClosed']]],
      ['a close dated before the withdrawal', () => [received(), acknowledged(), ev.withdrawn('2024-06-07T09:00:00+01:00'), ev.closed('2024-06-06T09:00:00+01:00', 'withdrawn')], 'close-before-withdrawal', [[2, 'ComplaintWithdrawn'], [3, 'ComplaintClosed']]],
      ['a remediation dated before its failure', () => [received(), ev.failure('2024-06-07T09:00:00+01:00'), ev.remediated('2024-06-06T09:00:00+01:00')], 'remediation-before-failure', [[1, 'AssessmentFailureIdentified'], [2, 'AssessmentFailureRemediated']]],
      ['a remediation of a failure never identified', () => [received(), ev.remediated('2024-06-06T09:00:00+01:00')], 'remediation-before-failure', [[1, 'AssessmentFailureRemediated']]],
      ['an action completed before the response that agreed it', () => [received(), acknowledged(), assigned(), ev.responded('2024-06-07T09:00:00+01:00', { actions: [{ actionId: 'a-1', description: 'Refund', owner: 'Finance' }] }), ev.actionCompleted('2024-06-06T09:00:00+01:00')], 'action-completed-before-agreed', [[3, 'ResponseIssued'], [4, 'ActionCompleted']]],
      ['a decline dated before the close', () => [...lawful(), ev.declined('2024-06-20T12:00:00+01:00')], 'decline-before-close', [[5, 'ComplaintClosed'], [6, 'FurtherCorrespondenceDeclined']]],
      ['a decline on a case never closed', () => [received(), acknowledged(), ev.declined('2024-06-06T09:00:00+01:00')], 'decline-before-close', [[2, 'FurtherCorrespondenceDeclined']]],
      ['a reopening dated before the close', () => [...lawful(), ev.reopened('2024-06-20T12:00:00+01:00')], 'reopen-before-close', [[5, 'ComplaintClosed'], [6, 'ComplaintReopened']]],
      ['a regulator referral dated before the response', () => [received(), acknowledged(), assigned(), investigation(), ev.responded('2024-06-07T09:00:00+01:00'), ev.referred('2024-06-06T09:00:00+01:00')], 'referral-before-response', [[4, 'ResponseIssued'], [5, 'ReferredToRegulator']]],
      ['a third party’s authorisation withdrawn before it was given', () => [received(), ev.authorised('2024-06-07T09:00:00+01:00'), ev.authorisationWithdrawn('2024-06-06T09:00:00+01:00')], 'authorisation-withdrawn-before-given', [[1, 'ThirdPartyAuthorised'], [2, 'ThirdPartyAuthorisationWithdrawn']]],
      ['an acknowledgement dated before the receipt', () => [received(), ev.acknowledged('2024-06-03T08:59:00+01:00')], 'before-receipt', [[0, 'ComplaintReceived'], [1, 'ComplaintAcknowledged']]],
      ['an event recorded before the receipt', () => [ev.acknowledged('2024-06-04T09:00:00+01:00'), received()], 'before-receipt', [[0, 'ComplaintAcknowledged'], [1, 'ComplaintReceived']]],
    ])('finds %s', (_, history, code, events) => {
      const f = only(given(...history()).checkedAsOf('2024-06-25T12:00:00Z'), code);
      expect(cited(f)).toEqual(events);
    });

    it('accepts events recorded late (backdated) that still follow what they depend on', () => {
      const history = [received(), assigned(), ev.acknowledged('2024-06-04T08:00:00+01:00'), investigation(), ev.responded('2024-06-06T09:00:00+01:00'), ev.failure('2024-06-05T12:00:00+01:00'), ev.remediated('2024-06-06T08:00:00+01:00'), ev.closed('2024-06-06T09:00:00+01:00')];
      expect(given(...history).checkedAsOf('2024-06-08T12:00:00Z')).toEqual([]);
    });
  });

  describe('when decisions were taken by someone the policy does not allow (C6)', () => {
    const answered = (actor: { id: string; role: string }) => [...lawful().slice(0, 4), ev.responded('2024-06-20T09:00:00+01:00', {}, actor)];

    it('accepts a response by the handler or by a role that may respond for any department', () => {
      expect(given(...answered(HANDLER)).checkedAsOf('2024-06-21T12:00:00Z')).toEqual([]);
      expect(given(...answered(QUALITY)).checkedAsOf('2024-06-21T12:00:00Z')).toEqual([]);
    });

    it('finds a response by anyone else, naming the handler', () => {
      const f = only(given(...answered(ADVISOR)).checkedAsOf('2024-06-21T12:00:00Z'), 'response-not-by-handler');
      expect(f.message).toMatch(/u-3 \(customer-service\).*Priya Shah \(m-1\)/);
      expect(f.events.map((e) => [e.type, e.actor?.id])).toEqual([
        ['ComplaintAssigned', 'u-q'],
        ['ResponseIssued', 'u-3'],
      ]);
    });

    it('finds a response on a case no manager was assigned', () => {
      const history = [...lawful().slice(0, 2), ev.investigation('2024-06-05T09:00:00+01:00'), ev.responded('2024-06-20T09:00:00+01:00', {}, QUALITY)];
      only(given(...history).checkedAsOf('2024-06-21T12:00:00Z'), 'response-without-handler');
    });

    it.each<[string, () => ComplaintEnvelope[]]>([
      ['a close', () => [...lawful().slice(0, 5), ev.closed('2024-06-21T09:00:00+01:00', 'responded', ADVISOR)]],
      ['a decline', () => [...lawful(), ev.declined('2024-06-24T09:00:00+01:00', ADVISOR)]],
      ['a reopening', () => [...lawful(), ev.reopened('2024-06-24T09:00:00+01:00', ADVISOR)]],
      ['a regulator referral', () => [...lawful(), ev.referred('2024-06-24T09:00:00+01:00', ADVISOR)]],
    ])('finds %s by a role the policy does not list', (_, history) => {
      const f = only(given(...history()).checkedAsOf('2024-06-25T12:00:00Z'), 'role-not-permitted');
      expect(f.message).toMatch(/u-3 in role customer-service: CX097-V4 lets only quality-and-complaints-manager, department-manager/);
    });

    it('judges no role where the history names no actors (plain events)', () => {
      const plain = [...lawful().slice(0, 5), ev.closed('2024-06-21T09:00:00+01:00', 'responded', ADVISOR)].map(({ type, data }) => ({ type, data }) as unknown as ComplaintEnvelope);
      expect(given(...plain).checkedAsOf('2024-06-25T12:00:00Z')).toEqual([]);
    });
  });

  describe('when the record cannot be judged under its policy', () => {
    it('finds a policy the registry does not know, and checks no deadline', () => {
      const f = only(given(ev.received('2024-06-03T09:00:00+01:00', { policy: 'CX097-V9' })).checkedAsOf('2024-09-01T12:00:00Z'), 'unknown-policy');
      expect(f.message).toMatch(/"CX097-V9".*known: CX097-V4/);
    });

    it('finds deadlines that cannot be worked out when the calendar fails', () => {
      const options: ComplianceOptions = { calendarFor: () => E.left(calendarError('unknown-calendar', 'no calendars today')) };
      const f = only(given(...lawful()).checkedAsOf(IN_2024, options), 'deadline-not-evaluable');
      expect(f.message).toMatch(/no calendars today/);
    });
  });

  describe('when asked about a history from a store', () => {
    it('cites each event by its revision', () => {
      const history = [...lawful().slice(0, 4), ev.closed('2024-06-20T09:00:00+01:00')].map((event, i) => ({ revision: i + 10, event }));
      expect(only(given(...history).checkedAsOf(IN_2024), 'closed-without-response').events).toEqual([
        { index: 4, revision: 14, type: 'ComplaintClosed', at: '2024-06-20T09:00:00+01:00', actor: QUALITY },
      ]);
    });

    it('counts only what had happened by the instant asked about', () => {
      const history = [...lawful().slice(0, 4), ev.closed('2024-06-20T09:00:00+01:00')];
      expect(given(...history).checkedAsOf('2024-06-19T12:00:00Z')).toEqual([]);
      expect(E.map((r: { eventsChecked: number }) => r.eventsChecked)(checkCompliance(history, '2024-06-19T12:00:00Z'))).toEqual(E.right(4));
    });

    it('is Left for an instant that is not one, or a history not yet received', () => {
      expect(checkCompliance(lawful(), '2024-06-19')).toMatchObject(E.left({ code: 'invalid-instant' }));
      expect(checkCompliance(lawful(), '2024-06-01T00:00:00Z')).toMatchObject(E.left({ code: 'no-receipt' }));
      expect(checkCompliance([], IN_2024)).toMatchObject(E.left({ code: 'no-receipt' }));
    });
  });

  describe('whatever decoded events a history holds, in any order', () => {
    prop.prop([fc.array(oddEnvelopeArb('c-1'), { maxLength: 12 }), fc.integer({ min: 0, max: 12 }), fc.date({ min: new Date('1990-01-01'), max: new Date('2120-01-01'), noInvalidDate: true })], { numRuns: 150 })(
      'never throws, and answers Right once it was received',
      (odd, at, asOf) => {
        // one receipt, ours: what it says decides when the history was received
        const decoded = odd.map((e) => decodeEvent(e)).flatMap((d) => (E.isRight(d) && d.right.type !== 'ComplaintReceived' ? [d.right] : []));
        const history = [...decoded.slice(0, at), ev.received('2024-06-03T09:00:00+01:00'), ...decoded.slice(at)];
        const checked = checkCompliance(history, asOf.toISOString());
        if (asOf.getTime() >= Date.parse('2024-06-03T08:00:00Z')) expect(E.isRight(checked)).toBe(true);
        if (E.isRight(checked)) for (const f of checked.right.findings) expect(findingCatalogue[f.code].clause).toBe(f.clause);
      },
    );
  });
});

describe('docs/compliance.md', () => {
  it('gives every finding code its clause, severity and whether a lawful history can have it, as the catalogue does', () => {
    const doc = readFileSync(new URL('../../../../docs/compliance.md', import.meta.url), 'utf8');
    const rows = [...doc.matchAll(/^\| `([a-z-]+)` \| (C\d+) \| (\w+) \| (yes|no) \|/gm)].map((m) => [m[1], m[2], m[3], m[4] === 'yes']);
    expect(rows).toEqual(findingCodes.map((code) => [code, findingCatalogue[code].clause, findingCatalogue[code].severity, findingCatalogue[code].lawful]));
  });
});
