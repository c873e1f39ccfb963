// Helpers for the postgres specs: the server from DATABASE_URL (or a skip, or under CI a failure),
// a fresh schema per test so specs can run in parallel on one database, and small Either helpers.
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import pg from 'pg';
import { createPostgresEventStore, type PostgresEventStore, type PostgresEventStoreOptions } from '../src/index.js';

const HOW = 'set DATABASE_URL=postgres://USER:PASSWORD@127.0.0.1:5432/DATABASE to run them (README.md, "Testing"; docs/operations.md)';

/**
 * Whether this spec file is the first of this test run to say why the specs skip: each file runs
 * in its own worker, so the run's main process (the workers' parent, with its start time, so a
 * reused pid is a new run) is marked with a file created exclusively, once.
 */
const firstToSay = (): boolean => {
  try {
    const started = readFileSync(`/proc/${process.ppid}/stat`, 'utf8').split(') ')[1]?.split(' ')[19] ?? '';
    writeFileSync(join(tmpdir(), `cim-postgres-skip-${process.ppid}-${started}`), '', { flag: 'wx' });
    return true;
  } catch (error) {
    // EEXIST: another file said it; anything else (no /proc): say it here
    return (error as { code?: unknown }).code !== 'EEXIST';
  }
};

/** The server the specs run against, or why they skip. Under CI a missing DATABASE_URL fails instead. */
export const databaseUrl: string | undefined = (() => {
  const url = process.env.DATABASE_URL;
  if (url !== undefined && url !== '') return url;
  if (process.env.CI === 'true') throw new Error(`DATABASE_URL is not set, and under CI the PostgreSQL tests must run: ${HOW}`);
  if (firstToSay()) console.log(`PostgreSQL tests skipped: no DATABASE_URL; ${HOW}`);
  return undefined;
})();

/** `describe` when there is a server, `describe.skip` when there is none. */
export const withServer = <T extends { skip: unknown }>(describe: T): T => (databaseUrl === undefined ? (describe.skip as T) : describe);

/** A connection string naming a schema (`?schema=`). */
export const inSchema = (url: string, schema: string): string => `${url}${url.includes('?') ? '&' : '?'}schema=${schema}`;

export interface TestSchema {
  readonly schema: string;
  /** DATABASE_URL with `?schema=` of this test's schema. */
  readonly url: string;
  /** A plain pool on the database, for SQL behind the store's back. */
  readonly admin: pg.Pool;
  /** Drops the schema and ends the pool. */
  readonly drop: () => Promise<void>;
}

/** A schema no other test uses; dropped by `drop`. */
export const freshSchema = (label = 't'): TestSchema => {
  const schema = `${label}_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Pool({ connectionString: databaseUrl!, max: 3 });
  admin.on('error', () => undefined);
  return {
    schema,
    url: inSchema(databaseUrl!, schema),
    admin,
    drop: async () => {
      await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).catch(() => undefined);
      await admin.end();
    },
  };
};

/** Opens a store or fails the test with the store error. */
export const openStore = async (options: PostgresEventStoreOptions): Promise<PostgresEventStore> => {
  const opened = await createPostgresEventStore(options)();
  if (E.isLeft(opened)) throw new Error(`could not open the store: ${opened.left.message}`);
  return opened.right;
};

// the testing kit's: a Right or a Left (a failing test shows why), and `size` inbound letters by one command
export { rightOf as right, leftOf as left, inboundLetters as batch } from '@cim-complaints/testing';

/** Resolves when `check` holds, polling; rejects after `timeoutMs` naming what was awaited. */
export const waitFor = async (what: string, check: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};
