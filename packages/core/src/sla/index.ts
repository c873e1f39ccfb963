export * from './errors.js';
export * from './deadline.js';
export * from './facts.js';
export * from './evaluate.js';
