import { defineConfig } from 'tsup';

const common = {
  dts: { compilerOptions: { composite: false } },
  sourcemap: true,
  // errors still print; the per-file size lines only bury them
  silent: true,
  target: 'node20',
} as const;

// No `clean`: the two builds run at once and one would wipe the other's output; the build script empties dist first.
export default defineConfig([
  // Framework-agnostic helpers: ESM and CommonJS.
  { ...common, entry: ['src/index.ts'], format: ['esm', 'cjs'] },
  // Suites that register vitest tests: vitest is ESM-only, so this entry is too.
  { ...common, entry: ['src/vitest.ts'], format: ['esm'] },
]);
