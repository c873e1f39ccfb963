// This suite run on its own (`pnpm start` in this folder), against the built packages as an outside
// system would; from the repository root the 'examples' project runs the same files.
import { defineConfig } from 'vitest/config';

export default defineConfig({ test: { include: ['test/**/*.spec.ts'], testTimeout: 30_000 } });
