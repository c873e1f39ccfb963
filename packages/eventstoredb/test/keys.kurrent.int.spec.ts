import { describe, expect, it } from 'vitest';
import * as E from 'fp-ts/lib/Either.js';
import { subjectOf } from '@cim-complaints/core';
import { keyStoreContract } from '@cim-complaints/testing/vitest';
import { createEventStoreDbKeyStore } from '../src/index.js';
import { clientFor, storeOn } from './fixtures.js';
import { StandInEventStoreServer } from './stand-in-server/stand-in-server.js';

// The key-store contract through the Kurrent client (kurrentdb://): the package index's key store
// hands the expected revision to that client as streamState, which it reads instead of expectedRevision.
keyStoreContract('eventstoredb via stand-in, Kurrent client', async () => {
  const server = await StandInEventStoreServer.start({ client: 'kurrentdb' });
  const client = clientFor(server.connectionString);
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

describe('the EventStoreDB key store on the Kurrent client', () => {
  it('makes one key when writers race for a new subject: the no-stream expectation reaches the server', async () => {
    const server = await StandInEventStoreServer.start({ client: 'kurrentdb' });
    const client = clientFor(server.connectionString);
    try {
      const subject = subjectOf('c-race');
      const made = await Promise.all(Array.from({ length: 5 }, () => createEventStoreDbKeyStore({ client }).keyFor(subject)()));
      const keys = made.map((k) => (E.isRight(k) ? Buffer.from(k.right).toString('base64') : `failed: ${k.left.message}`));
      expect(new Set(keys).size).toBe(1);
      const stored = [];
      for await (const e of client.readStream(`cim-keys-${subject}`)) stored.push(e.event?.type);
      expect(stored).toEqual(['SubjectKeyCreated']);
    } finally {
      await client.dispose();
      await server.stop();
    }
  });
});
