/**
 * Projection checkpoints in EventStoreDB: one stream per projection key,
 * `cim-checkpoints-<key>`, each event holding the position and the projection's state, with
 * `$maxCount` 1 so only the latest is kept. It implements core's `CheckpointStore` port
 * (`load` / `save` / `remove`, TaskEither with a `StoreError`).
 *
 * Why this stream: it sits outside the complaint prefix, so the subscription's own filter
 * (`complaint-`) never delivers a checkpoint write back to the projection that made it —
 * otherwise every save would wake the subscription and feed a loop of saves.
 *
 * Writes use the revision last seen, so two runners of the same projection cannot both advance
 * it: the second gets a `conflict`.
 *
 * @example
 * const checkpoints = createEventStoreDbCheckpointStore({ client });
 * await checkpoints.save('received.v1', 42n, { complaints: {} })();
 * await checkpoints.load('received.v1')(); // Right({ position: 42n, state: { complaints: {} } })
 */
import * as E from 'fp-ts/lib/Either.js';
import { DEFAULT_STREAM_PREFIX, decodeCheckpoint, encodeCheckpointState, storeError, type Checkpoint, type CheckpointStore, type StoreError } from '@cim-complaints/core';
import { BACKWARDS, END, NO_STREAM, expecting, jsonEvent, type EventStoreClient, type ExpectedState, type JSONType } from './client.js';
import { clientRedactor, redactError } from './credentials.js';
import { isStreamNotFound, toStoreError as clientStoreError, type ErrorContext } from './errors.js';

export const DEFAULT_CHECKPOINT_PREFIX = 'cim-checkpoints-';
export const CHECKPOINT_EVENT_TYPE = 'ProjectionCheckpoint';
/** Written by `remove`: the latest event says there is no checkpoint (streams are kept, `$maxCount` 1 drops the rest). */
export const CHECKPOINT_REMOVED_EVENT_TYPE = 'ProjectionCheckpointRemoved';

/** Core's checkpoint port on EventStoreDB. */
export type EventStoreDbCheckpointStore = CheckpointStore;

export interface CheckpointStoreOptions {
  /** A client of either package (`@eventstore/db-client` or `@kurrent/kurrentdb-client`). */
  readonly client: EventStoreClient;
  /** Default `cim-checkpoints-`. */
  readonly streamPrefix?: string;
  /** The complaint stream prefix the subscriptions filter on; checkpoints must fall outside it. */
  readonly complaintStreamPrefix?: string;
}

const parse = (key: string, data: unknown): E.Either<StoreError, Checkpoint> => {
  const { position, state } = (typeof data === 'object' && data !== null ? data : {}) as { position?: unknown; state?: unknown };
  return decodeCheckpoint(key, position, state);
};

/** Checkpoints kept in EventStoreDB streams. */
export const createEventStoreDbCheckpointStore = (options: CheckpointStoreOptions): EventStoreDbCheckpointStore => {
  const { client } = options;
  // as in the store: a client made from a connection string may echo its credentials in errors
  const redact = clientRedactor(client);
  const toStoreError = (error: unknown, context: ErrorContext): StoreError => redactError(clientStoreError(error, context), redact);
  const prefix = options.streamPrefix ?? DEFAULT_CHECKPOINT_PREFIX;
  const complaintPrefix = options.complaintStreamPrefix ?? DEFAULT_STREAM_PREFIX;
  // checked on every call rather than thrown here: a bad argument is a value, never an exception
  const misplaced =
    prefix.startsWith(complaintPrefix) || prefix.startsWith('$')
      ? storeError('invalid-write', `checkpoint streams (${prefix}) must fall outside the complaint prefix (${complaintPrefix}) and the system streams`)
      : undefined;
  const streamOf = (key: string) => `${prefix}${key}`;
  const revisions = new Map<string, bigint | 'no_stream'>();

  const readLast = async (key: string) => {
    const streamId = streamOf(key);
    try {
      // Read to the end (one event) rather than break out: leaving a read early leaks its gRPC call.
      const read = [];
      for await (const resolved of client.readStream(streamId, { direction: BACKWARDS, fromRevision: END, maxCount: 1 })) read.push(resolved);
      const last = read[0]?.event;
      revisions.set(key, last === undefined ? 'no_stream' : last.revision);
      return E.right(last);
    } catch (error) {
      if (isStreamNotFound(error)) {
        revisions.set(key, 'no_stream');
        return E.right(undefined);
      }
      return E.left(toStoreError(error, { operation: 'read checkpoint', streamId }));
    }
  };

  /** Appends the latest event of a checkpoint stream at the revision last seen. */
  const write = async (key: string, type: string, data: JSONType, doing: string): Promise<E.Either<StoreError, void>> => {
    const streamId = streamOf(key);
    if (!revisions.has(key)) {
      const read = await readLast(key);
      if (E.isLeft(read)) return read;
    }
    const known = revisions.get(key)!;
    try {
      if (known === 'no_stream') await client.setStreamMetadata(streamId, { maxCount: 1 });
      const expected: ExpectedState = known === 'no_stream' ? NO_STREAM : known;
      const result = await client.appendToStream(streamId, jsonEvent({ type, data }), expecting(expected));
      revisions.set(key, result.nextExpectedRevision);
      return E.right(undefined);
    } catch (error) {
      // Forget the revision: the next write reads it again (after a conflict, another runner moved it).
      revisions.delete(key);
      return E.left(toStoreError(error, { operation: doing, streamId }));
    }
  };

  return {
    load: (key) => async () => {
      if (misplaced !== undefined) return E.left(misplaced);
      const last = await readLast(key);
      if (E.isLeft(last)) return last;
      return last.right === undefined || last.right.type === CHECKPOINT_REMOVED_EVENT_TYPE ? E.right(undefined) : parse(key, last.right.data);
    },
    save: (key, position, state) => async () => {
      if (misplaced !== undefined) return E.left(misplaced);
      const encoded = encodeCheckpointState(key, state);
      if (E.isLeft(encoded)) return encoded;
      return write(key, CHECKPOINT_EVENT_TYPE, { position: position.toString(10), state } as JSONType, 'save checkpoint to');
    },
    remove: (key) => async () => {
      if (misplaced !== undefined) return E.left(misplaced);
      const read = await readLast(key);
      if (E.isLeft(read)) return read;
      if (read.right === undefined || read.right.type === CHECKPOINT_REMOVED_EVENT_TYPE) return E.right(undefined);
      return write(key, CHECKPOINT_REMOVED_EVENT_TYPE, {}, 'remove checkpoint from');
    },
  };
};
