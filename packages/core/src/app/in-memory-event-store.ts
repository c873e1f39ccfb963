/**
 * An `EventStore` in memory: for tests, examples and embedding where nothing must survive the
 * process. It writes only what `encodeForStore` proves reads back, and keeps the event that proof
 * decoded from the JSON text, frozen: reads hand it out without decoding again, and nobody holding
 * one can change what is stored. Its JSON text is exactly that event's JSON, so the raw reads and
 * the testing hooks write it again rather than hold a second copy. A row planted or rewritten
 * through the hooks keeps its text and is decoded at its first read. Each append extends the
 * store-wide anchor in the same step (nothing can run between them), so its anchor order is its
 * global order.
 *
 * @example
 * const store = createInMemoryEventStore(); // Right(EventStore)
 * if (E.isRight(store)) await createCommandHandler({ store: store.right, clock })(command)();
 */
import * as E from 'fp-ts/lib/Either.js';
import type { ComplaintEnvelope } from '../complaint/envelope.js';
import { nextAnchorEntry } from './chain.js';
import { checkImport, streamsOfImport, type ImportBatch, type ImportResult } from './stored-import.js';
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
interface StoredRow {
  readonly streamId: string;
  readonly revision: number;
  readonly position: GlobalPosition;
  readonly eventId: string;
  /** The text of a row planted or rewritten through the hooks; none for a written row, whose text is its event's JSON. */
  readonly text: string | undefined;
  /** The row read as an event (frozen): set when written, or at the first read of a planted row. */
  read: E.Either<StoreError, RecordedEvent> | undefined;
}

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

/**
 * A written row's event: its JSON is the text `encodeForStore` wrote, byte for byte (the proof
 * found the decoded event's JSON equal to it, and the event is frozen since).
 */
const writtenEvent = (row: StoredRow): ComplaintEnvelope | undefined => (row.text === undefined && row.read !== undefined && E.isRight(row.read) ? row.read.right.event : undefined);

/** The JSON text of a row's `{ type, data, metadata }`. */
const jsonOf = (row: StoredRow): string => {
  const event = writtenEvent(row);
  return event === undefined ? (row.text ?? '') : `{"type":${JSON.stringify(event.type)},"data":${JSON.stringify(event.data)},"metadata":${JSON.stringify(event.metadata)}}`;
};

/** A row's `{ type, data, metadata }` as the raw read gives it; a row that is not a JSON object keeps its text in `data`. */
const rawOf = (row: StoredRow): RawStoredEvent => {
  const base = { streamId: row.streamId, revision: row.revision, position: row.position, storeEventId: row.eventId };
  const event = writtenEvent(row);
  if (event !== undefined) return { ...base, type: event.type, data: JSON.stringify(event.data), metadata: JSON.stringify(event.metadata) };
  const text = row.text ?? '';
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { ...base, type: '', data: text, metadata: '' };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return { ...base, type: '', data: text, metadata: '' };
  const { type, data, metadata } = parsed as Record<string, unknown>;
  return { ...base, type: typeof type === 'string' ? type : JSON.stringify(type) ?? '', data: JSON.stringify(data) ?? '', metadata: JSON.stringify(metadata) ?? '' };
};

/**
 * Freezes a value and everything in it: what a read hands out is shared by every reader. A part
 * already frozen is left as it is: every frozen object this store holds was frozen whole, by
 * `chainEnvelopes` (a written event's data and metadata) or by this function, as anything else
 * reaches the store only as a copy or as parsed text.
 */
const deepFreeze = <A>(value: A): A => {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
  }
  return value;
};

const readAs = (row: StoredRow, event: ComplaintEnvelope): E.Either<StoreError, RecordedEvent> =>
  E.right(deepFreeze({ streamId: row.streamId, revision: row.revision, position: row.position, event }));

const decodeRow = (row: StoredRow): E.Either<StoreError, RecordedEvent> => {
  if (row.read !== undefined) return row.read;
  const at = { streamId: row.streamId, revision: row.revision, position: row.position };
  const parsed = parseStoredJson('(event)', row.text ?? '');
  if (E.isLeft(parsed)) return E.left(undecodableEvent(at, [parsed.left]));
  const { type, data, metadata } = (typeof parsed.right === 'object' && parsed.right !== null ? parsed.right : {}) as Record<string, unknown>;
  const decoded = decodeStored(at, { type, data, metadata });
  // a failure is not kept: it is rare, and its error is built afresh for each reader
  if (E.isLeft(decoded)) return decoded;
  row.read = readAs(row, decoded.right.event);
  return row.read;
};

/** A row as the testing hooks see it: its text, never the event kept. */
const hookRow = (row: StoredRow): InMemoryRow => ({ streamId: row.streamId, revision: row.revision, position: row.position, eventId: row.eventId, json: jsonOf(row) });

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

  /**
   * Appends a row: a written event (its proof's read-back), the raw text a hook plants, or an
   * imported event's text with the event checkImport decoded from it.
   */
  const push = (
    streamId: string,
    eventId: string,
    stored: { readonly event: ComplaintEnvelope } | { readonly text: string; readonly event?: ComplaintEnvelope },
  ): StoredRow => {
    let rows = streams.get(streamId);
    if (rows === undefined) {
      rows = [];
      streams.set(streamId, rows);
    }
    const row: StoredRow = { streamId, revision: rows.length, position: nextPosition, eventId, text: 'text' in stored ? stored.text : undefined, read: undefined };
    if (stored.event !== undefined) row.read = readAs(row, stored.event);
    nextPosition += 1n;
    rows.push(row);
    log.push(row);
    eventIds.set(eventId, row);
    return row;
  };

  const lastAnchor = (): string | undefined => {
    const last = anchorLog[anchorLog.length - 1]?.entry as { anchor?: unknown } | undefined;
    return typeof last?.anchor === 'string' ? last.anchor : undefined;
  };

  /** Rebuilds the indexes from a rewritten log (test hooks only). */
  const reindex = (rows: readonly InMemoryRow[]): void => {
    log = rows
      .map((row): StoredRow => ({ streamId: row.streamId, revision: row.revision, position: row.position, eventId: row.eventId, text: row.json, read: undefined }))
      .sort((a, b) => (a.position < b.position ? -1 : a.position > b.position ? 1 : 0));
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
    for (const event of encoded.right) last = push(streamId, event.eventId, { event: event.readBack });
    const entry = nextAnchorEntry(lastAnchor(), streamId, last!.revision, encoded.right[encoded.right.length - 1]!.digest);
    anchorLog.push({ sequence: (anchorLog[anchorLog.length - 1]?.sequence ?? -1) + 1, entry });
    pump.notify();
    return E.right({ nextRevision: last!.revision, position: last!.position });
  };

  const importStored = (batch: ImportBatch): E.Either<StoreError, ImportResult> => {
    const heads = new Map(streamsOfImport(batch).map((streamId) => [streamId, lastRevision(streams.get(streamId))] as const));
    const checked = checkImport(batch, { heads, lastAnchor: lastAnchor() });
    if (E.isLeft(checked)) return checked;
    const clash = checked.right.events.find((e) => eventIds.has(e.eventId));
    if (clash !== undefined) {
      const taken = eventIdTaken(clash.streamId, clash.eventId, eventIds.get(clash.eventId)!.streamId);
      return E.left({ ...taken, message: `nothing was imported: ${taken.message}` });
    }
    let last: StoredRow | undefined;
    for (const e of checked.right.events) {
      // the text as given, so the raw reads give back what the source held
      last = push(e.streamId, e.eventId, { text: `{"type":${JSON.stringify(e.type)},"data":${e.data},"metadata":${e.metadata}}`, event: e.readBack });
    }
    for (const entry of checked.right.anchors) anchorLog.push({ sequence: (anchorLog[anchorLog.length - 1]?.sequence ?? -1) + 1, entry });
    if (last !== undefined) pump.notify();
    return E.right({ events: checked.right.events.length, anchors: checked.right.anchors.length, lastPosition: last?.position });
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
    importStored: (batch) => () => Promise.resolve(importStored(batch)),
    close: () => pump.closeAll(),
  };

  return {
    store,
    appendRaw: (streamId, json) => {
      push(streamId, `raw-${nextPosition}`, { text: json });
      pump.notify();
    },
    rows: () => log.map(hookRow),
    rewriteRows: (rows) => reindex(rows),
    anchors: () => anchorLog.map((a) => ({ ...a })),
    rewriteAnchors: (entries) => {
      anchorLog = entries.map((a) => ({ ...a }));
    },
  };
};

