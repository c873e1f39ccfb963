import { eventStoreContract } from '@cim-complaints/testing/vitest';
import { databaseUrl, freshSchema, openStore } from './support.js';

// The shared EventStore contract, each test in a fresh schema of the DATABASE_URL database.
eventStoreContract(
  'postgres',
  async () => {
    const test = freshSchema('contract');
    const store = await openStore({ connectionString: test.url, pollIntervalMs: 50, poolSize: 4 });
    return {
      store,
      // Behind the codec's back: an event of an unknown type.
      plantUndecodableEvent: async (streamId) => {
        await test.admin.query(
          `INSERT INTO "${test.schema}".events (stream_id, revision, event_id, type, data, metadata, recorded_at)
           SELECT $1, COALESCE(MAX(revision) + 1, 0), 'planted-' || $1, 'Nope', '{"not":"an event"}', '{}', '2025-06-30T12:00:00Z'
           FROM "${test.schema}".events WHERE stream_id = $1`,
          [streamId],
        );
      },
      teardown: async () => {
        await store.close();
        await test.drop();
      },
    };
  },
  databaseUrl === undefined ? { skip: 'no DATABASE_URL' } : {},
);
