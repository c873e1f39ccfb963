export * from './shared/codecs.js';
export * from './shared/errors.js';
export * from './policy/index.js';
export * from './complaint/index.js';
export * from './app/index.js';
export * from './calendar/index.js';
export * from './sla/index.js';
