import { describe, expect } from 'vitest';
import { fc, it } from '@fast-check/vitest';
import * as E from 'fp-ts/lib/Either.js';
import {
  complaintDecider,
  defaultPolicyRegistry,
  evaluateSla,
  fold,
  historyAsOf,
  instantMillis,
  type ComplaintCommand,
  type ComplaintEvent,
  type Instant,
} from '@cim-complaints/core';
import { commands, complaintCommandsArb, historyOf, invariantsBroken } from '@cim-complaints/testing';

/** The events of the commands the decider accepts, in the order recorded, and the commands accepted. */
const accepted = (input: readonly ComplaintCommand[]) => {
  let state = complaintDecider.initialState;
  const history: ComplaintEvent[] = [];
  const kept: ComplaintCommand[] = [];
  for (const command of input) {
    const decided = complaintDecider.decide(command, state);
    if (E.isLeft(decided)) continue;
    kept.push(command);
    history.push(...decided.right);
    state = decided.right.reduce(complaintDecider.evolve, state);
  }
  return { history, kept };
};

const iso = (millis: number) => new Date(millis).toISOString() as Instant;

/** Every instant at which the case as of then can differ: each event's instant and the millisecond before it. */
const instantsOf = (history: readonly ComplaintEvent[]): Instant[] => [
  ...new Set(history.flatMap((e) => [instantMillis(e.data.at), instantMillis(e.data.at) - 1])),
].map(iso);

const lifecycles = complaintCommandsArb('c-1', { maxSteps: 30 });
const sla = evaluateSla(defaultPolicyRegistry);

describe('business time (DOMAIN "Rules of the second version")', () => {
  describe('when the decider accepted a history, recorded in any order of `at`', () => {
    it.prop([lifecycles], { numRuns: 400 })('the case as it stood at any instant breaks no invariant the decider enforces', (input) => {
      const { history } = accepted(input);
      for (const asOf of instantsOf(history)) {
        const broken = invariantsBroken(fold(historyAsOf(history, asOf)));
        expect(broken, `as of ${asOf}`).toEqual([]);
      }
    });

    it.prop([lifecycles, fc.integer({ min: 0, max: 60 * 24 * 60 })])('its SLA as of an instant is the SLA of the history as it stood then', (input, minutes) => {
      const { history } = accepted(input);
      const receivedAt = history[0] === undefined ? 0 : instantMillis(history[0].data.at);
      for (const asOf of [...instantsOf(history), iso(receivedAt + minutes * 60_000)]) {
        expect(sla(historyAsOf(history, asOf), asOf)).toEqual(sla(history, asOf));
      }
    });
  });

  describe('the generated histories', () => {
    it('hold accepted commands that are backdated (earlier than one recorded before them) and ones sharing an instant', () => {
      const samples = fc.sample(lifecycles, { numRuns: 200, seed: 42 });
      let backdated = 0;
      let sameInstant = 0;
      const types = new Set<string>();
      for (const input of samples) {
        const { kept } = accepted(input);
        let latest = -Infinity;
        let previous = NaN;
        for (const command of kept) {
          const at = instantMillis(command.at);
          if (at < latest) backdated += 1;
          if (at === previous) sameInstant += 1;
          latest = Math.max(latest, at);
          previous = at;
          types.add(command.type);
        }
      }
      expect(backdated).toBeGreaterThan(50);
      expect(sameInstant).toBeGreaterThan(50);
      for (const type of ['IssueResponse', 'CloseComplaint', 'ReopenComplaint', 'DeclineFurtherCorrespondence', 'RecordRegulatorReferral', 'CompleteAction', 'RecordAssessmentRemediation', 'WithdrawThirdPartyAuthorisation']) {
        expect(types).toContain(type);
      }
    });
  });

  describe('the invariants checker', () => {
    const c = commands('c-1', '2025-03-03T09:00:00Z');
    const lawful = historyOf(complaintDecider, [c.receive(), c.acknowledge(), c.assign(), c.issueResponse({ at: '2025-03-04T09:00:00Z' }), c.close({ at: '2025-03-05T09:00:00Z' })]).events;

    it('finds nothing broken in a lawful case', () => {
      expect(invariantsBroken(fold(lawful))).toEqual([]);
    });

    it('names what a history the decider would refuse breaks', () => {
      const [received, acknowledged, assigned, responded, closed] = lawful as [ComplaintEvent, ComplaintEvent, ComplaintEvent, ComplaintEvent, ComplaintEvent];
      const at = (event: ComplaintEvent, instant: string) => ({ ...event, data: { ...event.data, at: instant } }) as ComplaintEvent;
      // a response before its acknowledgement and with no handler; a close before the response
      expect(invariantsBroken(fold([received, at(acknowledged, '2025-03-04T10:00:00Z'), responded]))).toEqual([
        'a response at 2025-03-04T09:00:00Z precedes the acknowledgement at 2025-03-04T10:00:00Z',
        'a response at 2025-03-04T09:00:00Z without a handler',
      ]);
      expect(invariantsBroken(fold([received, acknowledged, assigned, responded, at(closed, '2025-03-03T12:00:00Z')]))).toEqual([
        'closed as responded at 2025-03-03T12:00:00Z without a response before it',
        'a response at 2025-03-04T09:00:00Z falls after the close at 2025-03-03T12:00:00Z',
      ]);
    });
  });
});
