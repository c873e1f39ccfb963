import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/run.ts', 'src/scale.ts', 'src/postgres.ts'],
  format: ['esm'],
  sourcemap: true,
  silent: true,
  clean: true,
  target: 'node20',
});
