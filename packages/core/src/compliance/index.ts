export * from './findings.js';
export { type CheckedEvent } from './record.js';
export { AFTER_CLOSURE_DECISION_WORKING_DAYS } from './after-closure.js';
export * from './check.js';
