// The list of test projects: one per package. Vitest 4 no longer reads this file by itself;
// vitest.config.ts imports it (docs/architecture.md, Toolchain).
import { readdirSync, existsSync } from 'node:fs';

const packageNames = readdirSync(new URL('./packages/', import.meta.url), { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(new URL(`./packages/${d.name}/package.json`, import.meta.url)))
  .map((d) => d.name);

export const projects = [
  ...packageNames.map((name) => ({
    extends: true as const,
    test: {
      name,
      root: `packages/${name}`,
      include: ['src/**/*.spec.ts', 'test/**/*.spec.ts'],
    },
  })),
  // the examples' own tests (each runs its example as an embedder would)
  {
    extends: true as const,
    test: { name: 'examples', root: 'examples', include: ['*/*.spec.ts', '*/test/**/*.spec.ts'] },
  },
];

export default projects;
