export * from './event-store.js';
export { createInMemoryEventStore } from './in-memory-event-store.js';
export * from './subscription-pump.js';
export * from './command-handler.js';
export * from './stored-event.js';
export * from './command-digest.js';
export * from './checkpoint-store.js';
export * from './chain.js';
export * from './verify.js';
