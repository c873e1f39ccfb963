export * from './commands.js';
export * from './odd-commands.js';
export * from './from-codec.js';
