import { defineConfig } from 'tsup';

const common = {
  dts: { compilerOptions: { composite: false } },
  sourcemap: true,
  target: 'node20',
} as const;

export default defineConfig([
  // Framework-agnostic helpers: ESM and CommonJS.
  { ...common, entry: ['src/index.ts'], format: ['esm', 'cjs'], clean: true },
  // Suites that register vitest tests: vitest is ESM-only, so this entry is too.
  { ...common, entry: ['src/vitest.ts'], format: ['esm'] },
]);
