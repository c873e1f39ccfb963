import { afterEach, describe, expect, it } from 'vitest';
import { EventStoreDBClient } from '@eventstore/db-client';
import type { RecordedEvent } from '@cim-complaints/core';
import { envelopesFor, waitFor } from '@cim-complaints/testing/vitest';
import { CheckpointStoreError, createEventStoreDbCheckpointStore, createEventStoreDbStore } from '../src/index.js';
import { StandInEventStoreServer } from './stand-in-server/stand-in-server.js';

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
      expect(await createEventStoreDbCheckpointStore({ client }).load('received.v1')).toBeUndefined();
    });
  });

  describe('when checkpoints are saved', () => {
    it('loads the latest position and state, from a new store too', async () => {
      const { client } = await setup();
      const checkpoints = createEventStoreDbCheckpointStore({ client });
      await checkpoints.save('received.v1', 120n, { complaints: { 'c-1': 1 } });
      await checkpoints.save('received.v1', 18446744073709551000n, { complaints: { 'c-1': 2 } });
      await checkpoints.save('other.v1', 5n, []);
      expect(await checkpoints.load('received.v1')).toEqual({ position: 18446744073709551000n, state: { complaints: { 'c-1': 2 } } });
      expect(await createEventStoreDbCheckpointStore({ client }).load('other.v1')).toEqual({ position: 5n, state: [] });
    });

    it('keeps only the latest: the stream carries $maxCount 1', async () => {
      const { client } = await setup();
      await createEventStoreDbCheckpointStore({ client }).save('received.v1', 1n, {});
      const { metadata } = await client.getStreamMetadata('cim-checkpoints-received.v1');
      expect(metadata?.maxCount).toBe(1);
    });

    it('never feeds a checkpoint write back into a complaint subscription', async () => {
      const { client } = await setup();
      const store = createEventStoreDbStore({ client });
      const checkpoints = createEventStoreDbCheckpointStore({ client });
      const seen: RecordedEvent[] = [];
      let saves = 0;
      const subscription = store.subscribeToAll({
        onEvent: async (event) => {
          seen.push(event);
          await checkpoints.save('received.v1', event.position, { count: seen.length });
          saves += 1;
        },
      });
      cleanups.push(() => subscription.close());
      await store.appendToStream('complaint-c-1', 'no-stream', envelopesFor('c-1', 3))();
      await waitFor(() => saves === 3, 5_000, 'three saves');
      await store.appendToStream('complaint-c-2', 'no-stream', envelopesFor('c-2', 1))();
      await waitFor(() => saves === 4, 5_000, 'the fourth save');
      expect(seen.map((e) => e.streamId)).toEqual(['complaint-c-1', 'complaint-c-1', 'complaint-c-1', 'complaint-c-2']);
      expect((await checkpoints.load('received.v1'))?.position).toBe(seen[3]!.position);
    });
  });

  describe('when two runners save the same projection', () => {
    it('refuses the second writer with a conflict', async () => {
      const { client } = await setup();
      const first = createEventStoreDbCheckpointStore({ client });
      const second = createEventStoreDbCheckpointStore({ client });
      await first.save('received.v1', 1n, {});
      await second.save('received.v1', 2n, {});
      const failure = await first.save('received.v1', 3n, {}).then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(failure).toBeInstanceOf(CheckpointStoreError);
      expect((failure as CheckpointStoreError).error.kind).toBe('conflict');
      // It re-reads after a conflict: a later save from the same runner goes through.
      await first.save('received.v1', 4n, {});
      expect((await second.load('received.v1'))?.position).toBe(4n);
    });
  });

  describe('when configured', () => {
    it('refuses a checkpoint prefix inside the complaint prefix or the system streams', () => {
      const client = EventStoreDBClient.connectionString('esdb://127.0.0.1:1?tls=false');
      expect(() => createEventStoreDbCheckpointStore({ client, streamPrefix: 'complaint-checkpoints-' })).toThrow(/outside/);
      expect(() => createEventStoreDbCheckpointStore({ client, streamPrefix: '$checkpoints-' })).toThrow(/outside/);
    });
  });
});
