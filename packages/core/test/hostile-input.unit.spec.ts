import { describe, expect, it } from 'vitest';
import * as E from 'fp-ts/lib/Either.js';
import {
  Instant,
  createCommandHandler,
  decodeCommand,
  decodeEvent,
  DEFAULT_INPUT_LIMITS,
  encodeForStore,
  toEnvelopes,
  type ComplaintEnvelope,
  type Problem,
} from '@cim-complaints/core';
import { commands, inMemoryStore } from '@cim-complaints/testing';

const NOW = '2025-06-30T12:00:00Z';
const c = commands('c-1', '2025-06-02T09:00:00Z');

const problemsOf = (input: unknown, limits = DEFAULT_INPUT_LIMITS): Problem[] => {
  const decoded = decodeCommand(input, limits);
  if (E.isRight(decoded)) throw new Error('expected the command to be refused');
  return decoded.left;
};
const paths = (input: unknown) => problemsOf(input).map((p) => p.path);

describe('hostile input at the command boundary', () => {
  describe('when a command carries fields it does not define', () => {
    it.each([
      ['actor.password', { ...c.acknowledge(), actor: { id: 'u-1', role: 'staff', password: 'hunter2' } }],
      ['complainant.emial', { ...c.receive(), complainant: { name: 'Alex', relationship: 'member', emial: 'alex@example.org' } }],
      ['studyCentre.secret', { ...c.receive(), businessArea: 'accredited-study-centre', studyCentre: { name: 'ASC', secret: 1 } }],
      ['manager.salary', { ...c.assign(), manager: { id: 'm-1', name: 'Priya', salary: 1 } }],
      ['party.notes', { ...c.authoriseThirdParty(), party: { name: 'Sam', relationship: 'spouse', contact: 'x', notes: 'n' } }],
      ['actions.1.internal', { ...c.issueResponse(), actions: [{ actionId: 'a-1', description: 'd', owner: 'o' }, { actionId: 'a-2', description: 'd', owner: 'o', internal: true }] }],
      ['extra', { ...c.close(), extra: 'top level' }],
    ])('refuses %s, naming its path', (path, input) => {
      expect(paths(input)).toContain(path);
    });

    it('lists the fields the shape does have, so a typo is easy to mend', () => {
      const [problem] = problemsOf({ ...c.receive(), complainant: { name: 'Alex', relationship: 'member', emial: 'a@b' } });
      expect(problem!.message).toMatch(/unknown field .*email/);
    });

    it('reports unknown fields together with the other problems of a bad command', () => {
      expect(paths({ ...c.acknowledge(), at: 'yesterday', actor: { id: 'u', role: 'r', token: 't' } })).toEqual(expect.arrayContaining(['at', 'actor.token']));
    });
  });

  describe('when a number is out of range', () => {
    it.each([Infinity, -Infinity, NaN, -1, 1.5, 2 ** 53])('refuses learnersAffected %s', (n) => {
      expect(paths({ ...c.recordAssessmentFailure(), learnersAffected: n })).toEqual(['learnersAffected']);
    });
    it('refuses 1e309 as JSON parses it', () => {
      expect(paths(JSON.parse(JSON.stringify(c.recordAssessmentFailure()).replace(/}$/, ',"learnersAffected":1e309}')))).toEqual(['learnersAffected']);
    });
    it('accepts a whole number of learners, zero included', () => {
      expect(E.isRight(decodeCommand({ ...c.recordAssessmentFailure(), learnersAffected: 0 }))).toBe(true);
      expect(E.isRight(decodeCommand({ ...c.recordAssessmentFailure(), learnersAffected: 340 }))).toBe(true);
    });
  });

  describe('when an instant has an offset no place uses', () => {
    it.each(['2025-06-02T09:00:00+99:00', '2025-06-02T09:00:00+14:01', '2025-06-02T09:00:00-12:01', '2025-06-02T09:00:00+05:60', '2025-06-02T09:00:00+1500'])(
      'refuses %s',
      (at) => {
        expect(Instant.is(at)).toBe(false);
        expect(paths({ ...c.acknowledge(), at })).toEqual(['at']);
      },
    );
    it.each(['2025-06-02T09:00:00Z', '2025-06-02T09:00:00+14:00', '2025-06-02T09:00:00-12:00', '2025-06-02T09:00:00+05:30', '2025-06-02T09:00:00+0545', '2025-06-02T09:00:00-03'])(
      'accepts %s',
      (at) => {
        expect(Instant.is(at)).toBe(true);
      },
    );
  });

  describe('when a command is too big', () => {
    it('refuses an identifier longer than the limit', () => {
      const [problem] = problemsOf({ ...c.acknowledge(), complaintId: 'c'.repeat(DEFAULT_INPUT_LIMITS.maxIdLength + 1) });
      expect(problem).toMatchObject({ path: 'complaintId', message: expect.stringContaining(`at most ${DEFAULT_INPUT_LIMITS.maxIdLength}`) });
    });
    it.each(['c-1\u0000', 'c-1\n', 'c\u001b[31m', 'c\u0085'])('refuses control characters in an identifier (%j)', (complaintId) => {
      expect(paths({ ...c.acknowledge(), complaintId })).toEqual(['complaintId']);
    });
    it('refuses control characters in nested identifiers too', () => {
      expect(paths({ ...c.acknowledge(), actor: { id: 'u\u0007', role: 'staff' } })).toEqual(['actor.id']);
    });
    it('holds the complaint an escalation names to the identifier limits', () => {
      expect(paths({ ...c.receive(), escalatesFrom: 'c-0\u0000' })).toEqual(['escalatesFrom']);
      expect(paths({ ...c.receive(), escalatesFrom: 'c'.repeat(DEFAULT_INPUT_LIMITS.maxIdLength + 1) })).toEqual(['escalatesFrom']);
    });
    it('refuses a text field longer than the limit, naming it', () => {
      expect(paths({ ...c.receive(), summary: 'x'.repeat(DEFAULT_INPUT_LIMITS.maxTextLength + 1) })).toEqual(['summary']);
    });
    it('refuses more actions than the limit', () => {
      const actions = Array.from({ length: DEFAULT_INPUT_LIMITS.maxItems + 1 }, (_, i) => ({ actionId: `a-${i}`, description: 'd', owner: 'o' }));
      expect(paths({ ...c.issueResponse(), actions })).toEqual(['actions']);
    });
    it('accepts more when the caller raises the limit', () => {
      const summary = 'x'.repeat(DEFAULT_INPUT_LIMITS.maxTextLength + 1);
      expect(E.isRight(decodeCommand({ ...c.receive(), summary }, { ...DEFAULT_INPUT_LIMITS, maxTextLength: 50_000 }))).toBe(true);
    });
    it('keeps text free to hold line breaks and tabs', () => {
      expect(E.isRight(decodeCommand({ ...c.receive(), summary: 'line one\nline two\ttabbed' }))).toBe(true);
    });
  });
});

describe('names that are also JavaScript internals', () => {
  it.each(['__proto__', 'constructor', 'toString', 'hasOwnProperty'])('routes a business area named %s to the default department, as text', async (businessArea) => {
    const store = inMemoryStore();
    const handle = createCommandHandler({ store, clock: () => NOW });
    const received = await handle(c.receive({ businessArea }))();
    expect(E.isRight(received) && typeof received.right.events[0]!.data).toBe('object');
    expect(E.isRight(received) && (received.right.events[0]!.data as { department: unknown }).department).toEqual(expect.any(String));
  });
});

describe('command ids', () => {
  const setup = () => {
    const store = inMemoryStore();
    return { store, handle: createCommandHandler({ store, clock: () => NOW }) };
  };

  describe('when a command id is reused with a different body', () => {
    it('is refused as command-id-reused and nothing is written', async () => {
      const { store, handle } = setup();
      await handle(c.receive({ commandId: 'k-1' }))();
      await handle(c.recordCorrespondence({ commandId: 'k-2', summary: 'First letter' }))();
      const reused = await handle(c.recordCorrespondence({ commandId: 'k-2', summary: 'A different letter' }))();
      expect(reused).toMatchObject(E.left({ _tag: 'Rejection', code: 'command-id-reused' }));
      const read = await store.readStream('complaint-c-1')();
      expect(E.isRight(read) && read.right.events.map((e) => e.event.type)).toEqual(['ComplaintReceived', 'CorrespondenceSent']);
    });

    it('still answers an exact retry as already applied, whatever the order of its fields', async () => {
      const { handle } = setup();
      const receive = c.receive({ commandId: 'k-1' });
      await handle(receive)();
      const reordered = Object.fromEntries(Object.entries(receive).reverse());
      expect(await handle(reordered)()).toMatchObject(E.right({ alreadyApplied: true }));
    });
  });

  describe('when a command id is reused on another complaint', () => {
    it('is refused as command-id-reused naming the complaint that holds it, not as a store error', async () => {
      const { store, handle } = setup();
      await handle(c.receive({ commandId: 'k-1' }))();
      const other = commands('c-2', '2025-06-02T09:00:00Z');
      const reused = await handle(other.receive({ commandId: 'k-1' }))();
      expect(reused).toMatchObject(E.left({ _tag: 'Rejection', code: 'command-id-reused', details: { streamId: 'complaint-c-1' } }));
      const read = await store.readStream('complaint-c-2')();
      expect(E.isRight(read) && read.right.revision).toBe('no-stream');
    });
  });
});

describe('stored events', () => {
  const envelopeWith = (data: Record<string, unknown>): ComplaintEnvelope[] =>
    toEnvelopes(c.recordAssessmentFailure(), [{ type: 'AssessmentFailureIdentified', data: { complaintId: 'c-1', at: '2025-06-02T09:00:00Z', failureId: 'af-1', assessment: 'a', description: 'd', ...data } } as never], {
      recordedAt: NOW,
      policy: 'CX097-V4',
    });

  describe('when an event would not read back as written', () => {
    it.each([
      ['an infinite number', { learnersAffected: Infinity }],
      ['an unknown field', { extra: 'dropped on read' }],
      ['a field JSON cannot hold', { learnersAffected: 10n }],
    ])('refuses %s before writing', (_what, data) => {
      const encoded = encodeForStore('complaint-c-1', envelopeWith(data));
      expect(encoded).toMatchObject(E.left({ kind: 'invalid-write', streamId: 'complaint-c-1' }));
    });

    it('is refused by the in-memory store, which then holds nothing', async () => {
      const store = inMemoryStore();
      const appended = await store.appendToStream('complaint-c-1', 'any', envelopeWith({ learnersAffected: Infinity }))();
      expect(appended).toMatchObject(E.left({ kind: 'invalid-write' }));
      const page = await store.readAll()();
      expect(E.isRight(page) && page.right.events).toEqual([]);
    });
  });

  describe('when a stored event does not decode', () => {
    it('names the path and what was expected, never the stored value', () => {
      const [event] = envelopeWith({ learnersAffected: 3 });
      const tampered = { ...event!, data: { ...event!.data, assessment: 42, description: 'alex.morgan@example.org' }, metadata: { ...event!.metadata, actor: { id: 'Alex Morgan', role: 7 } } };
      const decoded = decodeEvent(JSON.parse(JSON.stringify(tampered)), { showValues: false });
      expect(E.isLeft(decoded)).toBe(true);
      const text = JSON.stringify(E.isLeft(decoded) ? decoded.left : []);
      expect(text).toContain('data.assessment');
      expect(text).toContain('metadata.actor.role');
      expect(text).not.toContain('42');
      expect(text).not.toContain('Alex');
    });
  });
});
