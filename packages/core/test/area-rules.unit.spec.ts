import { describe, expect, it } from 'vitest';
import * as E from 'fp-ts/lib/Either.js';
import { commands, spec } from '@cim-complaints/testing';
import {
  createDecider,
  createPolicyRegistry,
  CX097_V4,
  isRegulatedArea,
  isStudyCentreArea,
  Policy,
  redirectFor,
  regulatorRouteFor,
  type NonEmptyString,
} from '@cim-complaints/core';

const s = (value: string) => value as NonEmptyString;

// A later version that gives the areas other meanings: events go to a separate team, franchise
// centres have their own procedure, qualifications answer to the regulator; the V4 areas lose theirs.
const V5: Policy = {
  ...CX097_V4,
  id: s('CX097-V5'),
  version: s('V5'),
  effectiveFrom: '2026-01-01T00:00:00Z' as Policy['effectiveFrom'],
  areaRules: {
    redirect: { events: { to: s('events-feedback@cim.co.uk'), reason: s('Event delegates give feedback to the events team') } },
    studyCentreReferral: ['franchise-centre'],
    regulated: ['qualifications'],
  },
};
const decider = createDecider(createPolicyRegistry([CX097_V4, V5]));
const IN_V4 = '2025-06-02T09:00:00+01:00';
const IN_V5 = '2026-02-02T09:00:00Z';

describe('policy area rules', () => {
  describe('when a policy redirects an area (C3)', () => {
    it('redirects the areas that version names, to its address with its reason', () => {
      const c = commands('c-1', IN_V5);
      spec(decider)
        .given()
        .when(c.receive({ businessArea: 'events' }))
        .then((events, state) => {
          expect(events.map((e) => e.type)).toEqual(['ComplaintReceived', 'ComplaintRedirected']);
          expect(events[1]!.data).toMatchObject({ redirectedTo: 'events-feedback@cim.co.uk', reason: 'Event delegates give feedback to the events team' });
          expect(state.status).toBe('redirected');
        });
    });

    it('keeps a Business Centre complaint when the version no longer redirects it', () => {
      spec(decider).given().when(commands('c-1', IN_V5).receive({ businessArea: 'business-centre' })).thenTypes('ComplaintReceived');
      spec(decider).given().when(commands('c-1', IN_V4).receive({ businessArea: 'business-centre' })).thenTypes('ComplaintReceived', 'ComplaintRedirected');
    });
  });

  describe('when a policy refers an area to its study centre first (C14)', () => {
    it('refers that area back, and no longer needs a centre named for the V4 area', () => {
      const c = commands('c-1', IN_V5);
      spec(decider).given().when(c.receive({ businessArea: 'franchise-centre' })).thenRejects('study-centre-required');
      spec(decider)
        .given()
        .when(c.receive({ businessArea: 'franchise-centre', studyCentre: { name: 'Eastgate Franchise' } }))
        .thenTypes('ComplaintReceived', 'ComplaintReferredToStudyCentre');
      spec(decider)
        .given()
        .when(c.receive({ businessArea: 'franchise-centre', studyCentre: { name: 'Eastgate Franchise', ownProcedureCompletedOn: '2026-01-20' } }))
        .then((events) => expect(events[0]!.data).toMatchObject({ escalatedFromStudyCentre: true }));
      spec(decider).given().when(c.receive({ businessArea: 'accredited-study-centre' })).thenTypes('ComplaintReceived');
    });
  });

  describe('when a policy regulates an area (C15)', () => {
    const c = commands('c-1', IN_V5);
    const qualifications = c.receive({ businessArea: 'qualifications', regulator: 'ofqual' });

    it('needs the regulator in that area and refuses it in the V4 one', () => {
      spec(decider).given().when(c.receive({ businessArea: 'qualifications' })).thenRejects('regulator-required');
      spec(decider).given().when(c.receive({ businessArea: 'awarding-body', regulator: 'ofqual' })).thenRejects('regulator-not-applicable');
    });

    it('tells the complainant the regulator’s route and allows the referral', () => {
      spec(decider)
        .given(qualifications, c.acknowledge(), c.assign({ department: 'Qualifications' }))
        .when(c.issueResponse())
        .then((events) => expect(events[0]!.data).toMatchObject({ regulator: 'ofqual', regulatorRoute: CX097_V4.regulatorRoutes.ofqual }));
      spec(decider)
        .given(qualifications, c.acknowledge(), c.assign({ department: 'Qualifications' }), c.issueResponse())
        .when(c.recordRegulatorReferral())
        .thenTypes('ReferredToRegulator');
    });

    it('judges a complaint received under V4 by V4’s areas for its whole life (C18)', () => {
      const v4 = commands('c-2', IN_V4);
      const awarding = v4.receive({ businessArea: 'awarding-body', regulator: 'ccea' });
      spec(decider)
        .given(awarding, v4.acknowledge(), v4.assign({ department: 'Awarding Body' }), v4.issueResponse({ at: IN_V5 }))
        .when(v4.recordRegulatorReferral({ at: IN_V5, regulator: 'ccea' }))
        .thenTypes('ReferredToRegulator');
    });
  });

  describe('when a business area is named like an Object member', () => {
    it.each(['__proto__', 'constructor', 'toString', 'hasOwnProperty'])('gives %s no meaning it does not list', (area) => {
      expect(redirectFor(area)(CX097_V4)).toBeUndefined();
      expect(isStudyCentreArea(area)(CX097_V4)).toBe(false);
      expect(isRegulatedArea(area)(CX097_V4)).toBe(false);
      expect(regulatorRouteFor(area)(CX097_V4)).toBeUndefined();
      spec().given().when(commands('c-1', IN_V4).receive({ businessArea: area })).thenTypes('ComplaintReceived');
    });
  });

  describe('when a policy is decoded', () => {
    it('reads CX097 V4 back with its area rules', () => {
      expect(Policy.decode(JSON.parse(JSON.stringify(CX097_V4)))).toEqual(E.right(CX097_V4));
    });

    it('refuses area rules that are missing or redirect to no address', () => {
      const { areaRules: _dropped, ...withoutRules } = CX097_V4;
      expect(E.isLeft(Policy.decode(withoutRules))).toBe(true);
      const blankRedirect = { ...CX097_V4, areaRules: { ...CX097_V4.areaRules, redirect: { 'business-centre': { to: ' ', reason: 'x' } } } };
      expect(E.isLeft(Policy.decode(blankRedirect))).toBe(true);
    });
  });
});
