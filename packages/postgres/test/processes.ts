// Child Node processes for the multi-process specs (the testing kit's workers): they run the BUILT packages from dist.
import { fileURLToPath } from 'node:url';
import { requireBuilt, startWorker as start, type Worker } from '@cim-complaints/testing';

export type { Worker };

/** Fails early, and says why, when the package was not built (root `pnpm test` builds first). */
export const requireBuild = (): void => requireBuilt(fileURLToPath(new URL('../dist/index.js', import.meta.url)));

/** Starts `node test/workers/<script> ...args` in the package's folder. */
export const startWorker = (script: string, args: readonly string[]): Worker =>
  start(fileURLToPath(new URL(`./workers/${script}`, import.meta.url)), args, fileURLToPath(new URL('..', import.meta.url)));
