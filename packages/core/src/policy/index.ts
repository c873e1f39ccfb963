export * from './policy.js';
export * from './cx097-v4.js';
export * from './registry.js';
