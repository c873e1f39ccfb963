/**
 * An `EventStore` in memory: for tests, examples and embedding where nothing must survive the
 * process. It stores the encoded JSON text, as a real store would, and decodes on every read,
 * so it catches what a real store would catch.
 *
 * @example
 * const store = createInMemoryEventStore(); // Right(EventStore)
 * if (E.isRight(store)) await createCommandHandler({ store: store.right, clock })(command)();
 */
import * as E from 'fp-ts/lib/Either.js';
import type { ComplaintEnvelope } from '../complaint/envelope.js';
import {
  storeError,
  type AllPage,
  type AppendResult,
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

interface StoredRow {
  readonly streamId: string;
  readonly revision: number;
  readonly position: GlobalPosition;
  readonly eventId: string;
  /** The JSON text of `{ type, data, metadata }`. */
  readonly json: string;
}

/** The store and, for the testing kit only (core's `./testing-hooks` entry), a way to plant a raw row. */
interface InMemoryEventStoreWithHook {
  readonly store: EventStore;
  /** Stores raw JSON as the next event of a stream, bypassing encoding (to plant a corrupt event). */
  readonly appendRaw: (streamId: string, json: string) => void;
}

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
  const log: StoredRow[] = [];
  const streams = new Map<string, StoredRow[]>();
  const eventIds = new Map<string, StoredRow>();
  const pump = createSubscriptionPump();

  const push = (streamId: string, eventId: string, json: string): StoredRow => {
    const rows = streams.get(streamId) ?? [];
    const row: StoredRow = { streamId, revision: rows.length, position: BigInt(log.length + 1), eventId, json };
    rows.push(row);
    streams.set(streamId, rows);
    log.push(row);
    eventIds.set(eventId, row);
    return row;
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

  const readAll: EventStore['readAll'] = (options = {}) => () => {
    const start = options.after === undefined ? 0 : Number(options.after);
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

  const store: EventStore = {
    readStream,
    appendToStream: (streamId, expected, events) => () => Promise.resolve(append(streamId, expected, events)),
    readAll,
    subscribeToAll,
    close: () => pump.closeAll(),
  };

  return {
    store,
    appendRaw: (streamId, json) => {
      push(streamId, `raw-${log.length + 1}`, json);
      pump.notify();
    },
  };
};

