export * from './event-store-contract.js';
export { envelopesFor, uniqueIds, waitFor, CONTRACT_NOW } from './support.js';
export * from './key-store-contract.js';
