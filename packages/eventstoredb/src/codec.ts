/**
 * The one place EventStoreDB events are encoded and decoded. An envelope travels as a JSON
 * event: id = `metadata.eventId` (the core's deterministic id), type, data, and the metadata of
 * DOMAIN.md as JSON in EventStoreDB's metadata field. Reading decodes through the core's codecs;
 * an event that does not decode is a `decode-failed` error naming its stream and revision.
 *
 * @example
 * const data = toEventData(envelope); // a JSON event for either client's appendToStream
 * const recorded = fromResolvedEvent(resolved); // Right(RecordedEvent) or Left(decode-failed)
 * const raw = rawOfResolved(resolved); // what `verify` reads: the event as stored
 */
import * as E from 'fp-ts/lib/Either.js';
import { jsonEvent, type JsonEventData, type JSONType, type ResolvedEventLike } from './client.js';
import { decodeStored, encodeEvent, undecodableEvent, type ComplaintEnvelope, type Problem, type RawStoredEvent, type RecordedEvent, type StoreError } from '@cim-complaints/core';

/**
 * The position a server reports when it does not know an event's place in `$all`: older servers
 * answer stream reads from the index, which holds no log position (2^64 - 1).
 */
export const UNKNOWN_POSITION = 18446744073709551615n;

/** The client's event for an envelope. */
export const toEventData = (envelope: ComplaintEnvelope): JsonEventData => {
  const { type, data, metadata } = encodeEvent(envelope);
  return jsonEvent({ id: envelope.metadata.eventId, type, data: data as JSONType, metadata: metadata as JSONType });
};

/**
 * The client's event for an event imported as another store holds it (`copy`): its id and type,
 * and its JSON text. The metadata goes as bytes, exactly as given. The data cannot: for a JSON
 * event both clients serialise `data` themselves (`JSON.stringify`), so it goes parsed and is
 * stored as `JSON.stringify` writes it: the same text for text in that form (as every store of
 * this library writes it), otherwise the same JSON (the same content, so the same digest).
 */
export const importedEventData = (event: { readonly eventId: string; readonly type: string; readonly data: string; readonly metadata: string }): JsonEventData => ({
  id: event.eventId,
  contentType: 'application/json',
  type: event.type,
  data: JSON.parse(event.data) as JSONType,
  // a plain Uint8Array (not a Buffer): the clients send the bytes as they are only for that class
  metadata: new Uint8Array(Buffer.from(event.metadata, 'utf8')),
});

/** The position of a read event in `$all` (its commit position). */
export const positionOf = (resolved: ResolvedEventLike): bigint =>
  resolved.event?.position?.commit ?? resolved.commitPosition ?? UNKNOWN_POSITION;

const failure = (streamId: string, revision: number, problems: Problem[], position?: bigint): StoreError =>
  undecodableEvent({ streamId, revision, ...(position === undefined ? {} : { position }) }, problems);

/** Decodes one read event; never throws. */
export const fromResolvedEvent = (resolved: ResolvedEventLike): E.Either<StoreError, RecordedEvent> => {
  const event = resolved.event;
  if (event === undefined) {
    const link = resolved.link;
    return E.left(
      failure(link?.streamId ?? '(unknown stream)', link === undefined ? -1 : Number(link.revision), [{ path: '', message: 'a link to an event that no longer exists' }]),
    );
  }
  const streamId = event.streamId;
  const revision = Number(event.revision);
  const position = positionOf(resolved);
  if (!event.isJson) return E.left(failure(streamId, revision, [{ path: '', message: 'stored as binary, not JSON' }], position));
  // The client hands back the raw text when data or metadata is not JSON: the codecs then name it.
  const metadata = event.metadata instanceof Uint8Array ? Buffer.from(event.metadata).toString('utf8') : event.metadata;
  const decoded = decodeStored({ streamId, revision, position }, { type: event.type, data: event.data, metadata });
  if (E.isLeft(decoded)) return decoded;
  if (decoded.right.event.metadata.eventId !== event.id) {
    return E.left(failure(streamId, revision, [{ path: 'metadata.eventId', message: `is ${decoded.right.event.metadata.eventId}, but the event is stored as ${event.id}` }], position));
  }
  return decoded;
};

/** Bytes or a parsed value as the JSON text it was stored as; the client hands back malformed JSON as its text. */
const storedText = (value: unknown): string =>
  value === undefined ? '' : value instanceof Uint8Array ? Buffer.from(value).toString('utf8') : typeof value === 'string' ? value : (JSON.stringify(value) ?? '');

/** A read event exactly as stored, for `verify`: nothing decoded; `undefined` for a link whose event is gone. */
export const rawOfResolved = (resolved: ResolvedEventLike): RawStoredEvent | undefined => {
  const event = resolved.event;
  if (event === undefined) return undefined;
  return {
    streamId: event.streamId,
    revision: Number(event.revision),
    position: positionOf(resolved),
    storeEventId: event.id,
    type: event.type,
    data: storedText(event.data),
    metadata: storedText(event.metadata),
  };
};
