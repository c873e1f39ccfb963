export * from './io.js';
export * from './errors.js';
export * from './options.js';
export * from './program.js';
export * from './commands/calendar-holidays.js';
export * from './commands/deadlines.js';
