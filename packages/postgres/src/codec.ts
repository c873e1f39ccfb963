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
  decodeEventRow,
  decodeEventRows,
  type DecodedPage,
  type RawAnchorEntry,
  type RawStoredEvent,
  type RecordedEvent,
  type StoreError,
} from '@cim-complaints/core';

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

/** A row of `events` decoded (core's `decodeEventRow`, named as this store's API has it). */
export const decodeRow = (row: StoredRow): E.Either<StoreError, RecordedEvent> => decodeEventRow(row);

/** Rows decoded in order (core's `decodeEventRows`). */
export const decodeRows = (rows: readonly StoredRow[], skipUndecodable = false): E.Either<StoreError, DecodedPage> => decodeEventRows(rows, skipUndecodable);

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

/** The rows of an append (core's `encodeRows`: each event proved to read back as written). */
export { encodeRows, type EncodedRow } from '@cim-complaints/core';
