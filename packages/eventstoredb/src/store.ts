/**
 * The `EventStore` port on EventStoreDB: one stream per complaint (`complaint-<id>`, prefix
 * configurable), appends with the expected revision, stream reads both ways, `$all` read in order
 * with system events and other streams left out, and catch-up subscriptions to `$all`. It runs on a
 * client of either package (`EventStoreClient`, client.ts); `$all` reads and subscriptions ask the
 * server to filter on the complaint prefix (`@eventstore/db-client` 6.2 filters subscriptions only:
 * its `readAll` takes no filter, so its pages are filtered here).
 *
 * Idempotency does not rest on the server's duplicate-id cache (which forgets): when an append
 * conflicts, the store reads the revisions the batch would have taken and, if the same event ids
 * are there in order, answers as the first write did.
 *
 * Each append is followed by its entry in the store-wide anchor (`cim-anchors-<prefix>`), a second
 * write: EventStoreDB has no transaction across streams (see `anchor` below and
 * docs/tamper-evidence.md).
 *
 * `importStored` (`cim-complaints copy`) is not atomic either. It checks the whole import first
 * (core's `checkImport` against the heads of every stream it touches and the anchor's last entry,
 * and the event ids the store already holds, found by reading `$all` once per store object and
 * then only what was written since): a refused import writes nothing. It then appends each
 * stream's run of events in the import's order, each with the expected revision before it, and
 * last the anchor entries in one append with the anchor stream's expected revision. A writer
 * that gets in between (a `conflict`) or a server that goes away stops it part-way: what was
 * written stays, the error says what that was, and a copy run again resumes from what the target
 * holds. An event id written by another writer after the check is not seen.
 *
 * @example
 * const store = createEventStoreDbStore({ client: KurrentDBClient.connectionString`kurrentdb://localhost:2113?tls=false` }); // Right(store)
 * // or an EventStoreDBClient of @eventstore/db-client: both satisfy EventStoreClient
 * const handle = createCommandHandler({ store, clock: () => new Date().toISOString() });
 */
import * as E from 'fp-ts/lib/Either.js';
import {
  DEFAULT_STREAM_PREFIX,
  checkImport,
  createSubscriptionPump,
  encodeForStore,
  eventIdTaken,
  nextAnchorEntry,
  retriedBatch,
  storeError,
  streamsOfImport,
  type AllPage,
  type CheckedImport,
  type CheckedImportEvent,
  type ImportBatch,
  type ImportResult,
  type AnchorLog,
  type AppendResult,
  type RawPage,
  type RawStoredEvent,
  type ComplaintEnvelope,
  type EventStore,
  type GlobalPosition,
  type LiveTail,
  type RecordedEvent,
  type StoreError,
  type StreamRead,
  type Subscription,
  type SubscriptionHandlers,
} from '@cim-complaints/core';
import {
  ANY,
  BACKWARDS,
  END,
  FORWARDS,
  NO_STREAM,
  START,
  expecting,
  jsonEvent,
  streamNameFilter,
  type EventStoreClient,
  type ExpectedState,
  type JSONType,
  type ResolvedEventLike,
} from './client.js';
import { fromResolvedEvent, importedEventData, positionOf, rawOfResolved, toEventData, UNKNOWN_POSITION } from './codec.js';
import { clientRedactor, redactError } from './credentials.js';
import { isStreamNotFound, toStoreError as clientStoreError, type ErrorContext } from './errors.js';

export interface EventStoreDbStoreOptions {
  /** A client of either package: `@eventstore/db-client`'s `EventStoreDBClient` or `@kurrent/kurrentdb-client`'s `KurrentDBClient`. */
  readonly client: EventStoreClient;
  /** The prefix of complaint streams; default `complaint-`. Must not be empty or start with `$`. */
  readonly streamPrefix?: string;
  /** Dispose the client on `close` (default: true when the store created it, false for a given client). */
  readonly ownsClient?: boolean;
  /** Deadline for each append, in ms; default: the client's (10 s). */
  readonly appendDeadlineMs?: number;
  /**
   * The stream of the store-wide anchor (core's chain.ts); default `cim-anchors-<prefix>` (or
   * `anchors-<prefix>` for a prefix that would take that in). It must fall outside the complaint
   * prefix and the system streams.
   */
  readonly anchorStream?: string;
}

/** The event type of an anchor entry. */
export const ANCHOR_EVENT_TYPE = 'ChainAnchor';

/** The default anchor stream for a complaint prefix: one that does not start with the prefix. */
export const anchorStreamFor = (prefix: string): string => (`cim-anchors-${prefix}`.startsWith(prefix) ? `anchors-${prefix}` : `cim-anchors-${prefix}`);

/** How many times an append retries its anchor entry when other writers anchor at the same moment. */
const ANCHOR_ATTEMPTS = 50;

export interface EventStoreDbStore extends EventStore {
  readonly client: EventStoreClient;
  readonly streamPrefix: string;
  readonly anchorStream: string;
  readonly importStored: NonNullable<EventStore['importStored']>;
  readonly close: () => Promise<void>;
}

const DEFAULT_PAGE = 1000;

/** An import appends a stream's run of events in appends of at most this many (the server limits an append's size). */
const IMPORT_APPEND_EVENTS = 256;

/** How many stream heads an import reads at once. */
const HEAD_READS = 32;

/** The events of an import, in its order, cut into runs of one stream each (a stream may have several runs). */
const runsOf = (events: readonly CheckedImportEvent[]): CheckedImportEvent[][] => {
  const runs: CheckedImportEvent[][] = [];
  for (const event of events) {
    const run = runs[runs.length - 1];
    if (run !== undefined && run[0]!.streamId === event.streamId && run.length < IMPORT_APPEND_EVENTS) run.push(event);
    else runs.push([event]);
  }
  return runs;
};

/** What an import wrote before it stopped, for its error: copy resumes from what the target holds. */
const importedSoFar = (written: readonly (readonly CheckedImportEvent[])[]): string => {
  if (written.length === 0) return 'nothing was imported';
  const count = written.reduce((n, run) => n + run.length, 0);
  const shown = written.slice(0, 10).map((run) => `${run[0]!.streamId}@${run[0]!.revision}${run.length === 1 ? '' : `..${run[run.length - 1]!.revision}`}`);
  const more = written.length > shown.length ? ` and ${written.length - shown.length} more runs` : '';
  return `${count} events were imported (${shown.join(', ')}${more}) and no anchor entry: nothing written is undone, so copy again to resume from what the target holds`;
};

/** A `$all` position in the client's terms: commit = prepare for events written through gRPC. */
const clientPosition = (position: GlobalPosition) => ({ commit: position, prepare: position });

/** Collects a read; a stream that does not exist reads as `undefined`. */
const collect = async (read: AsyncIterable<ResolvedEventLike>): Promise<ResolvedEventLike[] | undefined> => {
  const events: ResolvedEventLike[] = [];
  try {
    for await (const resolved of read) events.push(resolved);
  } catch (error) {
    if (isStreamNotFound(error)) return undefined;
    throw error;
  }
  return events;
};

// Stops at the first event that does not decode: a store never skips one.
const decodeAll = E.traverseArray(fromResolvedEvent);

/** The store on a connected client; `invalid-argument` for a stream prefix it cannot serve (never a throw). */
export const createEventStoreDbStore = (options: EventStoreDbStoreOptions): E.Either<StoreError, EventStoreDbStore> => {
  const { client } = options;
  // A client made from a connection string may echo its credentials in errors (a password with `@` turns up in a host name).
  const redact = clientRedactor(client);
  const toStoreError = (error: unknown, context: ErrorContext): StoreError => redactError(clientStoreError(error, context), redact);
  const prefix = options.streamPrefix ?? DEFAULT_STREAM_PREFIX;
  if (prefix === '' || prefix.startsWith('$')) return E.left(storeError('invalid-argument', `streamPrefix must be non-empty and must not start with $ (got ${JSON.stringify(prefix)})`));
  const anchorStream = options.anchorStream ?? anchorStreamFor(prefix);
  if (anchorStream === '' || anchorStream.startsWith('$') || anchorStream.startsWith(prefix)) {
    return E.left(storeError('invalid-argument', `anchorStream must be non-empty, must not start with $ and must fall outside the complaint prefix ${JSON.stringify(prefix)} (got ${JSON.stringify(anchorStream)})`));
  }

  /**
   * The server-side filter of every `$all` read and subscription: the complaint prefix on the stream
   * name. The prefix never starts with `$`, so no system stream passes; a server takes one filter
   * per request (stream name or event type), and `$`-typed events outside `$` streams are left out
   * by `isOurs` below, which every event read from `$all` still passes through.
   */
  const ourStreams = streamNameFilter([prefix]);

  /** Whether a read `$all` event is one of this library's: our prefix, never a system stream or event. */
  const isOurs = (resolved: ResolvedEventLike): boolean => {
    const event = resolved.event ?? resolved.link;
    return event !== undefined && event.streamId.startsWith(prefix) && !event.streamId.startsWith('$') && !event.type.startsWith('$');
  };

  const lastRevision = async (streamId: string): Promise<number | 'no-stream'> => {
    const tail = await collect(client.readStream(streamId, { direction: BACKWARDS, fromRevision: END, maxCount: 1 }));
    return tail === undefined || tail.length === 0 ? 'no-stream' : Number(tail[0]!.event?.revision ?? tail[0]!.link?.revision ?? -1);
  };

  const readStream: EventStore['readStream'] = (streamId, readOptions = {}) => async () => {
    const backwards = readOptions.direction === 'backwards';
    if (readOptions.maxCount === 0) {
      try {
        return E.right({ revision: await lastRevision(streamId), events: [] });
      } catch (error) {
        return E.left(toStoreError(error, { operation: 'read stream', streamId }));
      }
    }
    try {
      const read = await collect(
        client.readStream(streamId, {
          direction: backwards ? BACKWARDS : FORWARDS,
          fromRevision: readOptions.fromRevision === undefined ? (backwards ? END : START) : BigInt(readOptions.fromRevision),
          ...(readOptions.maxCount === undefined ? {} : { maxCount: readOptions.maxCount }),
        }),
      );
      if (read === undefined) return E.right({ revision: 'no-stream', events: [] });
      const decoded = decodeAll(read);
      if (E.isLeft(decoded)) return decoded;
      const events = decoded.right;
      // A whole forward read ends at the stream's last revision, a backward read from the end starts there;
      // any other slice asks the stream where it ends.
      const wholeForwards = !backwards && (readOptions.fromRevision ?? 0) === 0 && readOptions.maxCount === undefined && events.length > 0;
      const fromEnd = backwards && readOptions.fromRevision === undefined && events.length > 0;
      const revision = wholeForwards ? events[events.length - 1]!.revision : fromEnd ? events[0]!.revision : await lastRevision(streamId);
      return E.right<StoreError, StreamRead>({ revision, events });
    } catch (error) {
      return E.left(toStoreError(error, { operation: 'read stream', streamId }));
    }
  };

  /** The events stored at `from`.. for `count` revisions, if they carry exactly these ids in order. */
  const alreadyStored = async (streamId: string, from: number, envelopes: readonly ComplaintEnvelope[]): Promise<AppendResult | undefined> => {
    const stored = await collect(client.readStream(streamId, { direction: FORWARDS, fromRevision: BigInt(from), maxCount: envelopes.length }));
    return retriedBatch((stored ?? []).map((r) => ({ eventId: r.event?.id ?? '', revision: Number(r.event?.revision ?? -1), position: positionOf(r) })), envelopes);
  };

  /** Where an `any` batch would already be, if its first id is in the stream. */
  const findStored = async (streamId: string, envelopes: readonly ComplaintEnvelope[]): Promise<E.Either<StoreError, AppendResult | undefined>> => {
    const all = await collect(client.readStream(streamId, { direction: FORWARDS, fromRevision: START }));
    const index = all?.findIndex((r) => r.event?.id === envelopes[0]!.metadata.eventId) ?? -1;
    if (index < 0) return E.right(undefined);
    const found = await alreadyStored(streamId, index, envelopes);
    return found === undefined
      ? E.left(storeError('invalid-write', `event id ${envelopes[0]!.metadata.eventId} is already stored in ${streamId} at ${index}, with a different batch`, { streamId }))
      : E.right(found);
  };

  const appendToStream: EventStore['appendToStream'] = (streamId, expected, envelopes) => async () => {
    if (envelopes.length === 0) return E.left(storeError('invalid-write', `nothing to append to ${streamId}`, { streamId }));
    // The server would take an event that cannot be read back (Infinity stored as null): prove it first.
    const encoded = encodeForStore(streamId, envelopes);
    if (E.isLeft(encoded)) return encoded;
    try {
      if (expected === 'any') {
        // No revision to conflict on, so a retry could only be recognised before writing.
        const found = await findStored(streamId, envelopes);
        if (E.isLeft(found) || found.right !== undefined) return found as E.Either<StoreError, AppendResult>;
      }
      const expectedState: ExpectedState = expected === 'any' ? ANY : expected === 'no-stream' ? NO_STREAM : BigInt(expected);
      const result = await client.appendToStream(streamId, envelopes.map(toEventData), expecting(expectedState, options.appendDeadlineMs));
      const nextRevision = Number(result.nextExpectedRevision);
      const position = result.position?.commit;
      // Some answers (an idempotent write on some servers) carry no position: read it back.
      const written =
        position !== undefined && position !== UNKNOWN_POSITION && position >= 0n
          ? { nextRevision, position }
          : ((await alreadyStored(streamId, nextRevision - envelopes.length + 1, envelopes)) ?? { nextRevision, position: UNKNOWN_POSITION });
      const anchored = await anchor(streamId, nextRevision, encoded.right[encoded.right.length - 1]!.digest);
      return E.isLeft(anchored) ? anchored : E.right(written);
    } catch (error) {
      const failure = toStoreError(error, { operation: 'append to', streamId, expected });
      if (failure.kind !== 'conflict') return E.left(failure);
      // A retry of a write that happened: the same ids sit where the batch would have gone.
      try {
        const stored = await alreadyStored(streamId, expected === 'no-stream' ? 0 : (expected as number) + 1, envelopes);
        return stored === undefined ? E.left(failure) : E.right(stored);
      } catch (checkError) {
        return E.left(toStoreError(checkError, { operation: 'read stream', streamId }));
      }
    }
  };

  /** The anchor stream's last revision and entry digest, as stored. */
  const lastAnchor = async (): Promise<{ readonly revision: bigint | undefined; readonly anchor: string | undefined }> => {
    const tail = await collect(client.readStream(anchorStream, { direction: BACKWARDS, fromRevision: END, maxCount: 1 }));
    const last = tail?.[0]?.event;
    const anchor = (last?.data as { anchor?: unknown } | undefined)?.anchor;
    return { revision: last?.revision, anchor: typeof anchor === 'string' ? anchor : undefined };
  };

  /**
   * Adds the anchor entry of an append just written. Two writes, not one transaction: a writer that
   * stops between them leaves the batch unanchored (verify says so) until the stream's next append
   * anchors a head that chains back over it. The anchor stream's expected revision keeps the anchor
   * from forking when writers race.
   */
  const anchor = async (streamId: string, revision: number, digest: string): Promise<E.Either<StoreError, void>> => {
    const notAnchored = (why: StoreError): StoreError =>
      storeError(why.kind === 'conflict' ? 'unavailable' : why.kind, `${streamId} was written up to revision ${revision} but not anchored in ${anchorStream} (${why.message}); its next append anchors it`, {
        streamId,
        cause: why,
      });
    for (let attempt = 1; attempt <= ANCHOR_ATTEMPTS; attempt += 1) {
      try {
        const last = await lastAnchor();
        const entry = nextAnchorEntry(last.anchor, streamId, revision, digest);
        await client.appendToStream(anchorStream, jsonEvent({ type: ANCHOR_EVENT_TYPE, data: entry }), expecting(last.revision ?? NO_STREAM, options.appendDeadlineMs));
        return E.right(undefined);
      } catch (error) {
        const failure = toStoreError(error, { operation: 'append to', streamId: anchorStream });
        if (failure.kind !== 'conflict' || attempt === ANCHOR_ATTEMPTS) return E.left(notAnchored(failure));
      }
    }
    return E.left(notAnchored(storeError('conflict', 'too many writers')));
  };

  /**
   * The stream holding each event id of the complaint streams, for imports: EventStoreDB keeps an
   * event id in any number of streams (and takes a batch whose ids a stream already holds at the
   * revisions expected as a retry, writing nothing), so an id already stored is found here, not by
   * the server. Read from `$all` at the first import, then from where the last read stopped: a copy
   * reads the target once, whatever its number of imports.
   */
  const storedIds = { byId: new Map<string, string>(), streams: new Map<string, string>(), after: undefined as GlobalPosition | undefined };

  const catchUpStoredIds = async (): Promise<void> => {
    const batch = 4096;
    for (;;) {
      const from = storedIds.after;
      const read = (await collect(client.readAll({ direction: FORWARDS, fromPosition: from === undefined ? START : clientPosition(from), maxCount: batch, filter: ourStreams }))) ?? [];
      for (const resolved of read) {
        const position = positionOf(resolved);
        if (storedIds.after !== undefined && position <= storedIds.after) continue;
        storedIds.after = position;
        const event = resolved.event;
        if (event === undefined || !isOurs(resolved)) continue;
        // one string per stream, however many events it holds
        const streamId = storedIds.streams.get(event.streamId) ?? event.streamId;
        storedIds.streams.set(streamId, streamId);
        storedIds.byId.set(event.id, streamId);
      }
      if (read.length < batch) return;
    }
  };

  /** Checks an import against the heads and the anchor it will write on, and the ids the store holds; writes nothing. */
  const checkAgainstTarget = async (batch: ImportBatch): Promise<E.Either<StoreError, { readonly checked: CheckedImport; readonly anchorRevision: bigint | undefined }>> => {
    const refused = (message: string, streamId?: string) => E.left(storeError('invalid-write', `nothing was imported: ${message}`, streamId === undefined ? {} : { streamId }));
    const outside = batch.events.findIndex((e) => typeof e.streamId === 'string' && (!e.streamId.startsWith(prefix) || e.streamId.startsWith('$')));
    if (outside >= 0) {
      const event = batch.events[outside]!;
      return refused(`event ${outside} (${event.streamId}@${String(event.revision)}) falls outside the complaint streams (${prefix}*): no reader of this store would see it`, event.streamId);
    }
    const streams = streamsOfImport(batch);
    const heads = new Map<string, number | 'no-stream'>();
    for (let i = 0; i < streams.length; i += HEAD_READS) {
      const some = streams.slice(i, i + HEAD_READS);
      const revisions = await Promise.all(some.map(lastRevision));
      some.forEach((streamId, j) => heads.set(streamId, revisions[j]!));
    }
    const last = await lastAnchor();
    const checked = checkImport(batch, { heads, lastAnchor: last.anchor });
    if (E.isLeft(checked)) return checked;
    await catchUpStoredIds();
    const clash = checked.right.events.find((e) => storedIds.byId.has(e.eventId));
    if (clash !== undefined) {
      const taken = eventIdTaken(clash.streamId, clash.eventId, storedIds.byId.get(clash.eventId)!);
      return E.left({ ...taken, message: `nothing was imported: ${taken.message}` });
    }
    return E.right({ checked: checked.right, anchorRevision: last.revision });
  };

  /** Appends one run of an import at the revision after its stream's head; the position of its last event. */
  const importRun = async (run: readonly CheckedImportEvent[]): Promise<E.Either<StoreError, GlobalPosition>> => {
    const first = run[0]!;
    const last = run[run.length - 1]!;
    const expected = first.revision === 0 ? ('no-stream' as const) : first.revision - 1;
    try {
      const result = await client.appendToStream(first.streamId, run.map(importedEventData), expecting(expected === 'no-stream' ? NO_STREAM : BigInt(expected), options.appendDeadlineMs));
      const revision = Number(result.nextExpectedRevision);
      const position = result.position?.commit;
      if (revision === last.revision && position !== undefined && position !== UNKNOWN_POSITION && position >= 0n) return E.right(position);
      // A server answers a batch it takes for a retry (ids it holds at those revisions) with success, writing nothing: look.
      const stored = (await collect(client.readStream(first.streamId, { direction: FORWARDS, fromRevision: BigInt(first.revision), maxCount: run.length }))) ?? [];
      const same = stored.length === run.length && stored.every((r, i) => r.event?.id === run[i]!.eventId && Number(r.event.revision) === run[i]!.revision);
      if (same) return E.right(positionOf(stored[stored.length - 1]!));
      return E.left(
        storeError('invalid-write', `importing into ${first.streamId}: EventStoreDB answered at revision ${revision}, not ${last.revision}, and does not hold the events there: it took them for a retry of events it holds`, {
          streamId: first.streamId,
          eventId: first.eventId,
        }),
      );
    } catch (error) {
      const failure = toStoreError(error, { operation: 'import into', streamId: first.streamId, expected });
      return E.left(failure.kind === 'conflict' ? { ...failure, message: `${failure.message}: another writer wrote to it meanwhile` } : failure);
    }
  };

  /**
   * `copy`: events and anchor entries as another store holds them. Checked first against every
   * head the import touches, the anchor's last entry and the event ids the store holds (a refused
   * import writes nothing); then written in appends, since EventStoreDB has no transaction across
   * streams: each stream's run of events with the expected revision before it, in the import's
   * order, then the anchor entries in one append with the anchor stream's expected revision. An
   * import that stops part-way (another writer, the server gone) says what it wrote: nothing is
   * undone, and a copy resumes from what the target holds.
   */
  const importNow = async (batch: ImportBatch): Promise<E.Either<StoreError, ImportResult>> => {
    let target: { readonly checked: CheckedImport; readonly anchorRevision: bigint | undefined };
    try {
      const checked = await checkAgainstTarget(batch);
      if (E.isLeft(checked)) return checked;
      target = checked.right;
    } catch (error) {
      const failure = toStoreError(error, { operation: 'reading the target before importing' });
      return E.left({ ...failure, message: `${failure.message}; nothing was imported` });
    }
    const { checked, anchorRevision } = target;
    const written: (readonly CheckedImportEvent[])[] = [];
    let lastPosition: GlobalPosition | undefined;
    for (const run of runsOf(checked.events)) {
      const appended = await importRun(run);
      if (E.isLeft(appended)) return E.left({ ...appended.left, message: `${appended.left.message}; ${importedSoFar(written)}` });
      written.push(run);
      lastPosition = appended.right;
    }
    if (checked.anchors.length > 0) {
      try {
        const entries = checked.anchors.map((entry) => jsonEvent({ type: ANCHOR_EVENT_TYPE, data: entry as unknown as JSONType }));
        await client.appendToStream(anchorStream, entries, expecting(anchorRevision ?? NO_STREAM, options.appendDeadlineMs));
      } catch (error) {
        const failure = toStoreError(error, { operation: 'import anchor entries into', streamId: anchorStream, expected: anchorRevision === undefined ? 'no-stream' : Number(anchorRevision) });
        const why = failure.kind === 'conflict' ? `${failure.message}: another writer anchored meanwhile` : failure.message;
        return E.left({ ...failure, message: `${why}; ${importedSoFar(written)}` });
      }
    }
    return E.right({ events: checked.events.length, anchors: checked.anchors.length, lastPosition });
  };

  // One import at a time on this store: each is checked against what the one before it wrote.
  let importing: Promise<unknown> = Promise.resolve();
  const importStored: NonNullable<EventStore['importStored']> = (batch) => () => {
    const next = importing.then(() => importNow(batch));
    importing = next.catch(() => undefined);
    return next;
  };

  const readAll: EventStore['readAll'] = (readOptions = {}) => async () => {
    const pageSize = readOptions.maxCount ?? DEFAULT_PAGE;
    const after = readOptions.after;
    // $all also holds system events and other applications' streams. The filter leaves them on the
    // server where the client can filter a read ($all reads with @kurrent/kurrentdb-client);
    // @eventstore/db-client 6.2's readAll has no filter, so there the batches hold them and are scanned here.
    const batch = Math.min(Math.max(pageSize + 1, 64), 4096);
    const events: RecordedEvent[] = [];
    const skipped: StoreError[] = [];
    const skip = readOptions.skipUndecodable === true;
    // The position of the last event taken into the page, read or set aside.
    let last = after;
    const page = (isEnd: boolean): E.Either<StoreError, AllPage> => E.right({ events, ...(skip ? { skipped } : {}), lastPosition: last, isEnd });
    let cursor = after;
    try {
      for (;;) {
        const raw = await collect(client.readAll({ direction: FORWARDS, fromPosition: cursor === undefined ? START : clientPosition(cursor), maxCount: batch, filter: ourStreams }));
        const read = raw ?? [];
        for (const resolved of read) {
          const position = positionOf(resolved);
          // Reading $all from P includes the event at P; the port's `after` excludes it.
          if (cursor !== undefined && position <= cursor) continue;
          cursor = position;
          if (!isOurs(resolved)) continue;
          if (events.length + skipped.length === pageSize) return page(false);
          const decoded = fromResolvedEvent(resolved);
          if (E.isLeft(decoded)) {
            if (!skip || decoded.left.kind !== 'decode-failed') return decoded;
            skipped.push(decoded.left);
          } else events.push(decoded.right);
          last = position;
        }
        if (read.length < batch) return page(true);
      }
    } catch (error) {
      return E.left(toStoreError(error, { operation: 'read $all' }));
    }
  };

  /**
   * After core's pump has caught up by reading `$all` in pages (so "caught up" means everything
   * stored when the last page was read was delivered, on every server version), go live with a
   * server-side filtered subscription from the last position delivered.
   */
  const liveTail: LiveTail = (from, deliver, fail) => {
    const live = client.subscribeToAll({ fromPosition: from === undefined ? START : clientPosition(from), filter: ourStreams });
    let stopped = false;
    const done = (async () => {
      try {
        for await (const resolved of live) {
          if (stopped) return;
          const at = positionOf(resolved);
          // Defensive: a server that includes the start position must not deliver it twice.
          if (from !== undefined && at <= from) continue;
          if (!isOurs(resolved)) continue;
          const decoded = fromResolvedEvent(resolved);
          if (E.isLeft(decoded)) return fail(decoded.left);
          if (!(await deliver(decoded.right))) return;
        }
        if (!stopped) fail(storeError('unavailable', 'the $all subscription ended without being closed'));
      } catch (error) {
        if (!stopped) fail(toStoreError(error, { operation: 'subscribe to $all' }));
      } finally {
        if (!stopped) await live.unsubscribe().catch(() => undefined);
      }
    })();
    return {
      done,
      stop: async () => {
        stopped = true;
        await live.unsubscribe();
        // Cancelling the call does not end the readable side: destroy it so the loop wakes.
        live.destroy();
        await done;
      },
    };
  };

  const readRaw: EventStore['readRaw'] = (readOptions = {}) => async () => {
    const pageSize = readOptions.maxCount ?? DEFAULT_PAGE;
    const batch = Math.min(Math.max(pageSize + 1, 64), 4096);
    const events: RawStoredEvent[] = [];
    let last = readOptions.after;
    let cursor = readOptions.after;
    try {
      for (;;) {
        const read = (await collect(client.readAll({ direction: FORWARDS, fromPosition: cursor === undefined ? START : clientPosition(cursor), maxCount: batch, filter: ourStreams }))) ?? [];
        for (const resolved of read) {
          const position = positionOf(resolved);
          if (cursor !== undefined && position <= cursor) continue;
          cursor = position;
          if (!isOurs(resolved)) continue;
          const raw = rawOfResolved(resolved);
          if (raw === undefined) continue;
          if (events.length === pageSize) return E.right<StoreError, RawPage>({ events, lastPosition: last, isEnd: false });
          events.push(raw);
          last = position;
        }
        if (read.length < batch) return E.right<StoreError, RawPage>({ events, lastPosition: last, isEnd: true });
      }
    } catch (error) {
      return E.left(toStoreError(error, { operation: 'read $all' }));
    }
  };

  const readRawStream: EventStore['readRawStream'] = (streamId) => async () => {
    try {
      const read = await collect(client.readStream(streamId, { direction: FORWARDS, fromRevision: START }));
      return E.right((read ?? []).flatMap((resolved) => rawOfResolved(resolved) ?? []));
    } catch (error) {
      return E.left(toStoreError(error, { operation: 'read stream', streamId }));
    }
  };

  const readAnchors: EventStore['readAnchors'] = () => async () => {
    try {
      const read = await collect(client.readStream(anchorStream, { direction: FORWARDS, fromRevision: START }));
      const entries = (read ?? []).flatMap((resolved) => {
        const event = resolved.event;
        return event === undefined ? [] : [{ sequence: Number(event.revision), entry: event.data instanceof Uint8Array ? Buffer.from(event.data).toString('utf8') : event.data }];
      });
      return E.right<StoreError, AnchorLog>({ name: anchorStream, ordered: false, entries });
    } catch (error) {
      return E.left(toStoreError(error, { operation: 'read stream', streamId: anchorStream }));
    }
  };

  // Catch-up, the caught-up signal, subscriber failures and closing are core's; only the live tail is ours.
  const pump = createSubscriptionPump({ pageSize: 256 });
  const subscribeToAll = (handlers: SubscriptionHandlers, subscribeOptions: { readonly after?: GlobalPosition } = {}): Subscription =>
    pump.subscribe(readAll, { ...handlers, onError: (error) => handlers.onError?.(redactError(error, redact)) }, subscribeOptions.after, liveTail);

  return E.right({
    client,
    streamPrefix: prefix,
    anchorStream,
    readStream,
    appendToStream,
    readAll,
    subscribeToAll,
    readRaw,
    readRawStream,
    readAnchors,
    importStored,
    close: async () => {
      await pump.closeAll();
      if (options.ownsClient === true) await client.dispose();
    },
  });
};

