/**
 * PostgreSQL, against `pg` doing the same work bare, in the same run on the same server
 * (`DATABASE_URL`; skipped without it). Each run gets a fresh schema whose tables the library
 * made, so both sides write into the same tables with the same indexes; schemas and connections
 * are made before the clock starts.
 *
 * - Append: whole complaints, one transaction per stream. Baseline: `BEGIN`, one multi-row
 *   `INSERT` of the stream's rows (text already encoded), `COMMIT`. Subject: `appendToStream`
 *   (encode and prove each event reads back, take the append lock, check retried ids and the
 *   expected revision, insert, add the anchor entry, NOTIFY, commit).
 * - Catch-up read: every event in pages of 1,000. Baseline: `SELECT ... WHERE position > $1
 *   ORDER BY position LIMIT 1000` and `JSON.parse` of each row's data and metadata, on a
 *   connection made and warmed before the clock starts. Subject: `readAll` on the store's pool,
 *   warmed the same way (the same query, then decoding each event through its codec).
 */
import { randomBytes } from 'node:crypto';
import type { ComplaintEnvelope } from '@cim-complaints/core';
import { createPostgresEventStore, type PostgresEventStore } from '@cim-complaints/postgres';
import * as E from 'fp-ts/lib/Either.js';
import pg from 'pg';
import { compare, keep, type Comparison } from '../measure.js';
import type { Base, Row } from '../workload.js';

/** The one line said when there is no server to measure. */
export const POSTGRES_SKIPPED = 'PostgreSQL benchmarks skipped: no DATABASE_URL (set DATABASE_URL=postgres://USER:PASSWORD@HOST:5432/DATABASE to run them)';

const byStream = <A>(items: readonly A[], streamOf: (a: A) => string): [string, A[]][] => {
  const streams = new Map<string, A[]>();
  for (const item of items) {
    const list = streams.get(streamOf(item)) ?? [];
    list.push(item);
    streams.set(streamOf(item), list);
  }
  return [...streams];
};

const INSERT = (schema: string) => `INSERT INTO "${schema}".events (stream_id, revision, event_id, type, data, metadata, recorded_at)
  SELECT u.s, u.v, u.e, u.t, u.d::json, u.m::json, u.r
  FROM unnest($1::text[], $2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[]) WITH ORDINALITY AS u(s, v, e, t, d, m, r, o) ORDER BY u.o`;

const columns = (rows: readonly Row[]) => [
  rows.map((r) => r.stream_id),
  rows.map((r) => r.revision),
  rows.map((r) => r.event_id),
  rows.map((r) => r.type),
  rows.map((r) => r.data),
  rows.map((r) => r.metadata),
  rows.map((r) => r.recorded_at),
];

export interface PostgresFigures {
  readonly append: Comparison;
  readonly catchUp: Comparison;
  readonly appendEvents: number;
  readonly appendStreams: number;
  readonly catchUpEvents: number;
}

/** Runs both comparisons; every schema it made is dropped afterwards. */
export const postgresSuite = async (url: string, base: Base, appendRows: readonly Row[], catchUpRows: readonly Row[], repetitions: number): Promise<PostgresFigures> => {
  const run = `bench_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const schemas: string[] = [];
  const admin = new pg.Pool({ connectionString: url, max: 2 });
  admin.on('error', () => undefined);
  const fresh = async (): Promise<PostgresEventStore> => {
    const schema = `${run}_${schemas.length}`;
    schemas.push(schema);
    const opened = await createPostgresEventStore({ connectionString: url, schema, poolSize: 2, listen: false })();
    if (E.isLeft(opened)) throw new Error(opened.left.message);
    return opened.right;
  };
  try {
    const envelopes = byStream(base.events, (e) => e.streamId).map(([stream, events]) => [stream, events.map((e) => e.event as ComplaintEnvelope)] as const);
    const rowStreams = byStream(appendRows, (r) => r.stream_id);
    // schemas and connections are made before the clock starts: the figures are the appends alone
    const runs = 2 * (repetitions + 1);
    const prepared: { store: PostgresEventStore; client: pg.Client }[] = [];
    for (let i = 0; i < runs; i += 1) {
      const store = await fresh();
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      // warm the store's pool too, so neither side pays for a connection
      await store.readStream('complaint-warm-up')();
      prepared.push({ store, client });
    }
    const used: typeof prepared = [];
    const next = () => {
      const one = prepared.shift()!;
      used.push(one);
      return one;
    };
    const bare = async () => {
      const { store, client } = next();
      const insert = INSERT(store.schema);
      for (const [, rows] of rowStreams) {
        await client.query('BEGIN');
        await client.query(insert, columns(rows));
        await client.query('COMMIT');
      }
      return rowStreams.length;
    };
    const library = async () => {
      const { store } = next();
      for (const [stream, events] of envelopes) {
        const appended = await store.appendToStream(stream, 'no-stream', events)();
        if (E.isLeft(appended)) throw new Error(appended.left.message);
      }
      return envelopes.length;
    };
    const append = await compare({ name: 'pg INSERT of the rows, one transaction per stream', run: bare }, { name: 'appendToStream, one call per stream', run: library }, repetitions);
    for (const { store, client } of [...used, ...prepared]) {
      await client.end();
      await store.close();
    }

    // one schema holding the catch-up log, read by both sides
    const log = await fresh();
    const insert = INSERT(log.schema);
    for (let i = 0; i < catchUpRows.length; i += 10_000) await admin.query(insert, columns(catchUpRows.slice(i, i + 10_000)));
    await admin.query(`ANALYZE "${log.schema}".events`);
    const select = `SELECT position::text AS position, stream_id, revision::text AS revision, type, data::text AS data, metadata::text AS metadata FROM "${log.schema}".events WHERE position > $1 ORDER BY events.position LIMIT 1000`;
    // connected and warmed before the clock starts, as the library's pool is: a connection made
    // inside the run (authentication, a fresh server process) cost the baseline a quarter of its time
    const reader = new pg.Client({ connectionString: url });
    const bareRead = async () => {
      let after = '0';
      let count = 0;
      for (;;) {
        const rows = (await reader.query<{ position: string; data: string; metadata: string }>(select, [after])).rows;
        for (const row of rows) keep([JSON.parse(row.data), JSON.parse(row.metadata)]);
        count += rows.length;
        if (rows.length < 1000) break;
        after = rows[rows.length - 1]!.position;
      }
      return count;
    };
    const libraryRead = async () => {
      let after: bigint | undefined;
      let count = 0;
      for (;;) {
        const page = await log.readAll({ ...(after === undefined ? {} : { after }), maxCount: 1000 })();
        if (E.isLeft(page)) throw new Error(page.left.message);
        count += page.right.events.length;
        keep(page.right.events);
        if (page.right.isEnd) break;
        after = page.right.lastPosition;
      }
      return count;
    };
    let catchUp: Comparison;
    try {
      await reader.connect();
      await reader.query(select, ['0']);
      // the library's pool warmed the same way
      await log.readAll({ maxCount: 1000 })();
      catchUp = await compare({ name: 'pg SELECT by position in pages of 1,000, JSON.parse of each row', run: bareRead }, { name: 'readAll in pages of 1,000 (decoded)', run: libraryRead }, repetitions);
    } finally {
      await reader.end().catch(() => undefined);
      await log.close();
    }
    return { append, catchUp, appendEvents: appendRows.length, appendStreams: rowStreams.length, catchUpEvents: catchUpRows.length };
  } finally {
    for (const schema of schemas) await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).catch(() => undefined);
    await admin.end();
  }
};
