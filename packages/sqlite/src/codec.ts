/**
 * The one place rows of `events` are written and read: an envelope becomes `type`, `data` and
 * `metadata` JSON text (through core's `encodeForStore`, which proves it reads back), and a row
 * is decoded back through core's `decodeStored`, so a bad row is a typed `decode-failed` naming
 * its stream, revision and position, and never its stored values.
 *
 * @example
 * const rows = encodeRows(streamId, envelopes); // Right([{ event_id, type, data, metadata, recorded_at }]) | Left(invalid-write)
 * const recorded = decodeRow(stored);  // Right(RecordedEvent) | Left(StoreError 'decode-failed')
 */
import * as E from 'fp-ts/lib/Either.js';
import {
  decodePage,
  decodeStored,
  encodeForStore,
  parseStoredJson,
  undecodableEvent,
  type ComplaintEnvelope,
  type DecodedPage,
  type EncodedEvent,
  type Problem,
  type RecordedEvent,
  type StoreError,
} from '@cim-complaints/core';

/** The columns an append writes, besides `stream_id` and `revision`. */
export interface EncodedRow {
  readonly event_id: string;
  readonly type: string;
  readonly data: string;
  readonly metadata: string;
  /** A copy of `metadata.recordedAt` for SQL queries; `metadata` stays the source of truth. */
  readonly recorded_at: string;
}

/** A row as read back (positions and revisions as 64-bit integers). */
export interface StoredRow {
  readonly position: bigint;
  readonly stream_id: string;
  readonly revision: bigint | number;
  readonly type: string;
  readonly data: string;
  readonly metadata: string;
}

/** The rows of a batch, once core has proved each event reads back as written (else `invalid-write`, nothing to write). */
export const encodeRows = (streamId: string, envelopes: readonly ComplaintEnvelope[]): E.Either<StoreError, readonly EncodedRow[]> =>
  E.map((encoded: readonly EncodedEvent[]) =>
    encoded.map((e): EncodedRow => ({ event_id: e.eventId, type: e.type, data: e.data, metadata: e.metadata, recorded_at: e.recordedAt })),
  )(encodeForStore(streamId, envelopes));

/** The recorded event of a row, or `decode-failed` naming the stream, the revision, the position and every bad path. */
export const decodeRow = (row: StoredRow): E.Either<StoreError, RecordedEvent> => {
  const at = { streamId: row.stream_id, revision: Number(row.revision), position: BigInt(row.position) };
  const data = parseStoredJson('data', row.data);
  const metadata = parseStoredJson('metadata', row.metadata);
  if (E.isLeft(data) || E.isLeft(metadata)) {
    const problems: Problem[] = [...(E.isLeft(data) ? [data.left] : []), ...(E.isLeft(metadata) ? [metadata.left] : [])];
    return E.left(undecodableEvent(at, problems));
  }
  return decodeStored(at, { type: row.type, data: data.right, metadata: metadata.right });
};

/** Decodes rows in order: stopping at the first that fails, or with `skipUndecodable`, setting each bad one aside. */
export const decodeRows = (rows: readonly StoredRow[], skipUndecodable = false): E.Either<StoreError, DecodedPage> => decodePage(rows, decodeRow, skipUndecodable);
