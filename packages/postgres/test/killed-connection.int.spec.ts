import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as E from 'fp-ts/lib/Either.js';
import pg from 'pg';
import { createCommandHandler, verifyStore, type StoreError } from '@cim-complaints/core';
import { commands } from '@cim-complaints/testing';
import type { PostgresEventStore } from '../src/index.js';
import { databaseUrl, freshSchema, openStore, right, waitFor, withServer, type TestSchema } from './support.js';

const clock = () => '2025-03-03T12:00:00Z';

withServer(describe)('a PostgreSQL store whose connection is killed mid-append', () => {
  let test: TestSchema;
  let store: PostgresEventStore;
  let gate: pg.Client;
  let key: number;

  beforeEach(async () => {
    test = freshSchema('killed');
    store = await openStore({ connectionString: test.url, applicationName: `cim-killed-${test.schema}` });
    key = 1 + Math.floor(Math.random() * 2 ** 30);
    gate = new pg.Client({ connectionString: databaseUrl! });
    gate.on('error', () => undefined);
    await gate.connect();
  });
  afterEach(async () => {
    await gate.end().catch(() => undefined);
    await store.close();
    await test.drop();
  });

  /** The backend of this store waiting on the gate's lock. */
  const waitingBackend = async (): Promise<number | undefined> =>
    (
      await test.admin.query<{ pid: number }>(
        `SELECT l.pid FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
         WHERE l.locktype = 'advisory' AND l.objid = $1 AND NOT l.granted AND a.application_name = $2`,
        [key, `cim-killed-${test.schema}`],
      )
    ).rows[0]?.pid;

  describe('when the server ends the connection after the events were inserted, before commit', () => {
    it('fails as unavailable, keeps nothing of the append, and the retried command writes it once', async () => {
      const handle = createCommandHandler({ store, clock });
      const c = commands('c-1');
      right(await handle(c.receive({ commandId: 'receive', at: '2025-03-03T09:00:00Z' }))());
      // the anchor insert of the next append stops at the gate: its events are already in the table, uncommitted
      await test.admin.query(`
        CREATE FUNCTION "${test.schema}".gate() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN PERFORM pg_advisory_lock_shared(${key}); PERFORM pg_advisory_unlock_shared(${key}); RETURN NEW; END $$;
        CREATE TRIGGER gate AFTER INSERT ON "${test.schema}".anchors FOR EACH ROW EXECUTE FUNCTION "${test.schema}".gate();`);
      await gate.query('SELECT pg_advisory_lock($1)', [key]);
      const letter = c.recordCorrespondence({ commandId: 'letter-1', at: '2025-03-03T10:00:00Z', direction: 'inbound' });
      const pending = handle(letter)();
      let pid: number | undefined;
      await waitFor('the append to reach the gate', async () => (pid = await waitingBackend()) !== undefined);
      const uncommitted = await test.admin.query(`SELECT count(*)::int AS n FROM "${test.schema}".events`);
      expect(uncommitted.rows[0].n).toBe(1);
      expect((await test.admin.query('SELECT pg_terminate_backend($1) AS done', [pid])).rows[0].done).toBe(true);
      const failed = await pending;
      expect(E.isLeft(failed) && (failed.left as StoreError).kind).toBe('unavailable');
      expect((failed as E.Left<StoreError>).left.message).not.toContain(new URL(databaseUrl!).password || '\u0000');

      await gate.query('SELECT pg_advisory_unlock($1)', [key]);
      expect(right(await store.readStream('complaint-c-1')()).revision).toBe(0);
      expect(right(await store.readAnchors()()).entries).toHaveLength(1);
      // the pool replaced the dead connection: the same command, retried, is written exactly once
      const retried = right(await handle(letter)());
      expect(retried.alreadyApplied).toBe(false);
      expect(right(await handle(letter)()).alreadyApplied).toBe(true);
      expect(right(await store.readStream('complaint-c-1')()).events.map((e) => e.event.metadata.commandId)).toEqual(['receive', 'letter-1']);
      const verified = right(await verifyStore(store)());
      expect(verified.breaks).toEqual([]);
      expect(verified.intact).toBe(true);
    });
  });

  describe('when the server ends the connection while it waits for another append', () => {
    it('fails that append alone; the one it waited for commits, and the store goes on', async () => {
      await test.admin.query(`
        CREATE FUNCTION "${test.schema}".gate() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN IF NEW.stream_id = 'complaint-c-1' THEN PERFORM pg_advisory_lock_shared(${key}); PERFORM pg_advisory_unlock_shared(${key}); END IF; RETURN NEW; END $$;
        CREATE TRIGGER gate AFTER INSERT ON "${test.schema}".anchors FOR EACH ROW EXECUTE FUNCTION "${test.schema}".gate();`);
      const handle = createCommandHandler({ store, clock });
      await gate.query('SELECT pg_advisory_lock($1)', [key]);
      const first = handle(commands('c-1').receive({ commandId: 'receive-1', at: '2025-03-03T09:00:00Z' }))();
      await waitFor('the first append to reach the gate', async () => (await waitingBackend()) !== undefined);
      const second = handle(commands('c-2').receive({ commandId: 'receive-2', at: '2025-03-03T09:00:00Z' }))();
      let pid: number | undefined;
      await waitFor('the second append to wait for the append lock', async () => {
        const found = await test.admin.query<{ pid: number }>(
          `SELECT l.pid FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
           WHERE l.locktype = 'advisory' AND NOT l.granted AND a.application_name = $1 AND a.query LIKE '%pg_advisory_xact_lock%'`,
          [`cim-killed-${test.schema}`],
        );
        pid = found.rows[0]?.pid;
        return pid !== undefined;
      });
      await test.admin.query('SELECT pg_terminate_backend($1)', [pid]);
      const failed = await second;
      expect(E.isLeft(failed) && (failed.left as StoreError).kind).toBe('unavailable');
      await gate.query('SELECT pg_advisory_unlock($1)', [key]);
      right(await first);
      right(await handle(commands('c-2').receive({ commandId: 'receive-2', at: '2025-03-03T09:00:00Z' }))());
      const all = right(await store.readAll()());
      expect(all.events.map((e) => e.streamId)).toEqual(['complaint-c-1', 'complaint-c-2']);
      const verified = right(await verifyStore(store)());
      expect(verified.breaks).toEqual([]);
      expect(verified.intact).toBe(true);
    });
  });
});
