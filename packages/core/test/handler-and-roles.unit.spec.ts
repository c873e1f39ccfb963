import { describe, expect, it } from 'vitest';
import { commands, spec } from '@cim-complaints/testing';
import { createDecider, createPolicyRegistry, CX097_V4, type ComplaintEvent, type NonEmptyString, type Policy } from '@cim-complaints/core';

const T0 = '2025-03-03T09:00:00Z';
const later = (hours: number) => new Date(Date.parse(T0) + hours * 3_600_000).toISOString();
const s = (value: string) => value as NonEmptyString;

const PRIYA = { id: 'm-1', name: 'Priya Shah' };
const TOM = { id: 'm-2', name: 'Tom Reid' };
const quality = { id: 'u-quality-1', role: 'quality-and-complaints-manager' };
const departmentManager = { id: 'm-2', role: 'department-manager' };
const advisor = { id: 'u-cx-1', role: 'customer-experience-advisor' };

describe('who may decide (C6, C9)', () => {
  describe('when responding', () => {
    const c = commands('c-1', T0);
    const acknowledged = [c.receive(), c.acknowledge()];

    it('needs an assigned handler', () => {
      const r = spec().given(...acknowledged).when(c.issueResponse()).thenRejects('no-handler');
      expect(r.message).toContain('assign');
    });

    it('is issued by the handler: the actor is the assigned manager', () => {
      spec()
        .given(...acknowledged, c.assign({ manager: PRIYA }))
        .when(c.issueResponse({ actor: { id: 'm-1', role: 'department-manager' } }))
        .thenState((state) => expect(state.status !== 'none' && state.response?.handler?.manager).toEqual(PRIYA));
    });

    it('or by a role the policy lets respond for any department', () => {
      spec().given(...acknowledged, c.assign({ manager: PRIYA })).when(c.issueResponse({ actor: quality })).thenTypes('ResponseIssued');
    });

    it('refuses another manager, naming the handler and the roles that may respond for any department', () => {
      const r = spec()
        .given(...acknowledged, c.assign({ manager: PRIYA }))
        .when(c.issueResponse({ actor: departmentManager }))
        .thenRejects('role-not-permitted');
      expect(r.message).toContain('Priya Shah');
      expect(r.message).toContain('quality-and-complaints-manager');
      expect(r.details).toMatchObject({ handler: 'm-1', role: 'department-manager' });
    });

    it('after a reassignment, the new handler responds and the previous one may not', () => {
      const reassigned = [...acknowledged, c.assign({ manager: PRIYA }), c.assign({ manager: TOM, at: later(1) })];
      spec()
        .given(...reassigned)
        .when(c.issueResponse({ at: later(2), actor: { id: 'm-1', role: 'department-manager' } }))
        .thenRejects('role-not-permitted');
      spec()
        .given(...reassigned)
        .when(c.issueResponse({ at: later(2), actor: { id: 'm-2', role: 'department-manager' } }))
        .thenTypes('ResponseIssued');
    });
  });

  describe('when closing, declining, reopening and referring', () => {
    const c = commands('c-1', T0);
    const awarding = [
      c.receive({ businessArea: 'awarding-body', regulator: 'ofqual' }),
      c.acknowledge(),
      c.assign({ department: 'Awarding Body' }),
      c.issueResponse(),
    ];
    const closed = [...awarding, c.close()];
    const cases = [
      ['CloseComplaint', 'close a complaint', awarding, c.close, 'ComplaintClosed'] as const,
      ['DeclineFurtherCorrespondence', 'decline further correspondence', closed, c.declineFurtherCorrespondence, 'FurtherCorrespondenceDeclined'] as const,
      ['ReopenComplaint', 'reopen a complaint', closed, c.reopen, 'ComplaintReopened'] as const,
      ['RecordRegulatorReferral', 'record a referral to a regulator', awarding, c.recordRegulatorReferral, 'ReferredToRegulator'] as const,
    ];

    it.each(cases)('%s needs a role the policy lists; the message names the role and the roles allowed', (_type, decision, given, build) => {
      const r = spec()
        .given(...given)
        .when(build({ actor: advisor }))
        .thenRejects('role-not-permitted');
      expect(r.message).toContain(`role customer-experience-advisor may not ${decision}`);
      expect(r.message).toContain('quality-and-complaints-manager, department-manager');
      expect(r.details).toEqual({ role: 'customer-experience-advisor', permitted: ['quality-and-complaints-manager', 'department-manager'] });
    });

    it.each(cases)('%s is taken by a department manager or the quality and complaints manager', (_type, _decision, given, build, recorded) => {
      spec().given(...given).when(build({ actor: departmentManager })).thenTypes(recorded);
      spec().given(...given).when(build({ actor: quality })).thenTypes(recorded);
    });
  });

  describe('when assigning (C9)', () => {
    const c = commands('c-1', T0);

    it('assigns to the department the business area routes to without a reason', () => {
      spec()
        .given(c.receive({ businessArea: 'qualifications' }))
        .when(c.assign({ department: 'Qualifications' }))
        .then((events) => expect(events[0]!.data).not.toHaveProperty('overrideReason'));
    });

    it('refuses another department without a reason, naming the one the area routes to', () => {
      const r = spec().given(c.receive({ businessArea: 'qualifications' })).when(c.assign({ department: 'Membership' })).thenRejects('assignment-outside-department');
      expect(r.message).toContain('Qualifications');
      expect(r.details).toEqual({ department: 'Membership', routedTo: 'Qualifications' });
    });

    it('assigns to another department with a reason, recorded on the event and the handler', () => {
      spec()
        .given(c.receive({ businessArea: 'qualifications' }))
        .when(c.assign({ department: 'Membership', overrideReason: 'The exam fee was taken with the membership renewal' }))
        .then((events, state) => {
          expect(events[0]!.data).toMatchObject({ department: 'Membership', overrideReason: 'The exam fee was taken with the membership renewal' });
          expect(state.status !== 'none' && state.handler?.overrideReason).toBe('The exam fee was taken with the membership renewal');
        });
    });

    it('routes an area the table does not name to the default department', () => {
      spec().given(c.receive({ businessArea: 'digital-learning' })).when(c.assign({ department: 'Customer Experience & Operations' })).thenTypes('ComplaintAssigned');
      spec().given(c.receive({ businessArea: 'digital-learning' })).when(c.assign({ department: 'Membership' })).thenRejects('assignment-outside-department');
    });
  });

  describe('when the policy the complaint was received under decides (C18)', () => {
    // A later version that keeps closing to one role and routes membership elsewhere.
    const V5: Policy = {
      ...CX097_V4,
      id: s('CX097-V5'),
      version: s('V5'),
      effectiveFrom: '2026-01-01T00:00:00Z' as Policy['effectiveFrom'],
      routing: { ...CX097_V4.routing, membership: 'Member Services' },
      permissions: { ...CX097_V4.permissions, close: [s('head-of-customer-experience')] },
    };
    const decider = createDecider(createPolicyRegistry([CX097_V4, V5]));

    it('reads permissions and routing from that version for the case’s whole life', () => {
      const v4 = commands('c-4', '2025-06-02T09:00:00Z');
      const v4Case = [v4.receive(), v4.acknowledge(), v4.assign(), v4.issueResponse()];
      spec(decider).given(...v4Case).when(v4.close({ at: '2026-02-02T09:00:00Z', actor: departmentManager })).thenTypes('ComplaintClosed');
      const v5 = commands('c-5', '2026-02-02T09:00:00Z');
      const v5Case = [v5.receive(), v5.acknowledge(), v5.assign({ department: 'Member Services' }), v5.issueResponse()];
      spec(decider).given(...v5Case).when(v5.close({ actor: departmentManager })).thenRejects('role-not-permitted');
      spec(decider).given(...v5Case).when(v5.close({ actor: { id: 'u-head', role: 'head-of-customer-experience' } })).thenTypes('ComplaintClosed');
      spec(decider).given(v5.receive()).when(v5.assign({ department: 'Membership' })).thenRejects('assignment-outside-department');
    });

    it('refuses a decision that needs the policy when the decider does not know it', () => {
      const received: ComplaintEvent = {
        type: 'ComplaintReceived',
        data: {
          complaintId: s('c-9'),
          at: T0 as never,
          channel: s('email'),
          complainant: { name: s('Alex Morgan'), relationship: 'member' },
          businessArea: s('membership'),
          summary: s('Renewal taken twice'),
          policy: s('CX097-V9'),
          department: 'Membership',
        },
      };
      const c = commands('c-9', T0);
      spec().given(received).when(c.assign()).thenRejects('unknown-policy');
      spec().given(received, c.acknowledge()).when(c.issueResponse()).thenRejects('unknown-policy');
    });
  });
});
