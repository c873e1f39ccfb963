import { defineConfig } from 'vitest/config';
import { projects } from './vitest.workspace';

// Tests run against sources: each package's `exports` has a `source` condition.
const conditions = ['source', 'module', 'node', 'import', 'default'];

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions, externalConditions: ['source'] } },
  test: {
    projects,
    testTimeout: 30_000,
    benchmark: { include: ['packages/*/bench/**/*.bench.ts'] },
  },
});
