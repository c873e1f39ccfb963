import { eventStoreContract } from '@cim-complaints/testing/vitest';
import { openStore, tempDir } from './support.js';

// The shared EventStore contract, each test on a fresh file under the OS temp dir.
eventStoreContract('sqlite', async () => {
  const temp = tempDir();
  const store = openStore({ path: temp.file(), pollIntervalMs: 20 });
  const nextRevision = store.database.prepare('SELECT COALESCE(MAX(revision) + 1, 0) FROM events WHERE stream_id = ?').pluck();
  const insert = store.database.prepare(
    "INSERT INTO events (stream_id, revision, event_id, type, data, metadata, recorded_at) VALUES (?, ?, ?, 'Nope', '{not json', '{}', '2025-06-30T12:00:00Z')",
  );
  return {
    store,
    // Behind the codec's back: an unknown type whose data is not even JSON.
    plantUndecodableEvent: async (streamId) => {
      insert.run(streamId, nextRevision.get(streamId), `planted-${streamId}`);
    },
    teardown: async () => {
      await store.close();
      temp.cleanup();
    },
  };
});
