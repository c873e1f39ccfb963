// Replaying a case is a pure fold: the same history gives the same case, however it is split, and
// no history the decider accepts breaks the policy's invariants or the compliance law.
import { evolve, fold, initialState } from '@cim-complaints/core';
import { acceptedHistory, complaintCommandsArb, complianceLawBroken, invariantsBroken } from '@cim-complaints/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

const histories = complaintCommandsArb('EXT-3', { maxSteps: 20 }).map((commands) => acceptedHistory(commands));

describe('the fold', () => {
  it('is deterministic: twice the same case, the same as evolving event by event, and the same when resumed from any prefix', () => {
    fc.assert(
      fc.property(histories, fc.nat(), (history, cut) => {
        const state = fold(history);
        expect(fold(history)).toEqual(state);
        expect(history.reduce(evolve, initialState)).toEqual(state);
        const k = history.length === 0 ? 0 : cut % history.length;
        expect(fold(history.slice(k), fold(history.slice(0, k)))).toEqual(state);
      }),
      { numRuns: 100 },
    );
  });

  it('never reaches a state that breaks the policy’s invariants', () => {
    fc.assert(
      fc.property(histories, (history) => {
        expect(invariantsBroken(fold(history))).toEqual([]);
      }),
      { numRuns: 100 },
    );
  });

  it('keeps the compliance law: only deadline findings (as the SLA engine judges them) and what stands outstanding', () => {
    fc.assert(
      fc.property(histories, fc.integer({ min: 0, max: 400 }), (history, days) => {
        if (history.length === 0) return;
        const asOf = new Date(Date.parse(history[history.length - 1]!.data.at) + days * 86_400_000).toISOString();
        expect(complianceLawBroken(history, asOf)).toEqual([]);
      }),
      { numRuns: 100 },
    );
  });
});
