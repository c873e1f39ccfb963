/**
 * Where a command's personal-data keys are (C5): `--keys` (`sqlite:<path>`, `memory:`,
 * `esdb://...`, `postgres://...`, or `none`), else beside the event store: `sqlite:./x.db` keeps its
 * keys in `./x.keys.db`, an EventStoreDB store in its own `cim-keys-` streams, PostgreSQL in a
 * schema beside the store's (`<schema>_keys`), `memory:` in memory. Every
 * store a command opens is wrapped by core's `protectPersonalData`, so what is written is sealed
 * and what is read is opened (or shown as erased). A reader (`readOnly`) whose key file does not
 * exist reads with no keys: personal fields stay sealed, everything else reads as usual.
 *
 * @example
 * keyFileBeside('./complaints.db'); // './complaints.keys.db'
 */
import { existsSync } from 'node:fs';
import { createInMemoryKeyStore, protectPersonalData, storeError, type EventStore, type KeyStore, type ProtectedEventStore } from '@cim-complaints/core';
import * as E from 'fp-ts/lib/Either.js';
import { isPostgresUrl, maskPostgresUrl } from '@cim-complaints/postgres/connection-strings';
import { failure, usageError } from './errors.js';
import { isEventStoreDbUrl, type StoreSpec } from './store-spec.js';

/** The key file beside a SQLite store: `x.db` → `x.keys.db`, `x` → `x.keys.db`. */
export const keyFileBeside = (path: string): string => (path.endsWith('.db') ? `${path.slice(0, -'.db'.length)}.keys.db` : `${path}.keys.db`);

export type KeySpec =
  | { readonly kind: 'sqlite'; readonly path: string }
  | { readonly kind: 'memory' }
  | { readonly kind: 'esdb'; readonly connectionString?: string }
  | { readonly kind: 'postgres'; readonly connectionString: string }
  | { readonly kind: 'none' };

/** Parses `--keys`; without it, the keys beside the event store. */
export const resolveKeys = (option: string | undefined, store: StoreSpec): KeySpec => {
  if (option === undefined) {
    switch (store.kind) {
      case 'sqlite':
        return { kind: 'sqlite', path: keyFileBeside(store.path) };
      case 'memory':
        return { kind: 'memory' };
      case 'esdb':
        return { kind: 'esdb' };
      case 'postgres':
        // the same database, in a schema of their own beside the store's (`<schema>_keys`)
        return { kind: 'postgres', connectionString: store.connectionString };
      default:
        // a store with no key store of its own kind yet: personal data needs --keys
        return { kind: 'none' };
    }
  }
  if (option === 'none') return { kind: 'none' };
  if (option === 'memory:') return { kind: 'memory' };
  if (option.startsWith('sqlite:') && option.length > 'sqlite:'.length) return { kind: 'sqlite', path: option.slice('sqlite:'.length) };
  if (isEventStoreDbUrl(option)) return { kind: 'esdb', connectionString: option };
  if (isPostgresUrl(option)) return { kind: 'postgres', connectionString: option };
  throw usageError(`--keys: expected sqlite:<path>, memory:, esdb://... (or kurrentdb://...), postgres://... or none (default: beside the store)`);
};

/** A key store that holds nothing and makes nothing: reading through it leaves personal fields sealed. */
export const noKeys = (name: string): KeyStore => {
  const refused = storeError('unavailable', `no key store (${name}): personal data can be neither written nor read; give --keys`);
  return {
    name,
    getKey: () => async () => E.right({ status: 'none' }),
    keyFor: () => async () => E.left(refused),
    eraseKey: () => async () => E.left(refused),
    listKeys: () => async () => E.right([]),
  };
};

/** What a command needs from the event store it opened to open its keys. */
export interface KeyContext {
  readonly readOnly: boolean;
  /** The EventStoreDB client of the store, for keys kept beside it. */
  readonly esdbClient?: unknown;
  readonly streamPrefix?: string;
}

/** Opens the key store a spec names. */
export const openKeyStore = async (spec: KeySpec, context: KeyContext): Promise<KeyStore> => {
  switch (spec.kind) {
    case 'none':
      return noKeys('none');
    case 'memory':
      return createInMemoryKeyStore();
    case 'sqlite': {
      if (context.readOnly && !existsSync(spec.path)) return noKeys(`sqlite:${spec.path} (missing)`);
      const { createSqliteKeyStore } = await import('@cim-complaints/sqlite');
      const opened = createSqliteKeyStore({ path: spec.path, readOnly: context.readOnly });
      // a reader needs no key for anything but personal fields: without a readable key file it reads them sealed
      if (E.isLeft(opened) && context.readOnly) return noKeys(`sqlite:${spec.path} (unreadable: ${opened.left.message})`);
      if (E.isLeft(opened)) throw failure(`opening the key store sqlite:${spec.path} failed (${opened.left.kind}): ${opened.left.message}`);
      return opened.right;
    }
    case 'esdb': {
      const { connectEventStoreDb, createEventStoreDbKeyStore } = await import('@cim-complaints/eventstoredb');
      if (spec.connectionString === undefined) {
        if (context.esdbClient === undefined) throw usageError('--keys: keys beside an EventStoreDB store need that store; give --keys');
        return createEventStoreDbKeyStore({ client: context.esdbClient as never, ...(context.streamPrefix === undefined ? {} : { complaintStreamPrefix: context.streamPrefix }) });
      }
      const connected = connectEventStoreDb(spec.connectionString);
      if (E.isLeft(connected)) throw usageError(`--keys: ${connected.left.message}`);
      const keys = createEventStoreDbKeyStore({ client: connected.right.client });
      return { ...keys, close: async () => connected.right.close() };
    }
    case 'postgres': {
      const { createPostgresKeyStore } = await import('@cim-complaints/postgres');
      const opened = await createPostgresKeyStore({ connectionString: spec.connectionString, readOnly: context.readOnly })();
      if (E.isLeft(opened)) {
        if (opened.left.kind === 'invalid-argument') throw usageError(`--keys: ${opened.left.message}`);
        throw failure(`opening the key store ${maskPostgresUrl(spec.connectionString)} failed (${opened.left.kind}): ${opened.left.message}`);
      }
      return opened.right;
    }
  }
};

/** The event store with its personal data protected by the key store: sealed on append, opened on read. */
export const withKeys = (store: EventStore, keys: KeyStore): ProtectedEventStore => protectPersonalData(store, keys);
