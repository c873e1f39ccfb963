/**
 * Projection checkpoints in EventStoreDB: one stream per projection key,
 * `cim-checkpoints-<key>`, each event holding the position and the projection's state, with
 * `$maxCount` 1 so only the latest is kept. It has the shape of the projections package's
 * `CheckpointStore` (`load` / `save`), so the subscription runner takes it as is.
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
 * await checkpoints.save('received.v1', 42n, { complaints: {} });
 * await checkpoints.load('received.v1'); // { position: 42n, state: { complaints: {} } }
 */
import { BACKWARDS, END, NO_STREAM, jsonEvent, type AppendExpectedRevision, type EventStoreDBClient, type JSONType } from '@eventstore/db-client';
import { DEFAULT_STREAM_PREFIX, type GlobalPosition, type StoreError } from '@cim-complaints/core';
import { clientRedactor, redactError } from './credentials.js';
import { isStreamNotFound, toStoreError as clientStoreError, type ErrorContext } from './errors.js';

export const DEFAULT_CHECKPOINT_PREFIX = 'cim-checkpoints-';
export const CHECKPOINT_EVENT_TYPE = 'ProjectionCheckpoint';

export interface Checkpoint {
  readonly position: GlobalPosition;
  readonly state: unknown;
}

export interface EventStoreDbCheckpointStore {
  /** The last checkpoint saved under a key, if any (a stored event that is not a checkpoint reads as none). */
  readonly load: (key: string) => Promise<Checkpoint | undefined>;
  /** Replaces the checkpoint under a key: position and state in one event. Rejects with a `CheckpointStoreError`. */
  readonly save: (key: string, position: GlobalPosition, state: unknown) => Promise<void>;
}

/** A failed checkpoint read or write: the store's typed error, carried by a rejected promise. */
export class CheckpointStoreError extends Error {
  constructor(readonly error: StoreError) {
    super(error.message);
    this.name = 'CheckpointStoreError';
  }
}

export interface CheckpointStoreOptions {
  readonly client: EventStoreDBClient;
  /** Default `cim-checkpoints-`. */
  readonly streamPrefix?: string;
  /** The complaint stream prefix the subscriptions filter on; checkpoints must fall outside it. */
  readonly complaintStreamPrefix?: string;
}

const parse = (data: unknown): Checkpoint | undefined => {
  if (typeof data !== 'object' || data === null) return undefined;
  const { position, state } = data as { position?: unknown; state?: unknown };
  if (typeof position !== 'string' || !/^\d+$/.test(position) || state === undefined) return undefined;
  return { position: BigInt(position), state };
};

/** Checkpoints kept in EventStoreDB streams. */
export const createEventStoreDbCheckpointStore = (options: CheckpointStoreOptions): EventStoreDbCheckpointStore => {
  const { client } = options;
  // as in the store: a client made from a connection string may echo its credentials in errors
  const redact = clientRedactor(client);
  const toStoreError = (error: unknown, context: ErrorContext): StoreError => redactError(clientStoreError(error, context), redact);
  const prefix = options.streamPrefix ?? DEFAULT_CHECKPOINT_PREFIX;
  const complaintPrefix = options.complaintStreamPrefix ?? DEFAULT_STREAM_PREFIX;
  if (prefix.startsWith(complaintPrefix) || prefix.startsWith('$')) {
    throw new Error(`checkpoint streams (${prefix}) must fall outside the complaint prefix (${complaintPrefix}) and the system streams`);
  }
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
      return last;
    } catch (error) {
      if (isStreamNotFound(error)) {
        revisions.set(key, 'no_stream');
        return undefined;
      }
      throw new CheckpointStoreError(toStoreError(error, { operation: 'read checkpoint', streamId }));
    }
  };

  return {
    load: async (key) => {
      const last = await readLast(key);
      return last === undefined ? undefined : parse(last.data);
    },
    save: async (key, position, state) => {
      const streamId = streamOf(key);
      if (!revisions.has(key)) await readLast(key);
      const known = revisions.get(key)!;
      try {
        if (known === 'no_stream') await client.setStreamMetadata(streamId, { maxCount: 1 });
        const expectedRevision: AppendExpectedRevision = known === 'no_stream' ? NO_STREAM : known;
        const data = { position: position.toString(10), state } as JSONType;
        const result = await client.appendToStream(streamId, jsonEvent({ type: CHECKPOINT_EVENT_TYPE, data }), { expectedRevision });
        revisions.set(key, result.nextExpectedRevision);
      } catch (error) {
        // Forget the revision: the next save reads it again (after a conflict, another runner moved it).
        revisions.delete(key);
        throw new CheckpointStoreError(toStoreError(error, { operation: 'save checkpoint to', streamId }));
      }
    },
  };
};
