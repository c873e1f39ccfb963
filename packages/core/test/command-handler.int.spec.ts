import { describe, expect, it } from 'vitest';
import * as E from 'fp-ts/lib/Either.js';
import {
  commandDigest,
  contentDigest,
  createCommandHandler,
  EVENT_SCHEMA_VERSION,
  eventIdFor,
  evolve,
  initialState,
  type ComplaintState,
  type EventStore,
} from '@cim-complaints/core';
import { commands, inMemoryStore } from '@cim-complaints/testing';

const NOW = '2025-06-30T12:00:00Z';
const clock = () => NOW;

const setup = () => {
  const store = inMemoryStore();
  return { store, handle: createCommandHandler({ store, clock }) };
};

const right = <A>(result: E.Either<unknown, A>): A => {
  if (E.isLeft(result)) throw new Error(`expected success, got ${JSON.stringify(result.left)}`);
  return result.right;
};

const streamLength = async (store: EventStore, streamId: string) => right(await store.readStream(streamId)()).events.length;

describe('command handler', () => {
  describe('when a command is new', () => {
    it('writes its events with metadata, deterministic ids and the policy recorded at receipt', async () => {
      const { store, handle } = setup();
      const c = commands('c-1', '2025-06-02T09:00:00+01:00');
      const receive = c.receive({ commandId: 'k-1', correlationId: 'web-form-77' });
      const result = right(await handle(receive)());
      expect(result.nextRevision).toBe(0);
      expect(result.alreadyApplied).toBe(false);
      const [stored] = right(await store.readStream('complaint-c-1')()).events;
      expect(stored!.event.metadata).toEqual({
        eventId: eventIdFor('k-1', 0),
        commandId: 'k-1',
        correlationId: 'web-form-77',
        actor: { id: 'u-quality-1', role: 'quality-and-complaints-manager' },
        occurredAt: '2025-06-02T09:00:00+01:00',
        recordedAt: NOW,
        schemaVersion: EVENT_SCHEMA_VERSION,
        policy: 'CX097-V4',
        commandDigest: commandDigest(receive),
        // the chain: the first event of a stream has no previousDigest
        digest: contentDigest(stored!.event),
      });
      const ack = right(await handle(c.acknowledge())());
      expect(ack.events[0]!.metadata.policy).toBe('CX097-V4');
      expect(ack.events[0]!.metadata.previousDigest).toBe(stored!.event.metadata.digest);
      expect(ack.nextRevision).toBe(1);
    });
  });

  describe('when a command is retried', () => {
    it('returns the original result and writes nothing', async () => {
      const { store, handle } = setup();
      const c = commands('c-1', '2025-06-02T09:00:00Z');
      await handle(c.receive())();
      const first = right(await handle(c.acknowledge({ commandId: 'ack-1' }))());
      await handle(c.assign())();
      const again = right(await handle(c.acknowledge({ commandId: 'ack-1' }))());
      expect(again.alreadyApplied).toBe(true);
      expect(again.events).toEqual(first.events);
      expect(again.nextRevision).toBe(first.nextRevision);
      expect(await streamLength(store, 'complaint-c-1')).toBe(3);
    });

    it('answers a retried receipt that produced two events with both', async () => {
      const { store, handle } = setup();
      const receive = commands('c-1', '2025-06-02T09:00:00Z').receive({ businessArea: 'business-centre', commandId: 'r-1' });
      right(await handle(receive)());
      const again = right(await handle(receive)());
      expect(again.events.map((e) => e.type)).toEqual(['ComplaintReceived', 'ComplaintRedirected']);
      expect(await streamLength(store, 'complaint-c-1')).toBe(2);
    });
  });

  describe('when the input is bad', () => {
    it('names every offending path and writes nothing', async () => {
      const { store, handle } = setup();
      const result = await handle({
        type: 'ReceiveComplaint',
        complaintId: 'c-1',
        commandId: 'k-1',
        at: 'yesterday',
        actor: { id: 'u-1' },
        channel: 'email',
        complainant: { name: '', relationship: 'friend' },
        businessArea: 'membership',
      })();
      expect(E.isLeft(result)).toBe(true);
      const rejection = (result as unknown as E.Left<{ code: string; details: { problems: { path: string }[] } }>).left;
      expect(rejection.code).toBe('invalid-command');
      expect(rejection.details.problems.map((p) => p.path).sort()).toEqual(
        ['actor.role', 'at', 'complainant.name', 'complainant.relationship', 'summary'].sort(),
      );
      expect(await streamLength(store, 'complaint-c-1')).toBe(0);
    });

    it('refuses a command dated in the future of its clock', async () => {
      const { handle } = setup();
      const result = await handle(commands('c-1', '2025-07-01T00:00:00Z').receive())();
      expect(E.isLeft(result) && result.left._tag === 'Rejection' && result.left.code).toBe('command-in-future');
    });

    it('passes a rule’s rejection through and writes nothing', async () => {
      const { store, handle } = setup();
      const c = commands('c-1', '2025-06-02T09:00:00Z');
      await handle(c.receive())();
      const result = await handle(c.close())();
      expect(E.isLeft(result) && result.left._tag === 'Rejection' && result.left.code).toBe('no-response-issued');
      expect(await streamLength(store, 'complaint-c-1')).toBe(1);
    });
  });

  describe('when writers race on one complaint', () => {
    const sortState = (state: ComplaintState) =>
      state.status === 'none'
        ? state
        : {
            ...state,
            updatedAt: undefined,
            correspondence: [...state.correspondence].sort((a, b) => String(a.summary).localeCompare(String(b.summary))),
          };

    it('50 concurrent handlers lose no event and end where a serial run ends', async () => {
      const c = commands('c-1', '2025-06-02T09:00:00Z');
      const receive = c.receive();
      const letters = Array.from({ length: 50 }, (_, i) =>
        c.recordCorrespondence({ commandId: `letter-${i}`, summary: `Letter ${String(i).padStart(2, '0')}`, at: `2025-06-0${3 + (i % 5)}T10:00:00Z` }),
      );

      const concurrent = setup();
      await concurrent.handle(receive)();
      const results = await Promise.all(letters.map((l) => concurrent.handle(l)()));
      expect(results.every(E.isRight)).toBe(true);
      expect(results.some((r) => E.isRight(r) && r.right.attempts > 1)).toBe(true);

      const serial = setup();
      await serial.handle(receive)();
      for (const l of letters) await serial.handle(l)();

      const events = right(await concurrent.store.readStream('complaint-c-1')()).events;
      expect(events).toHaveLength(51);
      expect(new Set(events.map((e) => e.event.metadata.commandId)).size).toBe(51);
      expect(events.map((e) => e.revision)).toEqual(Array.from({ length: 51 }, (_, i) => i));
      const fold = async (store: EventStore) =>
        right(await store.readStream('complaint-c-1')()).events.reduce((s, e) => evolve(s, e.event), initialState);
      expect(sortState(await fold(concurrent.store))).toEqual(sortState(await fold(serial.store)));
    });

    it('gives up after the configured number of conflicting attempts with a conflict error', async () => {
      const store = inMemoryStore();
      // A store where someone else always writes first.
      const contended: EventStore = {
        ...store,
        appendToStream: (streamId, expected) => async () =>
          E.left({ _tag: 'StoreError', kind: 'conflict', message: 'someone else wrote first', streamId, expected, actual: 99 }),
      };
      const handle = createCommandHandler({ store: contended, clock, maxAttempts: 3 });
      const result = await handle(commands('c-1', '2025-06-02T09:00:00Z').receive())();
      expect(E.isLeft(result) && result.left._tag === 'StoreError' && result.left.message).toContain('after 3 conflicting attempts');
    });
  });
});
