/**
 * An `EventStore` in memory: for tests, examples and embedding where nothing must survive the
 * process. It stores the encoded JSON text, as a real store would, and decodes on every read,
 * so it catches what a real store would catch.
 *
 * @example
 * const { store } = createInMemoryEventStore();
 * await handle(store)(command)();
 */
import * as E from 'fp-ts/lib/Either.js';
import { decodeEvent, encodeEvent, type ComplaintEnvelope } from '../complaint/envelope.js';
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
import { createSubscriptionPump } from './subscription-pump.js';

interface StoredRow {
  readonly streamId: string;
  readonly revision: number;
  readonly position: GlobalPosition;
  readonly eventId: string;
  /** The JSON text of `{ type, data, metadata }`. */
  readonly json: string;
}

export interface InMemoryEventStore {
  readonly store: EventStore;
  /** Test hook: stores raw JSON as the next event of a stream, bypassing encoding (to plant a corrupt event). */
  readonly appendRawForTest: (streamId: string, json: string) => void;
}

const decodeRow = (row: StoredRow): E.Either<StoreError, RecordedEvent> => {
  let parsed: unknown;
  try {
    parsed = JSON.parse(row.json);
  } catch (error) {
    return E.left(
      storeError('decode-failed', `event at ${row.streamId}@${row.revision} is not JSON: ${(error as Error).message}`, {
        streamId: row.streamId,
        revision: row.revision,
        problems: [{ path: '', message: 'not JSON' }],
      }),
    );
  }
  return E.bimap(
    (problems: { path: string; message: string }[]) =>
      storeError('decode-failed', `event at ${row.streamId}@${row.revision} does not decode: ${problems.map((p) => `${p.path || '(event)'}: ${p.message}`).join('; ')}`, {
        streamId: row.streamId,
        revision: row.revision,
        problems,
      }),
    (event: ComplaintEnvelope): RecordedEvent => ({ streamId: row.streamId, revision: row.revision, position: row.position, event }),
  )(decodeEvent(parsed));
};

// Stops at the first event that does not decode: a store never skips one.
const decodeRows = E.traverseArray(decodeRow);

const lastRevision = (rows: readonly StoredRow[] | undefined): number | 'no-stream' =>
  rows === undefined || rows.length === 0 ? 'no-stream' : rows.length - 1;

/** Whether the expected revision matches the stream's current one. */
export const revisionMatches = (expected: ExpectedRevision, actual: number | 'no-stream'): boolean =>
  expected === 'any' || expected === actual;

/** A new, empty in-memory store. */
export const createInMemoryEventStore = (): InMemoryEventStore => {
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
    // A retried batch whose ids are already stored, in order, in this stream: absorb it, as EventStoreDB does.
    if (first !== undefined && first.streamId === streamId) {
      const same = events.every((e, i) => rows?.[first.revision + i]?.eventId === e.metadata.eventId);
      if (same) {
        const last = rows![first.revision + events.length - 1]!;
        return E.right({ nextRevision: last.revision, position: last.position });
      }
    }
    const clash = events.find((e) => eventIds.has(e.metadata.eventId));
    if (clash !== undefined) {
      return E.left(storeError('invalid-write', `event id ${clash.metadata.eventId} is already stored`, { streamId }));
    }
    const actual = lastRevision(rows);
    if (!revisionMatches(expected, actual)) {
      return E.left(storeError('conflict', `${streamId} is at ${actual}, not ${expected}`, { streamId, expected, actual }));
    }
    let last: StoredRow | undefined;
    for (const event of events) last = push(streamId, event.metadata.eventId, JSON.stringify(encodeEvent(event)));
    pump.notify();
    return E.right({ nextRevision: last!.revision, position: last!.position });
  };

  const readStream: EventStore['readStream'] = (streamId, options = {}) => () => {
    const rows = streams.get(streamId) ?? [];
    const backwards = options.direction === 'backwards';
    const from = options.fromRevision ?? (backwards ? rows.length - 1 : 0);
    const selected = backwards ? rows.slice(0, from + 1).reverse() : rows.slice(from);
    const limited = options.maxCount === undefined ? selected : selected.slice(0, options.maxCount);
    return Promise.resolve(E.map((events: readonly RecordedEvent[]): StreamRead => ({ revision: lastRevision(rows), events }))(decodeRows(limited)));
  };

  const readAll: EventStore['readAll'] = (options = {}) => () => {
    const start = options.after === undefined ? 0 : Number(options.after);
    const max = options.maxCount ?? 1000;
    const rows = log.slice(start, start + max);
    return Promise.resolve(
      E.map(
        (events: readonly RecordedEvent[]): AllPage => ({
          events,
          lastPosition: rows.length === 0 ? options.after : rows[rows.length - 1]!.position,
          isEnd: start + rows.length >= log.length,
        }),
      )(decodeRows(rows)),
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
    appendRawForTest: (streamId, json) => {
      push(streamId, `raw-${log.length + 1}`, json);
      pump.notify();
    },
  };
};

