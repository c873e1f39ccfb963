import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';
import { projects } from './vitest.workspace.ts';

// Tests run against sources: each package's `exports` has a `source` condition.
const conditions = ['source', 'module', 'node', 'import', 'default'];

export default defineConfig({
  resolve: {
    conditions,
    // Core's own specs use the testing kit, which depends on core: an alias, not a package cycle.
    alias: [
      { find: /^@cim-complaints\/testing$/, replacement: fileURLToPath(new URL('./packages/testing/src/index.ts', import.meta.url)) },
      { find: /^@cim-complaints\/testing\/vitest$/, replacement: fileURLToPath(new URL('./packages/testing/src/vitest.ts', import.meta.url)) },
    ],
  },
  // Vitest hands the SSR conditions to Node as --conditions for external packages too, where
  // `import` or `module` would make a CommonJS `require` (pg requiring pg-pool) load ESM.
  ssr: { resolve: { conditions: ['source', 'node', 'default'], externalConditions: ['source'] } },
  test: {
    projects,
    testTimeout: 30_000,
    // each project runs from its package folder, so this is relative to packages/<name>
    benchmark: { include: ['bench/**/*.bench.ts'] },
  },
});
