import { complaintDecider, decodeCommand, historyAsOf, fold, type ComplaintEvent, type ComplaintState } from '@cim-complaints/core';
import { invariantsBroken } from '@cim-complaints/testing';
import * as E from 'fp-ts/lib/Either.js';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { generateDemo } from '../src/demo/generate.js';

describe('the demo generator', () => {
  const plan = generateDemo({ seed: 99, complaints: 120 });

  it('writes commands that all decode, in time order, within the year', () => {
    const end = DateTime.fromISO(plan.yearEnd).toMillis();
    let previous = -Infinity;
    for (const { command } of plan.commands) {
      expect(E.isRight(decodeCommand(command)), JSON.stringify(command)).toBe(true);
      const at = DateTime.fromISO(command.at).toMillis();
      expect(at).toBeGreaterThanOrEqual(previous);
      expect(at).toBeLessThanOrEqual(end);
      expect(DateTime.fromISO(command.at).year).toBe(2025);
      previous = at;
    }
  });

  it('receives every complaint first, numbered in order of receipt, with unique command ids', () => {
    const receipts = plan.commands.filter((c) => c.command.type === 'ReceiveComplaint').map((c) => c.command.complaintId);
    expect(receipts).toHaveLength(120);
    expect(receipts).toEqual([...receipts].sort());
    const ids = plan.commands.map((c) => c.command.commandId);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('covers every channel, business area and the lifecycle the policy describes', () => {
    const receipts = plan.commands.filter((c) => c.command.type === 'ReceiveComplaint').map((c) => c.command);
    // a web form is not a channel CX097 V4 lists: recorded and flagged (C1)
    expect(new Set(receipts.map((c) => c.channel))).toEqual(new Set(['email', 'post', 'telephone', 'web-form']));
    expect(new Set(receipts.map((c) => c.businessArea))).toEqual(
      new Set(['membership', 'qualifications', 'awarding-body', 'training', 'events', 'business-centre', 'accredited-study-centre']),
    );
    const types = new Set(plan.commands.map((c) => c.command.type));
    for (const type of ['AuthoriseThirdParty', 'RecordAssessmentFailure', 'RecordAssessmentRemediation', 'IssueResponse', 'CompleteAction', 'WithdrawComplaint', 'ReopenComplaint', 'RecordRegulatorReferral', 'DeclineFurtherCorrespondence'])
      expect(types).toContain(type);
  });

  /** Runs a plan through the decider, complaint by complaint; the codes it refused, checking each refusal was meant and each case stays lawful. */
  const decideAll = (commands: typeof plan.commands): string[] => {
    const states = new Map<string, ComplaintState>();
    const histories = new Map<string, ComplaintEvent[]>();
    const refused: string[] = [];
    for (const { command, expectRejection } of commands) {
      const decoded = decodeCommand(command);
      if (E.isLeft(decoded)) throw new Error(JSON.stringify(decoded.left));
      const before = states.get(command.complaintId) ?? complaintDecider.initialState;
      const decided = complaintDecider.decide(decoded.right, before);
      if (E.isLeft(decided)) {
        refused.push(decided.left.code);
        expect(decided.left.code, `${command.commandId}: ${decided.left.message}`).toBe(expectRejection);
        continue;
      }
      expect(expectRejection, `${command.commandId} was meant to be refused`).toBeUndefined();
      states.set(command.complaintId, decided.right.reduce(complaintDecider.evolve, before));
      histories.set(command.complaintId, [...(histories.get(command.complaintId) ?? []), ...decided.right]);
    }
    for (const [complaintId, history] of histories) {
      for (const event of history) expect(invariantsBroken(fold(historyAsOf(history, event.data.at))), `${complaintId} as of ${event.data.at}`).toEqual([]);
    }
    return refused;
  };

  it('is a lawful year: every command the decider refuses was meant to be refused, and every case as of any instant breaks no invariant', () => {
    decideAll(plan.commands);
    // the default year (`pnpm demo`) shows a response refused to someone who is neither handler nor allowed (C6)
    expect(decideAll(generateDemo({ seed: 2025, complaints: 240 }).commands)).toContain('role-not-permitted');
  });

  it('shows the second version’s rules: a letter to a third party, an assignment with a reason, an escalation that names the complaint it escalates', () => {
    const fields = plan.commands.map((c) => c.command);
    expect(fields.some((c) => c.type === 'IssueResponse' && c.to === 'third-party' && typeof c.partyName === 'string')).toBe(true);
    expect(fields.some((c) => c.type === 'AssignComplaint' && typeof c.overrideReason === 'string')).toBe(true);
    const escalation = fields.find((c) => c.type === 'ReceiveComplaint' && typeof c.escalatesFrom === 'string');
    expect(escalation).toBeDefined();
    const referred = fields.find((c) => c.type === 'ReceiveComplaint' && c.complaintId === escalation!.escalatesFrom);
    expect(referred).toMatchObject({ businessArea: escalation!.businessArea, studyCentre: { name: (escalation!.studyCentre as { name: string }).name } });
    expect(referred!.studyCentre).not.toHaveProperty('ownProcedureCompletedOn');
  });

  it('is a function of its options', () => {
    expect(generateDemo({ seed: 99, complaints: 120 })).toEqual(plan);
    expect(generateDemo({ seed: 100, complaints: 120 }).commands).not.toEqual(plan.commands);
  });

  it('names a showcase case that is received', () => {
    expect(plan.commands.some((c) => c.command.type === 'ReceiveComplaint' && c.command.complaintId === plan.showcase.complaintId)).toBe(true);
  });
});
