import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CheckpointStore, StoreError } from '@cim-complaints/core';
import type * as TE from 'fp-ts/lib/TaskEither.js';
import type pg from 'pg';
import { createProjectionRunner, type Projection } from '@cim-complaints/projections';
import { createPostgresCheckpointStore, type PostgresEventStore } from '../src/index.js';
import { batch, freshSchema, left, openStore, right, withServer, type TestSchema } from './support.js';

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

withServer(describe)('PostgreSQL checkpoint store', () => {
  let test: TestSchema;
  let store: PostgresEventStore;

  beforeEach(async () => {
    test = freshSchema('checkpoints');
    store = await openStore({ connectionString: test.url, pollIntervalMs: 50 });
  });
  afterEach(async () => {
    await store.close();
    await test.drop();
  });

  describe('when used by the projection runner', () => {
    it('resumes after a restart from the checkpoint in the database, counting each event once', async () => {
      const checkpoints: CheckpointStore = createPostgresCheckpointStore(store, { clock: () => '2025-03-03T12:00:00Z' });
      right(await store.appendToStream('complaint-c-1', 'no-stream', batch('c-1', 'cmd-1', 3))());
      const last = right(await store.appendToStream('complaint-c-2', 'no-stream', batch('c-2', 'cmd-2', 2))()).position;
      const first = createProjectionRunner({ store, projections: [counting], checkpoints });
      right(await first.start());
      right(await first.caughtUp());
      await first.stop();
      expect(await ok(checkpoints.load('counting.v1'))).toEqual({ position: last, state: { events: 5, streams: ['complaint-c-1', 'complaint-c-2'] } });
      // A marked state at the same position: the second runner must start from it, not from scratch.
      await ok(checkpoints.save('counting.v1', last, { events: 1000, streams: ['complaint-c-1', 'complaint-c-2'] }));
      await store.close();

      store = await openStore({ connectionString: test.url, pollIntervalMs: 50 });
      const next = right(await store.appendToStream('complaint-c-1', 2, batch('c-1', 'cmd-3', 2))()).position;
      const second = createProjectionRunner({ store, projections: [counting], checkpoints: createPostgresCheckpointStore(store) });
      right(await second.start());
      right(await second.caughtUp());
      await second.stop();
      const expected = { position: next, state: { events: 1002, streams: ['complaint-c-1', 'complaint-c-2'] } };
      expect(second.state(counting)).toEqual(expected);
      expect(await ok(createPostgresCheckpointStore(store).load('counting.v1'))).toEqual(expected);
    });
  });

  describe('when saving and loading', () => {
    it('keeps 64-bit positions and JSON state, and has nothing under an unknown key', async () => {
      const checkpoints = createPostgresCheckpointStore(store);
      expect(await ok(checkpoints.load('missing.v1'))).toBeUndefined();
      await ok(checkpoints.save('big.v1', 2n ** 63n - 1n, { nested: [1, 'two', null] }));
      expect(await ok(checkpoints.load('big.v1'))).toEqual({ position: 2n ** 63n - 1n, state: { nested: [1, 'two', null] } });
      await ok(checkpoints.save('big.v1', 5n, { rebuilt: true }));
      expect(await ok(checkpoints.load('big.v1'))).toEqual({ position: 5n, state: { rebuilt: true } });
      await ok(checkpoints.remove('big.v1'));
      expect(await ok(checkpoints.load('big.v1'))).toBeUndefined();
    });

    it('refuses a state JSON cannot hold, writing nothing', async () => {
      const checkpoints = createPostgresCheckpointStore(store);
      expect((await rejection(checkpoints.save('bad.v1', 1n, { n: 1n }))).kind).toBe('invalid-write');
      expect(await ok(checkpoints.load('bad.v1'))).toBeUndefined();
    });

    it('rejects a row without state, naming it', async () => {
      await test.admin.query(`INSERT INTO "${test.schema}".projections (name, position, state) VALUES ('bad.v1', 12, NULL)`);
      const error = await rejection(createPostgresCheckpointStore(store).load('bad.v1'));
      expect(error).toMatchObject({ kind: 'decode-failed' });
      expect(error.message).toContain('bad.v1');
    });
  });

  describe('when a read model lives in its own table of the same database', () => {
    const setup = async () => {
      await test.admin.query(`CREATE TABLE IF NOT EXISTS "${test.schema}".letters (event_id text PRIMARY KEY, stream_id text NOT NULL)`);
      const insert = (client: pg.ClientBase, id: string) => client.query(`INSERT INTO "${test.schema}".letters (event_id, stream_id) VALUES ($1, 'complaint-c-1')`, [id]);
      const count = async () => (await test.admin.query<{ n: number }>(`SELECT count(*)::int AS n FROM "${test.schema}".letters`)).rows[0]!.n;
      return { checkpoints: createPostgresCheckpointStore(store), insert, count };
    };

    it('commits the rows and the checkpoint together', async () => {
      const { checkpoints, insert, count } = await setup();
      await ok(checkpoints.saveWith('letters.v1', 1n, null, (client) => insert(client, 'e-1')));
      expect(await count()).toBe(1);
      expect(await ok(checkpoints.load('letters.v1'))).toEqual({ position: 1n, state: null });
    });

    it('writes neither when the read-model writer fails part way', async () => {
      const { checkpoints, insert, count } = await setup();
      const error = await rejection(
        checkpoints.saveWith('letters.v1', 1n, null, async (client) => {
          await insert(client, 'e-1');
          await insert(client, 'e-1');
        }),
      );
      expect(error.kind).toBe('invalid-write');
      expect(await count()).toBe(0);
      expect(await ok(checkpoints.load('letters.v1'))).toBeUndefined();
    });

    it('refuses a position already applied, so two runners cannot apply an event twice', async () => {
      const { checkpoints, insert, count } = await setup();
      // two runners at once: the key's lock makes one wait for the other, which then sees the position taken
      const results = await Promise.all(
        ['a', 'b'].map((runner) => checkpoints.saveWith('letters.v1', 2n, null, (client) => insert(client, `e-2-${runner}`))()),
      );
      expect(results.filter((r) => r._tag === 'Right')).toHaveLength(1);
      expect(results.filter((r) => r._tag === 'Left').map((r) => (r as { left: StoreError }).left.kind)).toEqual(['conflict']);
      expect(await count()).toBe(1);
      expect((await ok(checkpoints.load('letters.v1')))?.position).toBe(2n);
    });

    it('resets the table and the checkpoint together for a rebuild', async () => {
      const { checkpoints, insert, count } = await setup();
      await ok(checkpoints.saveWith('letters.v1', 3n, null, (client) => insert(client, 'e-3')));
      await ok(checkpoints.reset('letters.v1', (client) => client.query(`DELETE FROM "${test.schema}".letters`)));
      expect(await count()).toBe(0);
      expect(await ok(checkpoints.load('letters.v1'))).toBeUndefined();
      await ok(checkpoints.saveWith('letters.v1', 1n, null, (client) => insert(client, 'e-1')));
      expect(await count()).toBe(1);
    });
  });
});
