import { describe, it } from 'vitest';
import { eventStoreContract } from '@cim-complaints/testing/vitest';
import { liveFixture } from './fixtures.js';

const connectionString = process.env.EVENTSTORE_CONNECTION_STRING;

if (connectionString === undefined || connectionString === '') {
  describe('EventStore contract [eventstoredb live]', () => {
    it.skip('needs EVENTSTORE_CONNECTION_STRING (e.g. esdb://localhost:2113?tls=false); see docs/eventstoredb.md', () => undefined);
  });
  console.log('contract suite [eventstoredb live]: skipped (EVENTSTORE_CONNECTION_STRING is not set)');
} else {
  eventStoreContract('eventstoredb live', liveFixture(connectionString), { waitMs: 20_000 });
}
