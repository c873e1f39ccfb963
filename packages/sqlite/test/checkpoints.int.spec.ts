import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as fc from 'fast-check';
import type { CheckpointStore, StoreError } from '@cim-complaints/core';
import type * as TE from 'fp-ts/lib/TaskEither.js';
import type { Projection } from '@cim-complaints/projections';
import { createProjectionRunner } from '@cim-complaints/projections';
import { createSqliteCheckpointStore, type SqliteEventStore } from '../src/index.js';
import { batch, left, openStore, right, tempDir } from './support.js';

const counting: Projection<{ events: number; streams: string[] }> = {
  name: 'counting',
  version: 1,
  initial: { events: 0, streams: [] },
  apply: (state, event) => ({
    events: state.events + 1,
    streams: state.streams.includes(event.streamId) ? state.streams : [...state.streams, event.streamId],
  }),
};

const rejection = async (task: TE.TaskEither<StoreError, unknown>): Promise<StoreError> => left(await task());
const ok = async <A>(task: TE.TaskEither<StoreError, A>): Promise<A> => right(await task());

describe('SQLite checkpoint store', () => {
  let temp: ReturnType<typeof tempDir>;
  let store: SqliteEventStore;

  beforeEach(() => {
    temp = tempDir();
    store = openStore({ path: temp.file(), pollIntervalMs: 20 });
  });
  afterEach(async () => {
    await store.close();
    temp.cleanup();
  });

  describe('when used by the projection runner', () => {
    it('resumes after a restart from the checkpoint in the file, counting each event once', async () => {
      const checkpoints: CheckpointStore = createSqliteCheckpointStore(store, { clock: () => '2025-03-03T12:00:00Z' });
      right(await store.appendToStream('complaint-c-1', 'no-stream', batch('c-1', 'cmd-1', 3))());
      right(await store.appendToStream('complaint-c-2', 'no-stream', batch('c-2', 'cmd-2', 2))());
      const first = createProjectionRunner({ store, projections: [counting], checkpoints });
      right(await first.start());
      right(await first.caughtUp());
      await first.stop();
      expect(await ok(checkpoints.load('counting.v1'))).toEqual({ position: 5n, state: { events: 5, streams: ['complaint-c-1', 'complaint-c-2'] } });
      // A marked state at the same position: the second runner must start from it, not from scratch.
      await ok(checkpoints.save('counting.v1', 5n, { events: 1000, streams: ['complaint-c-1', 'complaint-c-2'] }));
      await store.close();

      store = openStore({ path: temp.file(), pollIntervalMs: 20 });
      right(await store.appendToStream('complaint-c-1', 2, batch('c-1', 'cmd-3', 2))());
      const second = createProjectionRunner({ store, projections: [counting], checkpoints: createSqliteCheckpointStore(store) });
      right(await second.start());
      right(await second.caughtUp());
      await second.stop();
      const expected = { position: 7n, state: { events: 1002, streams: ['complaint-c-1', 'complaint-c-2'] } };
      expect(second.state(counting)).toEqual(expected);
      expect(await ok(createSqliteCheckpointStore(store).load('counting.v1'))).toEqual(expected);
    });
  });

  describe('when saving and loading', () => {
    it('keeps 64-bit positions and JSON state, and has nothing under an unknown key', async () => {
      const checkpoints = createSqliteCheckpointStore(store);
      expect(await ok(checkpoints.load('missing.v1'))).toBeUndefined();
      await ok(checkpoints.save('big.v1', 2n ** 63n - 1n, { nested: [1, 'two', null] }));
      expect(await ok(checkpoints.load('big.v1'))).toEqual({ position: 2n ** 63n - 1n, state: { nested: [1, 'two', null] } });
      await ok(checkpoints.save('big.v1', 5n, { rebuilt: true }));
      expect(await ok(checkpoints.load('big.v1'))).toEqual({ position: 5n, state: { rebuilt: true } });
    });

    it('reads back any text a state holds, ASCII or not, exactly', async () => {
      const checkpoints = createSqliteCheckpointStore(store);
      await fc.assert(
        fc.asyncProperty(fc.string({ unit: fc.constantFrom('a', '"', '\\', 'é', '’', '£', '😀', '\u0000', '\u007f', '\u0080', '\n') as fc.Arbitrary<string>, maxLength: 30 }), async (text) => {
          await ok(checkpoints.save('text.v1', 1n, { text, list: [text] }));
          expect(await ok(checkpoints.load('text.v1'))).toEqual({ position: 1n, state: { text, list: [text] } });
        }),
        { numRuns: 60 },
      );
    });

    it('rejects a row that does not decode, naming it', async () => {
      store.database.prepare("INSERT INTO projections (name, position, state) VALUES ('bad.v1', '12', '{not json')").run();
      const error = await rejection(createSqliteCheckpointStore(store).load('bad.v1'));
      expect(error).toMatchObject({ kind: 'decode-failed' });
      expect(error.message).toContain('bad.v1');
      expect(error.message).not.toContain('not json');
    });
  });

  describe('when a read model lives in its own table of the same file', () => {
    const setup = () => {
      store.database.exec('CREATE TABLE IF NOT EXISTS letters (event_id TEXT PRIMARY KEY, stream_id TEXT NOT NULL)');
      const insert = store.database.prepare('INSERT INTO letters (event_id, stream_id) VALUES (?, ?)');
      const count = () => store.database.prepare('SELECT COUNT(*) FROM letters').pluck().get() as number;
      return { checkpoints: createSqliteCheckpointStore(store), insert, count };
    };

    it('commits the rows and the checkpoint together', async () => {
      const { checkpoints, insert, count } = setup();
      await ok(checkpoints.saveWith('letters.v1', 1n, null, () => void insert.run('e-1', 'complaint-c-1')));
      expect(count()).toBe(1);
      expect(await ok(checkpoints.load('letters.v1'))).toEqual({ position: 1n, state: null });
    });

    it('writes neither when the read-model writer fails part way', async () => {
      const { checkpoints, insert, count } = setup();
      const error = await rejection(
        checkpoints.saveWith('letters.v1', 1n, null, () => {
          insert.run('e-1', 'complaint-c-1');
          insert.run('e-1', 'complaint-c-1');
        }),
      );
      expect(error.kind).toBe('invalid-write');
      expect(count()).toBe(0);
      expect(await ok(checkpoints.load('letters.v1'))).toBeUndefined();
    });

    it('refuses a position already applied, so a second runner cannot apply an event twice', async () => {
      const { checkpoints, insert, count } = setup();
      await ok(checkpoints.saveWith('letters.v1', 2n, null, () => void insert.run('e-2', 'complaint-c-1')));
      const error = await rejection(checkpoints.saveWith('letters.v1', 2n, null, () => void insert.run('e-2-again', 'complaint-c-1')));
      expect(error.kind).toBe('conflict');
      expect(count()).toBe(1);
      expect((await ok(checkpoints.load('letters.v1')))?.position).toBe(2n);
    });

    it('compares only the saved position: a position that is not one is refused, a state it replaces is not read', async () => {
      const { checkpoints, insert, count } = setup();
      store.database.prepare("INSERT INTO projections (name, position, state) VALUES ('letters.v1', 'five', '{}')").run();
      expect(await rejection(checkpoints.saveWith('letters.v1', 6n, null, () => void insert.run('e-6', 'complaint-c-1')))).toMatchObject({ kind: 'decode-failed' });
      expect(count()).toBe(0);
      store.database.prepare("UPDATE projections SET position = '5', state = '{not json' WHERE name = 'letters.v1'").run();
      expect(await rejection(checkpoints.saveWith('letters.v1', 5n, null, () => void insert.run('e-5', 'complaint-c-1')))).toMatchObject({ kind: 'conflict' });
      expect(count()).toBe(0);
      await ok(checkpoints.saveWith('letters.v1', 6n, { letters: 1 }, () => void insert.run('e-6', 'complaint-c-1')));
      expect(count()).toBe(1);
      expect(await ok(checkpoints.load('letters.v1'))).toEqual({ position: 6n, state: { letters: 1 } });
    });

    it('resets the table and the checkpoint together for a rebuild', async () => {
      const { checkpoints, insert, count } = setup();
      await ok(checkpoints.saveWith('letters.v1', 3n, null, () => void insert.run('e-3', 'complaint-c-1')));
      await ok(checkpoints.reset('letters.v1', (db) => db.exec('DELETE FROM letters')));
      expect(count()).toBe(0);
      expect(await ok(checkpoints.load('letters.v1'))).toBeUndefined();
      await ok(checkpoints.saveWith('letters.v1', 1n, null, () => void insert.run('e-1', 'complaint-c-1')));
      expect(count()).toBe(1);
    });
  });
});
