// C12: "complaints will be acknowledged within five working days of receipt", checked from
// outside: given/when/then on the decider, then the audit's verdict on histories the decider accepted.
import { addWorkingDays, builtInCalendars, checkCompliance, londonDateOf } from '@cim-complaints/core';
import { acceptedHistory, commands, complaintCommandsArb, spec } from '@cim-complaints/testing';
import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';

const c = commands('EXT-1');
const received = '2025-04-17T16:40:00+01:00'; // Thursday before Easter: Good Friday and Easter Monday are not working days

/** The finding codes the audit reports for a history, as of an instant. */
const findingCodes = (history: Parameters<typeof checkCompliance>[0], asOf: string): string[] => {
  const report = checkCompliance(history, asOf);
  if (E.isLeft(report)) throw new Error(report.left.message);
  return report.right.findings.map((f) => `${f.code} ${f.clause}`);
};

describe('C12: acknowledgement within 5 working days', () => {
  it('acknowledges a received complaint once', () => {
    spec().given(c.receive({ at: received })).when(c.acknowledge({ at: '2025-04-22T09:00:00+01:00' })).thenTypes('ComplaintAcknowledged');
    spec().given(c.receive({ at: received }), c.acknowledge({ at: '2025-04-22T09:00:00+01:00' })).when(c.acknowledge({ at: '2025-04-23T09:00:00+01:00' })).thenRejects('already-acknowledged');
  });

  it('refuses an acknowledgement dated before the receipt, naming both instants', () => {
    spec().given(c.receive({ at: received })).when(c.acknowledge({ at: '2025-04-17T09:00:00+01:00' })).thenRejectsNaming('before-receipt', '2025-04-17T09:00:00+01:00', received);
  });

  it('counts Easter out: acknowledged Monday 28 April (day 5) is in time, Tuesday 29 April is a C12 breach', () => {
    const acknowledgedOn = (at: string) => acceptedHistory([c.receive({ at: received }), c.acknowledge({ at })]);
    expect(findingCodes(acknowledgedOn('2025-04-28T23:00:00+01:00'), '2025-05-30T12:00:00+01:00')).not.toContain('acknowledgement-missed C12');
    expect(findingCodes(acknowledgedOn('2025-04-29T08:00:00+01:00'), '2025-05-30T12:00:00+01:00')).toContain('acknowledgement-missed C12');
  });

  it('reports the acknowledgement overdue, as of any day after the fifth working day, while there is none', () => {
    expect(findingCodes(acceptedHistory([c.receive({ at: received })]), '2025-04-28T23:59:59+01:00')).not.toContain('acknowledgement-overdue C12');
    expect(findingCodes(acceptedHistory([c.receive({ at: received })]), '2025-04-29T00:00:00+01:00')).toContain('acknowledgement-overdue C12');
  });

  it('for any receipt, an acknowledgement on working day k breaches C12 exactly when k > 5', () => {
    const calendar = builtInCalendars['england-and-wales'];
    fc.assert(
      fc.property(complaintCommandsArb('EXT-2', { maxSteps: 2 }), fc.integer({ min: 0, max: 10 }), ([receive], k) => {
        const receipt = acceptedHistory([receive!]);
        fc.pre(receipt.length === 1 && receipt[0]!.type === 'ComplaintReceived'); // not redirected nor referred back at receipt
        const receivedAt = receipt[0]!.data.at;
        const dayK = addWorkingDays(calendar, k)(londonDateOf(receivedAt)); // day 0 is the effective day of receipt
        if (E.isLeft(dayK)) throw new Error(dayK.left.message);
        const at = new Date(Math.max(Date.parse(receivedAt), Date.parse(`${dayK.right}T12:00:00Z`))).toISOString();
        const history = acceptedHistory([receive!, commands('EXT-2').acknowledge({ at })]);
        expect(history.map((e) => e.type)).toEqual(['ComplaintReceived', 'ComplaintAcknowledged']);
        expect(findingCodes(history, '2030-01-01T00:00:00Z').includes('acknowledgement-missed C12')).toBe(k > 5);
      }),
      { numRuns: 200 },
    );
  });
});
