/**
 * What the SQL stores (SQLite, PostgreSQL) do with a row of their `events` table, written once:
 * the columns an append writes, from core's proof that each event reads back as written; and a
 * row read back into a recorded event, naming the row when it does not decode. Each store keeps
 * only its own column types (SQLite gives 64-bit integers, PostgreSQL's queries give them as text).
 *
 * @example
 * const rows = encodeRows('complaint-c-1', envelopes); // Right([{ event_id, type, data, metadata, recorded_at, digest }])
 * decodeEventRow({ position: 7n, stream_id: 'complaint-c-1', revision: 0, type, data, metadata }); // Right(RecordedEvent)
 */
import * as E from 'fp-ts/lib/Either.js';
import type { ComplaintEnvelope } from '../complaint/envelope.js';
import type { RecordedEvent, StoreError } from './event-store.js';
import { decodePage, decodeStoredText, encodeForStore, type DecodedPage, type EncodedEvent } from './stored-event.js';

/** The columns an append writes, besides `stream_id` and `revision`, and the content digest its anchor entry records. */
export interface EncodedRow {
  readonly event_id: string;
  readonly type: string;
  readonly data: string;
  readonly metadata: string;
  /** A copy of `metadata.recordedAt` for SQL queries; `metadata` stays the source of truth. */
  readonly recorded_at: string;
  /** Not a column: the event's content digest, which the append's anchor entry records for the batch's last event. */
  readonly digest: string;
}

/** A row of `events` as read back: integers as 64-bit integers, numbers or text, JSON as text. */
export interface EventRow {
  readonly position: bigint | string;
  readonly stream_id: string;
  readonly revision: bigint | number | string;
  readonly type: string;
  readonly data: string;
  readonly metadata: string;
}

/** The rows of a batch, once core has proved each event reads back as written (else `invalid-write`, nothing to write). */
export const encodeRows = (streamId: string, envelopes: readonly ComplaintEnvelope[]): E.Either<StoreError, readonly EncodedRow[]> =>
  E.map((encoded: readonly EncodedEvent[]) =>
    encoded.map((e): EncodedRow => ({ event_id: e.eventId, type: e.type, data: e.data, metadata: e.metadata, recorded_at: e.recordedAt, digest: e.digest })),
  )(encodeForStore(streamId, envelopes));

/** The recorded event of a row, or `decode-failed` naming the stream, the revision, the position and every bad path. */
export const decodeEventRow = (row: EventRow): E.Either<StoreError, RecordedEvent> =>
  decodeStoredText({ streamId: row.stream_id, revision: Number(row.revision), position: BigInt(row.position) }, row);

/** Decodes rows in order: stopping at the first that fails, or with `skipUndecodable`, setting each bad one aside. */
export const decodeEventRows = (rows: readonly EventRow[], skipUndecodable = false): E.Either<StoreError, DecodedPage> => decodePage(rows, decodeEventRow, skipUndecodable);
