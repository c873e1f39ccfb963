/**
 * An `EventStore` on PostgreSQL, through `pg` (node-postgres). Every table lives in one schema
 * (default `cim_complaints`, created and migrated on first open; schema.ts).
 *
 * Appends: one transaction per append. It first takes the schema's append lock (a
 * transaction-level advisory lock), then checks for a retried batch and taken event ids, checks
 * the expected revision, inserts the events, adds the anchor entry and queues a NOTIFY, and
 * commits. The lock is what makes `$all` safe to follow: positions come from an identity
 * sequence, and without it a transaction that drew position 7 could commit after one that drew
 * 8, so a reader that had read past 8 would never see 7. Holding the lock from before the first
 * position is drawn until after commit means positions become visible in order, with no gaps
 * filled later (a rolled-back append leaves a gap that stays a gap). It also serialises the
 * anchor chain, which needs each entry to know the one before. The unique constraint on
 * `(stream_id, revision)` enforces the expected revision in the database as well: a writer that
 * bypassed the lock still could not write a revision twice.
 *
 * Imports (`importStored`, for `copy`): one transaction under the same append lock, so imported
 * positions become visible in order too. Under the lock it reads the heads of every stream the
 * batch touches, the last anchor entry and which of the batch's event ids are stored, has core's
 * `checkImport` check the batch against them, then inserts the events with their JSON text
 * unchanged (`json` keeps it byte for byte) and the anchor entries as given, numbered after the
 * last, in one statement; all or nothing.
 *
 * Reads are single statements (one snapshot). Subscriptions use core's pump: catch up by pages,
 * then wait for a NOTIFY on the schema's channel (a dedicated connection, reconnected when lost)
 * or for the poll interval, whichever comes first. A subscription rides out a lost connection or
 * a server restart: a read that fails as `unavailable` is retried until `reconnectTimeoutMs`,
 * from the last event delivered, so nothing is missed or delivered twice.
 *
 * Opening is asynchronous (`TaskEither`) and never throws: a bad connection string or schema
 * name is `invalid-argument`, an unreachable server `unavailable`, a schema of someone else's
 * tables is refused and left alone. Messages never hold the connection string's password.
 *
 * @example
 * const opened = await createPostgresEventStore({ connectionString: process.env.DATABASE_URL })();
 * if (E.isRight(opened)) {
 *   const handle = createCommandHandler({ store: opened.right, clock: () => new Date().toISOString() });
 *   await handle(command)();
 *   await opened.right.close();
 * }
 */
import pg from 'pg';
import * as E from 'fp-ts/lib/Either.js';
import type * as TE from 'fp-ts/lib/TaskEither.js';
import {
  checkImport,
  createSubscriptionPump,
  encodeRows,
  eventIdTaken,
  nextAnchorEntry,
  retriedBatch,
  revisionMatches,
  storeError,
  type AllPage,
  type AppendResult,
  type ComplaintEnvelope,
  type EventStore,
  type ExpectedRevision,
  type GlobalPosition,
  type ImportBatch,
  type ImportResult,
  type RawPage,
  type StoreError,
  type StreamRead,
  streamsOfImport,
} from '@cim-complaints/core';
import { DEFAULT_SCHEMA, isPostgresUrl, maskPostgresUrl, postgresRedactor, splitSchema } from './connection-strings.js';
import { ROW_COLUMNS, decodeRows, rawAnchorOf, rawRowOf, type AnchorRow, type StoredRow } from './codec.js';
import { fromPgError, isEventIdClash, isRevisionClash, type PostgresOpenError } from './errors.js';
import { checkout } from './pool.js';
import { SCHEMA_NAME, channelOf, inspectSchema, lockKey, migrate, quoteIdent, refusal } from './schema.js';

export interface PostgresEventStoreOptions {
  /**
   * `postgres://user:password@host:5432/database` (or `postgresql://`); `?schema=NAME` picks the
   * schema. Give this or `pool`.
   */
  readonly connectionString?: string;
  /** A pool to use instead of a connection string; the caller keeps ownership and ends it. */
  readonly pool?: pg.Pool;
  /** The schema holding the store's tables; default `cim_complaints` (or the connection string's `?schema=`). */
  readonly schema?: string;
  /** Create (and migrate) the schema when it is missing or empty. Default true; false refuses a missing store. */
  readonly create?: boolean;
  /** Open for reading only: nothing is created or migrated, and appends are refused (`invalid-write`). */
  readonly readOnly?: boolean;
  /** Connections in the pool this store makes. Default 10. */
  readonly poolSize?: number;
  /** How often subscriptions look for new events when no NOTIFY came. Default 1000 ms. */
  readonly pollIntervalMs?: number;
  /** Listen for appends of other processes (LISTEN/NOTIFY) instead of waiting for the poll. Default true. */
  readonly listen?: boolean;
  /** Events per page when subscriptions read `$all`. Default 256. */
  readonly pageSize?: number;
  /** How long an append waits for another append's lock before failing as `unavailable`. Default 10,000 ms. */
  readonly lockTimeoutMs?: number;
  /** How long a subscription keeps retrying reads of a lost server before it fails. Default 60,000 ms. */
  readonly reconnectTimeoutMs?: number;
  /** `application_name` of the store's connections, as `pg_stat_activity` shows it. Default `cim-complaints`. */
  readonly applicationName?: string;
}

/** One stream's part of a batched append. */
export interface StreamBatch {
  readonly streamId: string;
  readonly expected: ExpectedRevision;
  readonly events: readonly ComplaintEnvelope[];
}

/** The PostgreSQL store: the port, plus what checkpoints and read models kept in the same database need. */
export interface PostgresEventStore extends EventStore {
  /** The connection pool (read models run their SQL on it, or on the transaction `saveWith` hands them). */
  readonly pool: pg.Pool;
  /** The schema holding the store's tables (unquoted). */
  readonly schema: string;
  /** Where the store is, for messages: the connection string without credentials, and the schema. */
  readonly name: string;
  /** Opened with `readOnly: true`: appends are refused. */
  readonly readOnly: boolean;
  /** Takes the connection string's secrets out of a text (for messages built from driver errors). */
  readonly redact: (text: string) => string;
  /**
   * Appends to several streams in one transaction (imports, `copy`): each stream's part is
   * checked as `appendToStream` checks it, and all are written or none.
   */
  readonly appendBatch: (batches: readonly StreamBatch[]) => TE.TaskEither<StoreError, readonly AppendResult[]>;
  readonly close: () => Promise<void>;
}

const DEFAULTS = { poolSize: 10, pollIntervalMs: 1000, lockTimeoutMs: 10_000, reconnectTimeoutMs: 60_000 };

// Thrown inside a transaction to roll it back; turned back into its value outside.
class Refused {
  constructor(readonly error: StoreError) {}
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The positive integer option, or the default; `undefined` when given and not one. */
const positive = (value: number | undefined, fallback: number): number | undefined =>
  value === undefined ? fallback : Number.isFinite(value) && value > 0 ? Math.floor(value) : undefined;

/**
 * Opens (creating and migrating if needed) a store; every failure is a value: `invalid-argument`
 * for arguments that cannot work, `unavailable` when the server cannot be reached, and a refusal
 * (with `found`) for a schema that is not a store of this version.
 */
export const createPostgresEventStore =
  (options: PostgresEventStoreOptions): TE.TaskEither<PostgresOpenError, PostgresEventStore> =>
  async () => {
    const invalid = (message: string) => E.left(storeError('invalid-argument', message));
    if (typeof options !== 'object' || options === null) return invalid('createPostgresEventStore takes an options object');
    if ((options.connectionString === undefined) === (options.pool === undefined))
      return invalid('give createPostgresEventStore exactly one of `connectionString` or `pool`');
    if (options.connectionString !== undefined && (typeof options.connectionString !== 'string' || !isPostgresUrl(options.connectionString)))
      return invalid(`not a PostgreSQL connection string (postgres://user:password@host:5432/database): ${JSON.stringify(maskPostgresUrl(String(options.connectionString)))}`);
    const split = options.connectionString === undefined ? undefined : splitSchema(options.connectionString);
    const schema = options.schema ?? split?.schema ?? DEFAULT_SCHEMA;
    if (typeof schema !== 'string' || !SCHEMA_NAME.test(schema))
      return invalid(`schema ${JSON.stringify(String(schema))} is not a plain identifier (letters, digits and _, at most 63)`);
    const poolSize = positive(options.poolSize, DEFAULTS.poolSize);
    const pollIntervalMs = positive(options.pollIntervalMs, DEFAULTS.pollIntervalMs);
    const lockTimeoutMs = positive(options.lockTimeoutMs, DEFAULTS.lockTimeoutMs);
    const reconnectTimeoutMs = positive(options.reconnectTimeoutMs, DEFAULTS.reconnectTimeoutMs);
    const pageSize = positive(options.pageSize, 256);
    if (poolSize === undefined || pollIntervalMs === undefined || lockTimeoutMs === undefined || reconnectTimeoutMs === undefined || pageSize === undefined)
      return invalid('poolSize, pollIntervalMs, lockTimeoutMs, reconnectTimeoutMs and pageSize must be positive numbers');

    const redact = postgresRedactor(options.connectionString);
    const where = options.connectionString === undefined ? 'the given pool' : maskPostgresUrl(split!.connectionString);
    const applicationName = options.applicationName ?? 'cim-complaints';
    const clientConfig: pg.ClientConfig | undefined =
      split === undefined ? undefined : { connectionString: split.connectionString, application_name: applicationName, keepAlive: true, connectionTimeoutMillis: 10_000 };
    let pool: pg.Pool;
    try {
      pool = options.pool ?? new pg.Pool({ ...clientConfig, max: poolSize, lock_timeout: lockTimeoutMs, idleTimeoutMillis: 30_000 });
    } catch (error) {
      // pg-connection-string throws on a malformed URL (a bad port, a bad percent-escape)
      return E.left(storeError('invalid-argument', redact(`not a usable PostgreSQL connection string ${JSON.stringify(where)}: ${(error as Error)?.message ?? String(error)}`)));
    }
    const ownsPool = options.pool === undefined;
    // An idle connection the server closed (a restart) is reported here; without a listener it would crash the process.
    const onIdleError = () => undefined;
    if (ownsPool) pool.on('error', onIdleError);
    const fail = async (error: PostgresOpenError) => {
      if (ownsPool) await pool.end().catch(() => undefined);
      return E.left(error);
    };

    let client: pg.PoolClient;
    let release: (destroy: boolean) => void;
    try {
      ({ client, release } = await checkout(pool));
    } catch (error) {
      const failed = fromPgError(error, `connecting to ${where}`, redact);
      // the driver parses the connection string only when it connects
      if ((error as { code?: unknown })?.code === 'ERR_INVALID_URL') return fail({ ...failed, kind: 'invalid-argument', message: `not a usable PostgreSQL connection string: ${failed.message}` });
      return fail(failed);
    }
    let refused: PostgresOpenError | undefined;
    try {
      if (options.readOnly === true || options.create === false) {
        const found = await inspectSchema(client, schema);
        if (found.kind !== 'store') refused = refusal(found, where);
      }
      // an existing store of an older version is brought up to date unless read-only
      if (refused === undefined && options.readOnly !== true) {
        const migrated = await migrate(client, schema);
        if (E.isLeft(migrated)) refused = refusal(migrated.left, where);
      }
    } catch (error) {
      release(true);
      return fail(fromPgError(error, `preparing schema ${schema} of ${where}`, redact));
    }
    release(false);
    if (refused !== undefined) return fail(refused);
    return E.right(
      storeOn({ pool, ownsPool, schema, name: `${where} (schema ${schema})`, redact, clientConfig, readOnly: options.readOnly === true, listen: options.listen !== false, pollIntervalMs, reconnectTimeoutMs, pageSize }),
    );
  };

interface StoreSettings {
  readonly pool: pg.Pool;
  readonly ownsPool: boolean;
  readonly schema: string;
  readonly name: string;
  readonly redact: (text: string) => string;
  /** How to make the LISTEN connection; undefined with a caller's pool (then one of its clients is held). */
  readonly clientConfig: pg.ClientConfig | undefined;
  readonly readOnly: boolean;
  readonly listen: boolean;
  readonly pollIntervalMs: number;
  readonly reconnectTimeoutMs: number;
  readonly pageSize: number;
}

const storeOn = (settings: StoreSettings): PostgresEventStore => {
  const { pool, schema, name, redact } = settings;
  const S = quoteIdent(schema);
  const appendLock = lockKey(schema, 'append');
  const channel = channelOf(schema);
  const pump = createSubscriptionPump({ pollIntervalMs: settings.pollIntervalMs, pageSize: settings.pageSize });
  let closed = false;
  const closedError = (streamId?: string) => storeError('unavailable', `the store on ${name} is closed`, streamId === undefined ? {} : { streamId });

  /** What an append reads under the lock: the stream's last revision, the last anchor entry, and which of its event ids are stored. */
  const stateSql = (stream: string, ids: string) =>
    `SELECT (SELECT max(revision)::text FROM ${S}.events WHERE stream_id = ${stream}) AS last,
            (SELECT anchor FROM ${S}.anchors ORDER BY sequence DESC LIMIT 1) AS anchor,
            (SELECT coalesce(max(sequence), 0)::text FROM ${S}.anchors) AS sequence,
            (SELECT coalesce(json_agg(json_build_object('eventId', event_id, 'streamId', stream_id)), '[]'::json)
               FROM ${S}.events WHERE event_id = ANY(${ids})) AS held`;
  /** What an import reads under the lock: the last revision of each stream it touches (an object, stream to revision), the last anchor entry, and which of its event ids are stored. */
  const importStateSql = (streams: string, ids: string) =>
    `SELECT (SELECT coalesce(json_object_agg(h.stream_id, h.last), '{}'::json)
               FROM (SELECT stream_id, max(revision)::text AS last FROM ${S}.events WHERE stream_id = ANY(${streams}) GROUP BY stream_id) h) AS heads,
            (SELECT anchor FROM ${S}.anchors ORDER BY sequence DESC LIMIT 1) AS anchor,
            (SELECT coalesce(max(sequence), 0)::text FROM ${S}.anchors) AS sequence,
            (SELECT coalesce(json_agg(json_build_object('eventId', event_id, 'streamId', stream_id)), '[]'::json)
               FROM ${S}.events WHERE event_id = ANY(${ids})) AS held`;
  const sql = {
    state: stateSql('$1', '$2::text[]'),
    idsFrom: `SELECT event_id, revision::text AS revision, position::text AS position FROM ${S}.events
              WHERE stream_id = $1 AND revision >= $2 ORDER BY events.revision LIMIT $3`,
    insert: `WITH written AS (
               INSERT INTO ${S}.events (stream_id, revision, event_id, type, data, metadata, recorded_at)
               SELECT $1, $2::bigint + u.o - 1, u.e, u.t, u.d::json, u.m::json, u.r
               FROM unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::text[]) WITH ORDINALITY AS u(e, t, d, m, r, o)
               ORDER BY u.o
               RETURNING position
             ), anchored AS (
               INSERT INTO ${S}.anchors (sequence, stream_id, revision, digest, previous, anchor) VALUES ($12::bigint + 1, $1, $8, $9, $10, $11)
             )
             -- the NOTIFY is queued in the same statement and delivered at commit: one round trip less
             SELECT p.position, pg_notify('${channel}', p.position) FROM (SELECT max(position)::text AS position FROM written) p`,
    // events and anchor entries as given, in the batch's order; the NOTIFY queued only when events were written
    importRows: `WITH written AS (
               INSERT INTO ${S}.events (stream_id, revision, event_id, type, data, metadata, recorded_at)
               SELECT u.s, u.v, u.e, u.t, u.d::json, u.m::json, u.r
               FROM unnest($1::text[], $2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[]) WITH ORDINALITY AS u(s, v, e, t, d, m, r, o)
               ORDER BY u.o
               RETURNING position
             ), anchored AS (
               INSERT INTO ${S}.anchors (sequence, stream_id, revision, digest, previous, anchor)
               SELECT $8::bigint + a.o, a.s, a.v, a.g, a.p, a.a
               FROM unnest($9::text[], $10::bigint[], $11::text[], $12::text[], $13::text[]) WITH ORDINALITY AS a(s, v, g, p, a, o)
             )
             SELECT p.position, pg_notify('${channel}', p.position) FROM (SELECT max(position)::text AS position FROM written) p WHERE p.position IS NOT NULL`,
    heldIds: `SELECT event_id, stream_id FROM ${S}.events WHERE event_id = ANY($1::text[])`,
    stream: `SELECT m.last, e.* FROM (SELECT max(revision)::text AS last FROM ${S}.events WHERE stream_id = $1) m
             LEFT JOIN LATERAL (
               SELECT ${ROW_COLUMNS} FROM ${S}.events WHERE stream_id = $1 AND revision >= $2 ORDER BY events.revision LIMIT $3
             ) e ON true ORDER BY e.revision::bigint`,
    streamBackwards: `SELECT m.last, e.* FROM (SELECT max(revision)::text AS last FROM ${S}.events WHERE stream_id = $1) m
             LEFT JOIN LATERAL (
               SELECT ${ROW_COLUMNS} FROM ${S}.events WHERE stream_id = $1 AND revision <= $2 ORDER BY events.revision DESC LIMIT $3
             ) e ON true ORDER BY e.revision::bigint DESC`,
    all: `SELECT ${ROW_COLUMNS} FROM ${S}.events WHERE position > $1 ORDER BY events.position LIMIT $2`,
    rawStream: `SELECT ${ROW_COLUMNS} FROM ${S}.events WHERE stream_id = $1 ORDER BY events.revision, events.position`,
    anchors: `SELECT sequence::text AS sequence, stream_id, revision::text AS revision, digest, previous, anchor FROM ${S}.anchors ORDER BY anchors.sequence`,
  };

  /**
   * Runs `work` in one transaction holding the append lock; a thrown `Refused` rolls back and
   * becomes its error. `prelude` (SQL with its values as escaped literals) runs in the same round
   * trip as BEGIN and the lock, after the lock, and its rows are handed to `work`.
   */
  const inAppendTransaction = async <A>(
    doing: string,
    streamId: string | undefined,
    work: (client: pg.PoolClient, preluded: pg.QueryResultRow[] | undefined) => Promise<A>,
    prelude?: (client: pg.PoolClient) => string,
  ): Promise<E.Either<StoreError, A>> => {
    let client: pg.PoolClient;
    let release: (destroy: boolean) => void;
    try {
      ({ client, release } = await checkout(pool));
    } catch (error) {
      return E.left(fromPgError(error, doing, redact, streamId));
    }
    let committing = false;
    try {
      // one round trip: the lock is held from here until COMMIT or ROLLBACK; each later statement takes its own snapshot, so it sees every append committed before the lock was granted
      const begun = (await client.query(`BEGIN; SELECT pg_advisory_xact_lock(${appendLock})${prelude === undefined ? '' : `; ${prelude(client)}`}`)) as unknown as pg.QueryResult[];
      const result = await work(client, prelude === undefined ? undefined : begun[begun.length - 1]!.rows);
      committing = true;
      await client.query('COMMIT');
      release(false);
      return E.right(result);
    } catch (error) {
      const rolledBack = await client.query('ROLLBACK').then(
        () => true,
        () => false,
      );
      release(!rolledBack);
      if (error instanceof Refused) return E.left(error.error);
      const failed = fromPgError(error, doing, redact, streamId);
      // COMMIT was sent and the answer lost: it may have been written; a retry with the same event ids is absorbed either way
      if (committing && failed.kind === 'unavailable') return E.left({ ...failed, message: `${failed.message}; whether it was written is unknown: retry with the same event ids (a retry of what was written is absorbed)` });
      return E.left(failed);
    }
  };

  // One stream's append, inside a transaction holding the append lock: no other append can move any stream meanwhile.
  const appendWithin = async (client: pg.PoolClient, streamId: string, expected: ExpectedRevision, events: readonly ComplaintEnvelope[], preloaded?: pg.QueryResultRow): Promise<AppendResult> => {
    const ids = events.map((e) => e.metadata.eventId);
    const state = (preloaded ?? (await client.query(sql.state, [streamId, ids])).rows[0]!) as { last: string | null; anchor: string | null; sequence: string; held: { eventId: string; streamId: string }[] };
    if (state.held.length > 0) {
      const heldHere = state.held.find((h) => h.eventId === ids[0] && h.streamId === streamId);
      if (heldHere !== undefined) {
        const first = await client.query<{ revision: string }>(`SELECT revision::text AS revision FROM ${S}.events WHERE event_id = $1`, [ids[0]]);
        const stored = await client.query<{ event_id: string; revision: string; position: string }>(sql.idsFrom, [streamId, first.rows[0]!.revision, events.length]);
        const absorbed = retriedBatch(
          stored.rows.map((r) => ({ eventId: r.event_id, revision: Number(r.revision), position: BigInt(r.position) })),
          events,
        );
        if (absorbed !== undefined) return absorbed;
      }
      const taken = ids.map((id) => state.held.find((h) => h.eventId === id)).find((h) => h !== undefined)!;
      throw new Refused(eventIdTaken(streamId, taken.eventId, taken.streamId));
    }
    const actual = state.last === null ? 'no-stream' : Number(state.last);
    if (!revisionMatches(expected, actual)) throw new Refused(storeError('conflict', `${streamId} is at ${actual}, not ${expected}`, { streamId, expected, actual }));
    const rows = encodeRows(streamId, events);
    if (E.isLeft(rows)) throw new Refused(rows.left);
    const first = actual === 'no-stream' ? 0 : actual + 1;
    const last = first + rows.right.length - 1;
    const entry = nextAnchorEntry(state.anchor ?? undefined, streamId, last, rows.right[rows.right.length - 1]!.digest);
    const column = (key: 'event_id' | 'type' | 'data' | 'metadata' | 'recorded_at') => rows.right.map((r) => r[key]);
    try {
      const written = await client.query<{ position: string }>(sql.insert, [
        streamId,
        first,
        column('event_id'),
        column('type'),
        column('data'),
        column('metadata'),
        column('recorded_at'),
        last,
        entry.digest,
        entry.previous ?? null,
        entry.anchor,
        state.sequence,
      ]);
      return { nextRevision: last, position: BigInt(written.rows[0]!.position) };
    } catch (error) {
      // only a writer that bypassed the append lock can get here: the database still refuses the revision twice
      if (isRevisionClash(error)) throw new Refused(storeError('conflict', `${streamId} was written concurrently: revision ${first} is taken`, { streamId, expected, cause: error }));
      if (isEventIdClash(error)) throw new Refused(storeError('invalid-write', redact(`an event id of the batch for ${streamId} was written concurrently: ${(error as Error).message}`), { streamId, cause: error }));
      throw error;
    }
  };

  const refuseWrite = (streamId?: string): StoreError | undefined => {
    if (closed) return closedError(streamId);
    if (settings.readOnly) return storeError('invalid-write', `${name} was opened read-only: appends are refused`, streamId === undefined ? {} : { streamId });
    return undefined;
  };

  const appendToStream: EventStore['appendToStream'] = (streamId, expected, events) => async () => {
    const refused = refuseWrite(streamId);
    if (refused !== undefined) return E.left(refused);
    if (events.length === 0) return E.left(storeError('invalid-write', `nothing to append to ${streamId}`, { streamId }));
    const result = await inAppendTransaction(
      `appending to ${streamId} in ${name}`,
      streamId,
      (client, preluded) => appendWithin(client, streamId, expected, events, preluded?.[0]),
      // the stream's state read in the round trip that takes the lock: values as escaped literals
      (client) => stateSql(client.escapeLiteral(streamId), `ARRAY[${events.map((e) => client.escapeLiteral(String(e.metadata.eventId))).join(', ')}]::text[]`),
    );
    if (E.isRight(result)) pump.notify();
    return result;
  };

  const appendBatch: PostgresEventStore['appendBatch'] = (batches) => async () => {
    const refused = refuseWrite();
    if (refused !== undefined) return E.left(refused);
    if (batches.length === 0) return E.right([]);
    let index = 0;
    const result = await inAppendTransaction(`appending a batch of ${batches.length} streams to ${name}`, undefined, async (client) => {
      const results: AppendResult[] = [];
      for (index = 0; index < batches.length; index += 1) {
        const { streamId, expected, events } = batches[index]!;
        if (events.length === 0) throw new Refused(storeError('invalid-write', `nothing to append to ${streamId}`, { streamId }));
        results.push(await appendWithin(client, streamId, expected, events));
      }
      return results;
    });
    if (E.isRight(result)) pump.notify();
    else if (index < batches.length && result.left.kind !== 'unavailable')
      return E.left({ ...result.left, message: `batch ${index} (${batches[index]!.streamId}): ${result.left.message}; nothing of the batch was written` });
    return result;
  };

  /** The event id in an event's metadata text, when it has one (core's checks refuse the event otherwise). */
  const eventIdIn = (metadata: unknown): string | undefined => {
    try {
      const id = (JSON.parse(String(metadata)) as { eventId?: unknown } | null)?.eventId;
      return typeof id === 'string' ? id : undefined;
    } catch {
      return undefined;
    }
  };

  const importRefused = (error: StoreError): StoreError => ({ ...error, message: `nothing was imported: ${error.message}` });

  // Inside the append lock: check the batch against what is stored now, then write it in one statement.
  const importWithin = async (client: pg.PoolClient, batch: ImportBatch, preloaded: pg.QueryResultRow): Promise<ImportResult> => {
    const state = preloaded as { heads: Record<string, string>; anchor: string | null; sequence: string; held: { eventId: string; streamId: string }[] };
    const heads = new Map<string, number | 'no-stream'>(
      streamsOfImport(batch).map((streamId) => [streamId, Object.hasOwn(state.heads, streamId) ? Number(state.heads[streamId]) : 'no-stream'] as const),
    );
    const checked = checkImport(batch, { heads, lastAnchor: state.anchor ?? undefined });
    if (E.isLeft(checked)) throw new Refused(checked.left);
    const { events, anchors } = checked.right;
    for (const event of events) {
      const held = state.held.find((h) => h.eventId === event.eventId);
      if (held !== undefined) throw new Refused(importRefused(eventIdTaken(event.streamId, event.eventId, held.streamId)));
    }
    const of = <K extends keyof (typeof events)[number]>(key: K) => events.map((e) => e[key]);
    const anchored = <K extends 'streamId' | 'revision' | 'digest' | 'anchor'>(key: K) => anchors.map((a) => a[key]);
    try {
      const written = await client.query<{ position: string }>(sql.importRows, [
        of('streamId'),
        of('revision'),
        of('eventId'),
        of('type'),
        of('data'),
        of('metadata'),
        of('recordedAt'),
        state.sequence,
        anchored('streamId'),
        anchored('revision'),
        anchored('digest'),
        anchors.map((a) => a.previous ?? null),
        anchored('anchor'),
      ]);
      const last = written.rows[0]?.position;
      return { events: events.length, anchors: anchors.length, lastPosition: last === undefined ? undefined : BigInt(last) };
    } catch (error) {
      // only a writer that bypassed the append lock can get here: the database still refuses a revision twice
      if (isRevisionClash(error)) throw new Refused(storeError('invalid-write', redact(`nothing was imported: a stream of the batch was written concurrently: ${(error as Error).message}`), { cause: error }));
      throw error;
    }
  };

  const importStored: NonNullable<EventStore['importStored']> = (batch) => async () => {
    if (closed) return E.left(closedError());
    if (settings.readOnly) return E.left(storeError('invalid-write', `${name} was opened read-only: imports are refused`));
    if (typeof batch !== 'object' || batch === null || !Array.isArray(batch.events) || (batch.anchors !== undefined && !Array.isArray(batch.anchors)))
      return E.left(storeError('invalid-write', 'nothing was imported: an import takes { events, anchors? }'));
    if (batch.events.length === 0 && (batch.anchors ?? []).length === 0) return E.right({ events: 0, anchors: 0, lastPosition: undefined });
    const ids = batch.events.map((e) => eventIdIn(e?.metadata)).filter((id): id is string => id !== undefined);
    const literals = (client: pg.PoolClient, values: readonly string[]) => `ARRAY[${values.map((v) => client.escapeLiteral(v)).join(', ')}]::text[]`;
    const result = await inAppendTransaction(
      `importing ${batch.events.length} events into ${name}`,
      undefined,
      (client, preluded) => importWithin(client, batch, preluded![0]!),
      // read in the round trip that takes the lock, as an append's state: values as escaped literals
      (client) => importStateSql(literals(client, streamsOfImport(batch)), literals(client, ids)),
    );
    if (E.isRight(result)) {
      if (result.right.events > 0) pump.notify();
      return result;
    }
    // an event id another writer stored behind the lock's back: rolled back, so find which it was
    if (isEventIdClash(result.left.cause)) {
      const held = await query<{ event_id: string; stream_id: string }>(`importing into ${name}`, sql.heldIds, [ids]);
      const event = E.isRight(held) ? batch.events.find((e) => held.right.some((h) => h.event_id === eventIdIn(e.metadata))) : undefined;
      if (E.isRight(held) && event !== undefined) {
        const id = eventIdIn(event.metadata)!;
        return E.left(importRefused(eventIdTaken(event.streamId, id, held.right.find((h) => h.event_id === id)!.stream_id)));
      }
      return E.left(importRefused(result.left));
    }
    return result;
  };

  /** One query through the pool, as a value. */
  const query = async <R extends pg.QueryResultRow>(doing: string, text: string, values: unknown[], streamId?: string): Promise<E.Either<StoreError, R[]>> => {
    if (closed) return E.left(closedError(streamId));
    try {
      return E.right((await pool.query<R>(text, values)).rows);
    } catch (error) {
      return E.left(fromPgError(error, doing, redact, streamId));
    }
  };

  const readStream: EventStore['readStream'] = (streamId, options = {}) => async () => {
    const backwards = options.direction === 'backwards';
    const from = options.fromRevision ?? (backwards ? Number.MAX_SAFE_INTEGER : 0);
    const rows = await query<StoredRow & { last: string | null }>(`reading ${streamId} from ${name}`, backwards ? sql.streamBackwards : sql.stream, [streamId, from, options.maxCount ?? null], streamId);
    if (E.isLeft(rows)) return rows;
    const last = rows.right[0]?.last ?? null;
    const events = rows.right.filter((r) => r.position !== null);
    return E.map(({ events: decoded }: { events: StreamRead['events'] }): StreamRead => ({ revision: last === null ? 'no-stream' : Number(last), events: decoded }))(decodeRows(events));
  };

  const readAll: EventStore['readAll'] = (options = {}) => async () => {
    const max = options.maxCount ?? 1000;
    // one row more than asked tells whether this page is the end
    const rows = await query<StoredRow>(`reading $all from ${name}`, sql.all, [(options.after ?? 0n).toString(10), max + 1]);
    if (E.isLeft(rows)) return rows;
    const page = rows.right.slice(0, max);
    return E.map(
      ({ events, skipped }: { events: AllPage['events']; skipped: NonNullable<AllPage['skipped']> }): AllPage => ({
        events,
        ...(options.skipUndecodable === true ? { skipped } : {}),
        lastPosition: page.length === 0 ? options.after : BigInt(page[page.length - 1]!.position),
        isEnd: rows.right.length <= max,
      }),
    )(decodeRows(page, options.skipUndecodable === true));
  };

  /**
   * `readAll` for subscriptions: a page that fails because the server went away is read again
   * (from the same position, so nothing is skipped or repeated) until the server is back or
   * `reconnectTimeoutMs` has passed.
   */
  const readAllRetrying: EventStore['readAll'] = (options) => async () => {
    const started = Date.now();
    let wait = 100;
    for (;;) {
      const page = await readAll(options)();
      if (E.isRight(page) || page.left.kind !== 'unavailable' || closed || Date.now() - started > settings.reconnectTimeoutMs) return page;
      await sleep(wait);
      wait = Math.min(wait * 2, 2000);
    }
  };

  const readRaw: EventStore['readRaw'] = (options = {}) => async () => {
    const max = options.maxCount ?? 1000;
    const rows = await query<StoredRow>(`reading the events table of ${name}`, sql.all, [(options.after ?? 0n).toString(10), max + 1]);
    if (E.isLeft(rows)) return rows;
    const page = rows.right.slice(0, max);
    return E.right<StoreError, RawPage>({
      events: page.map(rawRowOf),
      lastPosition: page.length === 0 ? options.after : BigInt(page[page.length - 1]!.position),
      isEnd: rows.right.length <= max,
    });
  };

  const readRawStream: EventStore['readRawStream'] = (streamId) => async () =>
    E.map((rows: StoredRow[]) => rows.map(rawRowOf))(await query<StoredRow>(`reading ${streamId} from ${name}`, sql.rawStream, [streamId], streamId));

  const readAnchors: EventStore['readAnchors'] = () => async () =>
    E.map((rows: AnchorRow[]) => ({ name: `${schema}.anchors`, ordered: true, entries: rows.map(rawAnchorOf) }))(await query<AnchorRow>(`reading the anchors table of ${name}`, sql.anchors, []));

  const listener = settings.listen ? createListener(settings, channel, () => pump.notify()) : undefined;

  return {
    pool,
    schema,
    name,
    readOnly: settings.readOnly,
    redact,
    readStream,
    appendToStream,
    appendBatch,
    importStored,
    readAll,
    readRaw,
    readRawStream,
    readAnchors,
    subscribeToAll: (handlers, subscribeOptions: { readonly after?: GlobalPosition } = {}) => {
      listener?.start();
      return pump.subscribe(readAllRetrying, handlers, subscribeOptions.after);
    },
    close: async () => {
      if (closed) return;
      closed = true;
      await pump.closeAll();
      await listener?.stop();
      if (settings.ownsPool) await pool.end().catch(() => undefined);
    },
  };
};

/**
 * The LISTEN connection of a store: started with the first subscription, it wakes the pump on
 * each NOTIFY of the schema's channel, and reconnects (with backoff) when the connection is lost.
 * While it is down the pump still polls, so a lost listener delays delivery, never loses it.
 */
const createListener = (settings: StoreSettings, channel: string, wake: () => void) => {
  let running = false;
  let stopped = false;
  let current: { release: () => Promise<void> } | undefined;
  let retry: ReturnType<typeof setTimeout> | undefined;
  let backoff = 100;

  const connect = async (): Promise<void> => {
    if (stopped) return;
    try {
      let client: pg.ClientBase;
      let release: () => Promise<void>;
      if (settings.clientConfig !== undefined) {
        const own = new pg.Client(settings.clientConfig);
        own.on('error', () => undefined);
        await own.connect();
        client = own;
        release = () => own.end().catch(() => undefined);
      } else {
        const pooled = await checkout(settings.pool);
        client = pooled.client;
        release = async () => pooled.release(true);
      }
      const lost = () => {
        if (current?.release !== release) return;
        current = undefined;
        void release();
        scheduleReconnect();
      };
      client.on('error', lost);
      client.on('end', lost);
      client.on('notification', (message) => {
        if (message.channel === channel) wake();
      });
      current = { release };
      await client.query(`LISTEN ${channel}`);
      backoff = 100;
      if (stopped) {
        current = undefined;
        await release();
        return;
      }
      // what was appended while no one listened is found by this read
      wake();
    } catch {
      current = undefined;
      scheduleReconnect();
    }
  };

  const scheduleReconnect = () => {
    if (stopped || retry !== undefined) return;
    retry = setTimeout(() => {
      retry = undefined;
      void connect();
    }, backoff);
    backoff = Math.min(backoff * 2, 5000);
  };

  return {
    start: () => {
      if (running || stopped) return;
      running = true;
      void connect();
    },
    stop: async () => {
      stopped = true;
      if (retry !== undefined) clearTimeout(retry);
      const held = current;
      current = undefined;
      await held?.release();
    },
  };
};
