/**
 * The pure core of cim-complaints: the events, commands and deciders of the CIM complaints policy
 * (CX097), its SLA targets and working-day calendars, the store, key-store and checkpoint ports
 * with an in-memory store, the hash chain and `verify`, compliance findings and personal-data sealing.
 * No I/O: stores are adapters in other packages.
 *
 * @module @cim-complaints/core
 */
export * from './shared/codecs.js';
export * from './shared/errors.js';
export * from './shared/limits.js';
export * from './shared/strict.js';
export * from './policy/index.js';
export * from './personal/index.js';
export * from './complaint/index.js';
export * from './app/index.js';
export * from './calendar/index.js';
export * from './sla/index.js';
export * from './compliance/index.js';
