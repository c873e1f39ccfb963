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
import { isStreamNotFound, toStoreError } from '../src/errors.js';

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
});
