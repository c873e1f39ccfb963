/**
 * Hooks for the testing kit (`@cim-complaints/testing`), outside core's root exports: an
 * in-memory store with back doors that plant a raw row and rewrite its rows and anchor, so tests
 * can show how readers meet an event that does not decode and how `verify` meets tampering.
 * Application code has no use for it.
 *
 * @example
 * const { store, appendRaw, rows, rewriteRows } = buildInMemoryEventStore();
 * appendRaw('complaint-c-1', '{"type":"Nope"}');
 * rewriteRows(rows().slice(1)); // the first event removed behind the store's back
 */
export { buildInMemoryEventStore, type InMemoryRow } from './app/in-memory-event-store.js';
