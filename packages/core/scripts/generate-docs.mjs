// Rewrites the generated documentation from the built core: `pnpm docs:generate` at the root.
import { writeFileSync } from 'node:fs';
import { renderCatalogue } from '../dist/index.js';

writeFileSync(new URL('../../../docs/event-catalogue.md', import.meta.url), renderCatalogue());
console.log('docs/event-catalogue.md written');
