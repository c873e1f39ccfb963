export * from './commands.js';
export * from './odd-commands.js';
