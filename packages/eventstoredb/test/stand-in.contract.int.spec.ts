import { eventStoreContract } from '@cim-complaints/testing/vitest';
import { standInFixture } from './fixtures.js';

// Real servers advertise BatchAppend, so the client takes that path: the one real traffic takes.
eventStoreContract('eventstoredb via stand-in, BatchAppend', standInFixture());
// Servers before 21.10 lack BatchAppend: the client falls back to Append.
eventStoreContract('eventstoredb via stand-in, Append', standInFixture({ advertiseBatchAppend: false, signalCaughtUp: false }));
