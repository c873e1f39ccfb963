/**
 * Hooks for the testing kit (`@cim-complaints/testing`), outside core's root exports: an
 * in-memory store with a back door that plants a raw row, so tests can show how readers meet an
 * event that does not decode. Application code has no use for it.
 *
 * @example
 * const { store, appendRaw } = buildInMemoryEventStore();
 * appendRaw('complaint-c-1', '{"type":"Nope"}');
 */
export { buildInMemoryEventStore } from './app/in-memory-event-store.js';
