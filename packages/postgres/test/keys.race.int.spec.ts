// Concurrent erasures of one subject, each on a connection of its own. To make the race happen
// every time, the erasers are first held behind a transaction of the test's own (a row lock on
// the key, or an uncommitted row for a subject with none) until all of them wait on it, then let
// go together.
import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import pg from 'pg';
import * as E from 'fp-ts/lib/Either.js';
import { createPostgresKeyStore, type PostgresKeyStore } from '../src/index.js';
import { databaseUrl, freshSchema, right, waitFor, withServer, type TestSchema } from './support.js';

const ERASERS = 8;
const SUBJECT = 'complainant:c-1';

withServer(describe)('PostgreSQL key store, erasures racing', () => {
  let test: TestSchema;
  let pool: pg.Pool;
  let keys: PostgresKeyStore;
  let application: string;
  let tick: number;
  const table = () => `"${test.schema}_keys".subject_keys`;
  const row = async () => (await test.admin.query<{ key: Buffer | null; created_at: string; erased_at: string | null }>(`SELECT key, created_at, erased_at FROM ${table()} WHERE subject = $1`, [SUBJECT])).rows;
  /** How many of the store's connections wait on a lock. */
  const waiting = async () =>
    Number((await test.admin.query<{ n: string }>(`SELECT count(*) AS n FROM pg_stat_activity WHERE application_name = $1 AND wait_event_type = 'Lock'`, [application])).rows[0]?.n);

  /** Starts the erasures while `hold` (an open transaction) blocks them, waits until all of them wait on it, then ends it with `release`. */
  const raceBehind = async (hold: (client: pg.PoolClient) => Promise<void>, release: 'COMMIT' | 'ROLLBACK') => {
    const holder = await test.admin.connect();
    try {
      await holder.query('BEGIN');
      await hold(holder);
      const erasures = Array.from({ length: ERASERS }, () => keys.eraseKey(SUBJECT)());
      await waitFor(`${ERASERS} erasures waiting on the test's transaction`, async () => (await waiting()) === ERASERS);
      await holder.query(release);
      return (await Promise.all(erasures)).map(right);
    } finally {
      holder.release();
    }
  };

  beforeEach(async () => {
    test = freshSchema('keyrace');
    application = `keyrace_${randomBytes(4).toString('hex')}`;
    pool = new pg.Pool({ connectionString: databaseUrl!, max: ERASERS, application_name: application });
    pool.on('error', () => undefined);
    tick = 0;
    // a clock that never says the same time twice: a tombstone rewritten by a later erasure would show it
    const clock = () => `2025-03-03T12:00:${String(tick++).padStart(2, '0')}Z`;
    keys = right(await createPostgresKeyStore({ pool, schema: `${test.schema}_keys`, clock })());
  });
  afterEach(async () => {
    await keys.close();
    await pool.end();
    await test.admin.query(`DROP SCHEMA IF EXISTS "${test.schema}_keys" CASCADE`);
    await test.drop();
  });

  describe(`given a subject with a key, when ${ERASERS} erasures of it run at once`, () => {
    it('erases it once: one answers erased, the tombstone keeps when the key was made', async () => {
      right(await keys.keyFor(SUBJECT)());
      const [made] = await row();
      expect(made?.created_at).toBe('2025-03-03T12:00:00Z');

      // the erasers queue on the key's row; the first to get it deletes it, and the others then find no row at all
      const answers = await raceBehind(async (holder) => {
        await holder.query(`SELECT 1 FROM ${table()} WHERE subject = $1 FOR UPDATE`, [SUBJECT]);
      }, 'COMMIT');

      expect(answers.filter((a) => a.erased)).toHaveLength(1);
      expect(answers.filter((a) => !a.erased)).toHaveLength(ERASERS - 1);
      const tombstone = await row();
      expect(tombstone).toHaveLength(1);
      expect(tombstone[0]?.key).toBeNull();
      expect(tombstone[0]?.created_at).toBe('2025-03-03T12:00:00Z');
      expect(right(await keys.getKey(SUBJECT)())).toEqual({ status: 'erased', erasedAt: tombstone[0]?.erased_at });
      expect(right(await keys.listKeys()())).toEqual([{ subject: SUBJECT, status: 'erased', createdAt: '2025-03-03T12:00:00Z', erasedAt: tombstone[0]?.erased_at }]);
    });
  });

  describe(`given a subject without a key, when ${ERASERS} erasures of it run at once`, () => {
    it('writes one tombstone: one answers erased, none fails', async () => {
      // the erasers find no row and queue behind an uncommitted one, which then goes away: they all insert at once
      const answers = await raceBehind(async (holder) => {
        await holder.query(`INSERT INTO ${table()} (subject, key, created_at, erased_at) VALUES ($1, NULL, 'held', 'held')`, [SUBJECT]);
      }, 'ROLLBACK');

      expect(answers.filter((a) => a.erased)).toHaveLength(1);
      const tombstone = await row();
      expect(tombstone).toHaveLength(1);
      expect(tombstone[0]?.key).toBeNull();
      // a subject that never had a key is erased from the moment its tombstone is written
      expect(tombstone[0]?.created_at).toBe(tombstone[0]?.erased_at);
      expect(right(await keys.getKey(SUBJECT)())).toEqual({ status: 'erased', erasedAt: tombstone[0]?.erased_at });
    });
  });

  describe('given a subject without a key, when keys are asked for while it is erased', () => {
    it('hands out one key or none, and the subject ends erased, erased once', async () => {
      const half = ERASERS / 2;
      const [made, erased] = await Promise.all([
        Promise.all(Array.from({ length: half }, () => keys.keyFor(SUBJECT)())),
        Promise.all(Array.from({ length: half }, () => keys.eraseKey(SUBJECT)())),
      ]);

      expect(erased.map(right).filter((a) => a.erased)).toHaveLength(1);
      // each keyFor either got the one key made, or was told the subject is erased
      const handedOut = new Set(made.flatMap((a) => (E.isRight(a) ? [Buffer.from(a.right).toString('hex')] : [])));
      expect(handedOut.size).toBeLessThanOrEqual(1);
      for (const a of made) if (E.isLeft(a)) expect(a.left.kind).toBe('invalid-write');
      expect(right(await keys.getKey(SUBJECT)())).toMatchObject({ status: 'erased' });
      expect((await row())[0]?.key).toBeNull();
    });
  });
});
