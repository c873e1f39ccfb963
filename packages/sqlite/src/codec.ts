/**
 * The one place rows of `events` are written and read: an envelope becomes `type`, `data` and
 * `metadata` JSON text (through core's `encodeEvent`), and a row is decoded back through
 * `decodeEvent`, so a bad row is a typed `decode-failed` naming its stream and revision.
 *
 * @example
 * const row = encodeRow(envelope);     // { event_id, type, data, metadata, recorded_at }
 * const recorded = decodeRow(stored);  // Right(RecordedEvent) | Left(StoreError 'decode-failed')
 */
import * as E from 'fp-ts/lib/Either.js';
import {
  decodeEvent,
  encodeEvent,
  storeError,
  type ComplaintEnvelope,
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

/** The row of an envelope. */
export const encodeRow = (envelope: ComplaintEnvelope): EncodedRow => {
  const { type, data, metadata } = encodeEvent(envelope);
  return {
    event_id: envelope.metadata.eventId,
    type,
    data: JSON.stringify(data),
    metadata: JSON.stringify(metadata),
    recorded_at: envelope.metadata.recordedAt,
  };
};

const parseColumn = (column: 'data' | 'metadata', text: string): E.Either<Problem, unknown> => {
  try {
    return E.right(JSON.parse(text) as unknown);
  } catch (error) {
    return E.left({ path: column, message: `not JSON: ${(error as Error).message}` });
  }
};

const failed = (row: StoredRow, revision: number, problems: Problem[]): StoreError =>
  storeError(
    'decode-failed',
    `event at ${row.stream_id}@${revision} does not decode: ${problems.map((p) => `${p.path || '(event)'}: ${p.message}`).join('; ')}`,
    { streamId: row.stream_id, revision, problems },
  );

/** The recorded event of a row, or `decode-failed` naming the stream, the revision and every problem. */
export const decodeRow = (row: StoredRow): E.Either<StoreError, RecordedEvent> => {
  const revision = Number(row.revision);
  const data = parseColumn('data', row.data);
  const metadata = parseColumn('metadata', row.metadata);
  if (E.isLeft(data) || E.isLeft(metadata)) {
    return E.left(failed(row, revision, [...(E.isLeft(data) ? [data.left] : []), ...(E.isLeft(metadata) ? [metadata.left] : [])]));
  }
  const decoded = decodeEvent({ type: row.type, data: data.right, metadata: metadata.right });
  if (E.isLeft(decoded)) return E.left(failed(row, revision, decoded.left));
  return E.right({ streamId: row.stream_id, revision, position: BigInt(row.position), event: decoded.right });
};

/** Decodes rows in order, stopping at the first that fails. */
export const decodeRows: (rows: readonly StoredRow[]) => E.Either<StoreError, readonly RecordedEvent[]> = E.traverseArray(decodeRow);
