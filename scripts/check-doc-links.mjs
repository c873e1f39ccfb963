/**
 * Every relative link in the Markdown docs (README.md, docs/, each package's and example's
 * README) names a file that exists, the API reference's pages included: run after `typedoc`,
 * so a guide that links to an export that was renamed or removed fails `pnpm test`.
 *
 * @example
 * node scripts/check-doc-links.mjs   // "doc links: 212 relative links in 31 files, all found"
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const inDir = (dir) => (existsSync(join(ROOT, dir)) ? readdirSync(join(ROOT, dir)).map((name) => join(dir, name)) : []);
const files = [
  'README.md',
  ...inDir('docs').filter((f) => f.endsWith('.md')),
  ...['packages', 'examples'].flatMap((dir) => inDir(dir).map((d) => join(d, 'README.md'))),
].filter((f) => existsSync(join(ROOT, f)));

const broken = [];
let links = 0;
for (const file of files) {
  const text = readFileSync(join(ROOT, file), 'utf8').replace(/```[\s\S]*?```/g, '');
  for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
    if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('#')) continue;
    links += 1;
    const path = decodeURIComponent(target.split('#')[0]);
    if (!existsSync(join(ROOT, dirname(file), path))) broken.push(`${file}: ${target}`);
  }
}
if (broken.length > 0) {
  console.error(`doc links: ${broken.length} broken (of ${links}):\n  ${broken.join('\n  ')}${broken.some((b) => b.includes('api/')) ? '\n(api/ links need `pnpm docs:api` first)' : ''}`);
  process.exit(1);
}
console.log(`doc links: ${links} relative links in ${files.length} files, all found`);
