import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ["src/index.ts"],
  format: ['esm', 'cjs'],
  dts: { compilerOptions: { composite: false } },
  sourcemap: true,
  // errors still print; the per-file size lines only bury them
  silent: true,
  clean: true,
  target: 'node20',
});
