import { describe, expect, it } from 'vitest';
import { commands, spec } from '@cim-complaints/testing';
import { createDecider, createPolicyRegistry, CX097_V4, type Policy } from '@cim-complaints/core';

const T0 = '2025-03-03T09:00:00Z';
const later = (hours: number) => new Date(Date.parse(T0) + hours * 3_600_000).toISOString();

describe('complaint decider', () => {
  describe('when a complaint is received', () => {
    it('records the channel, complainant, area, department and the policy in force (C1, C2, C9, C18)', () => {
      const c = commands('c-1', T0);
      spec()
        .given()
        .when(c.receive())
        .then([
          {
            type: 'ComplaintReceived',
            data: {
              complaintId: 'c-1',
              at: T0,
              channel: 'email',
              complainant: { name: 'Alex Morgan', email: 'alex@example.org', relationship: 'member' },
              businessArea: 'membership',
              summary: 'Membership renewal charged twice',
              policy: 'CX097-V4',
              department: 'Membership',
            },
          } as never,
        ]);
    });

    it('routes an area the table does not name to the default department (C9)', () => {
      const c = commands('c-1', T0);
      spec().given().when(c.receive({ businessArea: 'digital-learning' })).thenState((s) => {
        expect(s.status !== 'none' && s.department).toBe('Customer Experience & Operations');
      });
    });

    it('is refused a second time', () => {
      const c = commands('c-1', T0);
      spec().given(c.receive()).when(c.receive()).thenRejects('complaint-already-received');
    });

    it('records a channel the policy does not list, flagged, and flags nothing on one it lists (C1)', () => {
      const c = commands('c-1', T0);
      for (const channel of ['web-form', 'in-person']) {
        spec()
          .given()
          .when(c.receive({ channel }))
          .then((events, state) => {
            expect(events.map((e) => e.type)).toEqual(['ComplaintReceived']);
            expect(events[0]!.data).toMatchObject({ channel, channelOutsidePolicy: true });
            expect(state.status !== 'none' && state.channelOutsidePolicy).toBe(true);
          });
      }
      spec()
        .given()
        .when(c.receive({ channel: 'post' }))
        .then((events) => expect(events[0]!.data).not.toHaveProperty('channelOutsidePolicy'));
    });

    it('records the complaint referred back to a study centre that this one escalates (C14)', () => {
      const c = commands('c-2', T0);
      const escalation = { businessArea: 'accredited-study-centre', studyCentre: { name: 'Northfield College', ownProcedureCompletedOn: '2025-02-20' } };
      spec()
        .given()
        .when(c.receive({ ...escalation, escalatesFrom: 'c-1' }))
        .then((events, state) => {
          expect(events[0]!.data).toMatchObject({ escalatedFromStudyCentre: true, escalatesFrom: 'c-1' });
          expect(state.status !== 'none' && state.escalatesFrom).toBe('c-1');
        });
    });

    it('refuses escalatesFrom on a complaint that is no escalation from a study centre, or names itself (C14)', () => {
      const c = commands('c-2', T0);
      spec().given().when(c.receive({ escalatesFrom: 'c-1' })).thenRejects('escalation-not-applicable');
      spec()
        .given()
        .when(c.receive({ businessArea: 'accredited-study-centre', studyCentre: { name: 'Northfield College' }, escalatesFrom: 'c-1' }))
        .thenRejects('escalation-not-applicable');
      const r = spec()
        .given()
        .when(c.receive({ businessArea: 'accredited-study-centre', studyCentre: { name: 'Northfield College', ownProcedureCompletedOn: '2025-02-20' }, escalatesFrom: 'c-2' }))
        .thenRejects('escalation-not-applicable');
      expect(r.message).toContain('itself');
    });

    it('redirects a Business Centre complaint to its feedback address, ending the case (C3)', () => {
      const c = commands('c-1', T0);
      spec()
        .given()
        .when(c.receive({ businessArea: 'business-centre' }))
        .then((events, state) => {
          expect(events.map((e) => e.type)).toEqual(['ComplaintReceived', 'ComplaintRedirected']);
          expect(events[1]!.data).toMatchObject({ redirectedTo: 'feedbackmh@cim.co.uk' });
          expect(state.status).toBe('redirected');
        });
    });

    it('refers a study-centre complaint back while the centre’s own procedure is not complete (C14)', () => {
      const c = commands('c-1', T0);
      spec()
        .given()
        .when(c.receive({ businessArea: 'accredited-study-centre', studyCentre: { name: 'Northfield College' } }))
        .thenTypes('ComplaintReceived', 'ComplaintReferredToStudyCentre');
    });

    it('accepts a study-centre complaint as an escalation once the centre’s procedure completed (C14)', () => {
      const c = commands('c-1', T0);
      spec()
        .given()
        .when(c.receive({ businessArea: 'accredited-study-centre', studyCentre: { name: 'Northfield College', ownProcedureCompletedOn: '2025-02-20' } }))
        .then((events, state) => {
          expect(events.map((e) => e.type)).toEqual(['ComplaintReceived']);
          expect(events[0]!.data).toMatchObject({ escalatedFromStudyCentre: true });
          expect(state.status).toBe('received');
        });
    });

    it('needs the study centre named (C14)', () => {
      const c = commands('c-1', T0);
      spec().given().when(c.receive({ businessArea: 'accredited-study-centre' })).thenRejects('study-centre-required');
    });

    it('refuses a study-centre procedure completed after receipt', () => {
      const c = commands('c-1', T0);
      spec()
        .given()
        .when(c.receive({ businessArea: 'accredited-study-centre', studyCentre: { name: 'X', ownProcedureCompletedOn: '2025-03-04' } }))
        .thenRejects('study-centre-procedure-completed-in-future');
    });

    it('needs the regulator of an awarding-body complaint, and only there (C15)', () => {
      const c = commands('c-1', T0);
      spec().given().when(c.receive({ businessArea: 'awarding-body' })).thenRejects('regulator-required');
      spec().given().when(c.receive({ regulator: 'ofqual' })).thenRejects('regulator-not-applicable');
      spec().given().when(c.receive({ businessArea: 'awarding-body', regulator: 'ccea' })).thenTypes('ComplaintReceived');
    });

    it('refuses an unknown policy, a policy not yet in force, and a time before any policy (C18)', () => {
      const c = commands('c-1', T0);
      spec().given().when(c.receive({ policy: 'CX097-V9' })).thenRejects('unknown-policy');
      spec().given().when(c.receive({ at: '2023-06-01T09:00:00Z' })).thenRejects('no-policy-in-force');
      const v5: Policy = { ...CX097_V4, id: 'CX097-V5' as never, version: 'V5' as never, effectiveFrom: '2026-01-01T00:00:00Z' as never };
      const decider = createDecider(createPolicyRegistry([CX097_V4, v5]));
      spec(decider).given().when(c.receive({ policy: 'CX097-V5' })).thenRejects('policy-not-in-force');
      spec(decider)
        .given()
        .when(c.receive({ at: '2026-02-02T10:00:00Z' }))
        .then((events) => expect(events[0]!.data).toMatchObject({ policy: 'CX097-V5' }));
      spec(decider)
        .given()
        .when(c.receive({ at: '2026-02-02T10:00:00Z', policy: 'CX097-V4' }))
        .then((events) => expect(events[0]!.data).toMatchObject({ policy: 'CX097-V4' }));
    });
  });

  describe('when the complaint does not exist or ended at receipt', () => {
    it('refuses every lifecycle command before receipt', () => {
      const c = commands('c-1', T0);
      spec().given().when(c.acknowledge()).thenRejects('complaint-not-received');
    });

    it('refuses lifecycle commands on a redirected or referred complaint (C3, C14)', () => {
      const c = commands('c-1', T0);
      spec().given(c.receive({ businessArea: 'business-centre' })).when(c.acknowledge()).thenRejects('complaint-redirected');
      spec()
        .given(c.receive({ businessArea: 'accredited-study-centre', studyCentre: { name: 'X' } }))
        .when(c.assign({ department: 'Accredited Study Centres' }))
        .thenRejects('complaint-referred-to-study-centre');
    });

    it('still records correspondence on a redirected or referred complaint, both ways (C3, C14)', () => {
      const c = commands('c-1', T0);
      spec().given(c.receive({ businessArea: 'business-centre' })).when(c.recordCorrespondence({ at: later(1) })).thenTypes('CorrespondenceSent');
      spec()
        .given(c.receive({ businessArea: 'accredited-study-centre', studyCentre: { name: 'X' } }))
        .when(c.recordCorrespondence({ direction: 'inbound', at: later(1) }))
        .then((events) => expect(events[0]).toMatchObject({ type: 'CorrespondenceReceived', data: { afterClosure: false } }));
    });

    it('refuses a command dated before the receipt', () => {
      const c = commands('c-1', T0);
      spec().given(c.receive()).when(c.acknowledge({ at: later(-1) })).thenRejects('before-receipt');
    });

    it('refuses a command for another complaint', () => {
      const c = commands('c-1', T0);
      spec().given(c.receive()).when(commands('c-2', T0).acknowledge()).thenRejects('wrong-complaint');
    });
  });

  describe('when acknowledging, assigning and investigating', () => {
    const c = commands('c-1', T0);
    it('acknowledges once (C12)', () => {
      spec().given(c.receive()).when(c.acknowledge({ at: later(2) })).thenState((s) => expect(s.status).toBe('acknowledged'));
      spec().given(c.receive(), c.acknowledge()).when(c.acknowledge()).thenRejects('already-acknowledged');
    });

    it('assigns and reassigns with the manager’s identity, not to the same manager twice (C9)', () => {
      spec()
        .given(c.receive(), c.assign())
        .when(c.assign({ manager: { id: 'm-2', name: 'Tom Reid' } }))
        .then((events, state) => {
          expect(events[0]!.data).toMatchObject({ manager: { id: 'm-2' }, previousManager: { id: 'm-1' } });
          expect(state.status !== 'none' && state.assignments.length).toBe(2);
        });
      spec().given(c.receive(), c.assign()).when(c.assign()).thenRejects('already-assigned');
    });

    it('requires investigation once per opening (C6, C13)', () => {
      spec().given(c.receive()).when(c.requireInvestigation()).thenState((s) => expect(s.status).toBe('under-investigation'));
      spec().given(c.receive(), c.requireInvestigation()).when(c.requireInvestigation()).thenRejects('investigation-already-required');
      spec()
        .given(c.receive(), c.acknowledge(), c.assign(), c.issueResponse())
        .when(c.requireInvestigation())
        .thenRejects('response-already-issued');
      spec()
        .given(c.receive(), c.acknowledge(), c.assign(), c.requireInvestigation(), c.issueResponse(), c.close(), c.reopen())
        .when(c.requireInvestigation())
        .thenTypes('InvestigationRequired');
    });
  });

  describe('when third parties are involved (C4)', () => {
    const c = commands('c-1', T0);
    it('refuses an outbound letter to a third party without an authorisation', () => {
      spec().given(c.receive()).when(c.recordCorrespondence({ party: 'third-party' })).thenRejects('third-party-not-authorised');
    });

    it('sends to the one authorised third party, recording evidence and scope', () => {
      spec()
        .given(c.receive(), c.authoriseThirdParty())
        .when(c.recordCorrespondence({ party: 'third-party' }))
        .then((events) => expect(events[0]).toMatchObject({ type: 'CorrespondenceSent', data: { party: 'third-party', partyName: 'Sam Morgan' } }));
    });

    it('refuses once the authorisation is withdrawn, and a name that was never authorised', () => {
      spec()
        .given(c.receive(), c.authoriseThirdParty(), c.withdrawThirdPartyAuthorisation())
        .when(c.recordCorrespondence({ party: 'third-party' }))
        .thenRejects('third-party-not-authorised');
      spec()
        .given(c.receive(), c.authoriseThirdParty())
        .when(c.recordCorrespondence({ party: 'third-party', partyName: 'Someone Else' }))
        .thenRejects('third-party-not-authorised');
    });

    it('asks which party when several are authorised', () => {
      const jo = { party: { name: 'Jo Patel', relationship: 'solicitor', contact: 'jo@example.org' } };
      spec()
        .given(c.receive(), c.authoriseThirdParty(), c.authoriseThirdParty(jo))
        .when(c.recordCorrespondence({ party: 'third-party' }))
        .thenRejects('third-party-ambiguous');
    });

    it('does not authorise the same party twice, nor withdraw one never authorised', () => {
      spec().given(c.receive(), c.authoriseThirdParty()).when(c.authoriseThirdParty()).thenRejects('third-party-already-authorised');
      spec().given(c.receive()).when(c.withdrawThirdPartyAuthorisation()).thenRejects('third-party-not-authorised');
    });

    it('records inbound letters from anyone', () => {
      spec().given(c.receive()).when(c.recordCorrespondence({ direction: 'inbound', party: 'third-party' })).thenTypes('CorrespondenceReceived');
    });
  });

  describe('when responding and closing (C8, C10, C16)', () => {
    const c = commands('c-1', T0);
    it('needs an acknowledgement first, which may be at the same instant', () => {
      spec().given(c.receive(), c.assign()).when(c.issueResponse()).thenRejects('not-acknowledged');
      spec().given(c.receive(), c.assign(), c.acknowledge({ at: later(1) })).when(c.issueResponse({ at: later(1) })).thenTypes('ResponseIssued');
      spec().given(c.receive(), c.assign(), c.acknowledge({ at: later(2) })).when(c.issueResponse({ at: later(1) })).thenRejects('before-acknowledgement');
    });

    it('carries the actions, each with an owner, and refuses duplicate action ids (C10)', () => {
      const actions = [
        { actionId: 'a-1', description: 'Refund the duplicate payment', owner: 'Finance', dueOn: '2025-03-31' },
        { actionId: 'a-1', description: 'Again', owner: 'Finance' },
      ];
      spec().given(c.receive(), c.acknowledge(), c.assign()).when(c.issueResponse({ actions })).thenRejects('duplicate-action-id');
      spec()
        .given(c.receive(), c.acknowledge(), c.assign())
        .when(c.issueResponse({ actions: actions.slice(0, 1) }))
        .thenState((s) => expect(s.status !== 'none' && s.actions.map((a) => a.actionId)).toEqual(['a-1']));
    });

    it('responds once per opening', () => {
      spec().given(c.receive(), c.acknowledge(), c.assign(), c.issueResponse()).when(c.issueResponse()).thenRejects('response-already-issued');
    });

    it('tells an awarding-body complainant the regulator’s route (C15)', () => {
      spec()
        .given(c.receive({ businessArea: 'awarding-body', regulator: 'qualifications-wales' }), c.acknowledge(), c.assign({ department: 'Awarding Body' }))
        .when(c.issueResponse())
        .then((events) => expect(events[0]!.data).toMatchObject({ regulator: 'qualifications-wales', regulatorRoute: expect.stringContaining('qualifications.wales') }));
    });

    it('completes an agreed action once, and no unknown one', () => {
      const withAction = c.issueResponse({ actions: [{ actionId: 'a-1', description: 'Refund', owner: 'Finance' }] });
      spec().given(c.receive(), c.acknowledge(), c.assign(), withAction).when(c.completeAction()).thenTypes('ActionCompleted');
      spec().given(c.receive(), c.acknowledge(), c.assign(), withAction, c.completeAction()).when(c.completeAction()).thenRejects('action-already-completed');
      spec().given(c.receive(), c.acknowledge()).when(c.completeAction({ actionId: 'a-9' })).thenRejects('unknown-action');
    });

    it('does not close before the outcome was sent (C8)', () => {
      spec().given(c.receive(), c.acknowledge()).when(c.close()).thenRejects('no-response-issued');
    });

    it('does not close while an assessment failure is not remediated, and names it (C16)', () => {
      const r = spec()
        .given(c.receive(), c.acknowledge(), c.assign(), c.recordAssessmentFailure(), c.issueResponse())
        .when(c.close())
        .thenRejects('assessment-failures-unremediated');
      expect(r.details).toMatchObject({ unremediatedFailures: ['af-1'] });
      spec()
        .given(c.receive(), c.acknowledge(), c.assign(), c.recordAssessmentFailure(), c.issueResponse(), c.recordAssessmentRemediation())
        .when(c.close())
        .then((events, state) => {
          expect(events[0]!.data).toMatchObject({ resolution: 'responded' });
          expect(state.status).toBe('closed');
        });
    });

    it('names both problems when closing without response and with an open failure', () => {
      const r = spec().given(c.receive(), c.recordAssessmentFailure()).when(c.close()).thenRejects('no-response-issued');
      expect(r.message).toContain('C8');
      expect(r.message).toContain('C16');
    });

    it('closes a withdrawn complaint without a response', () => {
      spec().given(c.receive(), c.withdraw()).when(c.close()).then((events) => expect(events[0]!.data).toMatchObject({ resolution: 'withdrawn' }));
    });

    it('does not close twice', () => {
      spec().given(c.receive(), c.acknowledge(), c.assign(), c.issueResponse(), c.close()).when(c.close()).thenRejects('complaint-closed');
    });
  });

  describe('when assessment failures are found (C16)', () => {
    const c = commands('c-1', T0);
    it('records each failure once and remediates known ones once', () => {
      spec().given(c.receive(), c.recordAssessmentFailure()).when(c.recordAssessmentFailure()).thenRejects('assessment-failure-already-recorded');
      spec().given(c.receive()).when(c.recordAssessmentRemediation()).thenRejects('unknown-assessment-failure');
      spec()
        .given(c.receive(), c.recordAssessmentFailure(), c.recordAssessmentRemediation())
        .when(c.recordAssessmentRemediation())
        .thenRejects('assessment-failure-already-remediated');
    });

    it('records and remediates failures whatever the case’s status: open, withdrawn, closed', () => {
      const closed = [c.receive(), c.acknowledge(), c.assign(), c.issueResponse(), c.close()];
      spec().given(c.receive(), c.withdraw()).when(c.recordAssessmentFailure()).thenTypes('AssessmentFailureIdentified');
      spec().given(c.receive(), c.withdraw(), c.recordAssessmentFailure()).when(c.recordAssessmentRemediation()).thenTypes('AssessmentFailureRemediated');
      spec().given(...closed).when(c.recordAssessmentFailure({ at: later(1) })).thenTypes('AssessmentFailureIdentified');
      spec()
        .given(...closed, c.recordAssessmentFailure({ at: later(1) }))
        .when(c.recordAssessmentRemediation({ at: later(2) }))
        .thenState((s) => {
          expect(s.status).toBe('closed');
          expect(s.status !== 'none' && s.assessmentFailures[0]!.remediation?.at).toBe(later(2));
        });
    });

    it('still closes only with every failure remediated: a withdrawn case, and a reopened one', () => {
      spec().given(c.receive(), c.withdraw(), c.recordAssessmentFailure()).when(c.close()).thenRejects('assessment-failures-unremediated');
      spec().given(c.receive(), c.withdraw(), c.recordAssessmentFailure(), c.recordAssessmentRemediation()).when(c.close()).thenTypes('ComplaintClosed');
      const reopened = [c.receive(), c.acknowledge(), c.assign(), c.issueResponse(), c.close(), c.recordAssessmentFailure({ at: later(1) }), c.reopen({ at: later(2) })];
      spec()
        .given(...reopened, c.issueResponse({ at: later(3) }))
        .when(c.close({ at: later(4) }))
        .thenRejects('assessment-failures-unremediated');
      spec()
        .given(...reopened, c.issueResponse({ at: later(3) }), c.recordAssessmentRemediation({ at: later(3) }))
        .when(c.close({ at: later(4) }))
        .thenTypes('ComplaintClosed');
    });
  });

  describe('when withdrawn', () => {
    const c = commands('c-1', T0);
    it('refuses further lifecycle steps and a second withdrawal', () => {
      spec().given(c.receive(), c.withdraw()).when(c.acknowledge()).thenRejects('complaint-withdrawn');
      spec().given(c.receive(), c.withdraw()).when(c.withdraw()).thenRejects('complaint-withdrawn');
    });
    it('cannot withdraw a closed complaint', () => {
      spec().given(c.receive(), c.acknowledge(), c.assign(), c.issueResponse(), c.close()).when(c.withdraw()).thenRejects('complaint-closed');
    });
  });

  describe('after closure (C17)', () => {
    const c = commands('c-1', T0);
    const closed = [c.receive(), c.acknowledge(), c.assign(), c.issueResponse(), c.close()];
    it('still records inbound correspondence, flagged as after closure', () => {
      spec()
        .given(...closed)
        .when(c.recordCorrespondence({ direction: 'inbound' }))
        .then((events) => expect(events[0]).toMatchObject({ type: 'CorrespondenceReceived', data: { afterClosure: true } }));
    });

    it('declines further correspondence only after closure, once, and then sends nothing more', () => {
      spec().given(c.receive()).when(c.declineFurtherCorrespondence()).thenRejects('not-closed');
      spec().given(c.receive(), c.acknowledge(), c.assign(), c.issueResponse()).when(c.declineFurtherCorrespondence()).thenRejects('not-closed');
      spec().given(...closed).when(c.declineFurtherCorrespondence()).thenTypes('FurtherCorrespondenceDeclined');
      spec().given(...closed, c.declineFurtherCorrespondence()).when(c.declineFurtherCorrespondence()).thenRejects('further-correspondence-already-declined');
      spec().given(...closed, c.declineFurtherCorrespondence()).when(c.recordCorrespondence()).thenRejects('further-correspondence-declined');
    });

    it('declines only a case closed with a response, not one closed after a withdrawal (C17)', () => {
      const r = spec().given(c.receive(), c.withdraw(), c.close()).when(c.declineFurtherCorrespondence()).thenRejects('closed-without-response');
      expect(r.message).toContain('C17');
    });

    it('lifts the decision with a reopening, but not for a letter dated before the reopening', () => {
      const declined = [...closed, c.declineFurtherCorrespondence({ at: later(1) }), c.reopen({ at: later(3) })];
      spec().given(...declined).when(c.recordCorrespondence({ at: later(4) })).thenTypes('CorrespondenceSent');
      spec().given(...declined).when(c.recordCorrespondence({ at: later(2) })).thenRejects('further-correspondence-declined');
    });

    it('reopens only a closed complaint, as an attributed decision', () => {
      spec().given(c.receive()).when(c.reopen()).thenRejects('not-closed');
      spec()
        .given(...closed)
        .when(c.reopen({ actor: { id: 'u-9', role: 'department-manager' } }))
        .thenState((s) => {
          expect(s.status).toBe('acknowledged');
          expect(s.status !== 'none' && s.reopenings.length).toBe(1);
          expect(s.status !== 'none' && s.responses.length).toBe(1);
        });
    });
  });

  describe('when referring to a regulator (C15)', () => {
    const c = commands('c-1', T0);
    const awarding = c.receive({ businessArea: 'awarding-body', regulator: 'ofqual' });
    const abAssign = c.assign({ department: 'Awarding Body' });
    it('applies to awarding-body complaints once a response was issued, once', () => {
      spec().given(c.receive(), c.acknowledge(), c.assign(), c.issueResponse()).when(c.recordRegulatorReferral()).thenRejects('not-an-awarding-body-complaint');
      spec().given(awarding, c.acknowledge(), abAssign).when(c.recordRegulatorReferral()).thenRejects('no-response-issued');
      spec().given(awarding, c.acknowledge(), abAssign, c.issueResponse()).when(c.recordRegulatorReferral()).thenTypes('ReferredToRegulator');
      spec().given(awarding, c.acknowledge(), abAssign, c.issueResponse(), c.close()).when(c.recordRegulatorReferral()).thenTypes('ReferredToRegulator');
      spec()
        .given(awarding, c.acknowledge(), abAssign, c.issueResponse(), c.recordRegulatorReferral())
        .when(c.recordRegulatorReferral())
        .thenRejects('already-referred-to-regulator');
    });

    it('names the complaint’s recorded regulator, no other (C15)', () => {
      const r = spec()
        .given(awarding, c.acknowledge(), abAssign, c.issueResponse())
        .when(c.recordRegulatorReferral({ regulator: 'ccea' }))
        .thenRejects('wrong-regulator');
      expect(r.message).toContain('ofqual');
    });
  });
});
