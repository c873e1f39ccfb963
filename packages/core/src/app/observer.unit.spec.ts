import { describe, expect, it } from 'vitest';
import * as E from 'fp-ts/lib/Either.js';
import * as TE from 'fp-ts/lib/TaskEither.js';
import { commands, inMemoryStore } from '@cim-complaints/testing';
import { createCommandHandler } from './command-handler.js';
import { storeError, type EventStore } from './event-store.js';
import { combineObservers, observeStore, type AppendFinished, type CommandFinished, type CommandStarted, type ComplaintsObserver } from './observer.js';

const NOW = '2025-06-30T12:00:00Z';
const clock = () => NOW;

const right = <A>(result: E.Either<unknown, A>): A => {
  if (E.isLeft(result)) throw new Error(`expected success, got ${JSON.stringify(result.left)}`);
  return result.right;
};

/** An observer that keeps what it is told. */
const recording = () => {
  const started: CommandStarted[] = [];
  const finished: CommandFinished[] = [];
  const appends: AppendFinished[] = [];
  const observer: ComplaintsObserver = {
    commandStarted: (c) => started.push(c),
    commandFinished: (c) => finished.push(c),
    appendFinished: (a) => appends.push(a),
  };
  return { observer, started, finished, appends };
};

/** An observer every hook of which throws, or answers with a promise that rejects. */
const throwing: ComplaintsObserver = {
  commandStarted: () => {
    throw new Error('observer down');
  },
  commandFinished: () => {
    throw new Error('observer down');
  },
  appendFinished: () => {
    throw new Error('observer down');
  },
  projectionProgress: () => {
    throw new Error('observer down');
  },
};
const rejecting = {
  commandStarted: () => Promise.reject(new Error('observer down')),
  commandFinished: () => Promise.reject(new Error('observer down')),
  appendFinished: () => Promise.reject(new Error('observer down')),
} as unknown as ComplaintsObserver;

/** A store on which someone else writes first the next `times` appends. */
const contended = (store: EventStore, times: number): EventStore => {
  let left = times;
  return {
    ...store,
    appendToStream: (streamId, expected, events) => {
      if (left <= 0) return store.appendToStream(streamId, expected, events);
      left -= 1;
      return TE.left(storeError('conflict', 'someone else wrote first', { streamId, expected, actual: 99 }));
    },
  };
};

const c = commands('c-1', '2025-06-02T09:00:00Z');

describe('observer', () => {
  describe('when a command handler has an observer', () => {
    it('tells it when a new command starts and that it was written, with its ids, attempts and duration', async () => {
      const { observer, started, finished } = recording();
      const handle = createCommandHandler({ store: inMemoryStore(), clock, observer });
      right(await handle(c.receive({ commandId: 'k-1' }))());
      expect(started).toEqual([{ commandType: 'ReceiveComplaint', complaintId: 'c-1', commandId: 'k-1', startedAt: expect.any(Number) }]);
      expect(finished).toEqual([
        {
          commandType: 'ReceiveComplaint',
          complaintId: 'c-1',
          commandId: 'k-1',
          startedAt: started[0]!.startedAt,
          outcome: { kind: 'written', eventCount: 1 },
          attempts: 1,
          conflictsRetried: 0,
          durationMs: expect.any(Number),
        },
      ]);
      expect(finished[0]!.durationMs).toBeGreaterThanOrEqual(0);
    });

    it('tells it a retried command was already done', async () => {
      const { observer, finished } = recording();
      const handle = createCommandHandler({ store: inMemoryStore(), clock, observer });
      const receive = c.receive({ commandId: 'k-1' });
      await handle(receive)();
      await handle(receive)();
      expect(finished.map((f) => f.outcome)).toEqual([{ kind: 'written', eventCount: 1 }, { kind: 'already-done' }]);
    });

    it('tells it a rule’s rejection by its code', async () => {
      const { observer, finished } = recording();
      const handle = createCommandHandler({ store: inMemoryStore(), clock, observer });
      await handle(c.receive())();
      await handle(c.close({ commandId: 'close-1' }))();
      expect(finished[1]).toMatchObject({ commandType: 'CloseComplaint', commandId: 'close-1', outcome: { kind: 'rejected', code: 'no-response-issued' }, attempts: 1 });
    });

    it('tells it a command from the future was refused before any attempt', async () => {
      const { observer, finished } = recording();
      const handle = createCommandHandler({ store: inMemoryStore(), clock, observer });
      await handle(commands('c-1', '2025-07-01T00:00:00Z').receive())();
      expect(finished[0]).toMatchObject({ outcome: { kind: 'rejected', code: 'command-in-future' }, attempts: 0, conflictsRetried: 0 });
    });

    it('tells it of input that does not decode by its type when it names a command, and no ids', async () => {
      const { observer, started, finished } = recording();
      const handle = createCommandHandler({ store: inMemoryStore(), clock, observer });
      await handle({ ...c.receive({ commandId: 'k-1' }), at: 'yesterday' })();
      await handle({ type: 'Mystery', complaintId: 'c-1', secret: 'Alex Morgan' })();
      await handle('not even an object')();
      expect(started.map(({ commandType, complaintId, commandId }) => ({ commandType, complaintId, commandId }))).toEqual([
        { commandType: 'ReceiveComplaint', complaintId: undefined, commandId: undefined },
        { commandType: undefined, complaintId: undefined, commandId: undefined },
        { commandType: undefined, complaintId: undefined, commandId: undefined },
      ]);
      expect(finished.map((f) => [f.outcome, f.attempts])).toEqual(Array(3).fill([{ kind: 'rejected', code: 'invalid-command' }, 0]));
    });

    it('counts the conflicts it decided again', async () => {
      const { observer, finished } = recording();
      const handle = createCommandHandler({ store: contended(inMemoryStore(), 2), clock, observer });
      right(await handle(c.receive())());
      expect(finished[0]).toMatchObject({ outcome: { kind: 'written' }, attempts: 3, conflictsRetried: 2 });
    });

    it('tells it a store failure by its kind, a run of conflicts given up included', async () => {
      const { observer, finished } = recording();
      const store = inMemoryStore();
      const unavailable: EventStore = { ...store, readStream: () => TE.left(storeError('unavailable', 'the database at db.internal is down')) };
      await createCommandHandler({ store: unavailable, clock, observer })(c.receive())();
      await createCommandHandler({ store: contended(store, 10), clock, observer, maxAttempts: 3 })(c.receive())();
      expect(finished.map(({ outcome, attempts, conflictsRetried }) => ({ outcome, attempts, conflictsRetried }))).toEqual([
        { outcome: { kind: 'failed', errorKind: 'unavailable' }, attempts: 1, conflictsRetried: 0 },
        { outcome: { kind: 'failed', errorKind: 'conflict' }, attempts: 3, conflictsRetried: 2 },
      ]);
    });

    it('gives it no personal data and no message: ids, types, codes, kinds, counts and times only', async () => {
      const { observer, started, finished, appends } = recording();
      const store = observeStore(inMemoryStore(), observer);
      const handle = createCommandHandler({ store, clock, observer });
      await handle(c.receive())();
      await handle(c.acknowledge())();
      await handle(c.close())();
      await handle({ ...c.receive(), complainant: { name: 'Alex Morgan', email: 'not an email' } })();
      const told = JSON.stringify([started, finished, appends]);
      for (const personal of ['Alex Morgan', 'alex@example.org', 'Membership renewal charged twice', 'not an email']) expect(told).not.toContain(personal);
      const keys = new Set([...started, ...finished, ...appends].flatMap((e) => Object.keys(e)));
      expect([...keys].sort()).toEqual(
        ['attempts', 'commandId', 'commandType', 'complaintId', 'conflictsRetried', 'durationMs', 'eventCount', 'expected', 'outcome', 'startedAt', 'streamId'].sort(),
      );
    });

    it('handles every command as without it when every hook throws or rejects', async () => {
      const steps = [c.receive({ commandId: 'k-1' }), c.acknowledge({ commandId: 'k-2' }), c.close({ commandId: 'k-3' }), c.receive({ commandId: 'k-1' }), { type: 'Nonsense' }];
      for (const observer of [throwing, rejecting]) {
        const store = inMemoryStore();
        const without = createCommandHandler({ store: inMemoryStore(), clock });
        const withIt = createCommandHandler({ store: observeStore(store, observer), clock, observer });
        for (const step of steps) expect(await withIt(step)()).toEqual(await without(step)());
        expect(right(await store.readStream('complaint-c-1')()).events.length).toBe(2);
      }
    });
  });

  describe('when a store is observed', () => {
    it('reports each append with its stream, expected revision, event count, outcome and duration', async () => {
      const { observer, appends } = recording();
      const store = observeStore(inMemoryStore(), observer);
      const handle = createCommandHandler({ store, clock });
      await handle(c.receive())();
      await handle(c.acknowledge())();
      expect(appends).toEqual([
        { streamId: 'complaint-c-1', expected: 'no-stream', eventCount: 1, outcome: { kind: 'appended', nextRevision: 0 }, durationMs: expect.any(Number) },
        { streamId: 'complaint-c-1', expected: 0, eventCount: 1, outcome: { kind: 'appended', nextRevision: 1 }, durationMs: expect.any(Number) },
      ]);
    });

    it('reports a failed append by its error kind and returns the failure unchanged', async () => {
      const { observer, appends } = recording();
      const failure = storeError('unavailable', 'the database is down', { streamId: 'complaint-c-1' });
      const down: EventStore = { ...inMemoryStore(), appendToStream: () => TE.left(failure) };
      const events = right(await createCommandHandler({ store: inMemoryStore(), clock })(c.receive())()).events;
      const failed = await observeStore(down, observer).appendToStream('complaint-c-1', 'no-stream', events)();
      expect(failed).toEqual(E.left(failure));
      expect(appends).toEqual([{ streamId: 'complaint-c-1', expected: 'no-stream', eventCount: 1, outcome: { kind: 'failed', errorKind: 'unavailable' }, durationMs: expect.any(Number) }]);
    });

    it('reports a store that throws as an unknown failure and still throws', async () => {
      const { observer, appends } = recording();
      const broken: EventStore = {
        ...inMemoryStore(),
        appendToStream: () => () => Promise.reject(new Error('driver bug')),
      };
      await expect(observeStore(broken, observer).appendToStream('complaint-c-1', 'no-stream', [])()).rejects.toThrow('driver bug');
      expect(appends.map((a) => a.outcome)).toEqual([{ kind: 'failed', errorKind: 'unknown' }]);
    });

    it('passes every other member through untouched, those it does not know of included', () => {
      const inner = inMemoryStore();
      // a member a later version of the port might add, and one a store adds of its own
      const laterMethod = () => TE.right(undefined);
      const extended = { ...inner, laterMethod, pool: { name: 'theirs' }, close: async () => undefined };
      const observed = observeStore(extended, {});
      expect(Object.keys(observed).sort()).toEqual(Object.keys(extended).sort());
      for (const key of Object.keys(extended) as (keyof typeof extended)[]) {
        if (key !== 'appendToStream') expect(observed[key]).toBe(extended[key]);
      }
      expect(observed.laterMethod).toBe(laterMethod);
      expect(observed.appendToStream).not.toBe(inner.appendToStream);
    });

    it('appends as without it when its hook throws or rejects', async () => {
      for (const observer of [throwing, rejecting]) {
        const inner = inMemoryStore();
        const handle = createCommandHandler({ store: observeStore(inner, observer), clock });
        const written = right(await handle(c.receive())());
        expect(written.nextRevision).toBe(0);
        expect(right(await inner.readStream('complaint-c-1')()).events.map((e) => e.event)).toEqual(written.events);
      }
    });
  });

  describe('when observers are combined', () => {
    it('tells each in turn, past one that throws', async () => {
      const first = recording();
      const last = recording();
      const handle = createCommandHandler({ store: inMemoryStore(), clock, observer: combineObservers(first.observer, throwing, rejecting, last.observer) });
      right(await handle(c.receive())());
      expect(first.finished).toHaveLength(1);
      expect(last.finished).toEqual(first.finished);
      expect(last.started).toEqual(first.started);
    });
  });
});
