// The hostile-input corpus: cases.jsonl holds one case a line (bad command lines, bad stores,
// bad output targets), each with the exit code and the messages it must give; this runs them all.
// Cases with `shell` run the built executable through bash (pipes, /dev/full, /dev/zero); the rest
// run in-process. `unchanged` checks the store file is byte-for-byte what it was.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, chownSync, existsSync, linkSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { createSqliteEventStore } from '@cim-complaints/sqlite';
import { commands } from '@cim-complaints/testing';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { cli, jsonLines, tempDir } from '../harness.js';

interface Step {
  readonly args: readonly string[];
  readonly stdin?: string;
}

interface HostileCase extends Partial<Step> {
  readonly case: string;
  readonly store: 'none' | 'store' | 'store-with-wal' | 'demo' | 'foreign' | 'empty' | 'text' | 'tampered';
  readonly shell?: string;
  readonly stdinRepeat?: { readonly template: string; readonly fill: string; readonly times: number };
  readonly before?: readonly Step[];
  readonly env?: Readonly<Record<string, string>>;
  readonly link?: 'symlink' | 'hardlink';
  readonly other?: 'foreign';
  readonly lines?: number;
  readonly bytes?: string;
  readonly readOnlyDir?: boolean;
  readonly lock?: boolean;
  readonly exit: number;
  readonly stdout?: string;
  readonly stderr?: string;
  readonly notOutput?: string;
  readonly unchanged?: boolean;
  readonly noCompanions?: boolean;
}

const here = dirname(fileURLToPath(import.meta.url));
const BIN = resolve(here, '../../dist/bin.js');
// the sqlite package's worker holds a write lock with better-sqlite3 (a dependency of that package, not of the CLI)
const LOCK_HOLDER = resolve(here, '../../../sqlite/test/workers/lock-holder.mjs');
const cases: HostileCase[] = readFileSync(join(here, 'cases.jsonl'), 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '')
  .map((line) => JSON.parse(line) as HostileCase);

const sha256 = (path: string): string => (existsSync(path) ? createHash('sha256').update(readFileSync(path)).digest('hex') : 'missing');

/** A store holding c-1 (received as command s-1, acknowledged) and c-2 (received from "Alex Secret"). */
const writeStore = async (path: string): Promise<void> => {
  const c1 = commands('c-1', '2025-06-02T09:00:00Z');
  const c2 = commands('c-2', '2025-06-02T10:00:00Z');
  const stdin = jsonLines(
    c1.receive({ commandId: 's-1' }),
    c1.acknowledge({ commandId: 's-2', at: '2025-06-03T09:00:00Z' }),
    c2.receive({ commandId: 's-3', complainant: { name: 'Alex Secret', email: 'alex.secret@example.org', relationship: 'member' } }),
  );
  const run = await cli(['exec', '--store', `sqlite:${path}`], { stdin });
  if (run.code !== 0) throw new Error(`fixture store: ${run.stdout}${run.stderr}`);
};

/** better-sqlite3's Database, reached through a store's connection (the CLI does not depend on it directly). */
const withRawDatabase = (path: string, use: (db: { exec: (sql: string) => void; close: () => void }) => void): void => {
  const scratch = createSqliteEventStore({ path: `${path}.scratch` });
  if (E.isLeft(scratch)) throw new Error(scratch.left.message);
  const Database = scratch.right.database.constructor as unknown as new (file: string) => { exec: (sql: string) => void; close: () => void };
  void scratch.right.close();
  for (const suffix of ['', '-wal', '-shm']) spawnSync('rm', ['-f', `${path}.scratch${suffix}`]);
  const db = new Database(path);
  try {
    use(db);
  } finally {
    db.close();
  }
};

const writeForeign = (path: string) => withRawDatabase(path, (db) => db.exec("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT); INSERT INTO notes (body) VALUES ('not a complaint');"));

const prepareStore = async (kind: HostileCase['store'], path: string): Promise<void> => {
  switch (kind) {
    case 'none':
      return;
    case 'store':
    case 'store-with-wal':
      return writeStore(path);
    case 'demo': {
      const run = await cli(['demo', '--store', `sqlite:${path}`, '--complaints', '2', '--seed', '3']);
      if (run.code !== 0) throw new Error(`fixture demo: ${run.stderr}`);
      return;
    }
    case 'foreign':
      return writeForeign(path);
    case 'empty':
      return writeFileSync(path, '');
    case 'text':
      return writeFileSync(path, 'these are notes, not a database\n');
    case 'tampered':
      await writeStore(path);
      // behind the library's back: c-2's receipt now holds a number where an email address was
      return withRawDatabase(path, (db) => db.exec("UPDATE events SET data = json_set(data, '$.complainant.email', 42) WHERE stream_id = 'complaint-c-2' AND revision = 0"));
  }
};

const commandLines = (count: number): string =>
  jsonLines(...Array.from({ length: count }, (_, i) => commands(`p-${i}`, '2025-06-02T09:00:00Z').receive({ commandId: `p-${i}/receive` })));

/** Holds the store's write lock in another process until the returned function is called. */
const holdLock = async (path: string): Promise<() => Promise<void>> => {
  const child = spawn(process.execPath, [LOCK_HOLDER, path], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout });
  for await (const line of lines) if (line === 'locked') break;
  return async () => {
    child.stdin.end('release\n');
    await new Promise((done) => child.on('exit', done));
  };
};

const companions = (dir: string, name: string) => readdirSync(dir).filter((f) => f.startsWith(`${name}-`));

describe('hostile input: the committed corpus', () => {
  it('holds at least forty cases, each named once', () => {
    expect(cases.length).toBeGreaterThanOrEqual(40);
    expect(new Set(cases.map((c) => c.case)).size).toBe(cases.length);
  });

  it.each(cases.map((c) => [c.case, c] as const))('%s', async (_name, hostile) => {
    if (hostile.shell !== undefined || hostile.readOnlyDir === true) expect(existsSync(BIN), `${BIN} is built by pnpm test before the tests run`).toBe(true);
    const dir = tempDir();
    const store = join(dir, 'store.db');
    await prepareStore(hostile.store, store);
    const other = join(dir, 'other.db');
    if (hostile.other === 'foreign') writeForeign(other);
    if (hostile.link === 'symlink') symlinkSync(store, join(dir, 'link.db'));
    if (hostile.link === 'hardlink') linkSync(store, join(dir, 'link.db'));
    const lines = join(dir, 'lines.jsonl');
    if (hostile.lines !== undefined) writeFileSync(lines, commandLines(hostile.lines));
    const bytes = join(dir, 'input.bin');
    if (hostile.bytes !== undefined) writeFileSync(bytes, Buffer.from(hostile.bytes, 'hex'));
    const fill = (text: string) =>
      text
        .replaceAll('{store}', store)
        .replaceAll('{dirname}', basename(dir))
        .replaceAll('{dir}', dir)
        .replaceAll('{other}', other)
        .replaceAll('{lines}', lines)
        .replaceAll('{bytes}', bytes)
        .replaceAll('{bin}', `${JSON.stringify(process.execPath)} ${JSON.stringify(BIN)}`);
    const env = Object.fromEntries(Object.entries(hostile.env ?? {}).map(([k, v]) => [k, fill(v)]));
    for (const step of hostile.before ?? []) {
      const run = await cli(step.args.map(fill), { ...(step.stdin === undefined ? {} : { stdin: step.stdin }), env });
      expect(run.code, `before: ${run.stdout}${run.stderr}`).toBe(0);
    }
    const before = sha256(store);
    const beforeCompanions = companions(dir, 'store.db');
    const release = hostile.lock === true ? await holdLock(store) : undefined;
    const stdin = hostile.stdinRepeat === undefined ? hostile.stdin : hostile.stdinRepeat.template.replace('@@', hostile.stdinRepeat.fill.repeat(hostile.stdinRepeat.times));

    let result: { code: number; stdout: string; stderr: string };
    try {
      if (hostile.shell !== undefined || hostile.readOnlyDir === true) {
        let script = hostile.shell === undefined ? `{bin} ${(hostile.args ?? []).map((a) => `'${a}'`).join(' ')}` : hostile.shell;
        if (hostile.readOnlyDir === true) {
          // root ignores file modes: read as nobody, who owns the files, from a directory nobody may write
          if (process.getuid?.() === 0) {
            for (const f of readdirSync(dir)) chownSync(join(dir, f), 65534, 65534);
            script = `setpriv --reuid=65534 --regid=65534 --clear-groups ${script}`;
          }
          chmodSync(dir, 0o555);
        }
        const spawned = spawnSync('bash', ['-c', fill(script)], { input: stdin ?? '', encoding: 'utf8', env: { ...process.env, ...env }, maxBuffer: 64 * 1024 * 1024 });
        result = { code: spawned.status ?? -1, stdout: spawned.stdout, stderr: spawned.stderr };
        if (hostile.readOnlyDir === true) {
          // the directory really was read-only to the reader
          expect(statSync(dir).mode & 0o222).toBe(0);
          chmodSync(dir, 0o755);
        }
      } else {
        result = await cli((hostile.args ?? []).map(fill), { ...(stdin === undefined ? {} : { stdin }), env });
      }
    } finally {
      await release?.();
    }

    expect({ code: result.code, stderr: result.stderr }).toMatchObject({ code: hostile.exit });
    if (hostile.stdout !== undefined) expect(result.stdout).toMatch(new RegExp(hostile.stdout));
    if (hostile.stderr !== undefined) expect(result.stderr).toMatch(new RegExp(hostile.stderr));
    if (hostile.notOutput !== undefined) expect(`${result.stdout}\n${result.stderr}`).not.toMatch(new RegExp(hostile.notOutput));
    if (hostile.unchanged === true) expect(sha256(store), 'the store file is byte-for-byte unchanged').toBe(before);
    if (hostile.noCompanions === true) expect(companions(dir, 'store.db')).toEqual(beforeCompanions);
  });
});
