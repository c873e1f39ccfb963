import { describe, expect, it } from 'vitest';
import { Metadata, status } from '@grpc/grpc-js';
import {
  AccessDeniedError,
  convertToCommandError,
  DeadlineExceededError,
  MaxAppendSizeExceededError,
  StreamDeletedError,
  StreamNotFoundError,
  TimeoutError,
  UnavailableError,
  UnknownError,
  WrongExpectedVersionError,
} from '@eventstore/db-client';
import { clientErrorType, isStreamNotFound, toStoreError } from '../src/errors.js';

/** A gRPC failure as the client receives it: status code plus trailer metadata. */
const serviceError = (code: number, trailers: Record<string, string>) => {
  const metadata = new Metadata();
  for (const [k, v] of Object.entries(trailers)) metadata.set(k, v);
  return Object.assign(new Error(`${code} from server`), { code, details: 'from server', metadata });
};

describe('error mapping', () => {
  describe('when the expected revision was wrong', () => {
    it('is a conflict naming what the writer expected and what the stream had', () => {
      const error = new WrongExpectedVersionError(undefined, { streamName: 'complaint-c-1', current: 5n, expected: 3n });
      expect(toStoreError(error, { operation: 'append to', streamId: 'complaint-c-1', expected: 3 })).toMatchObject({
        _tag: 'StoreError',
        kind: 'conflict',
        streamId: 'complaint-c-1',
        expected: 3,
        actual: 5,
        cause: error,
      });
    });

    it('says no-stream when the stream does not exist, taking expected from the client when the caller gave none', () => {
      const error = new WrongExpectedVersionError(undefined, { streamName: 's', current: 'no_stream', expected: 0n });
      expect(toStoreError(error, { operation: 'append to' })).toMatchObject({ kind: 'conflict', expected: 0, actual: 'no-stream' });
    });

    it('reads the server’s trailers when the error came as gRPC metadata', () => {
      const error = convertToCommandError(
        serviceError(status.FAILED_PRECONDITION, { exception: 'wrong-expected-version', 'stream-name': 'complaint-c-2', 'expected-version': '1', 'actual-version': '4' }),
      );
      expect(toStoreError(error, { operation: 'append to', streamId: 'complaint-c-2' })).toMatchObject({ kind: 'conflict', expected: 1, actual: 4 });
    });
  });

  describe('when the stream is deleted', () => {
    it('is stream-deleted', () => {
      const error = StreamDeletedError.fromStreamName('complaint-c-1');
      expect(toStoreError(error, { operation: 'read stream', streamId: 'complaint-c-1' })).toMatchObject({ kind: 'stream-deleted', streamId: 'complaint-c-1' });
      const fromTrailers = convertToCommandError(serviceError(status.FAILED_PRECONDITION, { exception: 'stream-deleted', 'stream-name': 'complaint-c-3' }));
      expect(toStoreError(fromTrailers, { operation: 'read stream' }).message).toContain('complaint-c-3');
    });
  });

  describe('when the server cannot serve', () => {
    it('is unavailable for an unreachable node or a server-side cancel', () => {
      expect(toStoreError(convertToCommandError(serviceError(status.UNAVAILABLE, {})), { operation: 'read $all' }).kind).toBe('unavailable');
      expect(toStoreError(new UnavailableError(), { operation: 'read $all' }).kind).toBe('unavailable');
      // Channel setup rejects with a bare gRPC error, not a client error.
      expect(toStoreError(serviceError(status.UNAVAILABLE, {}), { operation: 'append to' }).kind).toBe('unavailable');
    });

    it('is unavailable for a follower, naming the leader the client will reconnect to', () => {
      const error = convertToCommandError(serviceError(status.NOT_FOUND, { exception: 'not-leader', 'leader-endpoint-host': 'node2.esdb.local', 'leader-endpoint-port': '2113' }));
      const mapped = toStoreError(error, { operation: 'append to', streamId: 'complaint-c-1' });
      expect(mapped.kind).toBe('unavailable');
      expect(mapped.message).toContain('node2.esdb.local:2113');
    });

    it('is deadline-exceeded for a deadline or a server timeout', () => {
      expect(toStoreError(new DeadlineExceededError(), { operation: 'append to' }).kind).toBe('deadline-exceeded');
      expect(toStoreError(convertToCommandError(serviceError(status.DEADLINE_EXCEEDED, {})), { operation: 'append to' }).kind).toBe('deadline-exceeded');
      expect(toStoreError(new TimeoutError(), { operation: 'append to' }).kind).toBe('deadline-exceeded');
    });
  });

  describe('when the write itself is refused', () => {
    it('is invalid-write for a batch over the maximum append size', () => {
      const mapped = toStoreError(MaxAppendSizeExceededError.fromMaxAppendSize(1024), { operation: 'append to', streamId: 's' });
      expect(mapped).toMatchObject({ kind: 'invalid-write' });
      expect(mapped.message).toContain('1024');
    });
  });

  describe('when the error is anything else', () => {
    it('is unknown, with the client’s error as cause and its text in the message', () => {
      const denied = new AccessDeniedError(undefined, 'access denied');
      expect(toStoreError(denied, { operation: 'read $all' })).toMatchObject({ kind: 'unknown', cause: denied });
      expect(toStoreError(new UnknownError(undefined, 'boom'), { operation: 'read $all' }).message).toContain('boom');
      const plain = new TypeError('a bug');
      expect(toStoreError(plain, { operation: 'subscribe to $all' })).toMatchObject({ kind: 'unknown', cause: plain, message: 'subscribe to $all failed: a bug' });
      expect(toStoreError('a string', { operation: 'x' }).kind).toBe('unknown');
    });
  });

  describe('when the stream is not found', () => {
    it('is recognised, so reads can answer an empty history', () => {
      expect(isStreamNotFound(new StreamNotFoundError(undefined, 'complaint-c-9'))).toBe(true);
      expect(isStreamNotFound(new UnavailableError())).toBe(false);
      expect(isStreamNotFound(new Error('stream not found'))).toBe(false);
    });
  });

  // A second copy of the client in an application's tree (or the other package) throws errors of
  // other classes: only the `type` string and the fields the mapping reads are shared.
  describe('when the error comes from another copy of a client, or is only shaped like one', () => {
    class ForeignCommandError extends Error {
      constructor(
        readonly type: string,
        fields: Record<string, unknown> = {},
      ) {
        super(`foreign ${type}`);
        Object.assign(this, fields);
      }
    }

    it('is a conflict, with the revisions of either client’s field names, so the handler retries', () => {
      const copy = new ForeignCommandError('wrong-expected-version', { streamName: 'complaint-c-1', actualVersion: 5n, expectedVersion: 3n });
      expect(copy instanceof WrongExpectedVersionError).toBe(false);
      expect(toStoreError(copy, { operation: 'append to', streamId: 'complaint-c-1', expected: 3 })).toMatchObject({ kind: 'conflict', expected: 3, actual: 5, cause: copy });
      // @kurrent/kurrentdb-client names them actualState / expectedState
      const kurrentShaped = { type: 'wrong-expected-version', message: 'WrongExpectedVersion', actualState: 'no_stream', expectedState: 0n };
      expect(toStoreError(kurrentShaped, { operation: 'append to' })).toMatchObject({ kind: 'conflict', expected: 0, actual: 'no-stream' });
    });

    it('is a missing stream (an empty history), not a failure', () => {
      expect(isStreamNotFound(new ForeignCommandError('stream-not-found', { streamName: 'complaint-c-9' }))).toBe(true);
      expect(isStreamNotFound({ type: 'stream-not-found', message: 'not found' })).toBe(true);
      expect(isStreamNotFound({ type: 'stream-deleted' })).toBe(false);
      expect(isStreamNotFound(undefined)).toBe(false);
    });

    it('maps every other kind the same as the client’s own classes', () => {
      const op = { operation: 'append to', streamId: 'complaint-c-1' };
      expect(toStoreError({ type: 'stream-deleted', streamName: 'complaint-c-1' }, op).kind).toBe('stream-deleted');
      expect(toStoreError({ type: 'stream-tombstoned', stream: 'complaint-c-1' }, op).kind).toBe('stream-deleted');
      const notLeader = toStoreError(new ForeignCommandError('not-leader', { leader: { address: 'node3.esdb.local', port: 2113 } }), op);
      expect(notLeader).toMatchObject({ kind: 'unavailable', message: expect.stringContaining('node3.esdb.local:2113') });
      expect(toStoreError({ type: 'unavailable', message: 'gone' }, op).kind).toBe('unavailable');
      expect(toStoreError({ type: 'cancelled', message: 'server cancelled' }, op).kind).toBe('unavailable');
      expect(toStoreError({ type: 'deadline-exceeded', message: 'late' }, op).kind).toBe('deadline-exceeded');
      expect(toStoreError({ type: 'timeout', message: 'late' }, op).kind).toBe('deadline-exceeded');
      expect(toStoreError({ type: 'maximum-append-size-exceeded', maxAppendSize: 2048 }, op)).toMatchObject({ kind: 'invalid-write', message: expect.stringContaining('2048') });
      expect(toStoreError({ type: 'append-record-size-exceeded', message: 'too big' }, op).kind).toBe('invalid-write');
      expect(toStoreError({ type: 'invalid-argument', message: 'bad' }, op).kind).toBe('invalid-write');
      expect(toStoreError({ type: 'access-denied', message: 'no' }, op)).toMatchObject({ kind: 'unknown', message: expect.stringContaining('(access-denied)') });
    });

    it('classifies a bare gRPC error by its exception trailer, else its status, without the client’s converter', () => {
      const wrong = serviceError(status.FAILED_PRECONDITION, { exception: 'wrong-expected-version', 'stream-name': 'complaint-c-2', 'expected-version': '1', 'actual-version': '4' });
      expect(clientErrorType(wrong)).toBe('wrong-expected-version');
      expect(toStoreError(wrong, { operation: 'append to', streamId: 'complaint-c-2' })).toMatchObject({ kind: 'conflict', expected: 1, actual: 4 });
      expect(toStoreError(serviceError(status.FAILED_PRECONDITION, { exception: 'wrong-expected-version', 'expected-version': '0' }), { operation: 'append to' })).toMatchObject({
        kind: 'conflict',
        expected: 0,
        actual: 'no-stream',
      });
      expect(isStreamNotFound(serviceError(status.NOT_FOUND, { exception: 'stream-not-found', 'stream-name': 'x' }))).toBe(true);
      expect(toStoreError(serviceError(status.NOT_FOUND, { exception: 'not-leader', 'leader-endpoint-host': 'n2', 'leader-endpoint-port': '2113' }), { operation: 'x' }).message).toContain('n2:2113');
      expect(toStoreError(serviceError(status.INTERNAL, {}), { operation: 'x' }).kind).toBe('unavailable');
      expect(toStoreError(serviceError(status.DEADLINE_EXCEEDED, {}), { operation: 'x' }).kind).toBe('deadline-exceeded');
      expect(toStoreError(serviceError(status.PERMISSION_DENIED, {}), { operation: 'x' }).kind).toBe('unknown');
    });
  });
});
