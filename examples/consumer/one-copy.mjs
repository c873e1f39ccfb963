// Checks that every package loads the consumer's own copy of what it shares (core, fp-ts, io-ts:
// peer dependencies), so values such as fp-ts's `Either` mean the same everywhere. Prints the
// packages that load another copy, as JSON; exit 1 when there is any.
import { readFileSync, realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const where = (req, name) => realpathSync(dirname(req.resolve(`${name}/package.json`)));
const shared = ['@cim-complaints/core', 'fp-ts', 'io-ts'];
const own = Object.fromEntries(shared.map((name) => [name, where(require, name)]));
const packages = JSON.parse(readFileSync(new URL('./packages.json', import.meta.url), 'utf8')).filter((name) => name.split('/').length === 2);
const other = [];
for (const name of packages) {
  const dir = where(require, name);
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  const theirs = createRequire(join(dir, 'package.json'));
  for (const dep of shared) {
    const declared = { ...manifest.dependencies, ...manifest.peerDependencies }[dep] !== undefined;
    if (declared && where(theirs, dep) !== own[dep]) other.push({ package: name, loads: dep, from: where(theirs, dep), consumer: own[dep] });
  }
}
console.log(JSON.stringify(other));
process.exitCode = other.length === 0 ? 0 : 1;
