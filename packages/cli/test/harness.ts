// Runs the program in-process with its own input, environment, clock and terminal; temp dirs per test.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { createPostgresEventStore, type PostgresEventStore } from '@cim-complaints/postgres';
import * as E from 'fp-ts/lib/Either.js';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { run } from '../src/program.js';

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface CliSetup {
  readonly stdin?: string;
  readonly env?: Record<string, string>;
  /** The application clock; default a fixed instant in January 2026, after every fixture. */
  readonly now?: string;
  readonly tty?: boolean;
}

export const NOW = '2026-01-05T09:00:00Z';

export const cli = async (args: readonly string[], setup: CliSetup = {}): Promise<CliRun> => {
  const out: string[] = [];
  const err: string[] = [];
  const code = await run(args, {
    stdout: (t) => out.push(t),
    stderr: (t) => err.push(t),
    stdin: Readable.from(setup.stdin === undefined ? [] : [setup.stdin]),
    env: setup.env ?? {},
    stderrIsTTY: setup.tty ?? false,
    now: () => setup.now ?? NOW,
  });
  return { code, stdout: out.join(''), stderr: err.join('') };
};

const perTest: string[] = [];
const perFile: string[] = [];
const remove = (dirs: string[]) => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
};
afterEach(() => remove(perTest));
afterAll(() => remove(perFile));

/** A fresh directory under the OS temp dir, removed after the test (or, for `beforeAll` fixtures, after the file). */
export const tempDir = (lifetime: 'test' | 'file' = 'test'): string => {
  const dir = mkdtempSync(join(tmpdir(), 'cim-cli-'));
  (lifetime === 'test' ? perTest : perFile).push(dir);
  return dir;
};

/** JSON lines of commands, as `exec` reads them. */
export const jsonLines = (...values: readonly unknown[]): string => `${values.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))).join('\n')}\n`;

/**
 * A PostgreSQL schema of this file's own on the server `databaseUrl` names, dropped after the file
 * with its key schema (`<schema>_keys`) and the admin connection's (`<schema>_admin`). Call it in
 * a `describe`: it registers the hooks that open and drop them.
 */
export const postgresSchema = (label: string, databaseUrl: string) => {
  const schema = `${label}_${Date.now().toString(36)}_${Math.floor(Math.random() * 1e6).toString(36)}`;
  let admin: PostgresEventStore | undefined;
  beforeAll(async () => {
    const opened = await createPostgresEventStore({ connectionString: databaseUrl, schema: `${schema}_admin`, poolSize: 1 })();
    if (E.isLeft(opened)) throw new Error(opened.left.message);
    admin = opened.right;
  });
  afterAll(async () => {
    await admin?.pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE; DROP SCHEMA IF EXISTS "${schema}_keys" CASCADE; DROP SCHEMA IF EXISTS "${schema}_admin" CASCADE`);
    await admin?.close();
  });
  return {
    schema,
    /** The store's connection string: the server's, with this schema. */
    store: () => `${databaseUrl}${databaseUrl.includes('?') ? '&' : '?'}schema=${schema}`,
    /** A connection of the test's own, for what the command line cannot do (editing a row). */
    admin: (): PostgresEventStore => {
      if (admin === undefined) throw new Error('the admin connection is opened in beforeAll');
      return admin;
    },
  };
};
