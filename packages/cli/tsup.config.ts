import { defineConfig } from 'tsup';

// The library entry (`@cim-complaints/cli`): its dependencies stay imports, as for every package.
// The `cim-complaints` program is built by tsup.bin.config.ts, after this build has cleaned dist.
export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  dts: { compilerOptions: { composite: false } },
  sourcemap: true,
  // errors still print; the per-file size lines only bury them
  silent: true,
  clean: true,
  target: 'node20',
});
