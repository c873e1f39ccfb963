#!/usr/bin/env node
/**
 * A consumer of the packages as published: installs the packed tarballs (not workspace links)
 * into a new project outside the workspace, then loads every entry from ESM and from CommonJS,
 * checks each package shares the consumer's copy of core, fp-ts and io-ts, runs the installed
 * `cim-complaints` binary, and type-checks examples/consumer's files and the README example with
 * TypeScript `moduleResolution` node16 and bundler. The project's files are examples/consumer's.
 *
 * pnpm installs from its store (offline when it has everything, which it has after the
 * workspace's own install; better-sqlite3's native build comes from the store's cache of built
 * packages), so the whole check takes a few seconds.
 *
 * @example
 * node scripts/check-packages.mjs          // packs, checks, then runs this
 * node scripts/consumer-test.mjs DIR       // with the tarballs `pnpm pack` left in DIR
 */
import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const TEMPLATE = join(ROOT, 'examples/consumer');
const readJson = (path) => JSON.parse(readFileSync(path, 'utf8'));

/** The environment of the nested install: none of the calling `pnpm run`'s settings, Node headers where Debian has them. */
const installEnv = () => {
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^(npm|pnpm)_/i.test(key)));
  if (existsSync('/usr/include/node/node.h')) env.npm_config_nodedir = '/usr';
  return { ...env, CI: 'true' };
};

/** The version the workspace installs of a third-party package (the pins in its package.json files), else `range`. */
const workspaceVersion = (name, range) => {
  const manifests = [join(ROOT, 'package.json'), ...readdirSync(join(ROOT, 'packages')).map((dir) => join(ROOT, 'packages', dir, 'package.json'))];
  for (const file of manifests.filter(existsSync)) {
    const m = readJson(file);
    const pinned = m.devDependencies?.[name] ?? m.dependencies?.[name];
    if (pinned !== undefined && /^\d/.test(pinned)) return pinned;
  }
  return range;
};

/** The `allowBuilds` block of the workspace's pnpm-workspace.yaml (which dependencies may run build scripts). */
const allowBuilds = () => /^allowBuilds:\n(?:[ \t]+.*\n?)*/m.exec(readFileSync(join(ROOT, 'pnpm-workspace.yaml'), 'utf8'))?.[0] ?? '';

const step = async (label, file, args, cwd) => {
  try {
    return (await run(file, args, { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })).stdout;
  } catch (error) {
    throw new Error(`consumer: ${label} failed (${file} ${args.join(' ')} in ${cwd}):\n${error.stdout ?? ''}${error.stderr ?? error.message}`, { cause: error });
  }
};

/**
 * Installs `tarballs` ({ name, version, file } of each packed package) into `dir/consumer` and
 * runs every check; throws with the failing step's output. Resolves to a one-line summary.
 */
export const consumerTest = async (tarballs, dir) => {
  const started = performance.now();
  const project = join(dir, 'consumer');
  mkdirSync(project, { recursive: true });
  const ours = Object.fromEntries(tarballs.map((t) => [t.name, `file:${t.file}`]));
  const thirdParty = {};
  for (const t of tarballs) {
    const m = readJson(join(ROOT, t.dir, 'package.json'));
    for (const [name, range] of Object.entries(m.peerDependencies ?? {})) if (!(name in ours)) thirdParty[name] = workspaceVersion(name, range);
  }
  for (const name of ['typescript', '@types/node']) thirdParty[name] = workspaceVersion(name, '*');
  writeFileSync(join(project, 'package.json'), `${JSON.stringify({ name: 'cim-complaints-consumer', private: true, dependencies: { ...ours, ...thirdParty } }, null, 2)}\n`);
  // overrides: a package's own `^0.1.0` on another of ours resolves to its tarball too, never the registry
  const overrides = Object.entries(ours).map(([name, spec]) => `  ${JSON.stringify(name)}: ${JSON.stringify(spec)}`);
  writeFileSync(join(project, 'pnpm-workspace.yaml'), `${allowBuilds()}\noverrides:\n${overrides.join('\n')}\n`);
  for (const file of readdirSync(TEMPLATE)) if (file !== 'package.json' && file !== 'node_modules') copyFileSync(join(TEMPLATE, file), join(project, file));
  copyFileSync(join(ROOT, 'examples/readme-embed/index.ts'), join(project, 'readme.mts'));

  const env = installEnv();
  const install = (mode) => run('pnpm', ['install', `--${mode}`, '--no-frozen-lockfile', '--reporter=append-only'], { cwd: project, env, encoding: 'utf8' });
  let how = 'offline';
  try {
    await install('offline');
  } catch {
    how = 'from the registry where the store lacks a package';
    try {
      await install('prefer-offline');
    } catch (error) {
      throw new Error(`consumer: pnpm install failed in ${project}:\n${error.stdout ?? ''}${error.stderr ?? error.message}`, { cause: error });
    }
  }
  const installed = performance.now();

  const node = (label, script) => step(label, process.execPath, [script], project);
  const tsc = (config) => step(`tsc -p ${config}`, process.execPath, [join(project, 'node_modules/typescript/bin/tsc'), '-p', config], project);
  const [esm, cjs, esmOnly, , version, deadlines] = await Promise.all([
    node('ESM imports', 'esm.mjs'),
    node('CommonJS requires', 'cjs.cjs'),
    node('ESM-only entries', 'esm-only.mjs'),
    node('one copy of core, fp-ts and io-ts', 'one-copy.mjs'),
    step('cim-complaints --version', join(project, 'node_modules/.bin/cim-complaints'), ['--version'], project),
    step('cim-complaints deadlines', join(project, 'node_modules/.bin/cim-complaints'), ['deadlines', '--received', '2025-06-07T10:00:00+01:00', '--json'], project),
  ]);
  // node16 also checks every declaration file (ours, and what they import); bundler only how they resolve and read
  await Promise.all([tsc('tsconfig.node16.json'), tsc('tsconfig.bundler.json')]);

  const entries = readJson(join(TEMPLATE, 'packages.json'));
  const [fromEsm, fromCjs, fromEsmOnly] = [esm, cjs, esmOnly].map((text) => JSON.parse(text));
  for (const name of entries) {
    if (!(fromEsm[name]?.length > 0)) throw new Error(`consumer: ${name} has no exports from ESM`);
    if (JSON.stringify(fromCjs[name]) !== JSON.stringify(fromEsm[name])) throw new Error(`consumer: ${name} exports other names from CommonJS than from ESM`);
  }
  if (!(fromEsmOnly['@cim-complaints/testing/vitest']?.length > 0)) throw new Error('consumer: @cim-complaints/testing/vitest has no exports');
  const cli = tarballs.find((t) => t.name === '@cim-complaints/cli');
  if (cli !== undefined && version.trim() !== cli.version) throw new Error(`consumer: cim-complaints --version printed ${JSON.stringify(version)}, not ${cli.version}`);
  if (JSON.parse(deadlines).acknowledgement?.dueDate !== '2025-06-16') throw new Error(`consumer: cim-complaints deadlines printed ${deadlines}`);

  const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;
  return (
    `consumer: ${tarballs.length} tarballs installed with pnpm (${how}) in ${seconds(installed - started)}; ` +
    `${entries.length + 1} entries from ESM and CommonJS, one copy of core/fp-ts/io-ts, the cim-complaints binary, ` +
    `tsc node16 and bundler: ok in ${seconds(performance.now() - started)}`
  );
};

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dir = process.argv[2];
  if (dir === undefined) {
    console.error('usage: node scripts/consumer-test.mjs DIR   (DIR: the tarballs of `pnpm pack`; or run scripts/check-packages.mjs)');
    process.exit(2);
  }
  const tarballs = readdirSync(join(ROOT, 'packages'))
    .map((d) => ({ dir: `packages/${d}`, m: existsSync(join(ROOT, 'packages', d, 'package.json')) ? readJson(join(ROOT, 'packages', d, 'package.json')) : { private: true } }))
    .filter(({ m }) => m.private !== true)
    .map(({ dir: pkgDir, m }) => ({ name: m.name, version: m.version, dir: pkgDir, file: resolve(dir, `${m.name.replace(/^@/, '').replace('/', '-')}-${m.version}.tgz`) }))
    .filter((t) => existsSync(t.file));
  consumerTest(tarballs, resolve(dir)).then(
    (summary) => console.log(summary),
    (error) => {
      console.error(error.message);
      process.exitCode = 1;
    },
  );
}
