import { afterEach, describe, expect, it } from 'vitest';
import { EventStoreDBClient } from '@eventstore/db-client';
import type { RecordedEvent } from '@cim-complaints/core';
import { envelopesFor, waitFor } from '@cim-complaints/testing/vitest';
import * as E from 'fp-ts/lib/Either.js';
import type * as TE from 'fp-ts/lib/TaskEither.js';
import type { StoreError } from '@cim-complaints/core';
import { createEventStoreDbCheckpointStore } from '../src/index.js';
import { storeOn } from './fixtures.js';
import { StandInEventStoreServer } from './stand-in-server/stand-in-server.js';

const ok = async <A>(task: TE.TaskEither<StoreError, A>): Promise<A> => {
  const result = await task();
  if (E.isLeft(result)) throw new Error(`expected success, got ${result.left.kind}: ${result.left.message}`);
  return result.right;
};

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const setup = async () => {
  const server = await StandInEventStoreServer.start();
  const client = EventStoreDBClient.connectionString(server.connectionString);
  cleanups.push(() => server.stop(), () => client.dispose());
  return { server, client };
};

describe('EventStoreDB checkpoint store', () => {
  describe('when nothing was saved', () => {
    it('loads nothing', async () => {
      const { client } = await setup();
      expect(await ok(createEventStoreDbCheckpointStore({ client }).load('received.v1'))).toBeUndefined();
    });
  });

  describe('when checkpoints are saved', () => {
    it('loads the latest position and state, from a new store too', async () => {
      const { client } = await setup();
      const checkpoints = createEventStoreDbCheckpointStore({ client });
      await ok(checkpoints.save('received.v1', 120n, { complaints: { 'c-1': 1 } }));
      await ok(checkpoints.save('received.v1', 18446744073709551000n, { complaints: { 'c-1': 2 } }));
      await ok(checkpoints.save('other.v1', 5n, []));
      expect(await ok(checkpoints.load('received.v1'))).toEqual({ position: 18446744073709551000n, state: { complaints: { 'c-1': 2 } } });
      expect(await ok(createEventStoreDbCheckpointStore({ client }).load('other.v1'))).toEqual({ position: 5n, state: [] });
    });

    it('keeps only the latest: the stream carries $maxCount 1', async () => {
      const { client } = await setup();
      await ok(createEventStoreDbCheckpointStore({ client }).save('received.v1', 1n, {}));
      const { metadata } = await client.getStreamMetadata('cim-checkpoints-received.v1');
      expect(metadata?.maxCount).toBe(1);
    });

    it('never feeds a checkpoint write back into a complaint subscription', async () => {
      const { client } = await setup();
      const store = storeOn({ client });
      const checkpoints = createEventStoreDbCheckpointStore({ client });
      const seen: RecordedEvent[] = [];
      let saves = 0;
      const subscription = store.subscribeToAll({
        onEvent: async (event) => {
          seen.push(event);
          await ok(checkpoints.save('received.v1', event.position, { count: seen.length }));
          saves += 1;
        },
      });
      cleanups.push(() => subscription.close());
      await store.appendToStream('complaint-c-1', 'no-stream', envelopesFor('c-1', 3))();
      await waitFor(() => saves === 3, 5_000, 'three saves');
      await store.appendToStream('complaint-c-2', 'no-stream', envelopesFor('c-2', 1))();
      await waitFor(() => saves === 4, 5_000, 'the fourth save');
      expect(seen.map((e) => e.streamId)).toEqual(['complaint-c-1', 'complaint-c-1', 'complaint-c-1', 'complaint-c-2']);
      expect((await ok(checkpoints.load('received.v1')))?.position).toBe(seen[3]!.position);
    });
  });

  describe('when two runners save the same projection', () => {
    it('refuses the second writer with a conflict', async () => {
      const { client } = await setup();
      const first = createEventStoreDbCheckpointStore({ client });
      const second = createEventStoreDbCheckpointStore({ client });
      await ok(first.save('received.v1', 1n, {}));
      await ok(second.save('received.v1', 2n, {}));
      const failure = await first.save('received.v1', 3n, {})();
      expect(failure).toMatchObject(E.left({ kind: 'conflict' }));
      // It re-reads after a conflict: a later save from the same runner goes through.
      await ok(first.save('received.v1', 4n, {}));
      expect((await ok(second.load('received.v1')))?.position).toBe(4n);
    });
  });

  describe('when configured', () => {
    it('refuses a checkpoint prefix inside the complaint prefix or the system streams, as a value', async () => {
      const client = EventStoreDBClient.connectionString('esdb://127.0.0.1:1?tls=false');
      cleanups.push(() => client.dispose());
      for (const streamPrefix of ['complaint-checkpoints-', '$checkpoints-']) {
        const checkpoints = createEventStoreDbCheckpointStore({ client, streamPrefix });
        expect(await checkpoints.load('received.v1')()).toMatchObject(E.left({ kind: 'invalid-write', message: expect.stringMatching(/outside/) }));
        expect(await checkpoints.save('received.v1', 1n, {})()).toMatchObject(E.left({ kind: 'invalid-write' }));
      }
    });
  });

  describe('when a checkpoint is removed', () => {
    it('loads nothing after, and a later save starts it again', async () => {
      const { client } = await setup();
      const checkpoints = createEventStoreDbCheckpointStore({ client });
      await ok(checkpoints.remove('received.v1'));
      await ok(checkpoints.save('received.v1', 9n, { n: 1 }));
      await ok(checkpoints.remove('received.v1'));
      expect(await ok(checkpoints.load('received.v1'))).toBeUndefined();
      expect(await ok(createEventStoreDbCheckpointStore({ client }).load('received.v1'))).toBeUndefined();
      await ok(checkpoints.save('received.v1', 10n, { n: 2 }));
      expect(await ok(checkpoints.load('received.v1'))).toEqual({ position: 10n, state: { n: 2 } });
    });
  });
});
