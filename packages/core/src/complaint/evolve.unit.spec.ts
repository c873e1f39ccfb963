import { fc, it } from '@fast-check/vitest';
import { acceptedHistory, complaintCommandsArb } from '@cim-complaints/testing';
import { describe, expect, it as test } from 'vitest';
import { evolveSlaFacts, slaFactsOf } from '../sla/facts.js';
import type { ComplaintCommand } from './commands.js';
import type { ComplaintEvent } from './events.js';
import { createComplaintRegister, evolve, fold } from './evolve.js';
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

// several streams' histories, and a schedule: at each step, whose next event is recorded and whether its state is read then
const interleavings = fc.tuple(fc.array(histories, { minLength: 1, maxLength: 4 }), fc.array(fc.tuple(fc.nat(), fc.boolean()), { maxLength: 80 }));

describe('the complaints register', () => {
  describe('given events of several streams recorded in any interleaving, with states read between them', () => {
    it.prop([interleavings])(
      'each state read is what evolve gives for its stream so far, no state read is changed by later events, and at the end every state is the fold of its stream',
      ([streams, schedule]) => {
        const register = createComplaintRegister();
        const recorded = streams.map(() => 0);
        const handedOut: { state: ComplaintState; text: string }[] = [];
        const record = (s: number) => register.record({ streamId: `s-${s}`, event: streams[s]![recorded[s]!]! });
        for (const [pick, read] of schedule) {
          const s = pick % streams.length;
          if (recorded[s]! < streams[s]!.length) {
            record(s);
            recorded[s]! += 1;
          }
          if (read) {
            const state = register.stateOf(`s-${s}`);
            same(state, streams[s]!.slice(0, recorded[s]).reduce(evolve, { status: 'none' } as ComplaintState));
            handedOut.push({ state, text: JSON.stringify(state) });
          }
        }
        // then the rest of every stream, in stream order
        streams.forEach((history, s) => {
          for (; recorded[s]! < history.length; recorded[s]! += 1) record(s);
        });
        for (const { state, text } of handedOut) expect(JSON.stringify(state)).toBe(text);
        const states = register.states();
        streams.forEach((history, s) => {
          same(register.stateOf(`s-${s}`), fold(history));
          if (history.length > 0) same(states.get(`s-${s}`), fold(history));
        });
      },
    );
  });

  describe('given a stream with nothing recorded', () => {
    test('its state is the initial state, and the register counts no stream', () => {
      const register = createComplaintRegister();
      expect(register.stateOf('s-1')).toEqual({ status: 'none' });
      expect(register.size()).toBe(0);
      expect([...register.states()]).toEqual([]);
    });
  });

  describe('given a case handed out, when the stream\'s next event is recorded', () => {
    test('the case handed out is as it was, and the register holds the case after the event', () => {
      const [first, ...rest] = fc.sample(histories.filter((h) => h.length >= 3), { numRuns: 1, seed: 7 })[0]!;
      const register = createComplaintRegister();
      register.record({ streamId: 's-1', event: first! });
      const before = register.stateOf('s-1');
      const text = JSON.stringify(before);
      register.record({ streamId: 's-1', event: rest[0]! });
      register.record({ streamId: 's-1', event: rest[1]! });
      expect(JSON.stringify(before)).toBe(text);
      same(register.stateOf('s-1'), [first!, rest[0]!, rest[1]!].reduce(evolve, { status: 'none' } as ComplaintState));
    });
  });

  describe('given streams recorded in some order', () => {
    test('states lists them in the order each was first recorded, and size counts them', () => {
      const [history] = fc.sample(histories.filter((h) => h.length >= 2), { numRuns: 1, seed: 3 });
      const register = createComplaintRegister();
      for (const streamId of ['s-b', 's-a', 's-b', 's-c']) register.record({ streamId, event: history![0]! });
      expect([...register.states().keys()]).toEqual(['s-b', 's-a', 's-c']);
      expect(register.size()).toBe(3);
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
