/**
 * The port every store implements: read a complaint's stream with its revision, append with an
 * expected revision, read all streams in global order, and subscribe. Stores decode on read
 * through `decodeEvent`, so what comes out is always a valid envelope or a typed failure.
 *
 * @example
 * const result = await store.appendToStream('complaint-c-1', 'no-stream', envelopes)();
 * // Right({ nextRevision: 0, position: 1n }) or Left({ _tag: 'StoreError', kind: 'conflict', ... })
 */
import type * as TE from 'fp-ts/lib/TaskEither.js';
import type { Problem } from '../shared/errors.js';
import type { ComplaintEnvelope } from '../complaint/envelope.js';
import type { ImportBatch, ImportResult } from './stored-import.js';

/** What the writer believes the stream's last revision is: no stream yet, or an exact revision. */
export type ExpectedRevision = 'no-stream' | 'any' | number;

/** A global position in the store's log; opaque but ordered. `bigint` because real logs are 64-bit. */
export type GlobalPosition = bigint;

/** An event read back from a store. */
export interface RecordedEvent {
  readonly streamId: string;
  /** Revision within its stream, from 0. */
  readonly revision: number;
  /** Position in the store's global order. */
  readonly position: GlobalPosition;
  readonly event: ComplaintEnvelope;
}

export type StoreErrorKind =
  | 'conflict'
  | 'stream-deleted'
  | 'unavailable'
  | 'deadline-exceeded'
  | 'decode-failed'
  | 'invalid-write'
  /** A store could not be made from the arguments given (a bad path, prefix or connection string). */
  | 'invalid-argument'
  | 'unknown';

/** A store failure: typed, never a thrown exception. */
export interface StoreError {
  readonly _tag: 'StoreError';
  readonly kind: StoreErrorKind;
  readonly message: string;
  readonly streamId?: string;
  /** For `conflict`: what the writer expected and what the stream had. */
  readonly expected?: ExpectedRevision;
  readonly actual?: number | 'no-stream';
  /** For `decode-failed`: the stored event's revision (and position, where known) and every problem with it. */
  readonly revision?: number;
  readonly position?: GlobalPosition;
  readonly problems?: readonly Problem[];
  /** For `invalid-write` of an event id the store already holds: the id, and the stream holding it. */
  readonly eventId?: string;
  readonly existingStreamId?: string;
  readonly cause?: unknown;
}

/** A store error of a kind. */
export const storeError = (kind: StoreErrorKind, message: string, fields: Omit<StoreError, '_tag' | 'kind' | 'message'> = {}): StoreError => ({
  _tag: 'StoreError',
  kind,
  message,
  ...fields,
});

/** Whether a value is a store error. */
export const isStoreError = (value: unknown): value is StoreError =>
  typeof value === 'object' && value !== null && (value as { _tag?: unknown })._tag === 'StoreError';

export interface StreamRead {
  /** The revision of the last event in the stream, or `no-stream`. */
  readonly revision: number | 'no-stream';
  readonly events: readonly RecordedEvent[];
}

export interface AppendResult {
  readonly nextRevision: number;
  /** The position of the last event written. */
  readonly position: GlobalPosition;
}

export interface ReadStreamOptions {
  readonly direction?: 'forwards' | 'backwards';
  /** Start at this revision (inclusive); default: the start (forwards) or the end (backwards). */
  readonly fromRevision?: number;
  readonly maxCount?: number;
}

export interface ReadAllOptions {
  /** Read events after this position (exclusive); default: from the beginning. */
  readonly after?: GlobalPosition;
  readonly maxCount?: number;
  /**
   * Set aside stored events that do not decode (listed in `skipped`) instead of failing the
   * page. For readers that report what they could not read; never for deciding.
   */
  readonly skipUndecodable?: boolean;
}

export interface AllPage {
  readonly events: readonly RecordedEvent[];
  /** With `skipUndecodable`: the `decode-failed` error of each stored event set aside, in order. */
  readonly skipped?: readonly StoreError[];
  /** Where the next page starts (pass as `after`); unchanged when nothing was read. */
  readonly lastPosition: GlobalPosition | undefined;
  readonly isEnd: boolean;
}

export interface SubscriptionHandlers {
  /** Called once per event, in global order; the next event waits for the promise. */
  readonly onEvent: (event: RecordedEvent) => Promise<void> | void;
  /** Called each time the subscription has delivered everything stored so far. */
  readonly onCaughtUp?: () => void;
  /** Called once if the subscription fails; it delivers nothing after. */
  readonly onError?: (error: StoreError) => void;
}

export interface Subscription {
  /** Stops delivery; resolves once no handler call is running. */
  readonly close: () => Promise<void>;
}

/**
 * A stored event exactly as the store holds it, not decoded: what `verify` reads, so it meets
 * rows the library's readers would refuse or never reach (a revision of -1, a row that is not JSON).
 */
export interface RawStoredEvent {
  readonly streamId: string;
  /** As stored: a hand edit can leave a negative, fractional or huge number (NaN when it is not a number at all). */
  readonly revision: number;
  readonly position: GlobalPosition;
  /** The id the store keeps the event under (SQLite's `event_id`, EventStoreDB's event id). */
  readonly storeEventId: string;
  readonly type: string;
  /** The JSON text of `data` and `metadata`, as stored. */
  readonly data: string;
  readonly metadata: string;
}

export interface RawPage {
  readonly events: readonly RawStoredEvent[];
  /** Where the next page starts (pass as `after`); unchanged when nothing was read. */
  readonly lastPosition: GlobalPosition | undefined;
  readonly isEnd: boolean;
}

/** An entry of the store-wide anchor as stored: its place in the anchor log and its fields, not decoded. */
export interface RawAnchorEntry {
  readonly sequence: number;
  /** `{ streamId, revision, digest, previous?, anchor }` as the store holds it (see chain.ts). */
  readonly entry: unknown;
}

export interface AnchorLog {
  /** Where the anchor lives, for messages (`anchors` table, an EventStoreDB stream). */
  readonly name: string;
  /**
   * True when each entry is written in the same transaction as the events it anchors, so the
   * anchor's order is the store's global order; false where they are two writes (EventStoreDB).
   */
  readonly ordered: boolean;
  readonly entries: readonly RawAnchorEntry[];
}

export interface EventStore {
  readonly readStream: (streamId: string, options?: ReadStreamOptions) => TE.TaskEither<StoreError, StreamRead>;
  /** Appends all events or none, if the stream is at the expected revision. */
  readonly appendToStream: (
    streamId: string,
    expected: ExpectedRevision,
    events: readonly ComplaintEnvelope[],
  ) => TE.TaskEither<StoreError, AppendResult>;
  /** One page of every complaint stream's events in global order. */
  readonly readAll: (options?: ReadAllOptions) => TE.TaskEither<StoreError, AllPage>;
  /** Delivers stored events after `after` (exclusive), then new ones as they are appended. */
  readonly subscribeToAll: (handlers: SubscriptionHandlers, options?: { readonly after?: GlobalPosition }) => Subscription;
  /**
   * One page of every stored event in global order, exactly as stored (nothing decoded, nothing
   * skipped): for `verify` and for the chain's link to events stored before it existed.
   */
  readonly readRaw: (options?: { readonly after?: GlobalPosition; readonly maxCount?: number }) => TE.TaskEither<StoreError, RawPage>;
  /** Every stored event of one stream exactly as stored, by revision (then position), whatever its revision. */
  readonly readRawStream: (streamId: string) => TE.TaskEither<StoreError, readonly RawStoredEvent[]>;
  /**
   * The store-wide anchor, as stored. Every append adds an entry (in the append's own transaction
   * where the store has one); empty for a store written before anchors existed.
   */
  readonly readAnchors: () => TE.TaskEither<StoreError, AnchorLog>;
  /**
   * Writes events and anchor entries exactly as another store holds them (`copy`): all or none
   * where the store has transactions, after core's `checkImport` (each event the next of its
   * stream, reading back, with its own digest; each anchor entry linked to the last). Every store
   * of this library has it; a store without it cannot be copied into.
   */
  readonly importStored?: (batch: ImportBatch) => TE.TaskEither<StoreError, ImportResult>;
  /** Releases connections or files. */
  readonly close?: () => Promise<void>;
}
