import { describe, expect, it } from 'vitest';
import { commands, spec } from '@cim-complaints/testing';

// Business time is causal (DOMAIN "Rules of the second version"): each "X needs Y" also means
// X's `at` is not earlier than Y's. Commands below are recorded in the order given; their `at`s
// often run backwards (recorded late), which is accepted as long as the order holds.
const T0 = '2025-03-03T09:00:00Z';
const h = (hours: number) => new Date(Date.parse(T0) + hours * 3_600_000).toISOString();

describe('business time', () => {
  const c = commands('c-1', T0);
  const awarding = c.receive({ businessArea: 'awarding-body', regulator: 'ofqual' });
  const abAssign = (at: string) => c.assign({ at, department: 'Awarding Body' });

  describe('when acknowledging and assigning (after the receipt)', () => {
    it('refuses an acknowledgement or an assignment dated before the receipt', () => {
      spec().given(c.receive({ at: h(2) })).when(c.acknowledge({ at: h(1) })).thenRejectsNaming('before-receipt', h(1), h(2));
      spec().given(c.receive({ at: h(2) })).when(c.assign({ at: h(1) })).thenRejectsNaming('before-receipt', h(1), h(2));
    });

    it('accepts them recorded late, dated between the receipt and what was recorded before them', () => {
      spec().given(c.receive(), c.requireInvestigation({ at: h(8) })).when(c.acknowledge({ at: h(1) })).thenTypes('ComplaintAcknowledged');
      spec().given(c.receive(), c.acknowledge({ at: h(8) })).when(c.assign({ at: h(0) })).thenTypes('ComplaintAssigned');
    });
  });

  describe('when responding (after the acknowledgement, the investigation decision and the handler’s assignment)', () => {
    it('refuses a response dated before the acknowledgement', () => {
      spec().given(c.receive(), c.assign(), c.acknowledge({ at: h(2) })).when(c.issueResponse({ at: h(1) })).thenRejectsNaming('before-acknowledgement', h(1), h(2));
    });

    it('refuses a response dated before this opening’s investigation decision', () => {
      spec().given(c.receive(), c.acknowledge(), c.assign(), c.requireInvestigation({ at: h(3) })).when(c.issueResponse({ at: h(2) })).thenRejectsNaming('before-investigation-decision', h(2), h(3));
    });

    it('refuses a response dated before the current handler was assigned, even if an earlier handler was', () => {
      spec().given(c.receive(), c.acknowledge(), c.assign({ at: h(3) })).when(c.issueResponse({ at: h(2) })).thenRejectsNaming('before-assignment', h(2), h(3));
      const reassigned = [c.receive(), c.acknowledge(), c.assign({ at: h(1) }), c.assign({ at: h(4), manager: { id: 'm-2', name: 'Tom Reid' } })];
      spec().given(...reassigned).when(c.issueResponse({ at: h(3) })).thenRejectsNaming('before-assignment', h(3), h(4));
      spec().given(...reassigned).when(c.issueResponse({ at: h(4) })).thenTypes('ResponseIssued');
    });

    it('accepts a response recorded late, dated after what it needs and before later records', () => {
      spec()
        .given(c.receive(), c.acknowledge({ at: h(1) }), c.assign({ at: h(1) }), c.requireInvestigation({ at: h(2) }), c.recordCorrespondence({ at: h(9) }))
        .when(c.issueResponse({ at: h(2) }))
        .thenState((s) => expect(s.status !== 'none' && s.response?.respondedAt).toBe(h(2)));
    });
  });

  describe('when closing (after the response or the withdrawal, and every remediation)', () => {
    const answered = [c.receive(), c.acknowledge(), c.assign(), c.issueResponse({ at: h(3) })];

    it('refuses a close dated before the response', () => {
      spec().given(...answered).when(c.close({ at: h(2) })).thenRejectsNaming('before-response', h(2), h(3));
    });

    it('refuses a close dated before the withdrawal', () => {
      spec().given(c.receive(), c.withdraw({ at: h(3) })).when(c.close({ at: h(2) })).thenRejectsNaming('before-withdrawal', h(2), h(3));
    });

    it('refuses a close dated before a remediation', () => {
      const remediated = [...answered, c.recordAssessmentFailure({ at: h(1) }), c.recordAssessmentRemediation({ at: h(5) })];
      spec().given(...remediated).when(c.close({ at: h(4) })).thenRejectsNaming('before-remediation', h(4), h(5));
    });

    it('refuses a close dated before an assignment or a letter already recorded on the open case', () => {
      spec().given(...answered, c.assign({ at: h(6), manager: { id: 'm-2', name: 'Tom Reid' } })).when(c.close({ at: h(4) })).thenRejectsNaming('before-assignment', h(4), h(6));
      spec().given(...answered, c.recordCorrespondence({ at: h(6), direction: 'inbound' })).when(c.close({ at: h(4) })).thenRejectsNaming('before-correspondence', h(4), h(6));
    });

    it('accepts a close recorded late, dated after all it needs and before later records', () => {
      spec()
        .given(...answered, c.recordAssessmentFailure({ at: h(1) }), c.recordAssessmentRemediation({ at: h(4) }), c.authoriseThirdParty({ at: h(9) }))
        .when(c.close({ at: h(4) }))
        .thenState((s) => expect(s.status !== 'none' && s.closedAt).toBe(h(4)));
    });
  });

  describe('when remediating and completing (after the failure, after the agreeing response)', () => {
    it('refuses a remediation dated before its failure was identified', () => {
      spec().given(c.receive(), c.recordAssessmentFailure({ at: h(3) })).when(c.recordAssessmentRemediation({ at: h(2) })).thenRejectsNaming('before-failure-identified', h(2), h(3));
      spec().given(c.receive(), c.recordAssessmentFailure({ at: h(3) })).when(c.recordAssessmentRemediation({ at: h(3) })).thenTypes('AssessmentFailureRemediated');
    });

    it('refuses an action completed before the response that agreed it', () => {
      const agreed = [c.receive(), c.acknowledge(), c.assign(), c.issueResponse({ at: h(3), actions: [{ actionId: 'a-1', description: 'Refund', owner: 'Finance' }] })];
      spec().given(...agreed).when(c.completeAction({ at: h(2) })).thenRejectsNaming('before-action-agreed', h(2), h(3));
      spec().given(...agreed, c.close({ at: h(8) })).when(c.completeAction({ at: h(4) })).thenTypes('ActionCompleted');
    });

    it('refuses a failure dated before a close, which needed every failure found by then remediated (C16)', () => {
      const closed = [c.receive(), c.acknowledge(), c.assign(), c.issueResponse(), c.close({ at: h(3) })];
      spec().given(...closed).when(c.recordAssessmentFailure({ at: h(2) })).thenRejectsNaming('before-closure', h(2), h(3));
      spec().given(...closed, c.reopen({ at: h(5) })).when(c.recordAssessmentFailure({ at: h(2) })).thenRejectsNaming('before-closure', h(2), h(3));
      spec().given(...closed).when(c.recordAssessmentFailure({ at: h(3) })).thenTypes('AssessmentFailureIdentified');
    });
  });

  describe('after a close (decline, reopening) and a response (referral)', () => {
    const closed = [c.receive(), c.acknowledge(), c.assign(), c.issueResponse(), c.close({ at: h(3) })];

    it('refuses a decline or a reopening dated before the close', () => {
      spec().given(...closed).when(c.declineFurtherCorrespondence({ at: h(2) })).thenRejectsNaming('before-closure', h(2), h(3));
      spec().given(...closed).when(c.reopen({ at: h(2) })).thenRejectsNaming('before-closure', h(2), h(3));
    });

    it('refuses a decline dated before a letter CIM already sent after the close', () => {
      spec().given(...closed, c.recordCorrespondence({ at: h(5) })).when(c.declineFurtherCorrespondence({ at: h(4) })).thenRejectsNaming('before-correspondence', h(4), h(5));
    });

    it('refuses a reopening dated before the decline or a letter recorded after the close', () => {
      spec().given(...closed, c.declineFurtherCorrespondence({ at: h(5) })).when(c.reopen({ at: h(4) })).thenRejectsNaming('before-decline', h(4), h(5));
      spec().given(...closed, c.recordCorrespondence({ at: h(5), direction: 'inbound' })).when(c.reopen({ at: h(4) })).thenRejectsNaming('before-correspondence', h(4), h(5));
    });

    it('accepts a decline and a reopening recorded late, dated after the close', () => {
      spec().given(...closed, c.recordAssessmentFailure({ at: h(9) })).when(c.declineFurtherCorrespondence({ at: h(4) })).thenTypes('FurtherCorrespondenceDeclined');
      spec().given(...closed, c.recordAssessmentFailure({ at: h(9) })).when(c.reopen({ at: h(4) })).thenTypes('ComplaintReopened');
    });

    it('refuses a regulator referral dated before CIM’s first response', () => {
      const answered = [awarding, c.acknowledge(), abAssign(T0), c.issueResponse({ at: h(3) })];
      spec().given(...answered).when(c.recordRegulatorReferral({ at: h(2) })).thenRejectsNaming('before-response', h(2), h(3));
      spec().given(...answered, c.close({ at: h(6) })).when(c.recordRegulatorReferral({ at: h(4) })).thenTypes('ReferredToRegulator');
    });
  });

  describe('when a case is reopened', () => {
    const reopened = [c.receive(), c.acknowledge(), c.assign(), c.issueResponse(), c.close({ at: h(2) }), c.reopen({ at: h(5) })];

    it('refuses a step of the new opening dated before the reopening', () => {
      spec().given(...reopened).when(c.requireInvestigation({ at: h(4) })).thenRejectsNaming('before-reopening', h(4), h(5));
      spec().given(...reopened).when(c.issueResponse({ at: h(4) })).thenRejectsNaming('before-reopening', h(4), h(5));
      spec().given(...reopened).when(c.withdraw({ at: h(4) })).thenRejectsNaming('before-reopening', h(4), h(5));
      spec().given(...reopened).when(c.assign({ at: h(4), manager: { id: 'm-2', name: 'Tom Reid' } })).thenRejectsNaming('before-reopening', h(4), h(5));
    });

    it('refuses a response dated before the new opening’s investigation decision, not the old one’s', () => {
      spec().given(...reopened, c.requireInvestigation({ at: h(7) })).when(c.issueResponse({ at: h(6) })).thenRejectsNaming('before-investigation-decision', h(6), h(7));
      spec().given(...reopened, c.requireInvestigation({ at: h(7) })).when(c.issueResponse({ at: h(7) })).thenTypes('ResponseIssued');
    });

    it('flags a letter by when it happened: after the close and before the reopening is after closure', () => {
      spec()
        .given(...reopened)
        .when(c.recordCorrespondence({ direction: 'inbound', at: h(3) }))
        .then((events) => expect(events[0]!.data).toMatchObject({ afterClosure: true }));
      spec()
        .given(...reopened)
        .when(c.recordCorrespondence({ direction: 'inbound', at: h(6) }))
        .then((events) => expect(events[0]!.data).toMatchObject({ afterClosure: false }));
      spec()
        .given(c.receive(), c.acknowledge(), c.assign(), c.issueResponse(), c.close({ at: h(4) }))
        .when(c.recordCorrespondence({ direction: 'inbound', at: h(3) }))
        .then((events) => expect(events[0]!.data).toMatchObject({ afterClosure: false }));
    });
  });

  describe('when withdrawing (after every step already taken on the open case)', () => {
    it('refuses a withdrawal dated before the acknowledgement, an assignment, the investigation decision or the response', () => {
      spec().given(c.receive(), c.acknowledge({ at: h(3) })).when(c.withdraw({ at: h(2) })).thenRejectsNaming('before-acknowledgement', h(2), h(3));
      spec().given(c.receive(), c.assign({ at: h(3) })).when(c.withdraw({ at: h(2) })).thenRejectsNaming('before-assignment', h(2), h(3));
      spec().given(c.receive(), c.requireInvestigation({ at: h(3) })).when(c.withdraw({ at: h(2) })).thenRejectsNaming('before-investigation-decision', h(2), h(3));
      spec().given(c.receive(), c.acknowledge(), c.assign(), c.issueResponse({ at: h(3) })).when(c.withdraw({ at: h(2) })).thenRejectsNaming('before-response', h(2), h(3));
    });

    it('accepts a withdrawal recorded late, dated after those steps and before later letters', () => {
      spec().given(c.receive(), c.acknowledge({ at: h(1) }), c.recordCorrespondence({ at: h(6) })).when(c.withdraw({ at: h(2) })).thenTypes('ComplaintWithdrawn');
    });
  });

  describe('when a third party’s authorisation ends (C4)', () => {
    const authorised = [c.receive(), c.authoriseThirdParty({ at: h(2) })];

    it('refuses a withdrawal of authority dated before the authorisation', () => {
      spec().given(...authorised).when(c.withdrawThirdPartyAuthorisation({ at: h(1) })).thenRejectsNaming('before-third-party-authorisation', h(1), h(2));
      spec().given(...authorised).when(c.withdrawThirdPartyAuthorisation({ at: h(2) })).thenTypes('ThirdPartyAuthorisationWithdrawn');
    });

    it('refuses one at or before a letter sent under it: an acknowledgement, a response, a letter', () => {
      spec().given(...authorised, c.acknowledge({ at: h(4), to: 'third-party' })).when(c.withdrawThirdPartyAuthorisation({ at: h(4) })).thenRejectsNaming('before-correspondence', h(4), h(4));
      spec().given(...authorised, c.acknowledge(), c.assign(), c.issueResponse({ at: h(5), to: 'third-party' })).when(c.withdrawThirdPartyAuthorisation({ at: h(3) })).thenRejectsNaming('before-correspondence', h(3), h(5));
      spec().given(...authorised, c.recordCorrespondence({ at: h(5), party: 'third-party' })).when(c.withdrawThirdPartyAuthorisation({ at: h(4) })).thenRejectsNaming('before-correspondence', h(4), h(5));
      spec().given(...authorised, c.recordCorrespondence({ at: h(5), party: 'third-party' })).when(c.withdrawThirdPartyAuthorisation({ at: h(6) })).thenTypes('ThirdPartyAuthorisationWithdrawn');
    });
  });
});
