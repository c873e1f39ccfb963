/**
 * The key store port (C5): one AES-256 key per data subject, created on first use, deleted to
 * erase the subject's personal data (crypto-shredding). A deleted key leaves a tombstone naming
 * the subject and when, with no key material, so a key is never made again for an erased subject
 * and readers can tell "erased" from "no key here". Keys may live in another file or server than
 * the events: the point is that a copy of the event store alone reveals nothing.
 *
 * @example
 * const keys = createInMemoryKeyStore();
 * await keys.keyFor('complainant:CIM-2025-0001')();   // Right(<32 bytes>), the same ever after
 * await keys.eraseKey('complainant:CIM-2025-0001')(); // Right({ erased: true }); getKey → { status: 'erased' }
 */
import { randomBytes } from 'node:crypto';
import * as E from 'fp-ts/lib/Either.js';
import type * as TE from 'fp-ts/lib/TaskEither.js';
import { storeError, type StoreError } from './event-store.js';

/** A subject's key as a store finds it. */
export type KeyLookup =
  | { readonly status: 'active'; readonly key: Uint8Array }
  | { readonly status: 'erased'; readonly erasedAt: string }
  | { readonly status: 'none' };

/** What a key store holds about a subject, never the key itself. */
export interface KeyRecord {
  readonly subject: string;
  readonly status: 'active' | 'erased';
  readonly createdAt: string;
  readonly erasedAt?: string;
}

export interface KeyStore {
  /** Where the keys are, for messages (no credentials). */
  readonly name: string;
  readonly getKey: (subject: string) => TE.TaskEither<StoreError, KeyLookup>;
  /** The subject's key, created on first use; an `invalid-write` error for a subject whose key was erased. */
  readonly keyFor: (subject: string) => TE.TaskEither<StoreError, Uint8Array>;
  /** Deletes the subject's key for good, leaving its tombstone; `erased: false` when it already was. */
  readonly eraseKey: (subject: string) => TE.TaskEither<StoreError, { readonly erased: boolean }>;
  /** Every subject the store knows, with its status (no key material). */
  readonly listKeys: () => TE.TaskEither<StoreError, readonly KeyRecord[]>;
  /**
   * Takes a subject's key or tombstone from another key store (`copy`), as `decideKeyImport`
   * rules: a key is never overwritten by another, an erasure always travels, and an erased
   * subject's key never comes back. Every key store of this library has it.
   */
  readonly importKey?: (record: KeyImport) => TE.TaskEither<StoreError, KeyImportOutcome>;
  readonly close?: () => Promise<void>;
}

/** A subject's key, or its tombstone, as another key store holds it. */
export type KeyImport =
  | { readonly subject: string; readonly status: 'active'; readonly key: Uint8Array; readonly createdAt: string }
  | { readonly subject: string; readonly status: 'erased'; readonly createdAt: string; readonly erasedAt: string };

/** What importing a key did: stored it, found it already there, erased the target's key, or kept an erasure. */
export type KeyImportOutcome = 'imported' | 'unchanged' | 'erased' | 'kept-erased';

/** What a key store does with an imported record, given what it holds for the subject. */
export type KeyImportStep =
  | { readonly write: 'key'; readonly outcome: 'imported' }
  | { readonly write: 'tombstone'; readonly outcome: 'imported' | 'erased' }
  | { readonly write: 'nothing'; readonly outcome: 'unchanged' | 'kept-erased' };

const sameKey = (a: Uint8Array, b: Uint8Array): boolean => a.length === b.length && a.every((byte, i) => byte === b[i]);

/**
 * The rule every key store applies to an imported record, written once: a new subject takes the
 * record as it is; the same key again changes nothing; a different key for a subject with one is
 * refused (the events sealed under each would not both open); an erasure erases the target's key;
 * and an erased subject stays erased whatever comes.
 */
export const decideKeyImport = (held: KeyLookup, record: KeyImport): E.Either<StoreError, KeyImportStep> => {
  if (typeof record.subject !== 'string' || record.subject === '') return E.left(storeError('invalid-argument', 'a key record needs a subject'));
  if (record.status === 'active' && (!(record.key instanceof Uint8Array) || record.key.length !== SUBJECT_KEY_BYTES)) {
    return E.left(storeError('invalid-argument', `the key of ${record.subject} is not ${SUBJECT_KEY_BYTES} bytes`));
  }
  if (held.status === 'erased') return E.right({ write: 'nothing', outcome: record.status === 'erased' ? 'unchanged' : 'kept-erased' });
  if (record.status === 'erased') return E.right({ write: 'tombstone', outcome: held.status === 'active' ? 'erased' : 'imported' });
  if (held.status === 'none') return E.right({ write: 'key', outcome: 'imported' });
  return sameKey(held.key, record.key)
    ? E.right({ write: 'nothing', outcome: 'unchanged' })
    : E.left(storeError('invalid-write', `${record.subject} already has another key here: it is not replaced (events sealed under it would no longer open)`, {}));
};

/** The length of a subject key in bytes (AES-256). */
export const SUBJECT_KEY_BYTES = 32;

/** A fresh random subject key. */
export const newSubjectKey = (): Uint8Array => new Uint8Array(randomBytes(SUBJECT_KEY_BYTES));

/** The error of a key asked for a subject that was erased. */
export const subjectErased = (subject: string, erasedAt: string): StoreError =>
  storeError('invalid-write', `the personal data of ${subject} was erased at ${erasedAt}: no key is made for it again, so nothing personal about it can be written`, {});

export interface KeyStoreOptions {
  /** Stamps `createdAt` and `erasedAt`; default the system clock. */
  readonly clock?: () => string;
}

/** A key store in memory: for tests and `memory:` stores; everything is lost with the process. */
export const createInMemoryKeyStore = (options: KeyStoreOptions = {}): KeyStore => {
  const clock = options.clock ?? (() => new Date().toISOString());
  const records = new Map<string, { key?: Uint8Array; createdAt: string; erasedAt?: string }>();
  const lookup = (subject: string): KeyLookup => {
    const r = records.get(subject);
    if (r === undefined) return { status: 'none' };
    return r.key === undefined ? { status: 'erased', erasedAt: r.erasedAt ?? r.createdAt } : { status: 'active', key: r.key };
  };
  return {
    name: 'memory:',
    getKey: (subject) => async () => E.right(lookup(subject)),
    keyFor: (subject) => async () => {
      const found = lookup(subject);
      if (found.status === 'active') return E.right(found.key);
      if (found.status === 'erased') return E.left(subjectErased(subject, found.erasedAt));
      const key = newSubjectKey();
      records.set(subject, { key, createdAt: clock() });
      return E.right(key);
    },
    eraseKey: (subject) => async () => {
      const r = records.get(subject);
      if (r !== undefined && r.key === undefined) return E.right({ erased: false });
      r?.key?.fill(0);
      const now = clock();
      records.set(subject, { createdAt: r?.createdAt ?? now, erasedAt: now });
      return E.right({ erased: true });
    },
    importKey: (record) => async () => {
      const step = decideKeyImport(lookup(record.subject), record);
      if (E.isLeft(step)) return step;
      if (step.right.write === 'key' && record.status === 'active') records.set(record.subject, { key: new Uint8Array(record.key), createdAt: record.createdAt });
      if (step.right.write === 'tombstone' && record.status === 'erased') {
        records.get(record.subject)?.key?.fill(0);
        records.set(record.subject, { createdAt: records.get(record.subject)?.createdAt ?? record.createdAt, erasedAt: record.erasedAt });
      }
      return E.right(step.right.outcome);
    },
    listKeys: () => async () =>
      E.right(
        [...records.entries()].map(([subject, r]) => ({
          subject,
          status: r.key === undefined ? ('erased' as const) : ('active' as const),
          createdAt: r.createdAt,
          ...(r.erasedAt === undefined ? {} : { erasedAt: r.erasedAt }),
        })),
      ),
    close: async () => undefined,
  };
};
