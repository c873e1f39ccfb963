/**
 * Client errors as the port's typed failures. Every error the client can raise lands in one
 * `StoreError` kind, with the client's error kept as `cause`; nothing is swallowed here.
 *
 * | client error | kind |
 * |---|---|
 * | WrongExpectedVersionError | `conflict` (expected / actual) — the command handler retries |
 * | StreamDeletedError | `stream-deleted` |
 * | UnavailableError, CancelledError (server side), NotLeaderError | `unavailable` (NotLeader names the leader) |
 * | DeadlineExceededError, TimeoutError | `deadline-exceeded` |
 * | MaxAppendSizeExceededError, InvalidArgumentError | `invalid-write` |
 * | anything else (AccessDenied, Unknown, a bug) | `unknown` |
 *
 * `StreamNotFoundError` is not a failure: the store reads it as an empty history before it gets here.
 *
 * @example
 * toStoreError(error, { operation: 'append', streamId: 'complaint-c-1', expected: 3 });
 * // { _tag: 'StoreError', kind: 'conflict', expected: 3, actual: 5, ... }
 */
import { convertToCommandError, ErrorType, isCommandError } from '@eventstore/db-client';
import { storeError, type ExpectedRevision, type StoreError } from '@cim-complaints/core';

export interface ErrorContext {
  /** What the store was doing: `append`, `read stream`, `read $all`, `subscribe`. */
  readonly operation: string;
  readonly streamId?: string;
  readonly expected?: ExpectedRevision;
}

/** A client revision (`bigint` or `no_stream`) in the port's terms. */
export const portRevision = (revision: unknown): number | 'no-stream' =>
  typeof revision === 'bigint' ? Number(revision) : 'no-stream';

const clientExpected = (expected: unknown): ExpectedRevision =>
  typeof expected === 'bigint' ? Number(expected) : expected === 'no_stream' ? 'no-stream' : 'any';

/** Whether an error is the client's stream-not-found (an empty history, not a failure). */
export const isStreamNotFound = (error: unknown): boolean => error instanceof Error && isCommandError(error) && error.type === ErrorType.STREAM_NOT_FOUND;

/** Maps anything the client threw or emitted to a `StoreError`. */
export const toStoreError = (thrown: unknown, context: ErrorContext): StoreError => {
  // Some paths (channel setup, the server-features call) reject with a bare gRPC error: classify it as the client would.
  const error = thrown instanceof Error && !isCommandError(thrown) && typeof (thrown as { code?: unknown }).code === 'number' ? convertToCommandError(thrown) : thrown;
  const where = `${context.operation}${context.streamId === undefined ? '' : ` ${context.streamId}`}`;
  const base = { cause: error, ...(context.streamId === undefined ? {} : { streamId: context.streamId }) };
  if (!(error instanceof Error) || !isCommandError(error)) {
    const text = error instanceof Error ? error.message : String(error);
    return storeError('unknown', `${where} failed: ${text}`, base);
  }
  switch (error.type) {
    case ErrorType.WRONG_EXPECTED_VERSION: {
      const actual = portRevision(error.actualVersion);
      const expected = context.expected ?? clientExpected(error.expectedVersion);
      return storeError('conflict', `${where}: the stream is at ${actual}, not ${expected}`, { ...base, expected, actual });
    }
    case ErrorType.STREAM_DELETED:
      return storeError('stream-deleted', `${where}: the stream ${error.streamName ?? context.streamId ?? ''} is deleted`, base);
    case ErrorType.NOT_LEADER:
      return storeError(
        'unavailable',
        `${where}: the node is not the leader; the leader is ${error.leader.address}:${error.leader.port} (the client reconnects there on the next call)`,
        base,
      );
    case ErrorType.UNAVAILABLE:
    case ErrorType.CANCELLED:
      return storeError('unavailable', `${where}: EventStoreDB is unavailable: ${error.message}`, base);
    case ErrorType.DEADLINE_EXCEEDED:
    case ErrorType.TIMEOUT:
      return storeError('deadline-exceeded', `${where}: the deadline passed before EventStoreDB answered: ${error.message}`, base);
    case ErrorType.MAXIMUM_APPEND_SIZE_EXCEEDED:
      return storeError('invalid-write', `${where}: the batch exceeds the server's maximum append size of ${error.maxAppendSize} bytes`, base);
    case ErrorType.INVALID_ARGUMENT:
      return storeError('invalid-write', `${where}: ${error.message}`, base);
    default:
      return storeError('unknown', `${where} failed (${error.type}): ${error.message}`, base);
  }
};
