/**
 * An `EventStore` in memory: for tests, examples and embedding where nothing must survive the
 * process. It stores the encoded JSON text, as a real store would, and decodes on every read,
 * so it catches what a real store would catch. Each append extends the store-wide anchor in the
 * same step (nothing can run between them), so its anchor order is its global order.
 *
 * @example
 * const store = createInMemoryEventStore(); // Right(EventStore)
 * if (E.isRight(store)) await createCommandHandler({ store: store.right, clock })(command)();
 */
import * as E from 'fp-ts/lib/Either.js';
import type { ComplaintEnvelope } from '../complaint/envelope.js';
import { nextAnchorEntry } from './chain.js';
import {
  storeError,
  type AllPage,
  type AnchorLog,
  type AppendResult,
  type RawAnchorEntry,
  type RawStoredEvent,
  type EventStore,
  type ExpectedRevision,
  type GlobalPosition,
  type RecordedEvent,
  type StoreError,
  type StreamRead,
  type Subscription,
  type SubscriptionHandlers,
} from './event-store.js';
import { decodePage, decodeStored, encodeForStore, eventIdTaken, parseStoredJson, retriedBatch, revisionMatches, undecodableEvent } from './stored-event.js';
import { createSubscriptionPump } from './subscription-pump.js';

/** A row of the in-memory log, as the testing hooks see and rewrite it. */
export interface InMemoryRow {
  readonly streamId: string;
  readonly revision: number;
  readonly position: GlobalPosition;
  readonly eventId: string;
  /** The JSON text of `{ type, data, metadata }`. */
  readonly json: string;
}
type StoredRow = InMemoryRow;

/** The store and, for the testing kit only (core's `./testing-hooks` entry), back doors into what it holds. */
interface InMemoryEventStoreWithHook {
  readonly store: EventStore;
  /** Stores raw JSON as the next event of a stream, bypassing encoding (to plant a corrupt event). */
  readonly appendRaw: (streamId: string, json: string) => void;
  /** Every row, in global order (copies). */
  readonly rows: () => InMemoryRow[];
  /** Replaces every row, as someone editing the store behind the library's back could. */
  readonly rewriteRows: (rows: readonly InMemoryRow[]) => void;
  /** Every anchor entry, in order (copies). */
  readonly anchors: () => RawAnchorEntry[];
  /** Replaces the anchor log. */
  readonly rewriteAnchors: (entries: readonly RawAnchorEntry[]) => void;
}

const ANCHOR_LOG_NAME = 'in-memory anchor';

/** A row's `{ type, data, metadata }` as the raw read gives it; a row that is not a JSON object keeps its text in `data`. */
const rawOf = (row: StoredRow): RawStoredEvent => {
  const base = { streamId: row.streamId, revision: row.revision, position: row.position, storeEventId: row.eventId };
  let parsed: unknown;
  try {
    parsed = JSON.parse(row.json);
  } catch {
    return { ...base, type: '', data: row.json, metadata: '' };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return { ...base, type: '', data: row.json, metadata: '' };
  const { type, data, metadata } = parsed as Record<string, unknown>;
  return { ...base, type: typeof type === 'string' ? type : JSON.stringify(type) ?? '', data: JSON.stringify(data) ?? '', metadata: JSON.stringify(metadata) ?? '' };
};

const decodeRow = (row: StoredRow): E.Either<StoreError, RecordedEvent> => {
  const at = { streamId: row.streamId, revision: row.revision, position: row.position };
  const parsed = parseStoredJson('(event)', row.json);
  if (E.isLeft(parsed)) return E.left(undecodableEvent(at, [parsed.left]));
  const { type, data, metadata } = (typeof parsed.right === 'object' && parsed.right !== null ? parsed.right : {}) as Record<string, unknown>;
  return decodeStored(at, { type, data, metadata });
};

const lastRevision = (rows: readonly StoredRow[] | undefined): number | 'no-stream' =>
  rows === undefined || rows.length === 0 ? 'no-stream' : rows.length - 1;

/** A new, empty in-memory store: `Right`, as every store factory answers (this one cannot fail). */
export const createInMemoryEventStore = (): E.Either<StoreError, EventStore> => E.right(buildInMemoryEventStore().store);

/** The in-memory store with its test hook; not in core's root exports. */
export const buildInMemoryEventStore = (): InMemoryEventStoreWithHook => {
  let log: StoredRow[] = [];
  const streams = new Map<string, StoredRow[]>();
  const eventIds = new Map<string, StoredRow>();
  let anchorLog: RawAnchorEntry[] = [];
  let nextPosition = 1n;
  const pump = createSubscriptionPump();

  const push = (streamId: string, eventId: string, json: string): StoredRow => {
    const rows = streams.get(streamId) ?? [];
    const row: StoredRow = { streamId, revision: rows.length, position: nextPosition, eventId, json };
    nextPosition += 1n;
    rows.push(row);
    streams.set(streamId, rows);
    log.push(row);
    eventIds.set(eventId, row);
    return row;
  };

  const lastAnchor = (): string | undefined => {
    const last = anchorLog[anchorLog.length - 1]?.entry as { anchor?: unknown } | undefined;
    return typeof last?.anchor === 'string' ? last.anchor : undefined;
  };

  /** Rebuilds the indexes from a rewritten log (test hooks only). */
  const reindex = (rows: readonly StoredRow[]): void => {
    log = [...rows].sort((a, b) => (a.position < b.position ? -1 : a.position > b.position ? 1 : 0));
    streams.clear();
    eventIds.clear();
    for (const row of log) {
      streams.set(row.streamId, [...(streams.get(row.streamId) ?? []), row]);
      eventIds.set(row.eventId, row);
    }
    for (const rows of streams.values()) rows.sort((a, b) => a.revision - b.revision);
    nextPosition = log.reduce((max, row) => (row.position >= max ? row.position + 1n : max), 1n);
  };

  const append = (streamId: string, expected: ExpectedRevision, events: readonly ComplaintEnvelope[]): E.Either<StoreError, AppendResult> => {
    if (events.length === 0) return E.left(storeError('invalid-write', `nothing to append to ${streamId}`, { streamId }));
    const rows = streams.get(streamId);
    const first = eventIds.get(events[0]!.metadata.eventId);
    if (first !== undefined && first.streamId === streamId) {
      const retried = retriedBatch(rows!.slice(first.revision, first.revision + events.length), events);
      if (retried !== undefined) return E.right(retried);
    }
    const clash = events.find((e) => eventIds.has(e.metadata.eventId));
    if (clash !== undefined) return E.left(eventIdTaken(streamId, clash.metadata.eventId, eventIds.get(clash.metadata.eventId)!.streamId));
    const actual = lastRevision(rows);
    if (!revisionMatches(expected, actual)) {
      return E.left(storeError('conflict', `${streamId} is at ${actual}, not ${expected}`, { streamId, expected, actual }));
    }
    const encoded = encodeForStore(streamId, events);
    if (E.isLeft(encoded)) return encoded;
    let last: StoredRow | undefined;
    for (const event of encoded.right) last = push(streamId, event.eventId, `{"type":${JSON.stringify(event.type)},"data":${event.data},"metadata":${event.metadata}}`);
    const entry = nextAnchorEntry(lastAnchor(), streamId, last!.revision, encoded.right[encoded.right.length - 1]!.digest);
    anchorLog.push({ sequence: (anchorLog[anchorLog.length - 1]?.sequence ?? -1) + 1, entry });
    pump.notify();
    return E.right({ nextRevision: last!.revision, position: last!.position });
  };

  const readStream: EventStore['readStream'] = (streamId, options = {}) => () => {
    const rows = streams.get(streamId) ?? [];
    const backwards = options.direction === 'backwards';
    const from = options.fromRevision ?? (backwards ? rows.length - 1 : 0);
    const selected = backwards ? rows.slice(0, from + 1).reverse() : rows.slice(from);
    const limited = options.maxCount === undefined ? selected : selected.slice(0, options.maxCount);
    return Promise.resolve(E.map(({ events }: { events: readonly RecordedEvent[] }): StreamRead => ({ revision: lastRevision(rows), events }))(decodePage(limited, decodeRow)));
  };

  /** The index of the first row after a position: positions are not contiguous once a test has removed rows. */
  const indexAfter = (after: GlobalPosition | undefined): number => {
    if (after === undefined) return 0;
    const found = log.findIndex((row) => row.position > after);
    return found < 0 ? log.length : found;
  };

  const readAll: EventStore['readAll'] = (options = {}) => () => {
    const start = indexAfter(options.after);
    const max = options.maxCount ?? 1000;
    const rows = log.slice(start, start + max);
    return Promise.resolve(
      E.map(
        ({ events, skipped }: { events: readonly RecordedEvent[]; skipped: readonly StoreError[] }): AllPage => ({
          events,
          ...(options.skipUndecodable === true ? { skipped } : {}),
          lastPosition: rows.length === 0 ? options.after : rows[rows.length - 1]!.position,
          isEnd: start + rows.length >= log.length,
        }),
      )(decodePage(rows, decodeRow, options.skipUndecodable === true)),
    );
  };

  const subscribeToAll = (handlers: SubscriptionHandlers, options: { after?: GlobalPosition } = {}): Subscription =>
    pump.subscribe(readAll, handlers, options.after);

  const readRaw: EventStore['readRaw'] = (options = {}) => () => {
    const start = indexAfter(options.after);
    const rows = log.slice(start, start + (options.maxCount ?? 1000));
    return Promise.resolve(
      E.right({ events: rows.map(rawOf), lastPosition: rows.length === 0 ? options.after : rows[rows.length - 1]!.position, isEnd: start + rows.length >= log.length }),
    );
  };

  const store: EventStore = {
    readStream,
    appendToStream: (streamId, expected, events) => () => Promise.resolve(append(streamId, expected, events)),
    readAll,
    subscribeToAll,
    readRaw,
    readRawStream: (streamId) => () => Promise.resolve(E.right((streams.get(streamId) ?? []).map(rawOf))),
    readAnchors: () => () => Promise.resolve(E.right<StoreError, AnchorLog>({ name: ANCHOR_LOG_NAME, ordered: true, entries: anchorLog.map((a) => ({ ...a })) })),
    close: () => pump.closeAll(),
  };

  return {
    store,
    appendRaw: (streamId, json) => {
      push(streamId, `raw-${nextPosition}`, json);
      pump.notify();
    },
    rows: () => log.map((row) => ({ ...row })),
    rewriteRows: (rows) => reindex(rows),
    anchors: () => anchorLog.map((a) => ({ ...a })),
    rewriteAnchors: (entries) => {
      anchorLog = entries.map((a) => ({ ...a }));
    },
  };
};

