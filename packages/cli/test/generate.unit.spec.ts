import { decodeCommand } from '@cim-complaints/core';
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
    expect(new Set(receipts.map((c) => c.channel))).toEqual(new Set(['email', 'post', 'telephone']));
    expect(new Set(receipts.map((c) => c.businessArea))).toEqual(
      new Set(['membership', 'qualifications', 'awarding-body', 'training', 'events', 'business-centre', 'accredited-study-centre']),
    );
    const types = new Set(plan.commands.map((c) => c.command.type));
    for (const type of ['AuthoriseThirdParty', 'RecordAssessmentFailure', 'RecordAssessmentRemediation', 'IssueResponse', 'CompleteAction', 'WithdrawComplaint', 'ReopenComplaint', 'RecordRegulatorReferral', 'DeclineFurtherCorrespondence'])
      expect(types).toContain(type);
  });

  it('is a function of its options', () => {
    expect(generateDemo({ seed: 99, complaints: 120 })).toEqual(plan);
    expect(generateDemo({ seed: 100, complaints: 120 }).commands).not.toEqual(plan.commands);
  });

  it('names a showcase case that is received', () => {
    expect(plan.commands.some((c) => c.command.type === 'ReceiveComplaint' && c.command.complaintId === plan.showcase.complaintId)).toBe(true);
  });
});
