// The compliance law (packages/testing/src/laws/compliance.ts) over generated lifecycles: every
// command sequence run through the decider, refused commands skipped, then checked as of many
// instants. Stated there; in short: a history the decider accepted has only deadline findings that
// agree with the SLA engine, and findings about what stands outstanding at the instant asked about.
import { describe, expect } from 'vitest';
import { fc, it } from '@fast-check/vitest';
import { acceptedHistory, commands, complaintCommandsArb, complianceLawBroken } from '@cim-complaints/testing';
import { instantMillis } from '../shared/codecs.js';

/** Instants around the history: each event's, the millisecond before it, and a few later ones. */
const instantsOf = (ats: readonly string[], later: readonly number[]): string[] => {
  const receipt = instantMillis(ats[0]!);
  const edges = ats.flatMap((at) => [instantMillis(at), instantMillis(at) - 1]);
  return [...new Set([...edges, ...later.map((days) => receipt + days * 86_400_000)])].filter((ms) => ms >= receipt).map((ms) => new Date(ms).toISOString());
};

describe('compliance of lawful histories', () => {
  it.prop([complaintCommandsArb('c-1', { maxSteps: 30 }), fc.array(fc.integer({ min: 0, max: 900 }), { minLength: 1, maxLength: 4 })], { numRuns: 150 })(
    'finds only deadlines (as the SLA engine judges them) and what stands outstanding at the instant asked about',
    (commands, later) => {
      const history = acceptedHistory(commands);
      if (history.length === 0) return;
      for (const asOf of instantsOf(history.map((e) => e.data.at), later)) expect(complianceLawBroken(history, asOf), `as of ${asOf}`).toEqual([]);
    },
  );
});

describe('the compliance law', () => {
  const c = commands('c-1');
  const handled = () =>
    acceptedHistory([
      c.receive({ at: '2025-06-02T09:00:00+01:00' }),
      c.acknowledge({ at: '2025-06-03T09:00:00+01:00' }),
      c.assign({ at: '2025-06-03T10:00:00+01:00' }),
      c.requireInvestigation({ at: '2025-06-04T09:00:00+01:00' }),
      c.issueResponse({ at: '2025-06-20T09:00:00+01:00' }),
      c.close({ at: '2025-06-23T09:00:00+01:00' }),
    ]);

  it('holds of a case the decider accepted, the review date aside', () => {
    expect(handled().map((e) => e.type)).toEqual(['ComplaintReceived', 'ComplaintAcknowledged', 'ComplaintAssigned', 'InvestigationRequired', 'ResponseIssued', 'ComplaintClosed']);
    expect(complianceLawBroken(handled(), '2025-12-31T12:00:00Z')).toEqual([]);
  });

  it('is broken by a history the decider would have refused: its response taken out', () => {
    const broken = complianceLawBroken(
      handled().filter((e) => e.type !== 'ResponseIssued'),
      '2025-12-31T12:00:00Z',
    );
    expect(broken).toEqual([expect.stringMatching(/^an accepted history has the finding closed-without-response/)]);
  });
});
