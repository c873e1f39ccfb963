import { fc, it } from '@fast-check/vitest';
import { acceptedHistory, complaintCommandsArb } from '@cim-complaints/testing';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect } from 'vitest';
import { builtInCalendars } from '../calendar/builtin.js';
import { londonDateOf } from '../calendar/zone.js';
import { historyAsOf } from '../complaint/as-of.js';
import type { ComplaintCommand } from '../complaint/commands.js';
import type { ComplaintEvent } from '../complaint/events.js';
import { fold } from '../complaint/evolve.js';
import { isReceived } from '../complaint/rules.js';
import { CX097_V4 } from '../policy/cx097-v4.js';
import { defaultPolicyRegistry } from '../policy/registry.js';
import type { Instant } from '../shared/codecs.js';
import { evaluateSla, isOncePerCase } from './evaluate.js';

// the events the decider accepts from a command sequence, in order (the testing kit's)
const historyOf = (commands: readonly ComplaintCommand[]): ComplaintEvent[] => acceptedHistory(commands);

// instants to ask about: each event's own instant and the millisecond before it, and one drawn freely
const instantsOf = (history: readonly ComplaintEvent[], extra: Date): Instant[] =>
  [...history.flatMap((e) => [e.data.at, new Date(Date.parse(e.data.at) - 1).toISOString()]), extra.toISOString()] as Instant[];

// Generated lifecycles reopen a case now and then; a tail that answers, closes, reopens and
// investigates again (each step kept only if the decider accepts it), days to months apart, makes
// reopened cases common, their later openings answered, unanswered or stalled.
const CYCLE: readonly Record<string, unknown>[] = [
  { type: 'AssignComplaint', department: 'Membership', manager: { id: 'm-1', name: 'Manager m-1' } },
  { type: 'AcknowledgeComplaint', channel: 'email' },
  { type: 'RequireInvestigation', reason: 'Needs records checked' },
  { type: 'IssueResponse', outcome: 'upheld', findings: 'Findings', actions: [] },
  { type: 'CloseComplaint' },
  { type: 'ReopenComplaint', reason: 'New evidence' },
  { type: 'RequireInvestigation', reason: 'Needs records checked again' },
  { type: 'IssueResponse', outcome: 'not-upheld', findings: 'Findings again', actions: [] },
];
const withReopenings = fc
  .tuple(complaintCommandsArb('c-1', { maxSteps: 20 }), fc.subarray([...CYCLE.keys()]), fc.array(fc.integer({ min: 0, max: 90 * 24 * 60 }), { minLength: CYCLE.length, maxLength: CYCLE.length }))
  .map(([commands, steps, gaps]) => {
    let at = Math.max(...commands.map((c) => Date.parse(c.at)));
    const tail = steps.map((step) => {
      at += gaps[step]! * 60_000;
      return { ...CYCLE[step], complaintId: 'c-1', commandId: `c-1/tail-${step}`, at: new Date(at).toISOString(), actor: { id: 'u-1', role: 'quality-and-complaints-manager' } };
    });
    return [...commands, ...tail] as unknown as ComplaintCommand[];
  });
const lifecycles = fc.tuple(withReopenings, fc.date({ min: new Date('2024-01-01T00:00:00Z'), max: new Date('2027-06-30T00:00:00Z'), noInvalidDate: true }));
const evaluate = evaluateSla(defaultPolicyRegistry);
const calendar = builtInCalendars['england-and-wales'];
const isWorking = (date: string | null): boolean => date === null || E.getOrElse(() => false)(calendar.isWorkingDay(date));

describe('SLA laws', () => {
  describe('when asked as of any instant', () => {
    it.prop([lifecycles])('gives the SLA of the history as it stood then (historyAsOf)', ([commands, extra]) => {
      const history = historyOf(commands);
      for (const asOf of instantsOf(history, extra)) expect(evaluate(history, asOf)).toEqual(evaluate(historyAsOf(history, asOf), asOf));
    });

    it.prop([lifecycles])('has one opening per receipt and reopening, each due and counted from a working day', ([commands, extra]) => {
      const history = historyOf(commands);
      for (const asOf of instantsOf(history, extra)) {
        const state = fold(historyAsOf(history, asOf));
        const report = evaluate(history, asOf);
        if (!isReceived(state)) {
          expect(E.isLeft(report)).toBe(true);
          continue;
        }
        if (E.isLeft(report)) throw new Error(report.left.message);
        const { openings, targets } = report.right;
        expect(openings.map((o) => o.reopened)).toEqual([false, ...state.reopenings.map(() => true)]);
        for (const opening of openings) {
          expect(isWorking(opening.effectiveDate)).toBe(true);
          expect(isWorking(opening.stall?.limitDate ?? null)).toBe(true);
          for (const target of Object.values(opening.targets)) {
            expect(isWorking(target.dueDate)).toBe(true);
            expect(isWorking(target.effectiveStartDate)).toBe(true);
            // a reopening's target never counts from before the reopening
            if (opening.reopened && target.effectiveStartDate !== null) expect(target.effectiveStartDate >= londonDateOf(opening.openedAt as Instant)).toBe(true);
          }
        }
        // the report's targets: the acknowledgement the receipt's, the others the current opening's
        for (const definition of CX097_V4.targets) {
          const from = isOncePerCase(definition) ? openings[0]! : openings[openings.length - 1]!;
          expect(targets[definition.id]).toEqual(from.targets[definition.id]);
        }
      }
    });

    it.prop([lifecycles])('calls an open case stalled only when its current opening has neither an investigation decision nor a response', ([commands, extra]) => {
      const history = historyOf(commands);
      for (const asOf of instantsOf(history, extra)) {
        const state = fold(historyAsOf(history, asOf));
        const report = evaluate(history, asOf);
        if (!isReceived(state) || E.isLeft(report)) continue;
        const current = report.right.openings[report.right.openings.length - 1]!;
        if (current.stall?.stalled === true) {
          expect(state.investigation).toBeUndefined();
          expect(state.response).toBeUndefined();
          expect(['received', 'acknowledged']).toContain(state.status);
        }
      }
    });
  });
});
