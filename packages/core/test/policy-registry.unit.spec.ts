import { describe, expect, it } from 'vitest';
import * as E from 'fp-ts/lib/Either.js';
import * as O from 'fp-ts/lib/Option.js';
import {
  builtInCalendars,
  calendarError,
  checkedPolicyRegistry,
  createPolicyRegistry,
  CX097_V4,
  evaluateSla,
  Policy,
  policyProblems,
  type Calendar,
  type ComplaintEvent,
  type NonEmptyString,
} from '@cim-complaints/core';

const s = (value: string) => value as NonEmptyString;
const KNOWN = 'known: england-and-wales, scotland, northern-ireland';

/** A later version counted on the calendar named. */
const v5On = (calendarId: string): Policy => ({
  ...CX097_V4,
  id: s('CX097-V5'),
  version: s('V5'),
  effectiveFrom: '2025-11-17T00:00:00Z' as Policy['effectiveFrom'],
  calendarId: s(calendarId),
});

describe('policy calendars', () => {
  describe('given a policy on a built-in calendar', () => {
    it('finds no problem, and the checked registry holds the versions as the plain one does', () => {
      expect(policyProblems(CX097_V4)).toEqual([]);
      expect(policyProblems(v5On('scotland'))).toEqual([]);
      const checked = checkedPolicyRegistry([v5On('scotland'), CX097_V4]);
      expect(E.isRight(checked)).toBe(true);
      if (E.isRight(checked)) {
        expect(checked.right.policies.map((p) => p.id)).toEqual(['CX097-V4', 'CX097-V5']);
        expect(checked.right.inForceAt('2025-12-01T09:00:00Z')).toEqual(O.some(v5On('scotland')));
      }
    });
  });

  describe('given a policy whose calendarId is misspelt', () => {
    it('names the policy, the unknown calendar and the calendars there are', () => {
      expect(policyProblems(v5On('scottland'))).toEqual([{ path: 'calendarId', message: `policy CX097-V5: unknown calendar "scottland"; ${KNOWN}` }]);
    });

    it('passes the codec, which checks only the shape', () => {
      expect(E.isRight(Policy.decode(v5On('scottland')))).toBe(true);
    });

    describe('when a checked registry is built over it', () => {
      it('is refused, each problem led by the index of its policy', () => {
        expect(checkedPolicyRegistry([CX097_V4, v5On('scottland'), { ...v5On('wales'), id: s('CX097-V6') }])).toEqual(
          E.left([
            { path: '1.calendarId', message: `policy CX097-V5: unknown calendar "scottland"; ${KNOWN}` },
            { path: '2.calendarId', message: `policy CX097-V6: unknown calendar "wales"; ${KNOWN}` },
          ]),
        );
      });
    });

    describe('when a plain registry is built over it', () => {
      it('takes it as before, and the calendar fails only when a deadline is counted', () => {
        const registry = createPolicyRegistry([{ ...v5On('scottland'), effectiveFrom: CX097_V4.effectiveFrom }]);
        expect(O.isSome(registry.byId('CX097-V5'))).toBe(true);
        // a receipt as the decider records it; only the fields the SLA engine reads matter here
        const received = {
          type: 'ComplaintReceived',
          data: { complaintId: 'c-1', at: '2025-12-01T09:00:00Z', channel: 'email', businessArea: 'membership', summary: 's', policy: 'CX097-V5', department: 'Membership', complainant: { name: 'A', relationship: 'member' } },
        } as unknown as ComplaintEvent;
        expect(evaluateSla(registry)([received], '2025-12-02T09:00:00Z')).toEqual(E.left({ code: 'unknown-calendar', message: `unknown calendar "scottland"; ${KNOWN}` }));
      });
    });
  });

  describe('given calendars of the embedder’s own', () => {
    const acme: Calendar = { ...builtInCalendars['england-and-wales'], id: 'acme', name: 'Acme' };
    const calendarFor = (id: string) => (id === 'acme' ? E.right(acme) : E.left(calendarError('unknown-calendar', `unknown calendar ${JSON.stringify(id)}; known: acme`)));

    it('accepts a policy on one of them, as evaluateSla given the same calendarFor would', () => {
      expect(policyProblems(v5On('acme'), { calendarFor })).toEqual([]);
      expect(E.isRight(checkedPolicyRegistry([v5On('acme')], { calendarFor }))).toBe(true);
    });

    it('refuses a built-in id those calendars do not hold, with their message', () => {
      expect(policyProblems(CX097_V4, { calendarFor })).toEqual([{ path: 'calendarId', message: 'policy CX097-V4: unknown calendar "england-and-wales"; known: acme' }]);
    });
  });
});
