import { describe, expect, it } from 'vitest';
import { commands, spec } from '@cim-complaints/testing';

const T0 = '2025-03-03T09:00:00Z';
const later = (hours: number) => new Date(Date.parse(T0) + hours * 3_600_000).toISOString();

const JO = { party: { name: 'Jo Patel', relationship: 'solicitor', contact: 'jo@example.org' }, scope: 'The appeal only' };

describe('who a letter goes to (C4, C8)', () => {
  const c = commands('c-1', T0);
  const sam = c.authoriseThirdParty(); // Sam Morgan, 'All correspondence about this complaint'
  const handled = [c.receive(), c.acknowledge(), c.assign()];

  describe('when acknowledging', () => {
    it('writes to the complainant by default, and records it', () => {
      spec()
        .given(c.receive())
        .when(c.acknowledge())
        .then((events, state) => {
          expect(events[0]!.data).toEqual({ complaintId: 'c-1', at: T0, channel: 'email', to: 'complainant' });
          expect(state.status !== 'none' && state.acknowledgedTo).toEqual({ to: 'complainant' });
        });
    });

    it('writes to the one authorised third party, recording its name and the scope of its authorisation', () => {
      spec()
        .given(c.receive(), sam)
        .when(c.acknowledge({ to: 'third-party' }))
        .then((events) =>
          expect(events[0]!.data).toMatchObject({ to: 'third-party', partyName: 'Sam Morgan', authorisationScope: 'All correspondence about this complaint' }),
        );
    });

    it('refuses a third party when none is authorised, and asks which when several are', () => {
      spec().given(c.receive()).when(c.acknowledge({ to: 'third-party' })).thenRejects('third-party-not-authorised');
      spec().given(c.receive(), sam, c.authoriseThirdParty(JO)).when(c.acknowledge({ to: 'third-party' })).thenRejects('third-party-ambiguous');
      spec()
        .given(c.receive(), sam, c.authoriseThirdParty(JO))
        .when(c.acknowledge({ to: 'third-party', partyName: 'Jo Patel' }))
        .then((events) => expect(events[0]!.data).toMatchObject({ partyName: 'Jo Patel', authorisationScope: 'The appeal only' }));
    });

    it('refuses a party name on a letter to the complainant', () => {
      spec().given(c.receive(), sam).when(c.acknowledge({ partyName: 'Sam Morgan' })).thenRejects('party-name-not-applicable');
    });
  });

  describe('when responding', () => {
    it('answers the complainant by default', () => {
      spec()
        .given(...handled)
        .when(c.issueResponse())
        .then((events, state) => {
          expect(events[0]!.data).toMatchObject({ to: 'complainant' });
          expect(events[0]!.data).not.toHaveProperty('partyName');
          expect(state.status !== 'none' && state.response?.addressee).toEqual({ to: 'complainant' });
        });
    });

    it('answers a named authorised third party, with the scope of its authorisation', () => {
      spec()
        .given(...handled, sam, c.authoriseThirdParty(JO))
        .when(c.issueResponse({ to: 'third-party', partyName: 'Jo Patel' }))
        .then((events, state) => {
          expect(events[0]!.data).toMatchObject({ to: 'third-party', partyName: 'Jo Patel', authorisationScope: 'The appeal only' });
          expect(state.status !== 'none' && state.response?.addressee).toEqual({ to: 'third-party', partyName: 'Jo Patel', authorisationScope: 'The appeal only' });
        });
    });

    it('refuses a third party never authorised, or not named among several', () => {
      spec().given(...handled, sam).when(c.issueResponse({ to: 'third-party', partyName: 'Someone Else' })).thenRejects('third-party-not-authorised');
      spec().given(...handled, sam, c.authoriseThirdParty(JO)).when(c.issueResponse({ to: 'third-party' })).thenRejects('third-party-ambiguous');
      spec().given(...handled).when(c.issueResponse({ partyName: 'Sam Morgan' })).thenRejects('party-name-not-applicable');
    });
  });

  describe('when the authorisation must be in force at the letter’s instant', () => {
    const authorisedAt2 = c.authoriseThirdParty({ at: later(2) });

    it('refuses a letter dated before the authorisation, naming both instants', () => {
      const r = spec().given(...handled, authorisedAt2).when(c.issueResponse({ at: later(1), to: 'third-party' })).thenRejects('before-third-party-authorisation');
      expect(r.message).toContain(later(1));
      expect(r.message).toContain(later(2));
      spec().given(c.receive(), authorisedAt2).when(c.acknowledge({ at: later(1), to: 'third-party', partyName: 'Sam Morgan' })).thenRejects('before-third-party-authorisation');
      spec().given(c.receive(), authorisedAt2).when(c.recordCorrespondence({ at: later(1), party: 'third-party' })).thenRejects('before-third-party-authorisation');
    });

    it('accepts a letter at the authorisation’s instant or after', () => {
      spec().given(c.receive(), authorisedAt2).when(c.acknowledge({ at: later(2), to: 'third-party' })).thenTypes('ComplaintAcknowledged');
      spec().given(...handled, authorisedAt2).when(c.issueResponse({ at: later(3), to: 'third-party' })).thenTypes('ResponseIssued');
    });

    it('does not count an authorisation withdrawn at or before the letter’s instant', () => {
      const withdrawnAt3 = [c.receive(), authorisedAt2, c.withdrawThirdPartyAuthorisation({ at: later(3) })];
      const r = spec().given(...withdrawnAt3).when(c.acknowledge({ at: later(4), to: 'third-party', partyName: 'Sam Morgan' })).thenRejects('third-party-not-authorised');
      expect(r.message).toContain(later(3));
      spec().given(...withdrawnAt3).when(c.acknowledge({ at: later(3), to: 'third-party', partyName: 'Sam Morgan' })).thenRejects('third-party-not-authorised');
      spec().given(...withdrawnAt3).when(c.recordCorrespondence({ at: later(3), party: 'third-party' })).thenRejects('third-party-not-authorised');
    });

    it('counts an authorisation withdrawn later than the letter: a backdated letter sent while it was in force', () => {
      const withdrawnAt5 = [...handled, authorisedAt2, c.withdrawThirdPartyAuthorisation({ at: later(5) })];
      spec()
        .given(...withdrawnAt5)
        .when(c.issueResponse({ at: later(4), to: 'third-party' }))
        .then((events) => expect(events[0]!.data).toMatchObject({ partyName: 'Sam Morgan', authorisationScope: 'All correspondence about this complaint' }));
      spec()
        .given(...withdrawnAt5)
        .when(c.recordCorrespondence({ at: later(4), party: 'third-party' }))
        .then((events) => expect(events[0]!.data).toMatchObject({ party: 'third-party', partyName: 'Sam Morgan' }));
    });

    it('does not authorise a party again while an authorisation of theirs is in force', () => {
      const withdrawnAt5 = [c.receive(), authorisedAt2, c.withdrawThirdPartyAuthorisation({ at: later(5) })];
      spec().given(...withdrawnAt5).when(c.authoriseThirdParty({ at: later(4) })).thenRejects('third-party-already-authorised');
      spec().given(...withdrawnAt5).when(c.authoriseThirdParty({ at: later(5) })).thenTypes('ThirdPartyAuthorised');
    });
  });
});
