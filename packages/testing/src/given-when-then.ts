/**
 * Given/when/then for the complaint decider, with node's assertions so it works under any test
 * runner. `given` takes the history as events, or as
 * commands that are decided in turn (a rejected one fails the spec: the history must be valid).
 *
 * @example
 * const c = commands('c-1');
 * spec().given(c.receive()).when(c.acknowledge()).then([{ type: 'ComplaintAcknowledged', data: {...} }]);
 * spec().given(c.receive(), c.acknowledge()).when(c.acknowledge()).thenRejects('already-acknowledged');
 * spec().given(c.receive({ at: t2 })).when(c.acknowledge({ at: t1 })).thenRejectsNaming('before-receipt', t1, t2);
 */
import * as E from 'fp-ts/lib/Either.js';
import assert from 'node:assert/strict';
import {
  complaintDecider,
  type ComplaintCommand,
  type ComplaintEvent,
  type ComplaintState,
  type Rejection,
  type RejectionCode,
} from '@cim-complaints/core';

type Decider = Pick<typeof complaintDecider, 'decide' | 'evolve' | 'initialState'>;
export type HistoryItem = ComplaintCommand | ComplaintEvent;

const isCommand = (item: HistoryItem): item is ComplaintCommand => 'commandId' in item;

/** The events of a history given as events and/or commands; throws if a given command is rejected. */
export const historyOf = (decider: Decider, items: readonly HistoryItem[]): { events: ComplaintEvent[]; state: ComplaintState } => {
  const events: ComplaintEvent[] = [];
  let state = decider.initialState;
  for (const item of items) {
    const produced = isCommand(item) ? decider.decide(item, state) : E.right([item]);
    if (E.isLeft(produced)) {
      throw new Error(`given: ${item.type} (${(item as ComplaintCommand).commandId}) was rejected: ${produced.left.code}: ${produced.left.message}`);
    }
    for (const event of produced.right) {
      events.push(event);
      state = decider.evolve(state, event);
    }
  }
  return { events, state };
};

export interface Outcome {
  /** The command produced exactly these events. */
  readonly then: (expected: readonly ComplaintEvent[] | ((events: ComplaintEvent[], state: ComplaintState) => void)) => void;
  /** The command produced events whose types are these. */
  readonly thenTypes: (...types: ComplaintEvent['type'][]) => ComplaintEvent[];
  /** The command was refused with this code; returns the rejection for further checks. */
  readonly thenRejects: (code: RejectionCode) => Rejection;
  /** The command was refused with this code and a message naming each text (the instants of a business-time rule, say). */
  readonly thenRejectsNaming: (code: RejectionCode, ...texts: string[]) => Rejection;
  /** The state after the command's events. */
  readonly thenState: (check: (state: ComplaintState) => void) => void;
}

/** A given/when/then spec over a decider (default: the CX097 decider). */
export const spec = (decider: Decider = complaintDecider) => ({
  given: (...history: HistoryItem[]) => ({
    when: (command: ComplaintCommand): Outcome => {
      const { state } = historyOf(decider, history);
      const result = decider.decide(command, state);
      const events = (): ComplaintEvent[] => {
        if (E.isLeft(result)) throw new Error(`expected events, but ${command.type} was rejected: ${result.left.code}: ${result.left.message}`);
        return result.right;
      };
      const after = () => events().reduce(decider.evolve, state);
      const outcome: Outcome = {
        then: (expected) => {
          const produced = events();
          if (typeof expected === 'function') expected(produced, after());
          else assert.deepStrictEqual(produced, expected);
        },
        thenTypes: (...types) => {
          const produced = events();
          assert.deepStrictEqual(produced.map((e) => e.type), types);
          return produced;
        },
        thenRejects: (code) => {
          if (E.isRight(result)) throw new Error(`expected rejection ${code}, but ${command.type} produced ${result.right.map((e) => e.type).join(', ')}`);
          assert.equal(result.left.code, code, `expected rejection ${code}, got ${result.left.code}: ${result.left.message}`);
          assert.ok(result.left.message.length > 0, 'a rejection explains itself');
          return result.left;
        },
        thenRejectsNaming: (code, ...texts) => {
          const r = outcome.thenRejects(code);
          for (const text of texts) assert.ok(r.message.includes(text), `expected the ${code} message to name ${text}: ${r.message}`);
          return r;
        },
        thenState: (check) => check(after()),
      };
      return outcome;
    },
  }),
});
