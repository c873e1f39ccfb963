/**
 * An `EventStore` in one SQLite file, through better-sqlite3. The file is in WAL mode, so
 * readers never block the writer; each append is one `BEGIN IMMEDIATE` transaction that checks
 * the expected revision and writes all the events or none; `position` (an autoincrement rowid)
 * is the global order of `$all`; other processes' appends reach subscriptions by polling it.
 *
 * better-sqlite3 is synchronous: a call that waits for another process's write lock blocks this
 * process's event loop for up to `busyTimeoutMs`, then fails as `unavailable`.
 *
 * Before it migrates or writes anything, opening checks what the file is (`identity.ts`): a
 * file that is not SQLite, someone else's SQLite database, or a store of a newer schema is
 * refused with a `SqliteOpenError` whose `found` says what was there, and is left as it was. A
 * new file is created readable only by its owner (0600; SQLite gives its -wal and -shm the same
 * mode). `readOnly: true` opens an existing store without creating, migrating or switching
 * anything, and refuses appends.
 *
 * Each append also adds the store-wide anchor entry (table `anchors`) in its transaction, so the
 * anchor's order is the order of `position`; `readRaw`, `readRawStream` and `readAnchors` read the
 * tables as they are, for `verify`.
 *
 * @example
 * const opened = createSqliteEventStore({ path: 'complaints.db' }); // or { path, readOnly: true }
 * if (E.isRight(opened)) {
 *   const handle = createCommandHandler({ store: opened.right, clock: () => new Date().toISOString() });
 *   await handle(command)();
 *   await opened.right.close();
 * }
 */
import Database from 'better-sqlite3';
import * as E from 'fp-ts/lib/Either.js';
import type * as TE from 'fp-ts/lib/TaskEither.js';
import {
  checkImport,
  createSubscriptionPump,
  encodeRows,
  eventIdTaken,
  streamsOfImport,
  nextAnchorEntry,
  type AnchorEntry,
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
} from '@cim-complaints/core';
import { decodeRows, rawAnchorOf, rawRowOf, type StoredRow, type UncheckedRow } from './codec.js';
import { migrate } from './schema.js';
import { fromSqliteError, isEventIdClash, isRevisionClash, type SqliteOpenError } from './errors.js';
import { identify, lookReadOnly, openWritable, refusal } from './identity.js';

export { fromSqliteError, isRevisionClash };

export interface SqliteEventStoreOptions {
  /**
   * The database file; created (owner-only, with its tables) if missing, unless `readOnly`.
   * Give this or `database`.
   */
  readonly path?: string;
  /** An open connection to use instead of a path; the caller keeps ownership and closes it. */
  readonly database?: Database.Database;
  /** How often subscriptions look for other processes' appends. Default 250 ms. */
  readonly pollIntervalMs?: number;
  /** How long a write waits for another process's lock before failing as `unavailable`. Default 5000 ms. */
  readonly busyTimeoutMs?: number;
  /**
   * `full` (default) syncs the WAL on every commit: a commit survives power loss. `normal`
   * survives a crashed process but may lose the last commits on power loss; never corrupts.
   */
  readonly synchronous?: 'full' | 'normal';
  /** Events per page when subscriptions read `$all`. Default 256. */
  readonly pageSize?: number;
  /**
   * Open an existing store for reading only: better-sqlite3 `{ readonly: true, fileMustExist: true }`
   * (or an in-memory copy for a WAL file in a directory this process cannot write: see
   * `needsSnapshot` in files.ts). Never creates the file, never migrates, never switches the
   * journal mode; a store of an older schema is read as it is. Appends fail as `invalid-write`.
   * A missing file is `no store at <path>`, an empty one `<path> is empty, not a cim-complaints store`.
   */
  readonly readOnly?: boolean;
}

/** The SQLite store: the port plus the connection, for checkpoints kept in the same file. */
/** One stream's part of a batched append. */
export interface StreamBatch {
  readonly streamId: string;
  readonly expected: ExpectedRevision;
  readonly events: readonly ComplaintEnvelope[];
}

/** A stream's refusal inside a batched append: thrown so that better-sqlite3 rolls the whole batch back. */
class BatchRefused {
  constructor(
    readonly index: number,
    readonly error: StoreError,
  ) {}
}

export interface SqliteEventStore extends EventStore {
  readonly database: Database.Database;
  /**
   * Appends to several streams in one transaction (imports, `copy`): each stream's part is
   * checked as `appendToStream` checks it (expected revision, event ids, read-back, chain anchor),
   * and all are written or none. One transaction for the lot is what makes a bulk load fast.
   */
  readonly appendBatch: (batches: readonly StreamBatch[]) => TE.TaskEither<StoreError, readonly AppendResult[]>;
  /** Opened with `readOnly: true`: appends are refused. */
  readonly readOnly: boolean;
  readonly close: () => Promise<void>;
}

const insertAnchor = (insert: Database.Statement, entry: AnchorEntry): void => {
  insert.run(entry.streamId, entry.revision, entry.digest, entry.previous ?? null, entry.anchor);
};

const revisionOf = (max: bigint | number | null | undefined): number | 'no-stream' =>
  max === null || max === undefined ? 'no-stream' : Number(max);

const busyTimeoutOf = (options: SqliteEventStoreOptions): number => Math.max(0, Math.floor(options.busyTimeoutMs ?? 5000));

/**
 * The connection a store runs on, with its busy timeout set first (identifying the file,
 * switching to WAL and migrating may have to wait for another process opening the same file),
 * and the file checked to be a store, or empty when writable. Nothing is written yet.
 */
const connect = (options: SqliteEventStoreOptions): E.Either<SqliteOpenError, Database.Database> => {
  const busy = busyTimeoutOf(options);
  const readOnly = options.readOnly === true;
  if (options.database !== undefined) {
    const db = options.database;
    try {
      db.pragma(`busy_timeout = ${busy}`);
      const found = identify(db, db.name, 0);
      if (found.kind === 'store' || (found.kind === 'empty' && !readOnly)) return E.right(db);
      return E.left(refusal(found));
    } catch (error) {
      return E.left(fromSqliteError(error, `reading ${db.name}`));
    }
  }
  const path = options.path!;
  if (readOnly) {
    const look = lookReadOnly(path, busy);
    if (E.isLeft(look)) return look;
    const { found, db } = look.right;
    if (found.kind === 'store') return E.right(db!);
    db?.close();
    return E.left(refusal(found));
  }
  if (path === ':memory:' || path === '') {
    try {
      return E.right(new Database(path, { timeout: busy }));
    } catch (error) {
      return E.left(fromSqliteError(error, `opening ${path}`));
    }
  }
  return openWritable(path, busy);
};

/** Prepares a writable connection: WAL, sync level, then the schema. */
const prepareConnection = (db: Database.Database, options: SqliteEventStoreOptions): E.Either<StoreError, void> => {
  const mode = db.pragma('journal_mode = WAL', { simple: true });
  if (mode !== 'wal' && !db.memory) {
    return E.left(storeError('unavailable', `${db.name} cannot use WAL mode (journal_mode is ${String(mode)})`));
  }
  db.pragma(`synchronous = ${options.synchronous === 'normal' ? 'NORMAL' : 'FULL'}`);
  return E.map(() => undefined)(migrate(db));
};

/**
 * Opens (or creates) a store; a file that cannot be opened or migrated is a typed error, and a
 * file that is not a store (or, read-only, missing or empty) is refused with `found` saying what
 * it is, left as it was.
 */
export const createSqliteEventStore = (options: SqliteEventStoreOptions): E.Either<SqliteOpenError, SqliteEventStore> => {
  if ((options.path === undefined) === (options.database === undefined)) {
    return E.left(storeError('invalid-write', 'give createSqliteEventStore exactly one of `path` or `database`'));
  }
  const connected = connect(options);
  if (E.isLeft(connected)) return connected;
  const db = connected.right;
  const ownsConnection = options.database === undefined;
  if (options.readOnly !== true) {
    try {
      const prepared = prepareConnection(db, options);
      if (E.isLeft(prepared)) {
        if (ownsConnection) db.close();
        return prepared;
      }
    } catch (error) {
      if (ownsConnection) db.close();
      return E.left(fromSqliteError(error, `preparing ${db.name}`));
    }
  }
  return E.right(storeOn(db, ownsConnection, options));
};

const storeOn = (db: Database.Database, ownsConnection: boolean, options: SqliteEventStoreOptions): SqliteEventStore => {
  const columns = 'position, stream_id, revision, type, data, metadata';
  const q = {
    lastRevision: db.prepare('SELECT MAX(revision) AS last FROM events WHERE stream_id = ?').safeIntegers(true),
    // what an append looks up first, in one statement: the stream's last revision, and where the batch's first event id is stored, if anywhere
    head: db
      .prepare(
        'SELECT (SELECT MAX(revision) FROM events WHERE stream_id = ?) AS last, (SELECT stream_id FROM events WHERE event_id = ?) AS first_stream, (SELECT revision FROM events WHERE event_id = ?) AS first_revision',
      )
      .safeIntegers(true),
    byEventId: db.prepare('SELECT stream_id, revision FROM events WHERE event_id = ?').safeIntegers(true),
    idsFrom: db
      .prepare('SELECT event_id, revision, position FROM events WHERE stream_id = ? AND revision >= ? ORDER BY revision LIMIT ?')
      .safeIntegers(true),
    // positional parameters: binding by name looks up every field of an object per row
    insert: db.prepare('INSERT INTO events (stream_id, revision, event_id, type, data, metadata, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)').safeIntegers(true),
    forwards: db
      .prepare(`SELECT ${columns} FROM events WHERE stream_id = ? AND revision >= ? ORDER BY revision LIMIT ?`)
      .safeIntegers(true),
    backwards: db
      .prepare(`SELECT ${columns} FROM events WHERE stream_id = ? AND revision <= ? ORDER BY revision DESC LIMIT ?`)
      .safeIntegers(true),
    all: db.prepare(`SELECT ${columns} FROM events WHERE position > ? ORDER BY position LIMIT ?`).safeIntegers(true),
    rawAll: db.prepare(`SELECT ${columns}, event_id FROM events WHERE position > ? ORDER BY position LIMIT ?`).safeIntegers(true),
    rawStream: db.prepare(`SELECT ${columns}, event_id FROM events WHERE stream_id = ? ORDER BY revision, position`).safeIntegers(true),
    hasAnchors: db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'anchors'").pluck(),
  };
  // A file opened read-only may predate the anchor (schema 2): prepared only where the table exists.
  const anchorQueries = () =>
    q.hasAnchors.get() === undefined
      ? undefined
      : {
          last: db.prepare('SELECT anchor FROM anchors ORDER BY sequence DESC LIMIT 1').pluck(),
          // positional, as the events' insert: binding by name looks up every field of an object
          insert: db.prepare('INSERT INTO anchors (stream_id, revision, digest, previous, anchor) VALUES (?, ?, ?, ?, ?)'),
          all: db.prepare('SELECT sequence, stream_id, revision, digest, previous, anchor FROM anchors ORDER BY sequence').safeIntegers(true),
        };
  let anchorStatements: ReturnType<typeof anchorQueries> | undefined;
  const anchorsTable = () => (anchorStatements ??= anchorQueries());
  const readOnly = options.readOnly === true;
  const name = options.path ?? db.name;
  const pump = createSubscriptionPump({ pollIntervalMs: options.pollIntervalMs ?? 250, ...(options.pageSize === undefined ? {} : { pageSize: options.pageSize }) });
  let closed = false;

  const currentRevision = (streamId: string): number | 'no-stream' =>
    revisionOf((q.lastRevision.get(streamId) as { last: bigint | null } | undefined)?.last);

  /** A retried batch is already stored, in order, in this stream from `firstRevision`: its result, else undefined. */
  const alreadyStored = (streamId: string, firstRevision: bigint, events: readonly ComplaintEnvelope[]): AppendResult | undefined => {
    const stored = q.idsFrom.all(streamId, firstRevision, events.length) as { event_id: string; revision: bigint; position: bigint }[];
    return retriedBatch(stored.map((r) => ({ eventId: r.event_id, revision: Number(r.revision), position: r.position })), events);
  };

  /**
   * After an append refused by the event-id constraint (and rolled back): which id, and where it
   * is stored, or that the append gave it twice. `seen` carries ids given earlier in the same batch.
   */
  const idTakenIn = (streamId: string, events: readonly ComplaintEnvelope[], seen: Set<string> = new Set()): StoreError => {
    for (const event of events) {
      const eventId = event.metadata.eventId;
      const held = q.byEventId.get(eventId) as { stream_id: string } | undefined;
      if (held !== undefined) return eventIdTaken(streamId, eventId, held.stream_id);
      if (seen.has(eventId)) return storeError('invalid-write', `event id ${eventId} is given twice in one append`, { streamId, eventId });
      seen.add(eventId);
    }
    return storeError('invalid-write', `an event id of the append to ${streamId} is already stored`, { streamId });
  };

  const idTakenInBatch = (batches: readonly StreamBatch[]): { readonly index: number; readonly error: StoreError } => {
    const seen = new Set<string>();
    for (let index = 0; index < batches.length; index += 1) {
      const before = seen.size;
      const error = idTakenIn(batches[index]!.streamId, batches[index]!.events, seen);
      // idTakenIn adds every id it passes: a refusal before the end of this batch's events is the one
      if (seen.size - before < batches[index]!.events.length) return { index, error };
    }
    return { index: 0, error: storeError('invalid-write', 'an event id of the batch is already stored', {}) };
  };

  // One stream's append, inside a transaction the caller holds: no other writer can move the stream meanwhile.
  /**
   * The last anchor entry's digest as an append in progress knows it: read from the table the
   * first time, then carried from each append to the next within the same transaction (a batch of
   * streams), which no other writer can enter.
   */
  interface AnchorTip {
    read: boolean;
    anchor: string | undefined;
  }

  const appendWithin = (streamId: string, expected: ExpectedRevision, events: readonly ComplaintEnvelope[], tip: AnchorTip = { read: false, anchor: undefined }): E.Either<StoreError, AppendResult> => {
    const firstId = events[0]!.metadata.eventId;
    const head = q.head.get(streamId, firstId, firstId) as { last: bigint | null; first_stream: string | null; first_revision: bigint | null };
    if (head.first_stream === streamId && head.first_revision !== null) {
      const absorbed = alreadyStored(streamId, head.first_revision, events);
      if (absorbed !== undefined) return E.right(absorbed);
    }
    // an event id already stored is found by the UNIQUE constraint as the row goes in (the
    // transaction then rolls back: see idTakenIn), not by a look-up per event beforehand
    const actual = revisionOf(head.last);
    if (!revisionMatches(expected, actual)) {
      return E.left(storeError('conflict', `${streamId} is at ${actual}, not ${expected}`, { streamId, expected, actual }));
    }
    const rows = encodeRows(streamId, events);
    if (E.isLeft(rows)) return rows;
    let revision = actual === 'no-stream' ? 0 : actual + 1;
    let position = 0n;
    for (const row of rows.right) {
      position = BigInt(q.insert.run(streamId, revision, row.event_id, row.type, row.data, row.metadata, row.recorded_at).lastInsertRowid);
      revision += 1;
    }
    // The anchor entry in the same transaction: its order is the order of the events' positions.
    const anchors = anchorsTable();
    // Thrown inside the transaction so nothing of the batch stays: a writable file always has the table once migrated.
    if (anchors === undefined) throw new Error(`${name} has no anchors table`);
    if (!tip.read) {
      const last = anchors.last.get() as string | undefined;
      tip.anchor = typeof last === 'string' ? last : undefined;
      tip.read = true;
    }
    const entry = nextAnchorEntry(tip.anchor, streamId, revision - 1, rows.right[rows.right.length - 1]!.digest);
    insertAnchor(anchors.insert, entry);
    tip.anchor = entry.anchor;
    return E.right({ nextRevision: revision - 1, position });
  };

  // Everything between BEGIN IMMEDIATE and COMMIT.
  const appendInTransaction = db.transaction(appendWithin);

  // Several streams in one transaction, all or none: a refusal throws, and better-sqlite3 rolls back.
  const appendBatchInTransaction = db.transaction((batches: readonly StreamBatch[]): AppendResult[] => {
    const tip: AnchorTip = { read: false, anchor: undefined };
    return batches.map(({ streamId, expected, events }, index) => {
      if (events.length === 0) throw new BatchRefused(index, storeError('invalid-write', `nothing to append to ${streamId}`, { streamId }));
      const result = appendWithin(streamId, expected, events, tip);
      if (E.isLeft(result)) throw new BatchRefused(index, result.left);
      return result.right;
    });
  });

  const appendBatch = (batches: readonly StreamBatch[]): E.Either<StoreError, readonly AppendResult[]> => {
    if (closed) return E.left(storeError('unavailable', `the store on ${db.name} is closed`));
    if (readOnly) return E.left(storeError('invalid-write', `${name} was opened read-only: appends are refused`));
    if (batches.length === 0) return E.right([]);
    try {
      const results = appendBatchInTransaction.immediate(batches);
      pump.notify();
      return E.right(results);
    } catch (error) {
      // nothing of the batch was written: say which stream refused, and why
      if (error instanceof BatchRefused) return E.left({ ...error.error, message: `batch ${error.index} (${batches[error.index]!.streamId}): ${error.error.message}; nothing of the batch was written` });
      if (isEventIdClash(error)) {
        const taken = idTakenInBatch(batches);
        return E.left({ ...taken.error, message: `batch ${taken.index} (${batches[taken.index]!.streamId}): ${taken.error.message}; nothing of the batch was written` });
      }
      return E.left(fromSqliteError(error, `appending a batch of ${batches.length} streams`));
    }
  };

  const append = (streamId: string, expected: ExpectedRevision, events: readonly ComplaintEnvelope[]): E.Either<StoreError, AppendResult> => {
    if (closed) return E.left(storeError('unavailable', `the store on ${db.name} is closed`, { streamId }));
    if (readOnly) return E.left(storeError('invalid-write', `${name} was opened read-only: appends are refused`, { streamId }));
    if (events.length === 0) return E.left(storeError('invalid-write', `nothing to append to ${streamId}`, { streamId }));
    try {
      const result = appendInTransaction.immediate(streamId, expected, events);
      if (E.isRight(result)) pump.notify();
      return result;
    } catch (error) {
      if (isEventIdClash(error)) return E.left(idTakenIn(streamId, events));
      // Only a writer that skipped BEGIN IMMEDIATE on the same file can take our revision mid-transaction.
      if (isRevisionClash(error)) {
        const actual = currentRevision(streamId);
        return E.left(storeError('conflict', `${streamId} was written concurrently: now at ${actual}, not ${expected}`, { streamId, expected, actual, cause: error }));
      }
      return E.left(fromSqliteError(error, `appending to ${streamId}`, streamId));
    }
  };

  // `copy`: events and anchor entries as another store holds them, checked by core against this
  // file's heads and last anchor inside the write transaction, then written as given, all or none.
  const importInTransaction = db.transaction((batch: ImportBatch): E.Either<StoreError, ImportResult> => {
    const anchors = anchorsTable();
    if (anchors === undefined) throw new Error(`${name} has no anchors table`);
    const heads = new Map(streamsOfImport(batch).map((streamId) => [streamId, currentRevision(streamId)] as const));
    const previous = anchors.last.get();
    const checked = checkImport(batch, { heads, lastAnchor: typeof previous === 'string' ? previous : undefined });
    if (E.isLeft(checked)) return checked;
    let lastPosition: bigint | undefined;
    for (const e of checked.right.events) {
      lastPosition = BigInt(q.insert.run(e.streamId, e.revision, e.eventId, e.type, e.data, e.metadata, e.recordedAt).lastInsertRowid);
    }
    for (const entry of checked.right.anchors) insertAnchor(anchors.insert, entry);
    return E.right({ events: checked.right.events.length, anchors: checked.right.anchors.length, lastPosition });
  });

  const importStored = (batch: ImportBatch): E.Either<StoreError, ImportResult> => {
    if (closed) return E.left(storeError('unavailable', `the store on ${db.name} is closed`));
    if (readOnly) return E.left(storeError('invalid-write', `${name} was opened read-only: imports are refused`));
    try {
      const result = importInTransaction.immediate(batch);
      if (E.isRight(result) && result.right.events > 0) pump.notify();
      return result;
    } catch (error) {
      if (isEventIdClash(error)) {
        // rolled back: find which id the file held already
        for (const event of batch.events) {
          const eventId = (JSON.parse(event.metadata) as { eventId?: unknown }).eventId;
          const held = typeof eventId === 'string' ? (q.byEventId.get(eventId) as { stream_id: string } | undefined) : undefined;
          if (held !== undefined) {
            const taken = eventIdTaken(event.streamId, eventId as string, held.stream_id);
            return E.left({ ...taken, message: `nothing was imported: ${taken.message}` });
          }
        }
      }
      return E.left(fromSqliteError(error, `importing ${batch.events.length} events`));
    }
  };

  // A read transaction: the revision and the events come from one snapshot of the WAL.
  const readStreamInTransaction = db.transaction(
    (streamId: string, direction: 'forwards' | 'backwards', from: number | undefined, maxCount: number): E.Either<StoreError, StreamRead> => {
      const revision = currentRevision(streamId);
      const rows = (
        direction === 'backwards'
          ? q.backwards.all(streamId, from ?? Number.MAX_SAFE_INTEGER, maxCount)
          : q.forwards.all(streamId, from ?? 0, maxCount)
      ) as StoredRow[];
      return E.map(({ events }: { events: StreamRead['events'] }): StreamRead => ({ revision, events }))(decodeRows(rows));
    },
  );

  const readStream: EventStore['readStream'] = (streamId, options = {}) => async () => {
    if (closed) return E.left(storeError('unavailable', `the store on ${db.name} is closed`, { streamId }));
    try {
      // LIMIT -1 is SQLite's "no limit".
      return readStreamInTransaction.deferred(streamId, options.direction ?? 'forwards', options.fromRevision, options.maxCount ?? -1);
    } catch (error) {
      return E.left(fromSqliteError(error, `reading ${streamId}`, streamId));
    }
  };

  const readAll: EventStore['readAll'] = (options = {}) => async () => {
    if (closed) return E.left(storeError('unavailable', `the store on ${db.name} is closed`));
    const max = options.maxCount ?? 1000;
    try {
      // One row more than asked tells whether this page is the end.
      const rows = q.all.all(options.after ?? 0n, max + 1) as StoredRow[];
      const page = rows.slice(0, max);
      return E.map(
        ({ events, skipped }: { events: AllPage['events']; skipped: NonNullable<AllPage['skipped']> }): AllPage => ({
          events,
          ...(options.skipUndecodable === true ? { skipped } : {}),
          lastPosition: page.length === 0 ? options.after : BigInt(page[page.length - 1]!.position),
          isEnd: rows.length <= max,
        }),
      )(decodeRows(page, options.skipUndecodable === true));
    } catch (error) {
      return E.left(fromSqliteError(error, 'reading $all'));
    }
  };

  const readRaw: EventStore['readRaw'] = (options = {}) => async () => {
    if (closed) return E.left(storeError('unavailable', `the store on ${db.name} is closed`));
    const max = options.maxCount ?? 1000;
    try {
      const rows = q.rawAll.all(options.after ?? 0n, max + 1) as UncheckedRow[];
      const page = rows.slice(0, max);
      return E.right<StoreError, RawPage>({
        events: page.map(rawRowOf),
        lastPosition: page.length === 0 ? options.after : BigInt(page[page.length - 1]!.position),
        isEnd: rows.length <= max,
      });
    } catch (error) {
      return E.left(fromSqliteError(error, 'reading the events table'));
    }
  };

  const readRawStream: EventStore['readRawStream'] = (streamId) => async () => {
    if (closed) return E.left(storeError('unavailable', `the store on ${db.name} is closed`, { streamId }));
    try {
      return E.right((q.rawStream.all(streamId) as UncheckedRow[]).map(rawRowOf));
    } catch (error) {
      return E.left(fromSqliteError(error, `reading ${streamId}`, streamId));
    }
  };

  const readAnchors: EventStore['readAnchors'] = () => async () => {
    if (closed) return E.left(storeError('unavailable', `the store on ${db.name} is closed`));
    try {
      const anchors = anchorsTable();
      const rows = anchors === undefined ? [] : (anchors.all.all() as Parameters<typeof rawAnchorOf>[0][]);
      return E.right({ name: 'anchors', ordered: true, entries: rows.map(rawAnchorOf) });
    } catch (error) {
      return E.left(fromSqliteError(error, 'reading the anchors table'));
    }
  };

  return {
    database: db,
    readOnly,
    readStream,
    readRaw,
    readRawStream,
    readAnchors,
    appendToStream: (streamId, expected, events) => async () => append(streamId, expected, events),
    appendBatch: (batches) => async () => appendBatch(batches),
    importStored: (batch) => async () => importStored(batch),
    readAll,
    subscribeToAll: (handlers, subscribeOptions: { readonly after?: GlobalPosition } = {}) => pump.subscribe(readAll, handlers, subscribeOptions.after),
    close: async () => {
      if (closed) return;
      await pump.closeAll();
      closed = true;
      if (ownsConnection) db.close();
    },
  };
};
