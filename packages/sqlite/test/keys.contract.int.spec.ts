import { readFileSync, existsSync, copyFileSync, statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as E from 'fp-ts/lib/Either.js';
import { createCommandHandler, protectPersonalData, streamIdOf, subjectOf, type ComplaintEnvelope } from '@cim-complaints/core';
import { commands } from '@cim-complaints/testing';
import { everyPersonalFieldCommands, keyStoreContract, PERSONAL_TEXTS } from '@cim-complaints/testing/vitest';
import { createSqliteKeyStore } from '../src/index.js';
import { openStore, right, tempDir } from './support.js';

const openKeys = (path: string) => right(createSqliteKeyStore({ path }));

// The shared key-store contract, each test on fresh files: the keys, and an event store beside them.
keyStoreContract('sqlite', async () => {
  const temp = tempDir();
  const keys = openKeys(temp.file('x.keys.db'));
  const events = openStore({ path: temp.file('x.db') });
  return {
    keys,
    events,
    reopen: async () => {
      await keys.close();
      return openKeys(temp.file('x.keys.db'));
    },
    teardown: async () => {
      await keys.close();
      await events.close();
      temp.cleanup();
    },
  };
});

const bytesOf = (path: string): Buffer => (existsSync(path) ? readFileSync(path) : Buffer.alloc(0));

describe('the SQLite key store', () => {
  it('creates its file readable only by its owner, and refuses an event store as a key file', async () => {
    const temp = tempDir();
    const keys = openKeys(temp.file('k.db'));
    expect(statSync(temp.file('k.db')).mode & 0o777).toBe(0o600);
    await keys.close();
    const events = openStore({ path: temp.file('x.db') });
    await events.close();
    const wrong = createSqliteKeyStore({ path: temp.file('x.db') });
    expect(E.isLeft(wrong) && wrong.left.kind).toBe('invalid-argument');
    temp.cleanup();
  });

  describe('when a subject is erased', () => {
    it('leaves no byte of the key in the key file, nor any journal beside it', async () => {
      const temp = tempDir();
      const path = temp.file('k.db');
      const keys = openKeys(path);
      const subject = subjectOf('CIM-2025-0001');
      const key = Buffer.from(right(await keys.keyFor(subject)()));
      right(await keys.keyFor(subjectOf('CIM-2025-0002'))());
      expect(bytesOf(path).includes(key)).toBe(true);
      right(await keys.eraseKey(subject)());
      await keys.close();
      for (const file of [path, `${path}-journal`, `${path}-wal`]) expect(bytesOf(file).includes(key), file).toBe(false);
      temp.cleanup();
    });

    it('restoring the event store from an earlier copy does not bring the data back', async () => {
      const temp = tempDir();
      const events = openStore({ path: temp.file('x.db') });
      const keys = openKeys(temp.file('x.keys.db'));
      const store = protectPersonalData(events, keys);
      const handle = createCommandHandler({ store, clock: () => '2025-06-30T12:00:00Z' });
      for (const command of everyPersonalFieldCommands('c-1')) right(await handle(command)());
      await events.close();
      copyFileSync(temp.file('x.db'), temp.file('backup.db'));
      const reopened = openStore({ path: temp.file('x.db') });
      right(await createCommandHandler({ store: protectPersonalData(reopened, keys), clock: () => '2025-06-30T12:00:00Z' })(commands('c-1').eraseComplainantData({ at: '2025-06-10T09:00:00Z' }))());
      await reopened.close();
      // the backup holds every event as it was before the erasure, sealed; with the key store as it is now, none opens
      const restored = openStore({ path: temp.file('backup.db') });
      const read = right(await protectPersonalData(restored, keys).readStream(streamIdOf('c-1'))()).events.map((e) => e.event);
      expect(read.map((e) => e.type)).not.toContain('ComplainantDataErased');
      const received = read[0] as ComplaintEnvelope;
      expect(received.type === 'ComplaintReceived' && received.data.complainant.name).toMatchObject({ withheld: 'erased' });
      expect(JSON.stringify(read)).not.toContain(PERSONAL_TEXTS.name);
      await restored.close();
      await keys.close();
      temp.cleanup();
    });
  });
});
