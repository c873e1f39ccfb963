import { fc, it } from '@fast-check/vitest';
import { acceptedHistory, complaintCommandsArb } from '@cim-complaints/testing';
import { describe, expect, it as test } from 'vitest';
import { evolveSlaFacts, slaFactsOf } from '../sla/facts.js';
import type { ComplaintCommand } from './commands.js';
import type { ComplaintEvent } from './events.js';
import { evolve, fold } from './evolve.js';
import type { ComplaintState } from './state.js';

// the events the decider accepts from a command sequence, in order (the testing kit's)
const historyOf = (commands: readonly ComplaintCommand[]): ComplaintEvent[] => acceptedHistory(commands);

// a tail that answers, closes, reopens and answers again, so reopenings (a state built afresh) are common
const TAIL: readonly Record<string, unknown>[] = [
  { type: 'AssignComplaint', department: 'Membership', manager: { id: 'm-1', name: 'Manager m-1' } },
  { type: 'AcknowledgeComplaint', channel: 'email' },
  { type: 'RequireInvestigation', reason: 'Needs records checked' },
  { type: 'IssueResponse', outcome: 'upheld', findings: 'Findings', actions: [{ actionId: 'a-1', description: 'Refund', owner: 'Finance' }] },
  { type: 'CloseComplaint' },
  { type: 'ReopenComplaint', reason: 'New evidence' },
  { type: 'RequireInvestigation', reason: 'Again' },
  { type: 'IssueResponse', outcome: 'not-upheld', findings: 'Findings again', actions: [] },
  { type: 'WithdrawComplaint', reason: 'Settled' },
];
const histories = fc.tuple(complaintCommandsArb('c-1', { maxSteps: 20 }), fc.subarray([...TAIL.keys()])).map(([commands, steps]) => {
  let at = Math.max(...commands.map((c) => Date.parse(c.at)));
  const tail = steps.map((step) => {
    at += 3 * 24 * 60 * 60_000;
    return { ...TAIL[step], complaintId: 'c-1', commandId: `c-1/tail-${step}`, at: new Date(at).toISOString(), actor: { id: 'u-1', role: 'quality-and-complaints-manager' } };
  });
  return historyOf([...commands, ...tail] as unknown as ComplaintCommand[]);
});

// deep equality and the same keys in the same order (JSON text), as `reduce(evolve)` gives them
const same = (a: unknown, b: unknown) => {
  expect(a).toEqual(b);
  expect(JSON.stringify(a)).toBe(JSON.stringify(b));
};

describe('fold', () => {
  describe('when it folds any accepted history, from the start or from a state part-way', () => {
    it.prop([histories, fc.nat()])('gives what evolve gives event by event, and leaves the state it started from unchanged', (history, cut) => {
      same(fold(history), history.reduce(evolve, { status: 'none' } as ComplaintState));
      const at = history.length === 0 ? 0 : cut % history.length;
      const from = history.slice(0, at).reduce(evolve, { status: 'none' } as ComplaintState);
      const before = JSON.stringify(from);
      same(fold(history.slice(at), from), history.slice(at).reduce(evolve, from));
      expect(JSON.stringify(from)).toBe(before);
    });
    test('among them reopened cases (a state built afresh)', () => {
      expect(fc.sample(histories, { numRuns: 100, seed: 1 }).some((h) => h.some((e) => e.type === 'ComplaintReopened'))).toBe(true);
    });
  });
});

describe('slaFactsOf', () => {
  describe('when it folds any accepted history', () => {
    it.prop([histories])('gives what evolveSlaFacts gives event by event', (history) => {
      same(slaFactsOf(history), history.reduce(evolveSlaFacts, null));
    });
  });
});
