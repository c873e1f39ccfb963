/**
 * The testing kit: command fixtures, given/when/then specs, fast-check arbitraries of commands
 * and histories, the policy laws, and the store and key-store contract suites.
 *
 * @module @cim-complaints/testing
 */
export * from './fixtures.js';
export * from './given-when-then.js';
export * from './arbitraries/time.js';
export * from './arbitraries/index.js';
export * from './arbitraries/history.js';
export * from './laws/read-back.js';
export * from './laws/invariants.js';
export * from './network.js';
export * from './processes.js';
export * from './stores.js';
export * from './laws/tamper.js';
export * from './laws/compliance.js';
