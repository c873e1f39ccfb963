import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as E from 'fp-ts/lib/Either.js';
import pg from 'pg';
import { createPostgresEventStore, refusedSchema, SCHEMA_VERSION, type PostgresEventStore } from '../src/index.js';
import { batch, databaseUrl, freshSchema, inSchema, left, openStore, right, withServer, type TestSchema } from './support.js';

const withPassword = (url: string, password: string): string => {
  const parsed = new URL(url);
  parsed.password = password;
  return parsed.href;
};

describe('opening a PostgreSQL store with arguments that cannot work', () => {
  it('answers a value, never a throw, and says why without echoing a password', async () => {
    const cases: [string, Parameters<typeof createPostgresEventStore>[0]][] = [
      ['neither', {}],
      ['not a url', { connectionString: 'mysql://root:hunter22@db/x' }],
      ['bad schema', { connectionString: 'postgres://u:hunter22@127.0.0.1:1/x', schema: 'drop table; --' }],
      ['bad pool size', { connectionString: 'postgres://u:hunter22@127.0.0.1:1/x', poolSize: -1 }],
      ['not a string', { connectionString: 42 as unknown as string }],
      ['a port out of range', { connectionString: 'postgres://u:hunter22@127.0.0.1:99999999/x' }],
      ['no options at all', undefined as unknown as Parameters<typeof createPostgresEventStore>[0]],
    ];
    for (const [what, options] of cases) {
      const error = left(await createPostgresEventStore(options)());
      expect(error.kind, what).toBe('invalid-argument');
      expect(error.message, what).not.toContain('hunter22');
    }
  });

  it('is unavailable, with the password masked, when no server answers', async () => {
    const error = left(await createPostgresEventStore({ connectionString: 'postgres://cim:s3cr3t-pw@127.0.0.1:1/nowhere?password=other-s3cret' })());
    expect(error.kind).toBe('unavailable');
    expect(error.message).toContain('127.0.0.1:1');
    expect(error.message).not.toMatch(/s3cr3t-pw|other-s3cret/);
  });
});

withServer(describe)('PostgreSQL event store', () => {
  let test: TestSchema;
  let store: PostgresEventStore | undefined;

  beforeEach(() => {
    test = freshSchema('store');
  });
  afterEach(async () => {
    await store?.close();
    store = undefined;
    await test.drop();
  });

  describe('when the password is wrong', () => {
    it('is unavailable and the message holds neither password', async () => {
      const url = withPassword(databaseUrl!, 'wrong-Pa55word');
      const error = left(await createPostgresEventStore({ connectionString: inSchema(url, test.schema) })());
      expect(error.kind).toBe('unavailable');
      expect(error.message).not.toContain('wrong-Pa55word');
      const { password, username, pathname } = new URL(databaseUrl!);
      // a password that is also the user's or the database's name cannot be told apart in a message
      if (password.length >= 4 && password !== username && `/${password}` !== pathname) expect(error.message).not.toContain(password);
    });
  });

  describe('when it opens a schema', () => {
    it('creates the tables once, even when two processes open a new schema at once', async () => {
      const opened = await Promise.all([1, 2, 3].map(() => createPostgresEventStore({ connectionString: test.url })()));
      for (const o of opened) right(o);
      const version = await test.admin.query(`SELECT value FROM "${test.schema}".store_info WHERE key = 'schema-version'`);
      expect(version.rows).toEqual([{ value: String(SCHEMA_VERSION) }]);
      await Promise.all(opened.map((o) => (E.isRight(o) ? o.right.close() : undefined)));
    });

    it('refuses a schema holding other tables, and leaves it as it was', async () => {
      await test.admin.query(`CREATE SCHEMA "${test.schema}"; CREATE TABLE "${test.schema}".invoices (id int)`);
      const error = left(await createPostgresEventStore({ connectionString: test.url })());
      expect(error.kind).toBe('unknown');
      expect(refusedSchema(error)).toEqual({ kind: 'foreign-schema', schema: test.schema, tables: ['invoices'] });
      const tables = await test.admin.query(`SELECT tablename FROM pg_tables WHERE schemaname = $1`, [test.schema]);
      expect(tables.rows).toEqual([{ tablename: 'invoices' }]);
    });

    it('refuses a store written by a newer version', async () => {
      (await openStore({ connectionString: test.url })).close();
      await test.admin.query(`UPDATE "${test.schema}".store_info SET value = '99' WHERE key = 'schema-version'`);
      const error = left(await createPostgresEventStore({ connectionString: test.url })());
      expect(refusedSchema(error)).toMatchObject({ kind: 'newer-schema', version: 99 });
      expect(error.message).toContain('upgrade @cim-complaints/postgres');
    });

    it('refuses a missing store when asked not to create one, creating nothing', async () => {
      const error = left(await createPostgresEventStore({ connectionString: test.url, create: false })());
      expect(error.kind).toBe('unavailable');
      expect(refusedSchema(error)?.kind).toBe('missing');
      const found = await test.admin.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [test.schema]);
      expect(found.rowCount).toBe(0);
    });

    it('takes the schema from ?schema= and uses a pool it is given without ending it', async () => {
      const pool = new pg.Pool({ connectionString: databaseUrl!, max: 2 });
      const given = await openStore({ pool, schema: test.schema });
      right(await given.appendToStream('complaint-c-1', 'no-stream', batch('c-1', 'cmd-1'))());
      await given.close();
      expect((await pool.query(`SELECT count(*)::int AS n FROM "${test.schema}".events`)).rows).toEqual([{ n: 1 }]);
      await pool.end();
    });
  });

  describe('when events are stored', () => {
    it('keeps the exact JSON text it wrote, which is what the raw reads return', async () => {
      store = await openStore({ connectionString: test.url });
      const envelopes = batch('c-1', 'cmd-1', 2);
      right(await store.appendToStream('complaint-c-1', 'no-stream', envelopes)());
      const raw = right(await store.readRawStream('complaint-c-1')());
      expect(raw.map((r) => r.metadata)).toEqual(envelopes.map((e) => JSON.stringify(e.metadata)));
      expect(raw.map((r) => r.data)).toEqual(envelopes.map((e) => JSON.stringify(e.data)));
    });

    it('refuses appends when opened read-only, and still reads', async () => {
      right(await (store = await openStore({ connectionString: test.url })).appendToStream('complaint-c-1', 'no-stream', batch('c-1', 'cmd-1'))());
      const reader = await openStore({ connectionString: test.url, readOnly: true });
      expect(left(await reader.appendToStream('complaint-c-1', 0, batch('c-1', 'cmd-2'))()).kind).toBe('invalid-write');
      expect(right(await reader.readStream('complaint-c-1')()).revision).toBe(0);
      await reader.close();
    });

    it('refuses, with the database, a revision written twice behind the lock', async () => {
      store = await openStore({ connectionString: test.url });
      right(await store.appendToStream('complaint-c-1', 'no-stream', batch('c-1', 'cmd-1'))());
      const error = await test.admin
        .query(`INSERT INTO "${test.schema}".events (stream_id, revision, event_id, type, data, metadata, recorded_at) VALUES ('complaint-c-1', 0, 'x', 'T', '{}', '{}', 'r')`)
        .catch((e: unknown) => e as { code: string; constraint: string });
      expect(error).toMatchObject({ code: '23505', constraint: 'events_stream_revision' });
    });
  });

  describe('when a batch spans several streams', () => {
    it('writes all of them in one transaction, or none when one is refused', async () => {
      store = await openStore({ connectionString: test.url });
      const results = right(
        await store.appendBatch([
          { streamId: 'complaint-c-1', expected: 'no-stream', events: batch('c-1', 'cmd-1', 2) },
          { streamId: 'complaint-c-2', expected: 'no-stream', events: batch('c-2', 'cmd-2', 1) },
        ])(),
      );
      expect(results.map((r) => r.nextRevision)).toEqual([1, 0]);
      const refused = left(
        await store.appendBatch([
          { streamId: 'complaint-c-3', expected: 'no-stream', events: batch('c-3', 'cmd-3', 1) },
          { streamId: 'complaint-c-1', expected: 'no-stream', events: batch('c-1', 'cmd-4', 1) },
        ])(),
      );
      expect(refused.kind).toBe('conflict');
      expect(refused.message).toContain('batch 1 (complaint-c-1)');
      expect(right(await store.readStream('complaint-c-3')()).revision).toBe('no-stream');
      expect(right(await store.readAnchors()()).entries).toHaveLength(2);
    });
  });

  describe('when it is closed', () => {
    it('answers unavailable', async () => {
      const closing = await openStore({ connectionString: test.url });
      await closing.close();
      expect(left(await closing.readStream('complaint-c-1')()).kind).toBe('unavailable');
      expect(left(await closing.appendToStream('complaint-c-1', 'no-stream', batch('c-1', 'cmd-1'))()).kind).toBe('unavailable');
    });
  });
});
