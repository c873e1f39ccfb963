/**
 * A `KeyStore` on EventStoreDB (C5): one stream per data subject, `cim-keys-<subject>`, holding
 * `SubjectKeyCreated` (the key, base64) and, once erased, `SubjectKeyErased` (when; no key). The
 * stream is made with `$maxCount` 1 and erasure sets `$tb` (truncate before) to the erasure's
 * revision: the server stops returning the key at once and removes it from disk at its next
 * scavenge (run one after erasures: docs/personal-data.md). A reader looks only at a stream's
 * last event, so the tombstone is what it finds. The key streams sit outside the complaint
 * prefix, so no complaint reader or subscription ever sees them; they may be on another server.
 *
 * @example
 * const keys = createEventStoreDbKeyStore({ client });
 * await keys.keyFor('complainant:CIM-2025-0001')(); // Right(<32 bytes>)
 */
import * as E from 'fp-ts/lib/Either.js';
import {
  DEFAULT_STREAM_PREFIX,
  decideKeyImport,
  newSubjectKey,
  storeError,
  subjectErased,
  type KeyImportOutcome,
  type KeyLookup,
  type KeyRecord,
  type KeyStore,
  type StoreError,
} from '@cim-complaints/core';
import { BACKWARDS, END, NO_STREAM, expecting, jsonEvent, type EventStoreClient, type JSONType } from './client.js';
import { clientRedactor, redactError } from './credentials.js';
import { isStreamNotFound, toStoreError as clientStoreError, type ErrorContext } from './errors.js';

export const DEFAULT_KEY_STREAM_PREFIX = 'cim-keys-';
export const KEY_CREATED_EVENT_TYPE = 'SubjectKeyCreated';
export const KEY_ERASED_EVENT_TYPE = 'SubjectKeyErased';

export interface EventStoreDbKeyStoreOptions {
  /** A client of either package: `@eventstore/db-client`'s `EventStoreDBClient` or `@kurrent/kurrentdb-client`'s `KurrentDBClient`. */
  readonly client: EventStoreClient;
  /** Default `cim-keys-`. */
  readonly streamPrefix?: string;
  /** The complaint stream prefix; key streams must fall outside it. */
  readonly complaintStreamPrefix?: string;
  /** Stamps `createdAt` and `erasedAt`; default the system clock. */
  readonly clock?: () => string;
}

interface Found {
  readonly type: string;
  readonly data: { readonly key?: unknown; readonly createdAt?: unknown; readonly erasedAt?: unknown };
  readonly revision: bigint;
}

/** Subject keys kept in EventStoreDB streams. */
export const createEventStoreDbKeyStore = (options: EventStoreDbKeyStoreOptions): KeyStore => {
  const { client } = options;
  const clock = options.clock ?? (() => new Date().toISOString());
  const redact = clientRedactor(client);
  const toStoreError = (error: unknown, context: ErrorContext): StoreError => redactError(clientStoreError(error, context), redact);
  const prefix = options.streamPrefix ?? DEFAULT_KEY_STREAM_PREFIX;
  const complaintPrefix = options.complaintStreamPrefix ?? DEFAULT_STREAM_PREFIX;
  const misplaced =
    prefix.startsWith(complaintPrefix) || prefix.startsWith('$') || prefix === ''
      ? storeError('invalid-argument', `key streams (${prefix}) must fall outside the complaint prefix (${complaintPrefix}) and the system streams`)
      : undefined;
  const streamOf = (subject: string) => `${prefix}${subject}`;

  const readLast = async (subject: string): Promise<E.Either<StoreError, Found | undefined>> => {
    const streamId = streamOf(subject);
    try {
      // read to the end (one event) rather than break out: leaving a read early leaks its gRPC call
      const read = [];
      for await (const resolved of client.readStream(streamId, { direction: BACKWARDS, fromRevision: END, maxCount: 1 })) read.push(resolved);
      const last = read[0]?.event;
      return E.right(last === undefined ? undefined : { type: last.type, data: (last.data ?? {}) as Found['data'], revision: last.revision });
    } catch (error) {
      if (isStreamNotFound(error)) return E.right(undefined);
      return E.left(toStoreError(error, { operation: 'read the key of', streamId }));
    }
  };

  const lookupOf = (found: Found | undefined): KeyLookup => {
    if (found === undefined) return { status: 'none' };
    if (found.type === KEY_CREATED_EVENT_TYPE && typeof found.data.key === 'string') return { status: 'active', key: new Uint8Array(Buffer.from(found.data.key, 'base64')) };
    return { status: 'erased', erasedAt: typeof found.data.erasedAt === 'string' ? found.data.erasedAt : '' };
  };

  const getKey: KeyStore['getKey'] = (subject) => async () => {
    if (misplaced !== undefined) return E.left(misplaced);
    return E.map(lookupOf)(await readLast(subject));
  };

  const keyFor: KeyStore['keyFor'] = (subject) => async () => {
    if (misplaced !== undefined) return E.left(misplaced);
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const found = await readLast(subject);
      if (E.isLeft(found)) return found;
      const lookup = lookupOf(found.right);
      if (lookup.status === 'active') return E.right(lookup.key);
      if (lookup.status === 'erased') return E.left(subjectErased(subject, lookup.erasedAt));
      const key = newSubjectKey();
      const streamId = streamOf(subject);
      try {
        await client.setStreamMetadata(streamId, { maxCount: 1 });
        await client.appendToStream(streamId, jsonEvent({ type: KEY_CREATED_EVENT_TYPE, data: { key: Buffer.from(key).toString('base64'), createdAt: clock() } as JSONType }), expecting(NO_STREAM));
        return E.right(key);
      } catch (error) {
        const failed = toStoreError(error, { operation: 'create the key of', streamId });
        // another writer made the key first: read it
        if (failed.kind !== 'conflict') return E.left(failed);
      }
    }
    return E.left(storeError('conflict', `could not make the key of ${subject}: other writers kept racing`));
  };

  const eraseKey: KeyStore['eraseKey'] = (subject) => async () => {
    if (misplaced !== undefined) return E.left(misplaced);
    const found = await readLast(subject);
    if (E.isLeft(found)) return found;
    if (found.right !== undefined && found.right.type === KEY_ERASED_EVENT_TYPE) return E.right({ erased: false });
    const streamId = streamOf(subject);
    try {
      const now = clock();
      const createdAt = typeof found.right?.data.createdAt === 'string' ? found.right.data.createdAt : now;
      const written = await client.appendToStream(
        streamId,
        jsonEvent({ type: KEY_ERASED_EVENT_TYPE, data: { createdAt, erasedAt: now } }),
        expecting(found.right === undefined ? NO_STREAM : found.right.revision),
      );
      // the key event falls before the tombstone: unreadable at once, removed from disk by the next scavenge
      await client.setStreamMetadata(streamId, { maxCount: 1, truncateBefore: Number(written.nextExpectedRevision) });
      return E.right({ erased: true });
    } catch (error) {
      return E.left(toStoreError(error, { operation: 'erase the key of', streamId }));
    }
  };

  /**
   * `copy`: a key or tombstone from another key store, as core's `decideKeyImport` rules. The key
   * goes to a new stream (no-stream expected), the tombstone after the event read (its revision
   * expected) and truncates the key as `eraseKey` does; a writer that gets in between makes the
   * append conflict, and the record is decided again on what that writer left, so two keys are
   * never made for a subject.
   */
  const importKey: NonNullable<KeyStore['importKey']> = (record) => async () => {
    if (misplaced !== undefined) return E.left(misplaced);
    // a record without a subject, or with a key of the wrong length, is refused before anything is read
    const valid = decideKeyImport({ status: 'none' }, record);
    if (E.isLeft(valid)) return valid;
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const found = await readLast(record.subject);
      if (E.isLeft(found)) return found;
      const step = decideKeyImport(lookupOf(found.right), record);
      if (E.isLeft(step) || step.right.write === 'nothing') return E.map((s: { readonly outcome: KeyImportOutcome }) => s.outcome)(step);
      const streamId = streamOf(record.subject);
      const expected = found.right === undefined ? NO_STREAM : found.right.revision;
      try {
        if (step.right.write === 'key' && record.status === 'active') {
          await client.setStreamMetadata(streamId, { maxCount: 1 });
          await client.appendToStream(
            streamId,
            jsonEvent({ type: KEY_CREATED_EVENT_TYPE, data: { key: Buffer.from(record.key).toString('base64'), createdAt: record.createdAt } as JSONType }),
            expecting(expected),
          );
        } else if (step.right.write === 'tombstone' && record.status === 'erased') {
          const createdAt = typeof found.right?.data.createdAt === 'string' ? found.right.data.createdAt : record.createdAt;
          const written = await client.appendToStream(streamId, jsonEvent({ type: KEY_ERASED_EVENT_TYPE, data: { createdAt, erasedAt: record.erasedAt } }), expecting(expected));
          // as eraseKey: the key event falls before the tombstone, unreadable at once, removed from disk by the next scavenge
          await client.setStreamMetadata(streamId, { maxCount: 1, truncateBefore: Number(written.nextExpectedRevision) });
        }
        return E.right(step.right.outcome);
      } catch (error) {
        const failed = toStoreError(error, { operation: 'import the key of', streamId });
        // another writer got in first: decide again on what it left
        if (failed.kind !== 'conflict') return E.left(failed);
      }
    }
    return E.left(storeError('conflict', `could not import the key of ${record.subject}: other writers kept racing`));
  };

  const listKeys: KeyStore['listKeys'] = () => async () => {
    if (misplaced !== undefined) return E.left(misplaced);
    try {
      const last = new Map<string, Found>();
      for await (const resolved of client.readAll({ maxCount: Number.MAX_SAFE_INTEGER })) {
        const event = resolved.event;
        if (event === undefined || !event.streamId.startsWith(prefix) || event.type.startsWith('$')) continue;
        last.set(event.streamId.slice(prefix.length), { type: event.type, data: (event.data ?? {}) as Found['data'], revision: event.revision });
      }
      return E.right(
        [...last.entries()].map(([subject, f]): KeyRecord => {
          const createdAt = typeof f.data.createdAt === 'string' ? f.data.createdAt : '';
          return f.type === KEY_ERASED_EVENT_TYPE
            ? { subject, status: 'erased', createdAt, ...(typeof f.data.erasedAt === 'string' ? { erasedAt: f.data.erasedAt } : {}) }
            : { subject, status: 'active', createdAt };
        }),
      );
    } catch (error) {
      return E.left(toStoreError(error, { operation: 'list the keys in', streamId: '$all' }));
    }
  };

  return { name: `eventstoredb (${prefix}*)`, getKey, keyFor, eraseKey, importKey, listKeys };
};
