/**
 * What every store does with an event on its way in and out, written once beside the port:
 * encode an envelope to JSON text and prove it reads back before it is written (with its content
 * digest, which a claimed `metadata.digest` must equal); decode a stored
 * row, naming the row (stream, revision, position) and never the stored values when it fails;
 * and decode a page of rows, either stopping at the first bad one or setting it aside.
 *
 * @example
 * const encoded = encodeForStore(streamId, envelopes); // Right([{ type, data, metadata }]) or Left(invalid-write)
 * const recorded = decodeStored({ streamId, revision: 0, position: 1n }, { type, data: JSON.parse(text), metadata });
 */
import * as E from 'fp-ts/lib/Either.js';
import { decodeEvent, isSoundStoredEvent, type ComplaintEnvelope } from '../complaint/envelope.js';
import { formatProblems, type Problem } from '../shared/errors.js';
import { chainedDigestOf, writtenContentDigest, type StoredContent } from './chain.js';
import { storeError, type AppendResult, type ExpectedRevision, type GlobalPosition, type RawStoredEvent, type RecordedEvent, type StoreError } from './event-store.js';

/** An event as JSON text, ready for a store's columns or wire format. */
export interface EncodedEvent {
  readonly eventId: string;
  readonly type: string;
  readonly data: string;
  readonly metadata: string;
  readonly recordedAt: string;
  /** The content digest of what is stored (chain.ts): the claimed `metadata.digest` when there is one, which it must equal. */
  readonly digest: string;
  /**
   * The envelope a reader decodes from this text: the proof's own result, so a store that keeps
   * objects need not decode again. New objects, none of the caller's, or the frozen copy
   * `chainEnvelopes` made, which no one can change.
   */
  readonly readBack: ComplaintEnvelope;
}

const stringify = (value: unknown): string | undefined => {
  try {
    return JSON.stringify(value);
  } catch {
    // a bigint or a cycle: JSON cannot hold it
    return undefined;
  }
};

const unreadable = (streamId: string, index: number, type: string, why: string): StoreError =>
  storeError('invalid-write', `event ${index} (${type}) for ${streamId} was not written: it would not read back as written (${why})`, { streamId });

// An event encoded without writing its text until a store asks for it: the in-memory store keeps
// the event itself and never does. One shape, its getters shared, no closures per event.
class LazyEncodedEvent implements EncodedEvent {
  readonly eventId: string;
  readonly type: string;
  readonly recordedAt: string;
  readonly digest: string;
  readonly readBack: ComplaintEnvelope;
  #data: string | undefined = undefined;
  #metadata: string | undefined = undefined;

  constructor(envelope: ComplaintEnvelope, digest: string) {
    this.eventId = envelope.metadata.eventId;
    this.type = envelope.type;
    this.recordedAt = envelope.metadata.recordedAt;
    this.digest = digest;
    this.readBack = envelope;
  }

  get data(): string {
    return (this.#data ??= JSON.stringify(this.readBack.data));
  }

  get metadata(): string {
    return (this.#metadata ??= JSON.stringify(this.readBack.metadata));
  }
}

/**
 * An envelope `chainEnvelopes` made (a frozen copy of plain JSON, with its digest): it is proved
 * to read back by finding that it decodes to itself, since its JSON text parses back equal to
 * it; it is its own read-back (frozen: no one can change it). `undefined` when the decoder would
 * change it (or it is of an older schema version), so the full proof runs.
 */
const encodeChained = (envelope: ComplaintEnvelope, digest: string): EncodedEvent | undefined =>
  isSoundStoredEvent(envelope.type, envelope.data, envelope.metadata) ? new LazyEncodedEvent(envelope, digest) : undefined;

const encodeOne = (streamId: string, envelope: ComplaintEnvelope, index: number): E.Either<StoreError, EncodedEvent> => {
  const chained = chainedDigestOf(envelope);
  if (chained !== undefined) {
    const fast = encodeChained(envelope, chained);
    if (fast !== undefined) return E.right(fast);
  }
  const type = String(envelope.type);
  const data = stringify(envelope.data);
  const metadata = stringify(envelope.metadata);
  if (data === undefined || metadata === undefined) return E.left(unreadable(streamId, index, type, 'it is not representable as JSON'));
  const stored = { type, data: JSON.parse(data) as unknown, metadata: JSON.parse(metadata) as unknown };
  const decoded = decodeEvent(stored, { showValues: false });
  if (E.isLeft(decoded)) return E.left(unreadable(streamId, index, type, formatProblems(decoded.left)));
  // Infinity becomes null, -0 becomes 0, undefined and unknown fields vanish: what is read must be what was written.
  // A decoder that changed nothing hands back the parsed objects themselves, whose JSON is `data` and `metadata` again.
  const unchanged = decoded.right.data === stored.data && decoded.right.metadata === stored.metadata;
  if (!unchanged && (stringify(decoded.right.data) !== data || stringify(decoded.right.metadata) !== metadata)) {
    return E.left(unreadable(streamId, index, type, 'its JSON decodes to a different event'));
  }
  const digest = writtenContentDigest(type, data, stored.data, metadata, stored.metadata);
  // A digest that is not the event's own would read back as a tampered event for ever.
  if (decoded.right.metadata.digest !== undefined && decoded.right.metadata.digest !== digest) {
    return E.left(storeError('invalid-write', `event ${index} (${type}) for ${streamId} was not written: its metadata.digest is not the digest of its content`, { streamId }));
  }
  return E.right({ eventId: decoded.right.metadata.eventId, type, data, metadata, recordedAt: decoded.right.metadata.recordedAt, digest, readBack: decoded.right });
};

/**
 * The JSON text of each envelope, once each has been parsed and decoded again and found equal
 * to what was given. A store calls this before writing anything: an event it could not read
 * back would poison its stream for ever.
 */
export const encodeForStore = (streamId: string, envelopes: readonly ComplaintEnvelope[]): E.Either<StoreError, readonly EncodedEvent[]> => {
  const encoded: EncodedEvent[] = [];
  for (let i = 0; i < envelopes.length; i += 1) {
    const one = encodeOne(streamId, envelopes[i]!, i);
    if (E.isLeft(one)) return one;
    encoded.push(one.right);
  }
  return E.right(encoded);
};

/** The `invalid-write` error of an event id the store already holds in another place. */
export const eventIdTaken = (streamId: string, eventId: string, existingStreamId: string): StoreError =>
  storeError('invalid-write', `event id ${eventId} is already stored${existingStreamId === streamId ? '' : ` in another stream (${existingStreamId})`}`, {
    streamId,
    eventId,
    existingStreamId,
  });

/** An event as a store finds it when it looks for a retried batch. */
export interface StoredId {
  readonly eventId: string;
  readonly revision: number;
  readonly position: GlobalPosition;
}

/**
 * Whether a batch is a retry of one already written: `stored` is what the stream holds from the
 * revision of the batch's first event id on (at most as many events as the batch). A retry is
 * absorbed, as EventStoreDB does: answered with where it was written, nothing written again.
 */
export const retriedBatch = (stored: readonly StoredId[], envelopes: readonly ComplaintEnvelope[]): AppendResult | undefined => {
  if (envelopes.length === 0 || stored.length !== envelopes.length) return undefined;
  if (!envelopes.every((e, i) => stored[i]!.eventId === e.metadata.eventId)) return undefined;
  const last = stored[stored.length - 1]!;
  return { nextRevision: last.revision, position: last.position };
};

/** Whether the expected revision matches the stream's current one. */
export const revisionMatches = (expected: ExpectedRevision, actual: number | 'no-stream'): boolean => expected === 'any' || expected === actual;

/** Where a stored event sits: enough for an auditor to find the row. */
export interface StoredLocation {
  readonly streamId: string;
  readonly revision: number;
  readonly position?: GlobalPosition;
}

const where = (at: StoredLocation): string => `${at.streamId}@${at.revision}${at.position === undefined ? '' : ` (position ${at.position})`}`;

/** The `decode-failed` error of a stored event: names the row and each bad path, never the stored values. */
export const undecodableEvent = (at: StoredLocation, problems: readonly Problem[]): StoreError =>
  storeError('decode-failed', `stored event ${where(at)} does not decode: ${formatProblems(problems)}`, {
    streamId: at.streamId,
    revision: at.revision,
    ...(at.position === undefined ? {} : { position: at.position }),
    problems,
  });

/** Parses a JSON column of a stored row; a failure is a problem at that column, without its text. */
export const parseStoredJson = (column: string, text: string): E.Either<Problem, unknown> => {
  try {
    return E.right(JSON.parse(text) as unknown);
  } catch {
    return E.left({ path: column, message: 'is not JSON' });
  }
};

/** The `data` and `metadata` columns of a stored event parsed, or the problem with each that is not JSON (named, never echoed). */
export const parseStoredColumns = (data: string, metadata: string): E.Either<readonly Problem[], { readonly data: unknown; readonly metadata: unknown }> => {
  try {
    return E.right({ data: JSON.parse(data) as unknown, metadata: JSON.parse(metadata) as unknown });
  } catch {
    // which column is not JSON, named below: the rare path
  }
  const parsedData = parseStoredJson('data', data);
  const parsedMetadata = parseStoredJson('metadata', metadata);
  if (E.isLeft(parsedData) || E.isLeft(parsedMetadata)) {
    return E.left([...(E.isLeft(parsedData) ? [parsedData.left] : []), ...(E.isLeft(parsedMetadata) ? [parsedMetadata.left] : [])]);
  }
  return E.right({ data: parsedData.right, metadata: parsedMetadata.right });
};

/**
 * The `{ type, data, metadata }` of a raw stored event, its JSON parsed, or the problem with each
 * column that is not JSON (named, never echoed). Nothing is decoded: this is what digests are over.
 */
export const storedContentOf = (raw: RawStoredEvent): E.Either<readonly Problem[], StoredContent> => {
  const parsed = parseStoredColumns(raw.data, raw.metadata);
  return E.isLeft(parsed) ? parsed : E.right({ type: raw.type, data: parsed.right.data, metadata: parsed.right.metadata });
};

/** The recorded event at a location. */
const recordedAt = (at: StoredLocation & { readonly position: GlobalPosition }, event: ComplaintEnvelope): RecordedEvent => {
  // Built from an empty object, not a literal with fields. V8 tracks where each such literal
  // allocates, and once callers that keep the records (an in-memory store, a read model) have
  // shown that this site's objects live long, it allocates all of them in the old generation,
  // where each drags the young JSON it points to through every later collection: a replay after
  // loading a store took 40% longer, most of it collecting. An empty literal is not tracked.
  const recorded: { -readonly [K in keyof RecordedEvent]: RecordedEvent[K] } = {} as RecordedEvent;
  recorded.streamId = at.streamId;
  recorded.revision = at.revision;
  recorded.position = at.position;
  recorded.event = event;
  return recorded;
};

/** Decodes a stored `{ type, data, metadata }` at a location into a recorded event. */
export const decodeStored = (at: StoredLocation & { readonly position: GlobalPosition }, stored: { readonly type: unknown; readonly data: unknown; readonly metadata: unknown }): E.Either<StoreError, RecordedEvent> => {
  const decoded = decodeEvent(stored, { showValues: false });
  if (E.isLeft(decoded)) return E.left(undecodableEvent(at, decoded.left));
  return E.right(recordedAt(at, decoded.right));
};

/** Decodes a stored event from its columns as text (the SQL stores keep JSON as text): a column that is not JSON, or an event that does not decode, is `decode-failed` at its location. */
export const decodeStoredText = (
  at: StoredLocation & { readonly position: GlobalPosition },
  stored: { readonly type: unknown; readonly data: string; readonly metadata: string },
): E.Either<StoreError, RecordedEvent> => {
  let data: unknown;
  let metadata: unknown;
  try {
    data = JSON.parse(stored.data) as unknown;
    metadata = JSON.parse(stored.metadata) as unknown;
  } catch {
    // which column is not JSON, named: the rare path
    const parsed = parseStoredColumns(stored.data, stored.metadata);
    if (E.isLeft(parsed)) return E.left(undecodableEvent(at, parsed.left));
    ({ data, metadata } = parsed.right);
  }
  return decodeStored(at, { type: stored.type, data, metadata });
};

/** A page of decoded events and the stored events set aside because they do not decode. */
export interface DecodedPage {
  readonly events: readonly RecordedEvent[];
  readonly skipped: readonly StoreError[];
}

/**
 * Decodes rows in order. By default the first bad row fails the whole page (a store never skips
 * an event silently); with `skipUndecodable` each bad row is set aside as a `decode-failed` error,
 * so a reader that reports what it could not read (the monitoring report) can go on.
 */
export const decodePage = <R>(rows: readonly R[], decode: (row: R) => E.Either<StoreError, RecordedEvent>, skipUndecodable = false): E.Either<StoreError, DecodedPage> => {
  const events: RecordedEvent[] = [];
  const skipped: StoreError[] = [];
  for (const row of rows) {
    const decoded = decode(row);
    if (E.isRight(decoded)) events.push(decoded.right);
    else if (skipUndecodable && decoded.left.kind === 'decode-failed') skipped.push(decoded.left);
    else return decoded;
  }
  return E.right({ events, skipped });
};
