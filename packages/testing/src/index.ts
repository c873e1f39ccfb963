export * from './fixtures.js';
export * from './given-when-then.js';
export * from './arbitraries/time.js';
export * from './arbitraries/index.js';
export * from './arbitraries/history.js';
export * from './laws/read-back.js';
export * from './network.js';
export * from './stores.js';
