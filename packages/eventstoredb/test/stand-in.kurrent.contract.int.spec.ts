import { eventStoreContract } from '@cim-complaints/testing/vitest';
import { standInFixture } from './fixtures.js';

// The same suite through the successor client, @kurrent/kurrentdb-client (kurrentdb://). The two
// client packages cannot share a process (both register the same global protobuf classes), so
// this file loads the Kurrent client and a stand-in on its stubs only. Its reads go through the
// client's native bridge, its appends and subscriptions through gRPC-js.
eventStoreContract('eventstoredb via stand-in, Kurrent client, BatchAppend', standInFixture({ client: 'kurrentdb' }));
eventStoreContract('eventstoredb via stand-in, Kurrent client, Append', standInFixture({ client: 'kurrentdb', advertiseBatchAppend: false, signalCaughtUp: false }));
