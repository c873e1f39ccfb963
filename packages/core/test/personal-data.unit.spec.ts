import { describe, expect, it } from 'vitest';
import * as E from 'fp-ts/lib/Either.js';
import { commands, DPO_ACTOR, historyOf, spec, type HistoryItem } from '@cim-complaints/testing';
import {
  caseDepartmentOf,
  complaintDecider,
  CX097_V4,
  decodeEvent,
  EVENT_SCHEMA_VERSION,
  fold,
  openSealed,
  parseViewRole,
  personalText,
  redactEvent,
  retentionOf,
  samePersonal,
  sealEnvelope,
  sealText,
  seesPersonalData,
  subjectOf,
  toEnvelopes,
  type Complaint,
  type ComplaintEvent,
  type Instant,
} from '@cim-complaints/core';
import { randomBytes } from 'node:crypto';

const T0 = '2025-03-03T09:00:00Z';
const c = commands('c-1', T0);
const closed = [c.receive(), c.acknowledge(), c.assign(), c.issueResponse(), c.close()];

describe('personal data (C5, C7)', () => {
  describe('when the complainant asks to be forgotten', () => {
    it('records the erasure with its legal basis and the subject, and nothing personal', () => {
      spec()
        .given(...closed)
        .when(c.eraseComplainantData({ at: '2025-04-01T09:00:00Z' }))
        .then([{ type: 'ComplainantDataErased', data: { complaintId: 'c-1', at: '2025-04-01T09:00:00Z', subject: subjectOf('c-1'), legalBasis: 'uk-gdpr-art-17' } as never }]);
    });

    it('erases an open case too, and a redirected one', () => {
      spec().given(c.receive()).when(c.eraseComplainantData()).thenTypes('ComplainantDataErased');
      const r = commands('c-2', T0);
      spec().given(r.receive({ businessArea: 'business-centre' })).when(r.eraseComplainantData()).thenTypes('ComplainantDataErased');
    });

    it('refuses a second erasure', () => {
      spec().given(...closed, c.eraseComplainantData()).when(c.eraseComplainantData()).thenRejects('personal-data-erased');
    });

    it('refuses a role the policy does not list for data protection', () => {
      spec().given(...closed).when(c.eraseComplainantData({ actor: { id: 'm-1', role: 'department-manager' } })).thenRejects('role-not-permitted');
    });

    it('refuses, after erasure, a command that would record personal data again', () => {
      spec()
        .given(...closed, c.eraseComplainantData())
        .when(c.recordCorrespondence({ direction: 'inbound', summary: 'Another letter', personalText: true }))
        .thenRejects('personal-data-erased');
      spec().given(c.receive(), c.eraseComplainantData()).when(c.authoriseThirdParty()).thenRejects('personal-data-erased');
    });

    it('changes no date, status or target of the case', () => {
      const before = historyOf(complaintDecider, closed).state;
      const after = historyOf(complaintDecider, [...closed, c.eraseComplainantData()]).state as Complaint;
      expect({ ...after, erasure: undefined, updatedAt: undefined }).toEqual({ ...(before as Complaint), erasure: undefined, updatedAt: undefined });
    });
  });

  describe('when a legal hold is in force', () => {
    it('refuses erasure until it is lifted', () => {
      const r = spec().given(...closed, c.placeLegalHold()).when(c.eraseComplainantData()).thenRejects('under-legal-hold');
      expect(r.message).toContain('legal hold');
      spec().given(...closed, c.placeLegalHold(), c.liftLegalHold()).when(c.eraseComplainantData()).thenTypes('ComplainantDataErased');
    });

    it('is placed once, and lifted only when placed', () => {
      spec().given(...closed, c.placeLegalHold()).when(c.placeLegalHold()).thenRejects('legal-hold-already-placed');
      spec().given(...closed).when(c.liftLegalHold()).thenRejects('no-legal-hold');
    });
  });

  describe('when a subject access request discloses the case', () => {
    it('records the request once', () => {
      spec().given(...closed).when(c.recordSubjectAccess({ requestId: 'sar-7' })).thenTypes('SubjectAccessDisclosed');
      spec().given(...closed, c.recordSubjectAccess({ requestId: 'sar-7' })).when(c.recordSubjectAccess({ requestId: 'sar-7' })).thenRejects('subject-access-already-recorded');
    });
  });

  describe('retention (policy: six years after the case ended)', () => {
    const state = (items: readonly HistoryItem[]) => historyOf(complaintDecider, items).state as Complaint;
    const closedAt = '2025-03-03T09:00:00Z';

    it('is due from the sixth anniversary of the close, and not before', () => {
      expect(retentionOf(state(closed), CX097_V4, '2031-03-02T23:00:00Z' as Instant)).toMatchObject({ status: 'not-due', endedAt: closedAt, dueOn: '2031-03-03' });
      expect(retentionOf(state(closed), CX097_V4, '2031-03-03T00:00:00Z' as Instant)).toMatchObject({ status: 'due', dueOn: '2031-03-03' });
    });

    it('is held while a legal hold is in force', () => {
      expect(retentionOf(state([...closed, c.placeLegalHold()]), CX097_V4, '2032-01-01T00:00:00Z' as Instant).status).toBe('held');
    });

    it('does not run on an open case, and is done once erased', () => {
      expect(retentionOf(state([c.receive()]), CX097_V4, '2040-01-01T00:00:00Z' as Instant).status).toBe('open');
      expect(retentionOf(state([...closed, c.eraseComplainantData()]), CX097_V4, '2040-01-01T00:00:00Z' as Instant).status).toBe('erased');
    });
  });

  describe('sealed fields', () => {
    const key = new Uint8Array(randomBytes(32));

    it('open only with the key, the event id and the path they were sealed with', () => {
      const sealed = sealText(key, 'complainant:c-1', 'Alex Morgan', 'e-1', 'complainant.name');
      expect(JSON.stringify(sealed)).not.toContain('Alex');
      expect(openSealed(key, sealed, 'e-1', 'complainant.name')).toBe('Alex Morgan');
      expect(openSealed(key, sealed, 'e-2', 'complainant.name')).toBeUndefined();
      expect(openSealed(key, sealed, 'e-1', 'complainant.email')).toBeUndefined();
      expect(openSealed(new Uint8Array(randomBytes(32)), sealed, 'e-1', 'complainant.name')).toBeUndefined();
    });

    it('use a fresh nonce each time, and the same ref for the same text', () => {
      const a = sealText(key, 's', 'Sam', 'e-1', 'partyName');
      const b = sealText(key, 's', 'Sam', 'e-1', 'partyName');
      expect(a.iv).not.toBe(b.iv);
      expect(a.ct).not.toBe(b.ct);
      expect(samePersonal(a, b)).toBe(true);
      expect(samePersonal(a, sealText(key, 's', 'Jo', 'e-1', 'partyName'))).toBe(false);
    });

    it('decode as stored events, and a sealed history folds to the same dates and statuses', () => {
      const { events } = historyOf(complaintDecider, closed);
      const envelopes = toEnvelopes(c.receive(), events.slice(0, 1) as ComplaintEvent[], { recordedAt: T0, policy: 'CX097-V4' }).map((e) => sealEnvelope(e, subjectOf('c-1'), key));
      const decoded = decodeEvent(JSON.parse(JSON.stringify({ type: envelopes[0]!.type, data: envelopes[0]!.data, metadata: envelopes[0]!.metadata })));
      expect(E.isRight(decoded)).toBe(true);
      expect(EVENT_SCHEMA_VERSION).toBe(3);
      const state = fold([envelopes[0]!]) as Complaint;
      expect(state.receivedAt).toBe(T0);
      expect(personalText(state.complainant.name)).toBe('[sealed]');
    });
  });

  describe('views by role', () => {
    const received = historyOf(complaintDecider, [c.receive(), c.assign({ department: 'Membership' })]).events;

    it('lets a department manager see their own department in full, and no other', () => {
      const own = parseViewRole('department-manager:Membership');
      const other = parseViewRole('department-manager:Training');
      expect(E.isRight(own) && seesPersonalData(own.right, caseDepartmentOf(received))).toBe(true);
      expect(E.isRight(other) && seesPersonalData(other.right, caseDepartmentOf(received))).toBe(false);
    });

    it('redacts for an auditor unless granted, and names the roles it knows', () => {
      expect(E.isRight(parseViewRole('auditor')) && seesPersonalData((parseViewRole('auditor') as E.Right<never>).right, 'Membership')).toBe(false);
      const granted = parseViewRole('auditor:personal-data');
      expect(E.isRight(granted) && seesPersonalData(granted.right, 'Membership')).toBe(true);
      const bad = parseViewRole('intern');
      expect(E.isLeft(bad) && bad.left).toContain('department-manager:<department>');
    });

    it('redacts every personal field, keeping what tells the same person apart', () => {
      const redacted = redactEvent(received[0]!, (text) => `ref-${text.length}`);
      expect(redacted.type === 'ComplaintReceived' && redacted.data.complainant).toEqual({
        name: { withheld: 'redacted', ref: 'ref-11' },
        email: { withheld: 'redacted', ref: 'ref-16' },
        relationship: 'member',
      });
      expect(JSON.stringify(redacted)).not.toContain('Alex');
    });
  });
});

// the DPO fixture is the actor data-protection commands default to
void DPO_ACTOR;
