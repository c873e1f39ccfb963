/**
 * The one place rows of `events` are written and read: an envelope becomes `type`, `data` and
 * `metadata` JSON text (through core's `encodeForStore`, which proves it reads back), and a row
 * is decoded back through core's `decodeStoredText`, so a bad row is a typed `decode-failed` naming
 * its stream, revision and position, and never its stored values.
 *
 * @example
 * const rows = encodeRows(streamId, envelopes); // Right([{ event_id, type, data, metadata, recorded_at }]) | Left(invalid-write)
 * const recorded = decodeRow(stored);  // Right(RecordedEvent) | Left(StoreError 'decode-failed')
 * const raw = rawRowOf(stored); // what `verify` reads: the columns as stored, nothing decoded
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

/** A row as read back (positions and revisions as 64-bit integers). */
export interface StoredRow {
  readonly position: bigint;
  readonly stream_id: string;
  readonly revision: bigint | number;
  readonly type: string;
  readonly data: string;
  readonly metadata: string;
}

/** A row of `events` decoded (core's `decodeEventRow`, named as this store's API has it). */
export const decodeRow = (row: StoredRow): E.Either<StoreError, RecordedEvent> => decodeEventRow(row);

/** Rows decoded in order (core's `decodeEventRows`). */
export const decodeRows = (rows: readonly StoredRow[], skipUndecodable = false): E.Either<StoreError, DecodedPage> => decodeEventRows(rows, skipUndecodable);

/** A row of `events` as a hand edit may have left it: SQLite keeps whatever type was written in a column. */
export interface UncheckedRow {
  readonly position: bigint;
  readonly stream_id: unknown;
  readonly revision: unknown;
  readonly event_id: unknown;
  readonly type: unknown;
  readonly data: unknown;
  readonly metadata: unknown;
}

/** A column's value as text: a blob as UTF-8, anything else as its string. */
const text = (value: unknown): string => (value === null || value === undefined ? '' : Buffer.isBuffer(value) ? value.toString('utf8') : String(value));

/** A column's value as a number: a 64-bit integer as the nearest number, text as what it spells (NaN when nothing). */
const number = (value: unknown): number => (typeof value === 'bigint' ? Number(value) : typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN);

/** A row exactly as stored, for `verify`: nothing parsed or decoded. */
export const rawRowOf = (row: UncheckedRow): RawStoredEvent => ({
  streamId: text(row.stream_id),
  revision: number(row.revision),
  position: BigInt(row.position),
  storeEventId: text(row.event_id),
  type: text(row.type),
  data: text(row.data),
  metadata: text(row.metadata),
});

/** A row of `anchors` as stored, its fields handed to core's anchor codec as they are (integers as numbers). */
export const rawAnchorOf = (row: { readonly sequence: bigint; readonly stream_id: unknown; readonly revision: unknown; readonly digest: unknown; readonly previous: unknown; readonly anchor: unknown }): RawAnchorEntry => ({
  sequence: Number(row.sequence),
  entry: {
    streamId: row.stream_id,
    revision: typeof row.revision === 'bigint' ? Number(row.revision) : row.revision,
    digest: row.digest,
    anchor: row.anchor,
    ...(row.previous === null ? {} : { previous: row.previous }),
  },
});

/** The rows of an append (core's `encodeRows`: each event proved to read back as written). */
export { encodeRows, type EncodedRow } from '@cim-complaints/core';
