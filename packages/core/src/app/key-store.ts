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
  readonly close?: () => Promise<void>;
}

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
