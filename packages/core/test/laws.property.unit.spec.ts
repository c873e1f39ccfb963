import { describe, expect } from 'vitest';
import { fc, it } from '@fast-check/vitest';
import * as E from 'fp-ts/lib/Either.js';
import {
  complaintDecider,
  CX097_V4,
  decodeCommand,
  decodeEvent,
  departmentFor,
  fold,
  hasCurrentThirdPartyAuthorisation,
  hasDeclinedFurtherCorrespondence,
  hasEndedAtReceipt,
  instantMillis,
  isPermitted,
  toEnvelopes,
  unremediatedFailures,
  type ComplaintCommand,
  type ComplaintEvent,
  type ComplaintState,
  type Permission,
} from '@cim-complaints/core';
import { complaintCommandsArb } from '@cim-complaints/testing';

interface Step {
  readonly command: ComplaintCommand;
  readonly before: ComplaintState;
  readonly events: ComplaintEvent[];
}

/** Runs commands through the decider, keeping accepted ones' events, as the handler would. */
const run = (commands: readonly ComplaintCommand[]) => {
  let state = complaintDecider.initialState;
  const steps: Step[] = [];
  const history: ComplaintEvent[] = [];
  for (const command of commands) {
    const decided = complaintDecider.decide(command, state);
    if (E.isRight(decided)) {
      steps.push({ command, before: state, events: decided.right });
      history.push(...decided.right);
      state = decided.right.reduce(complaintDecider.evolve, state);
    }
  }
  return { steps, history, state };
};

const lifecycles = complaintCommandsArb('c-1', { maxSteps: 30 });

describe('complaint laws', () => {
  describe('when decoding', () => {
    it.prop([fc.anything({ withBigInt: true, withMap: true, withSet: true, withNullPrototype: true })])('never throws on any value', (value) => {
      expect(() => decodeCommand(value)).not.toThrow();
      expect(() => decodeEvent(value)).not.toThrow();
    });

    it.prop([fc.jsonValue()])('rejects arbitrary JSON with at least one named problem', (json) => {
      const result = decodeCommand(json);
      if (E.isLeft(result)) {
        expect(result.left.length).toBeGreaterThan(0);
        for (const problem of result.left) expect(problem.message.length).toBeGreaterThan(0);
      }
    });

    it.prop([lifecycles])('decodes every generated command to itself (codecs round-trip)', (commands) => {
      for (const command of commands) expect(decodeCommand(JSON.parse(JSON.stringify(command)))).toEqual(E.right(command));
    });

    it.prop([lifecycles])('decodes every stored envelope to itself, keeping unknown metadata', (commands) => {
      for (const { command, events } of run(commands).steps) {
        for (const envelope of toEnvelopes(command, events, { recordedAt: command.at, policy: 'CX097-V4' })) {
          const stored = JSON.parse(JSON.stringify({ ...envelope, metadata: { ...envelope.metadata, hash: 'sha256:abc' } }));
          const decoded = decodeEvent(stored);
          expect(decoded).toEqual(E.right(stored));
        }
      }
    });
  });

  describe('when folding', () => {
    it.prop([lifecycles])('is deterministic', (commands) => {
      const { history } = run(commands);
      expect(fold(history)).toEqual(fold(structuredClone(history)));
    });

    it.prop([lifecycles])('replays a history to the state reached step by step', (commands) => {
      const { history, state } = run(commands);
      expect(fold(history)).toEqual(state);
    });

    it.prop([lifecycles, fc.nat()])('replays in two parts as in one', (commands, cut) => {
      const { history } = run(commands);
      const at = history.length === 0 ? 0 : cut % history.length;
      expect(fold(history.slice(at), fold(history.slice(0, at)))).toEqual(fold(history));
    });
  });

  describe('when deciding any sequence of commands', () => {
    it.prop([lifecycles])('never closes without a response or a withdrawal, nor with a failure unremediated (C8, C16)', (commands) => {
      for (const { events, before } of run(commands).steps) {
        for (const event of events) {
          if (event.type !== 'ComplaintClosed' || before.status === 'none') continue;
          expect(before.response !== undefined || before.status === 'withdrawn').toBe(true);
          expect(unremediatedFailures(before)).toEqual([]);
        }
      }
    });

    it.prop([lifecycles])('never writes to a third party without an authorisation in force at the letter’s instant (C4)', (commands) => {
      for (const { events, before } of run(commands).steps) {
        for (const event of events) {
          if (before.status === 'none') continue;
          const partyName =
            event.type === 'CorrespondenceSent' && event.data.party === 'third-party'
              ? event.data.partyName
              : (event.type === 'ComplaintAcknowledged' || event.type === 'ResponseIssued') && event.data.to === 'third-party'
                ? event.data.partyName
                : null;
          if (partyName === null) continue;
          expect(partyName !== undefined && hasCurrentThirdPartyAuthorisation(partyName, event.data.at)(before)).toBe(true);
        }
      }
    });

    it.prop([lifecycles])('never records anything dated before the receipt, nor anything but correspondence and personal-data decisions after a redirect or referral (C3, C14, C5)', (commands) => {
      const stillAllowed = new Set(['RecordCorrespondence', 'EraseComplainantData', 'PlaceLegalHold', 'LiftLegalHold', 'RecordSubjectAccess']);
      for (const { command, events, before } of run(commands).steps) {
        if (before.status === 'none') continue;
        if (!stillAllowed.has(command.type)) expect(hasEndedAtReceipt(before)).toBe(false);
        for (const event of events) expect(instantMillis(event.data.at)).toBeGreaterThanOrEqual(instantMillis(before.receivedAt));
      }
    });

    it.prop([lifecycles])('erasing personal data changes no status, date or SLA fact of the case (C5)', (commands) => {
      for (const { command, events, before } of run(commands).steps) {
        if (command.type !== 'EraseComplainantData' || events.length === 0 || before.status === 'none') continue;
        const after = events.reduce(complaintDecider.evolve, before as ComplaintState);
        expect({ ...after, erasure: undefined, updatedAt: undefined }).toEqual({ ...before, erasure: undefined, updatedAt: undefined });
        expect(before.legalHold).toBeUndefined();
      }
    });

    it.prop([lifecycles])('never sends a letter dated while further correspondence stood declined (C17)', (commands) => {
      for (const { events, before } of run(commands).steps) {
        if (before.status === 'none') continue;
        for (const event of events) if (event.type === 'CorrespondenceSent') expect(hasDeclinedFurtherCorrespondence(event.data.at)(before)).toBe(false);
      }
    });

    it.prop([lifecycles])('responds only on an assigned case, by its handler or a role that may respond for any department (C6)', (commands) => {
      for (const { command, before } of run(commands).steps) {
        if (command.type !== 'IssueResponse' || before.status === 'none') continue;
        expect(before.handler).toBeDefined();
        expect(before.handler!.manager.id === command.actor.id || isPermitted('respondForAnyDepartment', command.actor.role)(CX097_V4)).toBe(true);
      }
    });

    it.prop([lifecycles])('closes, declines, reopens and refers only by a role the policy lists (C6)', (commands) => {
      const permissionOf: Partial<Record<ComplaintCommand['type'], Permission>> = {
        CloseComplaint: 'close',
        DeclineFurtherCorrespondence: 'declineFurtherCorrespondence',
        ReopenComplaint: 'reopen',
        RecordRegulatorReferral: 'referToRegulator',
      };
      for (const { command } of run(commands).steps) {
        const permission = permissionOf[command.type];
        if (permission !== undefined) expect(isPermitted(permission, command.actor.role)(CX097_V4)).toBe(true);
      }
    });

    it.prop([lifecycles])('assigns outside the routed department only with a reason, and records it (C9)', (commands) => {
      for (const { command, events, before } of run(commands).steps) {
        if (command.type !== 'AssignComplaint' || before.status === 'none') continue;
        if (command.department !== departmentFor(before.businessArea)(CX097_V4)) expect(events[0]!.data).toMatchObject({ overrideReason: command.overrideReason });
      }
    });

    it.prop([lifecycles])('never decides a command to an empty list of events', (commands) => {
      for (const { events } of run(commands).steps) expect(events.length).toBeGreaterThan(0);
    });

    it.prop([lifecycles])('refuses to receive again or acknowledge again once done, whatever happened', (commands) => {
      const { steps, state } = run(commands);
      const acknowledged = steps.find((s) => s.command.type === 'AcknowledgeComplaint');
      const receive = steps[0]?.command;
      if (receive !== undefined) expect(E.isLeft(complaintDecider.decide(receive, state))).toBe(true);
      if (acknowledged !== undefined && state.status !== 'none' && state.acknowledgedAt !== undefined) {
        expect(E.isLeft(complaintDecider.decide(acknowledged.command, state))).toBe(true);
      }
    });
  });
});
