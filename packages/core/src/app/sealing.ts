/**
 * Sealing personal data (C5): each personal field of an event (personal/personal.ts) is encrypted
 * with AES-256-GCM under its data subject's key, with a fresh 12-byte nonce and the event id and
 * the field's path as associated data (a sealed value moved to another event or field does not
 * open). `protectPersonalData(store, keys)` is an `EventStore` that seals on append and opens on
 * read, so every store (memory, SQLite, EventStoreDB) and every caller gets it at once; what the
 * store holds, and what the hash chain, `verify`, the SLA and the monitoring report read, is the
 * ciphertext. A batch that records `ComplainantDataErased` deletes the subject's key before it is
 * appended: from then on every reader sees those fields as `{ withheld: 'erased' }`.
 *
 * @example
 * const store = protectPersonalData(sqliteStore, createSqliteKeyStore({ path: 'x.keys.db' }).right);
 * await createCommandHandler({ store, clock })(receiveComplaint)(); // the name, email and phone are stored sealed
 */
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import * as E from 'fp-ts/lib/Either.js';
import type { ComplaintEnvelope } from '../complaint/envelope.js';
import { isSealed, mapPersonal, SEALING_ALGORITHM, subjectOf, type Sealed, type Withheld } from '../personal/personal.js';
import type { NonEmptyString } from '../shared/codecs.js';
import { chainEnvelopes } from './chain.js';
import type { EventStore, RecordedEvent, StoreError } from './event-store.js';
import type { KeyLookup, KeyStore } from './key-store.js';

const derive = (key: Uint8Array, purpose: string): Buffer => Buffer.from(hkdfSync('sha256', key, new Uint8Array(0), `cim-complaints/${purpose}`, 32));

/** The two keys a subject key gives: one to encrypt, one for `ref`. */
interface SubjectKeys {
  readonly encrypt: Buffer;
  readonly ref: Buffer;
}
const keysOf = (key: Uint8Array): SubjectKeys => ({ encrypt: derive(key, 'seal'), ref: derive(key, 'ref') });

const associated = (eventId: string, path: string): Buffer => Buffer.from(`${eventId}\n${path}`, 'utf8');

const refWith = (key: Buffer, text: string): NonEmptyString => createHmac('sha256', key).update(text, 'utf8').digest().subarray(0, 16).toString('base64') as NonEmptyString;

/** Seals one text under a subject key: a fresh nonce, the event id and path as associated data. */
export const sealText = (key: Uint8Array, subject: string, text: string, eventId: string, path: string): Sealed => sealWith(keysOf(key), subject, text, eventId, path);

const sealWith = (keys: SubjectKeys, subject: string, text: string, eventId: string, path: string): Sealed => {
  const iv = randomBytes(12);
  const cipher = createCipheriv(SEALING_ALGORITHM, keys.encrypt, iv);
  cipher.setAAD(associated(eventId, path));
  const ct = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
  return {
    sealed: SEALING_ALGORITHM,
    subject: subject as NonEmptyString,
    iv: iv.toString('base64') as NonEmptyString,
    ct: ct.toString('base64'),
    tag: cipher.getAuthTag().toString('base64') as NonEmptyString,
    ref: refWith(keys.ref, text),
  };
};

/** The text of a sealed value, or `undefined` when the key, the event id or the path is not the one it was sealed with (or it was changed). */
export const openSealed = (key: Uint8Array, sealed: Sealed, eventId: string, path: string): string | undefined => openWith(keysOf(key), sealed, eventId, path);

const openWith = (keys: SubjectKeys, sealed: Sealed, eventId: string, path: string): string | undefined => {
  try {
    const decipher = createDecipheriv(SEALING_ALGORITHM, keys.encrypt, Buffer.from(sealed.iv, 'base64'));
    decipher.setAAD(associated(eventId, path));
    decipher.setAuthTag(Buffer.from(sealed.tag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(sealed.ct, 'base64')), decipher.final()]).toString('utf8');
  } catch {
    return undefined;
  }
};

/** An envelope with every plain personal field sealed under `key` (sealed and withheld fields are left as they are). */
export const sealEnvelope = (envelope: ComplaintEnvelope, subject: string, key: Uint8Array): ComplaintEnvelope => {
  const keys = keysOf(key);
  return mapPersonal(envelope, (value, path) => (typeof value === 'string' ? sealWith(keys, subject, value, envelope.metadata.eventId, path) : value));
};

/** Whether an envelope has a personal field in plain text. */
export const hasPlainPersonalData = (envelope: ComplaintEnvelope): boolean => {
  let plain = false;
  mapPersonal(envelope, (value) => {
    if (typeof value === 'string') plain = true;
    return value;
  });
  return plain;
};

/** Finds subject keys, each once per reader call. */
export type KeyFinder = (subject: string) => Promise<E.Either<StoreError, KeyLookup>>;

/** A finder that asks the key store once per subject, for one read. */
export const cachedKeyFinder = (keys: KeyStore): KeyFinder => {
  const found = new Map<string, Promise<E.Either<StoreError, KeyLookup>>>();
  return (subject) => {
    let lookup = found.get(subject);
    if (lookup === undefined) {
      lookup = keys.getKey(subject)();
      found.set(subject, lookup);
    }
    return lookup;
  };
};

/**
 * An envelope with each sealed field opened: its text when the key is there, `{ withheld: 'erased' }`
 * (with its `ref`) when the key was erased, and left sealed when the key store has no key for it
 * or it does not open (`verify` is what finds a changed event).
 */
export const unsealEnvelope = async (envelope: ComplaintEnvelope, find: KeyFinder): Promise<E.Either<StoreError, ComplaintEnvelope>> => {
  const sealedFields: { path: string; value: Sealed }[] = [];
  mapPersonal(envelope, (value, path) => {
    if (isSealed(value)) sealedFields.push({ path, value });
    return value;
  });
  if (sealedFields.length === 0) return E.right(envelope);
  const opened = new Map<string, unknown>();
  const derived = new Map<string, SubjectKeys>();
  for (const { path, value } of sealedFields) {
    const lookup = await find(value.subject);
    if (E.isLeft(lookup)) return lookup;
    const l = lookup.right;
    if (l.status === 'erased') opened.set(path, { withheld: 'erased', ref: value.ref } satisfies Withheld);
    else if (l.status === 'active') {
      let keys = derived.get(value.subject);
      if (keys === undefined) derived.set(value.subject, (keys = keysOf(l.key)));
      const text = openWith(keys, value, envelope.metadata.eventId, path);
      if (text !== undefined) opened.set(path, text);
    }
  }
  return E.right(mapPersonal(envelope, (value, path) => (opened.has(path) ? opened.get(path) : value)));
};

const unsealRecorded = async (recorded: RecordedEvent, find: KeyFinder): Promise<E.Either<StoreError, RecordedEvent>> => {
  const event = await unsealEnvelope(recorded.event, find);
  return E.isLeft(event) ? event : E.right(event.right === recorded.event ? recorded : { ...recorded, event: event.right });
};

const unsealAll = async (events: readonly RecordedEvent[], find: KeyFinder): Promise<E.Either<StoreError, RecordedEvent[]>> => {
  const out: RecordedEvent[] = [];
  for (const recorded of events) {
    const opened = await unsealRecorded(recorded, find);
    if (E.isLeft(opened)) return opened;
    out.push(opened.right);
  }
  return E.right(out);
};

/** An event store whose personal data is sealed under keys kept elsewhere; `sealed` reads what is stored. */
export interface ProtectedEventStore extends EventStore {
  /** The store underneath: its reads give personal fields as stored (sealed), with no key asked for. */
  readonly sealed: EventStore;
  readonly keys: KeyStore;
  /** Closes the store and the key store. */
  readonly close: () => Promise<void>;
}

/**
 * Seals each plain personal field of every event appended, under the key of its complaint's data
 * subject (`subjectOf`), and opens them on every read. The batch's hash chain is computed again
 * over what is stored, linked to the same predecessor. A batch recording `ComplainantDataErased`
 * deletes the subject's key first, so the data is gone even if the append then fails (a retry
 * records the event). Raw reads and the anchor are the store's own. `close` closes both stores.
 */
export const protectPersonalData = (store: EventStore, keys: KeyStore): ProtectedEventStore => {
  const appendToStream: EventStore['appendToStream'] = (streamId, expected, envelopes) => async () => {
    for (const envelope of envelopes) {
      if (envelope.type === 'ComplainantDataErased') {
        const erased = await keys.eraseKey(envelope.data.subject)();
        if (E.isLeft(erased)) return erased;
      }
    }
    const sealed: ComplaintEnvelope[] = [];
    for (const envelope of envelopes) {
      if (!hasPlainPersonalData(envelope)) {
        sealed.push(envelope);
        continue;
      }
      const subject = subjectOf(envelope.data.complaintId);
      const key = await keys.keyFor(subject)();
      if (E.isLeft(key)) return E.left({ ...key.left, streamId });
      sealed.push(sealEnvelope(envelope, subject, key.right));
    }
    // the chain covers what is stored: computed again over the sealed events, from the same link
    const chained = envelopes.length > 0 && envelopes.every((e) => e.metadata.digest !== undefined) ? chainEnvelopes(sealed, envelopes[0]!.metadata.previousDigest) : sealed;
    return store.appendToStream(streamId, expected, chained)();
  };
  return {
    sealed: store,
    keys,
    appendToStream,
    readStream: (streamId, options) => async () => {
      const read = await store.readStream(streamId, options)();
      if (E.isLeft(read)) return read;
      const events = await unsealAll(read.right.events, cachedKeyFinder(keys));
      return E.isLeft(events) ? events : E.right({ ...read.right, events: events.right });
    },
    readAll: (options) => async () => {
      const page = await store.readAll(options)();
      if (E.isLeft(page)) return page;
      const events = await unsealAll(page.right.events, cachedKeyFinder(keys));
      return E.isLeft(events) ? events : E.right({ ...page.right, events: events.right });
    },
    subscribeToAll: (handlers, options) =>
      store.subscribeToAll(
        {
          ...handlers,
          onEvent: async (recorded) => {
            const opened = await unsealRecorded(recorded, cachedKeyFinder(keys));
            // a key store that cannot be read leaves the event as stored (sealed) rather than stopping the subscriber
            return handlers.onEvent(E.isRight(opened) ? opened.right : recorded);
          },
        },
        options,
      ),
    readRaw: (options) => store.readRaw(options),
    readRawStream: (streamId) => store.readRawStream(streamId),
    readAnchors: () => store.readAnchors(),
    // what another store holds is sealed already: it is written as it is
    ...(store.importStored === undefined ? {} : { importStored: store.importStored }),
    close: async () => {
      await store.close?.();
      await keys.close?.();
    },
  };
};

/**
 * A `ref` for plain texts that holds within one view only (a random key, forgotten after): so a
 * redacted view still tells the same person apart, and nothing links it to another view.
 */
export const ephemeralRefOf = (): ((text: string) => string) => {
  const key = randomBytes(32);
  return (text) => refWith(key, text);
};
