import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as E from 'fp-ts/lib/Either.js';
import pg from 'pg';
import type { GlobalPosition, RecordedEvent } from '@cim-complaints/core';
import { encodeRows, type PostgresEventStore } from '../src/index.js';
import { batch, databaseUrl, freshSchema, openStore, right, waitFor, withServer, type TestSchema } from './support.js';

/** A session of its own on the database, for holding locks and transactions open by hand. */
const session = async (): Promise<pg.Client> => {
  const client = new pg.Client({ connectionString: databaseUrl! });
  client.on('error', () => undefined);
  await client.connect();
  return client;
};

/** Reads every event after `after` the way a subscriber does: page after page, moving `after` on. */
const follow = async (store: PostgresEventStore, after: GlobalPosition | undefined): Promise<{ events: RecordedEvent[]; last: GlobalPosition | undefined }> => {
  const events: RecordedEvent[] = [];
  let last = after;
  for (;;) {
    const page = right(await store.readAll({ ...(last === undefined ? {} : { after: last }), maxCount: 100 })());
    events.push(...page.events);
    last = page.lastPosition;
    if (page.isEnd) return { events, last };
  }
};

const rowOf = (streamId: string, commandId: string) => {
  const [row] = right(encodeRows(streamId, batch(streamId.replace('complaint-', ''), commandId)));
  return row!;
};

withServer(describe)('the global order of a PostgreSQL store', () => {
  let test: TestSchema;
  let store: PostgresEventStore;
  const sessions: pg.Client[] = [];

  beforeEach(async () => {
    test = freshSchema('order');
    store = await openStore({ connectionString: test.url, poolSize: 12 });
  });
  afterEach(async () => {
    for (const s of sessions.splice(0)) await s.end().catch(() => undefined);
    await store.close();
    await test.drop();
  });

  describe('when two transactions commit out of the order of their positions without the append lock', () => {
    it('lets a reader that follows positions miss an event for ever (why the store takes the lock)', async () => {
      const [a, b] = [await session(), await session()];
      sessions.push(a, b);
      const insert = `INSERT INTO "${test.schema}".events (stream_id, revision, event_id, type, data, metadata, recorded_at) VALUES ($1, 0, $2, $3, $4, $5, $6) RETURNING position::text`;
      const values = (streamId: string) => {
        const r = rowOf(streamId, `cmd-${streamId}`);
        return [streamId, r.event_id, r.type, r.data, r.metadata, r.recorded_at];
      };
      await a.query('BEGIN');
      const first = (await a.query(insert, values('complaint-a'))).rows[0].position as string;
      await b.query('BEGIN');
      const second = (await b.query(insert, values('complaint-b'))).rows[0].position as string;
      await b.query('COMMIT');
      expect(BigInt(first)).toBeLessThan(BigInt(second));
      const seen = await follow(store, undefined);
      await a.query('COMMIT');
      const after = await follow(store, seen.last);
      expect([...seen.events, ...after.events].map((e) => e.streamId)).toEqual(['complaint-b']);
      expect((await follow(store, undefined)).events.map((e) => e.streamId)).toEqual(['complaint-a', 'complaint-b']);
    });
  });

  describe('when an append is held open after drawing its position', () => {
    it('makes the next append draw its position only after the first commits, so readers see them in order', async () => {
      const key = 1 + Math.floor(Math.random() * 2 ** 30);
      await test.admin.query(`
        CREATE FUNCTION "${test.schema}".hold() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF NEW.stream_id = 'complaint-slow' THEN PERFORM pg_advisory_lock_shared(${key}); PERFORM pg_advisory_unlock_shared(${key}); END IF;
          RETURN NEW;
        END $$;
        CREATE TRIGGER hold AFTER INSERT ON "${test.schema}".events FOR EACH ROW EXECUTE FUNCTION "${test.schema}".hold();`);
      const gate = await session();
      sessions.push(gate);
      await gate.query('SELECT pg_advisory_lock($1)', [key]);
      const slow = store.appendToStream('complaint-slow', 'no-stream', batch('slow', 'cmd-slow', 2))();
      await waitFor('the slow append to wait at the gate', async () => (await test.admin.query('SELECT 1 FROM pg_locks WHERE locktype = $1 AND objid = $2 AND NOT granted', ['advisory', key])).rowCount === 1);
      const fast = store.appendToStream('complaint-fast', 'no-stream', batch('fast', 'cmd-fast', 1))();
      await waitFor('the fast append to wait for the append lock', async () =>
        (await test.admin.query(`SELECT 1 FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid WHERE l.locktype = 'advisory' AND NOT l.granted AND a.query LIKE '%pg_advisory_xact_lock%'`)).rowCount! >= 1,
      );
      expect((await follow(store, undefined)).events).toEqual([]);
      await gate.query('SELECT pg_advisory_unlock($1)', [key]);
      const [s, f] = [right(await slow), right(await fast)];
      expect(s.position).toBeLessThan(f.position);
      expect((await follow(store, undefined)).events.map((e) => `${e.streamId}@${e.revision}`)).toEqual(['complaint-slow@0', 'complaint-slow@1', 'complaint-fast@0']);
    });
  });

  describe('when writers race while readers follow $all', () => {
    const WRITERS = 6;
    const APPENDS = 40;
    const sizeOf = (i: number) => 1 + (i % 3);
    const EVENTS = WRITERS * Array.from({ length: APPENDS }, (_, i) => sizeOf(i)).reduce((a, b) => a + b, 0);

    /** Writers append to their own streams, two readers follow `$all` by position; what each reader saw, and the figures. */
    const race = async (write: (w: number, i: number, revision: number | 'no-stream') => Promise<number>) => {
      const readers = [await openStore({ connectionString: test.url }), await openStore({ connectionString: test.url })];
      let writing = true;
      const seen: RecordedEvent[][] = readers.map(() => []);
      let reads = 0;
      const reading = readers.map(async (reader, r) => {
        let last: GlobalPosition | undefined;
        while (writing) {
          const page = await reader.readAll({ ...(last === undefined ? {} : { after: last }), maxCount: 50 })();
          reads += 1;
          if (E.isLeft(page)) throw new Error(page.left.message);
          seen[r]!.push(...page.right.events);
          last = page.right.lastPosition;
        }
        seen[r]!.push(...(await follow(reader, last)).events);
      });
      const started = performance.now();
      await Promise.all(
        Array.from({ length: WRITERS }, async (_, w) => {
          let revision: number | 'no-stream' = 'no-stream';
          for (let i = 0; i < APPENDS; i += 1) revision = await write(w, i, revision);
        }),
      );
      const elapsed = performance.now() - started;
      writing = false;
      await Promise.all(reading);
      await Promise.all(readers.map((r) => r.close()));
      const all = (await follow(store, undefined)).events;
      const figures = `${WRITERS} writers × ${APPENDS} appends (${all.length} events) in ${Math.round(elapsed)} ms: ${Math.round((WRITERS * APPENDS) / (elapsed / 1000))} appends/s, ${Math.round(all.length / (elapsed / 1000))} events/s; 2 readers, ${reads} pages read`;
      return { all, seen, figures };
    };

    const dawdle = () =>
      // every row inserted sleeps a little inside its transaction, so commits interleave unless something orders them
      test.admin.query(`
        CREATE FUNCTION "${test.schema}".dawdle() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_sleep(random() * 0.002); RETURN NEW; END $$;
        CREATE TRIGGER dawdle AFTER INSERT ON "${test.schema}".events FOR EACH ROW EXECUTE FUNCTION "${test.schema}".dawdle();`);

    const throughStore = async (w: number, i: number, revision: number | 'no-stream') =>
      right(await store.appendToStream(`complaint-w${w}`, revision, batch(`w${w}`, `w${w}-${i}`, sizeOf(i)))()).nextRevision;

    for (const slowed of [true, false]) {
      it(`never shows a reader an event behind one it has already seen, nor skips one${slowed ? ' (each insert slowed inside its transaction)' : ''}`, async () => {
        if (slowed) await dawdle();
        const { all, seen, figures } = await race(throughStore);
        expect(all).toHaveLength(EVENTS);
        for (const events of seen) {
          const positions = events.map((e) => e.position);
          for (let i = 1; i < positions.length; i += 1) expect(positions[i]!).toBeGreaterThan(positions[i - 1]!);
          expect(positions).toEqual(all.map((e) => e.position));
        }
        console.log(`racing writers through the store${slowed ? ', inserts slowed' : ''}: ${figures}; each reader saw all ${all.length} events in order`);
      }, 120_000);
    }

    it('shows, for contrast, what bare inserts without the lock let readers miss', async () => {
      await dawdle();
      const bare = await Promise.all(Array.from({ length: WRITERS }, () => session()));
      sessions.push(...bare);
      const insert = `INSERT INTO "${test.schema}".events (stream_id, revision, event_id, type, data, metadata, recorded_at)
        SELECT $1, $2::bigint + u.o - 1, u.e, u.t, u.d::json, u.m::json, u.r
        FROM unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::text[]) WITH ORDINALITY AS u(e, t, d, m, r, o) ORDER BY u.o`;
      const { all, seen, figures } = await race(async (w, i, revision) => {
        const rows = right(encodeRows(`complaint-w${w}`, batch(`w${w}`, `w${w}-${i}`, sizeOf(i))));
        const first = revision === 'no-stream' ? 0 : revision + 1;
        const client = bare[w]!;
        await client.query('BEGIN');
        await client.query(insert, [`complaint-w${w}`, first, rows.map((r) => r.event_id), rows.map((r) => r.type), rows.map((r) => r.data), rows.map((r) => r.metadata), rows.map((r) => r.recorded_at)]);
        await client.query('COMMIT');
        return first + rows.length - 1;
      });
      expect(all).toHaveLength(EVENTS);
      const missed = seen.map((events) => all.length - events.length);
      console.log(`racing bare inserts without the lock, inserts slowed: ${figures}; the readers missed ${missed.join(' and ')} of ${all.length} events`);
    }, 120_000);
  });
});
