#!/usr/bin/env node
/**
 * The packages as they will be published, checked after a build (part of `pnpm test`): packs
 * every package that is not private with `pnpm pack` (so `workspace:` ranges become versions),
 * checks what each tarball declares and holds, lints it with publint (warnings fail too) and
 * Are the Types Wrong (every entry under node10, node16 from CommonJS and from ESM, and bundler),
 * then installs the tarballs into a new project and uses them (scripts/consumer-test.mjs).
 *
 * @example
 * pnpm run build && node scripts/check-packages.mjs          // one line per package, then the consumer's
 * node scripts/check-packages.mjs --keep                      // leave the tarballs and the project in a temp folder
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { consumerTest } from './consumer-test.mjs';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(ROOT, 'node_modules/.bin');
const readJson = (path) => JSON.parse(readFileSync(path, 'utf8'));

/**
 * What Are the Types Wrong may report, each with its reason: the vitest suites are ESM only
 * (vitest itself is), so CommonJS and node10 resolution find nothing there, by design.
 */
const EXPECTED_TYPE_PROBLEMS = [
  { package: '@cim-complaints/testing', entrypoint: './vitest', kind: 'NoResolution', resolutionKind: 'node10' },
  { package: '@cim-complaints/testing', entrypoint: './vitest', kind: 'NoResolution', resolutionKind: 'node16-cjs' },
];

/** The packages to publish: every packages/* that is not private. */
const publishedPackages = () =>
  readdirSync(join(ROOT, 'packages'))
    .filter((dir) => existsSync(join(ROOT, 'packages', dir, 'package.json')))
    .map((dir) => ({ dir: `packages/${dir}`, manifest: readJson(join(ROOT, 'packages', dir, 'package.json')) }))
    .filter(({ manifest }) => manifest.private !== true);

/** An `exports` map without the `source` condition (the workspace's own: tests and `tsc -b` read the TypeScript sources). */
const withoutSource = (value) =>
  typeof value === 'object' && value !== null ? Object.fromEntries(Object.entries(value).filter(([k]) => k !== 'source').map(([k, v]) => [k, withoutSource(v)])) : value;

/** What a tarball's package.json must say, and what the tarball must hold and leave out. */
const manifestProblems = (pkg, packed, files) => {
  const problems = [];
  const need = (ok, what) => ok || problems.push(what);
  // publishConfig.exports replaces exports when packed: the workspace's map less `source`, which would send a consumer's tools to .ts files
  need(
    JSON.stringify(packed.exports) === JSON.stringify(withoutSource(pkg.manifest.exports)),
    'publishConfig.exports: the same map as exports, without the source condition',
  );
  need(typeof packed.description === 'string' && packed.description.length > 0, 'a description');
  need(Array.isArray(packed.keywords) && packed.keywords.length > 0, 'keywords');
  need(packed.license === 'MIT', 'license MIT');
  need(packed.engines?.node === readJson(join(ROOT, 'package.json')).engines.node, `engines.node as the root's`);
  need(packed.repository?.type === 'git' && packed.repository?.directory === pkg.dir, `repository { type: git, directory: ${pkg.dir} }`);
  need(packed.publishConfig?.access === 'public', 'publishConfig.access public');
  for (const field of ['dependencies', 'peerDependencies', 'optionalDependencies']) {
    for (const [name, range] of Object.entries(packed[field] ?? {})) {
      need(!range.startsWith('workspace:'), `${field}.${name} without workspace: (${range})`);
      need(!/^\d/.test(range), `${field}.${name} as a range, not the exact version ${range}`);
    }
  }
  for (const file of ['package/LICENSE', 'package/README.md', 'package/CHANGELOG.md']) need(files.includes(file), `${file.slice('package/'.length)} in the tarball`);
  const stray = files.filter((f) => /\.spec\.ts$|\.tsbuildinfo$|\/\.tsbuild\/|\/node_modules\//.test(f));
  need(stray.length === 0, `no tests or build state in the tarball (found ${stray.slice(0, 3).join(', ')})`);
  return problems;
};

/** publint's findings (warnings included) as lines; none when the package is clean. */
const publint = async (tarball) => {
  try {
    await run(join(BIN, 'publint'), ['run', tarball, '--strict'], { encoding: 'utf8' });
    return [];
  } catch (error) {
    return [`publint:\n${error.stdout ?? ''}${error.stderr ?? error.message}`];
  }
};

/** Are the Types Wrong's problems, but for the expected ones, as lines. */
const attw = async (name, tarball) => {
  let output;
  try {
    output = (await run(join(BIN, 'attw'), [tarball, '--format', 'json'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })).stdout;
  } catch (error) {
    // it exits 1 when it finds problems; the JSON still says which
    output = error.stdout ?? '';
    if (!output.trim().startsWith('{')) return [`attw failed: ${error.stderr ?? error.message}`];
  }
  const { analysis } = JSON.parse(output);
  const problems = Array.isArray(analysis.problems) ? analysis.problems : Object.values(analysis.problems ?? {}).flat();
  const expected = (p) => EXPECTED_TYPE_PROBLEMS.some((e) => e.package === name && e.entrypoint === p.entrypoint && e.kind === p.kind && e.resolutionKind === p.resolutionKind);
  return problems.filter((p) => !expected(p)).map((p) => `attw: ${p.kind} (${p.entrypoint ?? ''} ${p.resolutionKind ?? ''})`.replace(' ( )', ''));
};

/**
 * Core's CHANGELOG, or a pending changeset for core, names the event schema version that core
 * writes: a schema change cannot ship unannounced.
 */
const schemaVersionProblems = async (tarballs) => {
  if (!tarballs.some((t) => t.name === '@cim-complaints/core')) return [];
  const { EVENT_SCHEMA_VERSION } = await import(pathToFileURL(join(ROOT, 'packages/core/dist/index.js')).href);
  const changesets = readdirSync(join(ROOT, '.changeset'))
    .filter((f) => f.endsWith('.md') && f !== 'README.md')
    .map((f) => readFileSync(join(ROOT, '.changeset', f), 'utf8'))
    .filter((text) => /^---[\s\S]*['"]@cim-complaints\/core['"]\s*:[\s\S]*?---/.test(text));
  const texts = [readFileSync(join(ROOT, 'packages/core/CHANGELOG.md'), 'utf8'), ...changesets];
  const named = new RegExp(`event schema version ${EVENT_SCHEMA_VERSION}\\b`, 'i');
  return texts.some((text) => named.test(text))
    ? []
    : [
        `@cim-complaints/core: neither CHANGELOG.md nor a pending changeset names event schema version ${EVENT_SCHEMA_VERSION} (EVENT_SCHEMA_VERSION): ` +
          'add one (pnpm changeset) saying what changed and which upcaster reads the older events',
      ];
};

/** Runs `work` over `items`, at most `limit` at a time, in order of the results. */
const pool = async (items, limit, work) => {
  const results = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        results[i] = await work(items[i]);
      }
    }),
  );
  return results;
};

const main = async () => {
  const started = performance.now();
  const keep = process.argv.includes('--keep');
  const dir = mkdtempSync(join(tmpdir(), 'cim-complaints-packages-'));
  const tarballDir = join(dir, 'tarballs');
  const failures = [];
  try {
    const packages = publishedPackages();
    for (const pkg of packages) {
      if (!existsSync(join(ROOT, pkg.dir, 'dist'))) throw new Error(`${pkg.manifest.name}: ${pkg.dir}/dist is missing; run pnpm build first`);
    }
    const tarballs = await pool(packages, 2, async (pkg) => {
      const { name, version } = pkg.manifest;
      await run('pnpm', ['pack', '--pack-destination', tarballDir], { cwd: join(ROOT, pkg.dir), encoding: 'utf8' });
      const file = join(tarballDir, `${name.replace(/^@/, '').replace('/', '-')}-${version}.tgz`);
      if (!existsSync(file)) throw new Error(`${name}: pnpm pack left no ${file}`);
      return { name, version, dir: pkg.dir, file };
    });
    const checked = await pool(tarballs, 2, async (t) => {
      const files = (await run('tar', ['-tzf', t.file], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })).stdout.split('\n').filter(Boolean);
      const packed = JSON.parse((await run('tar', ['-xzOf', t.file, 'package/package.json'], { encoding: 'utf8' })).stdout);
      const problems = [
        ...manifestProblems(packages.find((x) => x.manifest.name === t.name), packed, files).map((p) => `package.json or files: needs ${p}`),
        ...(await publint(t.file)),
        ...(await attw(t.name, t.file)),
      ];
      console.log(`${problems.length === 0 ? 'ok  ' : 'FAIL'} ${t.name}@${t.version}: ${files.length} files; manifest, publint, attw${problems.length === 0 ? '' : `\n  ${problems.join('\n  ')}`}`);
      return problems.map((p) => `${t.name}: ${p}`);
    });
    failures.push(...checked.flat(), ...(await schemaVersionProblems(tarballs)));
    console.log(`packed and checked ${tarballs.length} packages in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    if (failures.length === 0) console.log(await consumerTest(tarballs, dir));
  } catch (error) {
    failures.push(error.message);
  } finally {
    if (keep) console.log(`kept: ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  }
  if (failures.length > 0) {
    console.error(`\npackages as published: ${failures.length} problem(s)\n${failures.map((f) => `- ${f}`).join('\n')}`);
    process.exitCode = 1;
  } else {
    console.log(`packages as published: ok in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
};

await main();
