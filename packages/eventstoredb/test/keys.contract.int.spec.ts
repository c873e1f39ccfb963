import { EventStoreDBClient } from '@eventstore/db-client';
import { describe, expect, it } from 'vitest';
import { subjectOf } from '@cim-complaints/core';
import { keyStoreContract } from '@cim-complaints/testing/vitest';
import { createEventStoreDbKeyStore, KEY_ERASED_EVENT_TYPE } from '../src/index.js';
import { storeOn } from './fixtures.js';
import { StandInEventStoreServer } from './stand-in-server/stand-in-server.js';

// The shared key-store contract on the stand-in server: the keys in their own streams, the events beside them on the same server.
keyStoreContract('eventstoredb via stand-in', async () => {
  const server = await StandInEventStoreServer.start();
  const client = EventStoreDBClient.connectionString(server.connectionString);
  const keys = createEventStoreDbKeyStore({ client });
  const events = storeOn({ client, ownsClient: false });
  return {
    keys,
    events,
    reopen: async () => createEventStoreDbKeyStore({ client }),
    teardown: async () => {
      await events.close();
      await client.dispose();
      await server.stop();
    },
  };
});

describe('the EventStoreDB key store', () => {
  it("ends an erased subject's stream with its tombstone, and truncates the key before it", async () => {
    const server = await StandInEventStoreServer.start();
    const client = EventStoreDBClient.connectionString(server.connectionString);
    try {
      const keys = createEventStoreDbKeyStore({ client });
      const subject = subjectOf('c-1');
      await keys.keyFor(subject)();
      await keys.eraseKey(subject)();
      const metadata = await client.getStreamMetadata(`cim-keys-${subject}`);
      expect(Number(metadata.metadata?.truncateBefore)).toBe(1);
      expect(metadata.metadata?.maxCount).toBe(1);
      const events = [];
      for await (const e of client.readStream(`cim-keys-${subject}`, { direction: 'backwards', fromRevision: 'end', maxCount: 1 })) events.push(e.event?.type);
      expect(events).toEqual([KEY_ERASED_EVENT_TYPE]);
    } finally {
      await client.dispose();
      await server.stop();
    }
  });

  it('refuses a key stream prefix inside the complaint prefix', async () => {
    const keys = createEventStoreDbKeyStore({ client: {} as EventStoreDBClient, streamPrefix: 'complaint-keys-' });
    const got = await keys.getKey('s')();
    expect(got._tag === 'Left' && got.left.kind).toBe('invalid-argument');
  });
});
