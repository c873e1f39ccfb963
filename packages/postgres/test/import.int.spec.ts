import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as E from 'fp-ts/lib/Either.js';
import pg from 'pg';
import { createCommandHandler, decodeAnchorEntry, verifyStore, type AnchorEntry, type GlobalPosition, type ImportedEvent, type RecordedEvent } from '@cim-complaints/core';
import { commands, inMemoryStore } from '@cim-complaints/testing';
import { createPostgresKeyStore, type PostgresEventStore } from '../src/index.js';
import { databaseUrl, freshSchema, left, openStore, right, waitFor, withServer, type TestSchema } from './support.js';

// `importStored` and `importKey` on PostgreSQL (what `cim-complaints copy` writes with): the
// shared contract covers the rules; here, what only this store can get wrong: the order of `$all`
// while imports and appends race, the exact text in the `json` columns, and a unique violation
// from a writer that bypassed the append lock.

const AT = '2025-06-02T09:00:00Z';
const SUMMARY = 'Réclamation « été » — “quoted” \\ / 😀 \u0007';

/** A session of its own on the database, for holding transactions open by hand. */
const session = async (): Promise<pg.Client> => {
  const client = new pg.Client({ connectionString: databaseUrl! });
  client.on('error', () => undefined);
  await client.connect();
  return client;
};

/** Complaints written through the command handler into a store of their own, read back raw (every page) with the anchor entries. */
const sourceOf = async (label: string, complaints: number) => {
  const from = inMemoryStore();
  const handle = createCommandHandler({ store: from, clock: () => '2025-06-30T12:00:00Z' });
  for (let i = 0; i < complaints; i += 1) {
    const c = commands(`${label}-${i}`, AT);
    for (const command of [c.receive(), c.acknowledge(), c.recordCorrespondence({ summary: `${SUMMARY} ${i}`, at: '2025-06-03T10:00:00Z' })]) right(await handle(command)());
  }
  const events: ImportedEvent[] = [];
  let after: GlobalPosition | undefined;
  for (;;) {
    const page = right(await from.readRaw({ ...(after === undefined ? {} : { after }), maxCount: 100 })());
    events.push(...page.events.map(({ streamId, revision, type, data, metadata }) => ({ streamId, revision, type, data, metadata })));
    after = page.lastPosition;
    if (page.isEnd) break;
  }
  const anchors: AnchorEntry[] = right(await from.readAnchors()()).entries.map((e) => right(decodeAnchorEntry(e.entry)));
  return { from, events, anchors };
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

/** The same JSON value written another way: keys in reverse order, one-space indents, every non-ASCII character and `/` escaped, blank space around. */
const oddlyFormatted = (text: string): string => {
  const reversed = (value: unknown): unknown =>
    Array.isArray(value)
      ? value.map(reversed)
      : typeof value === 'object' && value !== null
        ? Object.fromEntries(Object.entries(value).reverse().map(([k, v]) => [k, reversed(v)]))
        : value;
  const escaped = JSON.stringify(reversed(JSON.parse(text)), null, 1)
    .replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
    .replace(/\//g, '\\/');
  return ` \n\t${escaped}\r\n `;
};

withServer(describe)('importing into a PostgreSQL store (copy)', () => {
  let test: TestSchema;
  let store: PostgresEventStore;
  const sessions: pg.Client[] = [];

  beforeEach(async () => {
    test = freshSchema('import');
    store = await openStore({ connectionString: test.url, poolSize: 8 });
  });
  afterEach(async () => {
    for (const s of sessions.splice(0)) await s.end().catch(() => undefined);
    await store.close();
    await test.admin.query(`DROP SCHEMA IF EXISTS "${test.schema}_keys" CASCADE`).catch(() => undefined);
    await test.drop();
  });

  describe('when the text of an event is formatted unusually', () => {
    it('stores data and metadata byte for byte as given, reads them back alike, and the copy verifies', async () => {
      const { from, events, anchors } = await sourceOf('text', 3);
      const given = events.map((e, i) =>
        i % 3 === 0 ? { ...e, data: JSON.stringify(JSON.parse(e.data), null, 1) } : i % 3 === 1 ? { ...e, data: oddlyFormatted(e.data), metadata: oddlyFormatted(e.metadata) } : e,
      );
      expect(given.filter((e, i) => e.data !== events[i]!.data)).toHaveLength(6);
      const result = right(await store.importStored!({ events: given, anchors })());
      expect(result).toMatchObject({ events: events.length, anchors: anchors.length });
      const rows = await test.admin.query<{ data: string; metadata: string; position: string }>(`SELECT data::text AS data, metadata::text AS metadata, position::text AS position FROM "${test.schema}".events ORDER BY position`);
      expect(rows.rows.map((r) => [r.data, r.metadata])).toEqual(given.map((e) => [e.data, e.metadata]));
      expect(result.lastPosition).toBe(BigInt(rows.rows[rows.rows.length - 1]!.position));
      expect(right(await store.readRaw({ maxCount: 100 })()).events.map((r) => [r.data, r.metadata])).toEqual(given.map((e) => [e.data, e.metadata]));
      expect((await follow(store, undefined)).events.map((e) => e.event)).toEqual((right(await from.readAll({ maxCount: 100 })()).events).map((e) => e.event));
      expect(right(await store.readAnchors()()).entries.map((e) => e.entry)).toEqual(right(await from.readAnchors()()).entries.map((e) => e.entry));
      const verified = right(await verifyStore(store)());
      expect(verified.breaks).toEqual([]);
      expect(verified.streams).toEqual(right(await verifyStore(from)()).streams);
    });
  });

  describe('when imports and appends race while readers follow $all', () => {
    it('never shows a reader an event behind one it has already seen, nor skips one', async () => {
      const { events } = await sourceOf('copied', 40);
      // every row inserted sleeps a little inside its transaction, so commits interleave unless something orders them
      await test.admin.query(`
        CREATE FUNCTION "${test.schema}".dawdle() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_sleep(random() * 0.002); RETURN NEW; END $$;
        CREATE TRIGGER dawdle AFTER INSERT ON "${test.schema}".events FOR EACH ROW EXECUTE FUNCTION "${test.schema}".dawdle();`);
      const readers = [await openStore({ connectionString: test.url, poolSize: 2 }), await openStore({ connectionString: test.url, poolSize: 2 })];
      let writing = true;
      const seen: RecordedEvent[][] = readers.map(() => []);
      const reading = readers.map(async (reader, r) => {
        let last: GlobalPosition | undefined;
        while (writing) {
          const page = await reader.readAll({ ...(last === undefined ? {} : { after: last }), maxCount: 50 })();
          if (E.isLeft(page)) throw new Error(page.left.message);
          seen[r]!.push(...page.right.events);
          last = page.right.lastPosition;
        }
        seen[r]!.push(...(await follow(reader, last)).events);
      });
      // the import in pages of 20 events (the anchor entries are left out: appends move the target's anchor meanwhile)
      const importing = (async () => {
        const results = [];
        for (let i = 0; i < events.length; i += 20) results.push(right(await store.importStored!({ events: events.slice(i, i + 20) })()));
        return results;
      })();
      // two command handlers appending to complaints of their own meanwhile
      const handle = createCommandHandler({ store, clock: () => AT });
      const appending = Array.from({ length: 2 }, async (_, w) => {
        for (let i = 0; i < 15; i += 1) {
          const c = commands(`appended-${w}-${i}`, AT);
          right(await handle(c.receive())());
          right(await handle(c.recordCorrespondence({ summary: 'Letter' }))());
        }
      });
      const [imported] = await Promise.all([importing, ...appending]);
      writing = false;
      await Promise.all(reading);
      await Promise.all(readers.map((r) => r.close()));

      const all = (await follow(store, undefined)).events;
      expect(all).toHaveLength(events.length + 2 * 15 * 2);
      expect(imported.reduce((n, r) => n + r.events, 0)).toBe(events.length);
      for (const events of seen) expect(events.map((e) => e.position)).toEqual(all.map((e) => e.position));
      // the imported events in the source's order, text unchanged
      const copied = all.filter((e) => e.streamId.includes('copied-'));
      expect(copied.map((e) => `${e.streamId}@${e.revision}`)).toEqual(events.map((e) => `${e.streamId}@${e.revision}`));
      const rows = await test.admin.query<{ data: string; metadata: string }>(`SELECT data::text AS data, metadata::text AS metadata FROM "${test.schema}".events WHERE stream_id LIKE '%copied-%' ORDER BY position`);
      expect(rows.rows.map((r) => [r.data, r.metadata])).toEqual(events.map((e) => [e.data, e.metadata]));
      // each import's events are contiguous in $all, its last position the one it reported
      for (const result of imported) {
        const at = all.findIndex((e) => e.position === result.lastPosition);
        expect(all.slice(at - result.events + 1, at + 1).every((e) => e.streamId.includes('copied-'))).toBe(true);
      }
      const interleaved = all.filter((e, i) => i > 0 && e.streamId.includes('copied-') !== all[i - 1]!.streamId.includes('copied-')).length;
      console.log(`imports of ${events.length} events in ${imported.length} pages racing ${2 * 15 * 2} appended events: ${interleaved} switches between them in $all; both readers saw all ${all.length} in order`);
    }, 120_000);

    it('makes an append wait for an import holding the lock, so it is positioned after it', async () => {
      const { events } = await sourceOf('held', 2);
      const key = 1 + Math.floor(Math.random() * 2 ** 30);
      // the import's first insert waits at a gate, after drawing its position
      await test.admin.query(`
        CREATE FUNCTION "${test.schema}".hold() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF NEW.stream_id LIKE '%held-%' THEN PERFORM pg_advisory_lock_shared(${key}); PERFORM pg_advisory_unlock_shared(${key}); END IF;
          RETURN NEW;
        END $$;
        CREATE TRIGGER hold AFTER INSERT ON "${test.schema}".events FOR EACH ROW EXECUTE FUNCTION "${test.schema}".hold();`);
      const gate = await session();
      sessions.push(gate);
      await gate.query('SELECT pg_advisory_lock($1)', [key]);
      const importing = store.importStored!({ events })();
      await waitFor('the import to wait at the gate', async () => (await test.admin.query('SELECT 1 FROM pg_locks WHERE locktype = $1 AND objid = $2 AND NOT granted', ['advisory', key])).rowCount === 1);
      const handle = createCommandHandler({ store, clock: () => AT });
      const appending = handle(commands('appended', AT).receive())();
      await waitFor('the append to wait for the append lock', async () =>
        (await test.admin.query(`SELECT 1 FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid WHERE l.locktype = 'advisory' AND NOT l.granted AND a.query LIKE '%pg_advisory_xact_lock%'`)).rowCount! >= 1,
      );
      expect((await follow(store, undefined)).events).toEqual([]);
      await gate.query('SELECT pg_advisory_unlock($1)', [key]);
      const imported = right(await importing);
      right(await appending);
      const all = (await follow(store, undefined)).events;
      expect(all.map((e) => e.streamId.includes('held-'))).toEqual([...events.map(() => true), false]);
      expect(imported.lastPosition).toBe(all[events.length - 1]!.position);
    });
  });

  describe('when a writer that bypassed the append lock stores one of the event ids meanwhile', () => {
    it('refuses the import as invalid-write naming the id, writing nothing', async () => {
      const { events, anchors } = await sourceOf('clash', 2);
      const [first] = events;
      const eventId = (JSON.parse(first!.metadata) as { eventId: string }).eventId;
      const bypasser = await session();
      sessions.push(bypasser);
      await bypasser.query('BEGIN');
      await bypasser.query(
        `INSERT INTO "${test.schema}".events (stream_id, revision, event_id, type, data, metadata, recorded_at) VALUES ('complaint-elsewhere', 0, $1, $2, $3, $4, $5)`,
        [eventId, first!.type, first!.data, first!.metadata, AT],
      );
      const importing = store.importStored!({ events, anchors })();
      await waitFor('the import to wait on the bypasser\'s row', async () => (await test.admin.query(`SELECT 1 FROM pg_locks WHERE locktype = 'transactionid' AND NOT granted`)).rowCount! >= 1);
      await bypasser.query('COMMIT');
      const refused = left(await importing);
      expect(refused).toMatchObject({ kind: 'invalid-write', eventId, existingStreamId: 'complaint-elsewhere', streamId: first!.streamId });
      expect(refused.message).toMatch(/^nothing was imported: event id .* is already stored in another stream \(complaint-elsewhere\)/);
      const held = await test.admin.query(`SELECT stream_id FROM "${test.schema}".events`);
      expect(held.rows).toEqual([{ stream_id: 'complaint-elsewhere' }]);
      expect(right(await store.readAnchors()()).entries).toEqual([]);
    });

    it('refuses an id stored before the import began the same way, from its read under the lock', async () => {
      const { events } = await sourceOf('held-id', 1);
      right(await store.importStored!({ events: events.slice(0, 1) })());
      const again = left(await store.importStored!({ events: [{ ...events[0]!, streamId: 'complaint-other' }] })());
      expect(again).toMatchObject({ kind: 'invalid-write', existingStreamId: events[0]!.streamId, streamId: 'complaint-other' });
      expect(again.message).toMatch(/^nothing was imported: /);
    });
  });

  describe('when the store cannot be written', () => {
    it('refuses an import on a store opened read-only, and on a closed store, as appends are refused', async () => {
      const { events } = await sourceOf('refused', 1);
      const reader = await openStore({ connectionString: test.url, readOnly: true });
      expect(left(await reader.importStored!({ events })())).toMatchObject({ kind: 'invalid-write', message: expect.stringContaining('read-only') });
      await reader.close();
      const closing = await openStore({ connectionString: test.url });
      await closing.close();
      expect(left(await closing.importStored!({ events })()).kind).toBe('unavailable');
      expect((await follow(store, undefined)).events).toEqual([]);
    });
  });

  describe('when keys are imported while another writer makes the same subject\'s key', () => {
    it('keeps one key: the import that loses sees the winner\'s key and is refused, or finds it the same', async () => {
      const [a, b] = [right(await createPostgresKeyStore({ connectionString: test.url })()), right(await createPostgresKeyStore({ connectionString: test.url })())];
      try {
        for (let round = 0; round < 10; round += 1) {
          const subject = `complainant:race-${round}`;
          const key = (fill: number) => ({ subject, status: 'active' as const, key: new Uint8Array(32).fill(fill), createdAt: AT });
          const [x, y, made] = await Promise.all([a.importKey!(key(1))(), b.importKey!(key(2))(), a.keyFor(subject)()]);
          const found = right(await a.getKey(subject)());
          expect(found.status).toBe('active');
          const held = found.status === 'active' ? found.key : new Uint8Array();
          expect(Buffer.from(right(made)).equals(Buffer.from(held))).toBe(true);
          // each import either wrote the key that is held or was refused with invalid-write
          for (const [result, fill] of [[x, 1], [y, 2]] as const) {
            if (E.isRight(result)) expect([result.right, held[0]]).toEqual(['imported', fill]);
            else expect(result.left.kind).toBe('invalid-write');
          }
        }
        const erasure = { subject: 'complainant:race-0', status: 'erased' as const, createdAt: AT, erasedAt: '2025-07-01T00:00:00Z' };
        const outcomes = await Promise.all([a.importKey!(erasure)(), b.importKey!(erasure)()]);
        expect(outcomes.map((o) => right(o)).sort()).toEqual(['erased', 'unchanged']);
        expect(right(await a.listKeys()()).find((r) => r.subject === erasure.subject)).toEqual({ subject: erasure.subject, status: 'erased', createdAt: AT, erasedAt: erasure.erasedAt });
      } finally {
        await a.close();
        await b.close();
      }
    });
  });
});
