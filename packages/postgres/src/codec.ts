/**
 * The one module where rows of `events` and `anchors` meet events: the encoding is core's
 * `encodeForStore` (an event is written only once it has been shown to read back as given), the
 * decoding core's `decodeStoredText` (a row that does not decode is `decode-failed`, naming its
 * stream, revision and position, never its values). Integers travel as decimal text (`::text`
 * in every query), so 64-bit positions are never rounded.
 *
 * @example
 * const rows = encodeRows('complaint-c-1', envelopes); // Right([{ event_id, type, data, metadata, recorded_at, digest }]) | Left(invalid-write)
 * const recorded = decodeRow(row); // Right(RecordedEvent) | Left(StoreError 'decode-failed')
 */
import * as E from 'fp-ts/lib/Either.js';
import {
  decodePage,
  decodeStoredText,
  encodeForStore,
  type ComplaintEnvelope,
  type DecodedPage,
  type EncodedEvent,
  type RawAnchorEntry,
  type RawStoredEvent,
  type RecordedEvent,
  type StoreError,
} from '@cim-complaints/core';

/** The columns an append writes, besides `stream_id` and `revision`, and the content digest its anchor entry records. */
export interface EncodedRow {
  readonly event_id: string;
  readonly type: string;
  readonly data: string;
  readonly metadata: string;
  readonly recorded_at: string;
  readonly digest: string;
}

/** A row of `events` as the store's queries select it: integers and JSON as text. */
export interface StoredRow {
  readonly position: string;
  readonly stream_id: string;
  readonly revision: string;
  readonly event_id: string;
  readonly type: string;
  readonly data: string;
  readonly metadata: string;
}

/** The columns every read selects, in that shape. */
export const ROW_COLUMNS = 'position::text AS position, stream_id, revision::text AS revision, event_id, type, data::text AS data, metadata::text AS metadata';

/** The rows of a batch, once core has proved each event reads back as written (else `invalid-write`, nothing to write). */
export const encodeRows = (streamId: string, envelopes: readonly ComplaintEnvelope[]): E.Either<StoreError, readonly EncodedRow[]> =>
  E.map((encoded: readonly EncodedEvent[]) =>
    encoded.map((e): EncodedRow => ({ event_id: e.eventId, type: e.type, data: e.data, metadata: e.metadata, recorded_at: e.recordedAt, digest: e.digest })),
  )(encodeForStore(streamId, envelopes));

/** The recorded event of a row, or `decode-failed` naming the stream, the revision, the position and every bad path. */
export const decodeRow = (row: StoredRow): E.Either<StoreError, RecordedEvent> =>
  decodeStoredText({ streamId: row.stream_id, revision: Number(row.revision), position: BigInt(row.position) }, row);

/** Decodes rows in order: stopping at the first that fails, or with `skipUndecodable`, setting each bad one aside. */
export const decodeRows = (rows: readonly StoredRow[], skipUndecodable = false): E.Either<StoreError, DecodedPage> => decodePage(rows, decodeRow, skipUndecodable);

/** A row exactly as stored, for `verify`: nothing parsed or decoded. */
export const rawRowOf = (row: StoredRow): RawStoredEvent => ({
  streamId: row.stream_id,
  revision: Number(row.revision),
  position: BigInt(row.position),
  storeEventId: row.event_id,
  type: row.type,
  data: row.data,
  metadata: row.metadata,
});

/** A row of `anchors` as the store selects it (integers as text). */
export interface AnchorRow {
  readonly sequence: string;
  readonly stream_id: string;
  readonly revision: string;
  readonly digest: string;
  readonly previous: string | null;
  readonly anchor: string;
}

/** A row of `anchors` as stored, its fields handed to core's anchor codec as they are. */
export const rawAnchorOf = (row: AnchorRow): RawAnchorEntry => ({
  sequence: Number(row.sequence),
  entry: {
    streamId: row.stream_id,
    revision: Number(row.revision),
    digest: row.digest,
    anchor: row.anchor,
    ...(row.previous === null ? {} : { previous: row.previous }),
  },
});
