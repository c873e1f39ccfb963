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
 * Errors are told apart by their `type` string and the fields the mapping reads (`actualVersion`
 * / `expectedVersion` in `@eventstore/db-client`, `actualState` / `expectedState` in
 * `@kurrent/kurrentdb-client`, `streamName`, `leader`, `maxAppendSize`), never by `instanceof`:
 * a second copy of a client in an application's tree, or the other package, throws errors of
 * other classes with the same `type`. A bare gRPC error (no `type`; some paths, such as channel
 * setup, reject with one) is classified by its `exception` trailer, else its status code, as the
 * clients do. The Kurrent client's own kinds map too: `stream-tombstoned` is `stream-deleted`,
 * `append-record-size-exceeded` and `transaction-max-size-exceeded` are `invalid-write`.
 *
 * @example
 * toStoreError(error, { operation: 'append', streamId: 'complaint-c-1', expected: 3 });
 * // { _tag: 'StoreError', kind: 'conflict', expected: 3, actual: 5, ... }
 */
import { storeError, type ExpectedRevision, type StoreError } from '@cim-complaints/core';

export interface ErrorContext {
  /** What the store was doing: `append`, `read stream`, `read $all`, `subscribe`. */
  readonly operation: string;
  readonly streamId?: string;
  readonly expected?: ExpectedRevision;
}

/** The client error kinds the adapter tells apart: the `type` strings both clients give their errors. */
export const ClientErrorType = {
  WRONG_EXPECTED_VERSION: 'wrong-expected-version',
  STREAM_NOT_FOUND: 'stream-not-found',
  STREAM_DELETED: 'stream-deleted',
  STREAM_TOMBSTONED: 'stream-tombstoned',
  NOT_LEADER: 'not-leader',
  UNAVAILABLE: 'unavailable',
  CANCELLED: 'cancelled',
  DEADLINE_EXCEEDED: 'deadline-exceeded',
  TIMEOUT: 'timeout',
  MAXIMUM_APPEND_SIZE_EXCEEDED: 'maximum-append-size-exceeded',
  APPEND_RECORD_SIZE_EXCEEDED: 'append-record-size-exceeded',
  TRANSACTION_MAX_SIZE_EXCEEDED: 'transaction-max-size-exceeded',
  INVALID_ARGUMENT: 'invalid-argument',
  ACCESS_DENIED: 'access-denied',
  UNKNOWN: 'unknown',
} as const;

const NO_STREAM_TEXT = 'no_stream';

/** gRPC status codes the clients classify bare errors by. */
const GRPC = { CANCELLED: 1, UNKNOWN: 2, INVALID_ARGUMENT: 3, DEADLINE_EXCEEDED: 4, NOT_FOUND: 5, ABORTED: 10, INTERNAL: 13, UNAVAILABLE: 14, DATA_LOSS: 15, UNAUTHENTICATED: 16 } as const;

/** The fields of a client error the mapping reads; any object may carry them. */
interface ErrorShape {
  readonly type?: unknown;
  readonly message?: unknown;
  readonly code?: unknown;
  readonly details?: unknown;
  readonly metadata?: unknown;
  readonly streamName?: unknown;
  readonly stream?: unknown;
  readonly actualVersion?: unknown;
  readonly expectedVersion?: unknown;
  readonly actualState?: unknown;
  readonly expectedState?: unknown;
  readonly leader?: unknown;
  readonly maxAppendSize?: unknown;
}

const shapeOf = (error: unknown): ErrorShape => (typeof error === 'object' && error !== null ? (error as ErrorShape) : {});

/** A gRPC metadata trailer (`Metadata#get` gives a list of strings or buffers). */
const trailer = (metadata: unknown, key: string): string | undefined => {
  const get = (metadata as { get?: unknown } | undefined)?.get;
  if (typeof get !== 'function') return undefined;
  const values = (get as (k: string) => unknown).call(metadata, key);
  const first = Array.isArray(values) ? (values[0] as unknown) : undefined;
  return first === undefined || first === null ? undefined : String(first);
};

const bigintOf = (text: string | undefined): bigint | undefined => {
  if (text === undefined || !/^-?\d+$/.test(text.trim())) return undefined;
  return BigInt(text.trim());
};

/** A client error's kind and fields: its `type`, or for a bare gRPC error the kind its trailers or status give. */
interface Classified {
  readonly type: string | undefined;
  readonly message: string;
  readonly streamName?: string;
  readonly actual?: unknown;
  readonly expected?: unknown;
  readonly leader?: { readonly address?: unknown; readonly port?: unknown };
  readonly maxAppendSize?: unknown;
}

const classify = (error: unknown): Classified => {
  const shape = shapeOf(error);
  const message = typeof shape.message === 'string' ? shape.message : error instanceof Error ? error.message : String(error);
  const streamName = typeof shape.streamName === 'string' ? shape.streamName : typeof shape.stream === 'string' ? shape.stream : undefined;
  if (typeof shape.type === 'string') {
    return {
      type: shape.type,
      message,
      ...(streamName === undefined ? {} : { streamName }),
      // @eventstore/db-client names them actualVersion / expectedVersion; @kurrent/kurrentdb-client actualState / expectedState
      actual: shape.actualVersion ?? shape.actualState,
      expected: shape.expectedVersion ?? shape.expectedState,
      ...(typeof shape.leader === 'object' && shape.leader !== null ? { leader: shape.leader as Classified['leader'] & object } : {}),
      maxAppendSize: shape.maxAppendSize,
    };
  }
  if (typeof shape.code !== 'number') return { type: undefined, message };
  // A bare gRPC error: the server's exception trailer, else its status code (what both clients' convertToCommandError read).
  const exception = trailer(shape.metadata, 'exception');
  const fromTrailers = {
    ...(trailer(shape.metadata, 'stream-name') === undefined ? {} : { streamName: trailer(shape.metadata, 'stream-name')! }),
    actual: bigintOf(trailer(shape.metadata, 'actual-version')) ?? NO_STREAM_TEXT,
    expected: bigintOf(trailer(shape.metadata, 'expected-version')),
    leader: { address: trailer(shape.metadata, 'leader-endpoint-host'), port: trailer(shape.metadata, 'leader-endpoint-port') },
    maxAppendSize: trailer(shape.metadata, 'maximum-append-size'),
  };
  if (exception !== undefined) return { type: exception, message, ...fromTrailers };
  const byCode: Record<number, string> = {
    [GRPC.DEADLINE_EXCEEDED]: ClientErrorType.DEADLINE_EXCEEDED,
    [GRPC.UNAVAILABLE]: ClientErrorType.UNAVAILABLE,
    [GRPC.INTERNAL]: ClientErrorType.UNAVAILABLE,
    [GRPC.DATA_LOSS]: ClientErrorType.UNAVAILABLE,
    [GRPC.CANCELLED]: ClientErrorType.CANCELLED,
    [GRPC.ABORTED]: ClientErrorType.TIMEOUT,
    [GRPC.UNAUTHENTICATED]: ClientErrorType.ACCESS_DENIED,
    [GRPC.INVALID_ARGUMENT]: ClientErrorType.INVALID_ARGUMENT,
  };
  return { type: byCode[shape.code] ?? ClientErrorType.UNKNOWN, message };
};

/** A client revision (`bigint` or `no_stream`) in the port's terms. */
export const portRevision = (revision: unknown): number | 'no-stream' =>
  typeof revision === 'bigint' ? Number(revision) : 'no-stream';

const clientExpected = (expected: unknown): ExpectedRevision =>
  typeof expected === 'bigint' ? Number(expected) : expected === NO_STREAM_TEXT ? 'no-stream' : 'any';

/** The `type` of a client error, of either package or any copy of one; `undefined` for anything else. */
export const clientErrorType = (error: unknown): string | undefined => classify(error).type;

/** Whether an error is a client's stream-not-found (an empty history, not a failure), whichever copy of whichever client threw it. */
export const isStreamNotFound = (error: unknown): boolean => clientErrorType(error) === ClientErrorType.STREAM_NOT_FOUND;

/** Maps anything a client threw or emitted to a `StoreError`. */
export const toStoreError = (thrown: unknown, context: ErrorContext): StoreError => {
  const error = classify(thrown);
  const where = `${context.operation}${context.streamId === undefined ? '' : ` ${context.streamId}`}`;
  const base = { cause: thrown, ...(context.streamId === undefined ? {} : { streamId: context.streamId }) };
  switch (error.type) {
    case undefined:
      return storeError('unknown', `${where} failed: ${error.message}`, base);
    case ClientErrorType.WRONG_EXPECTED_VERSION: {
      const actual = portRevision(error.actual);
      const expected = context.expected ?? clientExpected(error.expected);
      return storeError('conflict', `${where}: the stream is at ${actual}, not ${expected}`, { ...base, expected, actual });
    }
    case ClientErrorType.STREAM_DELETED:
    case ClientErrorType.STREAM_TOMBSTONED:
      return storeError('stream-deleted', `${where}: the stream ${error.streamName ?? context.streamId ?? ''} is deleted`, base);
    case ClientErrorType.NOT_LEADER: {
      const leader = error.leader?.address === undefined ? 'unknown' : `${String(error.leader.address)}:${String(error.leader.port)}`;
      return storeError('unavailable', `${where}: the node is not the leader; the leader is ${leader} (the client reconnects there on the next call)`, base);
    }
    case ClientErrorType.UNAVAILABLE:
    case ClientErrorType.CANCELLED:
      return storeError('unavailable', `${where}: EventStoreDB is unavailable: ${error.message}`, base);
    case ClientErrorType.DEADLINE_EXCEEDED:
    case ClientErrorType.TIMEOUT:
      return storeError('deadline-exceeded', `${where}: the deadline passed before EventStoreDB answered: ${error.message}`, base);
    case ClientErrorType.MAXIMUM_APPEND_SIZE_EXCEEDED:
      return storeError('invalid-write', `${where}: the batch exceeds the server's maximum append size of ${String(error.maxAppendSize)} bytes`, base);
    case ClientErrorType.APPEND_RECORD_SIZE_EXCEEDED:
    case ClientErrorType.TRANSACTION_MAX_SIZE_EXCEEDED:
    case ClientErrorType.INVALID_ARGUMENT:
      return storeError('invalid-write', `${where}: ${error.message}`, base);
    default:
      return storeError('unknown', `${where} failed (${error.type}): ${error.message}`, base);
  }
};
