/**
 * Which event store a command works on: `--store`, else `CIM_COMPLAINTS_STORE`, else
 * `sqlite:./cim-complaints.db`. `sqlite:<path>` is the embedded file store, `memory:` lives and
 * dies with the process, `esdb://...` (or `esdb+discover://...`) is EventStoreDB, connected
 * lazily on the first call, `postgres://...` (or `postgresql://...`) is PostgreSQL.
 *
 * @example
 * const spec = resolveStore(options.store, io); // { kind: 'sqlite', path: './cim-complaints.db' }
 * await withStore(spec, { mustExist: true }, async ({ store, name }) => { ... });
 */
import { existsSync, rmSync } from 'node:fs';
import { createInMemoryEventStore, protectPersonalData, type CheckpointStore, type EventStore, type KeyStore, type StoreError } from '@cim-complaints/core';
import { createSqliteCheckpointStore, createSqliteEventStore, type SqliteEventStore } from '@cim-complaints/sqlite';
import * as E from 'fp-ts/lib/Either.js';
import { failure, usageError } from './errors.js';
import { keyFileBeside, openKeyStore, resolveKeys } from './key-selection.js';
import { describeStore, type StoreSpec } from './store-spec.js';

export * from './store-spec.js';

export interface OpenedStore {
  readonly spec: StoreSpec;
  /** The store's name for messages (no credentials). */
  readonly name: string;
  readonly store: EventStore;
  /** The SQLite store itself, for what only it has (its `store_info`). */
  readonly sqlite?: SqliteEventStore;
  /** Where the store keeps its projections' checkpoints and read models (none for `memory:`). */
  readonly checkpoints?: StoreCheckpoints;
  /** C5: the store as stored (personal fields sealed; `store` opens them with `keys`), and the keys (key-selection.ts). */
  readonly sealed?: EventStore;
  readonly keys?: KeyStore;
  readonly close: () => Promise<void>;
}

export interface StoreCheckpoints {
  /** The saved checkpoints, readable even when the store was opened read-only. */
  readonly saved: CheckpointStore;
  /**
   * The same checkpoints opened for writing (a second, short-waiting connection where the store
   * was opened read-only): Left when the file or folder cannot be written or another process
   * holds the write lock, which a reader tells the user and carries on from.
   */
  readonly writable: () => E.Either<StoreError, { readonly checkpoints: CheckpointStore; readonly close: () => Promise<void> }>;
}

/** How long a reader waits for another process's write lock before it gives up saving its read models. */
const SAVE_BUSY_TIMEOUT_MS = 250;

const sqliteCheckpoints = (store: SqliteEventStore, path: string): StoreCheckpoints => ({
  saved: createSqliteCheckpointStore(store),
  writable: () => {
    if (!store.readOnly) return E.right({ checkpoints: createSqliteCheckpointStore(store), close: async () => undefined });
    return E.map((writer: SqliteEventStore) => ({ checkpoints: createSqliteCheckpointStore(writer), close: writer.close }))(
      createSqliteEventStore({ path, busyTimeoutMs: SAVE_BUSY_TIMEOUT_MS }),
    );
  },
});

export interface OpenOptions {
  /** Fail (exit 1) rather than create an empty SQLite file when none exists. */
  readonly mustExist?: boolean;
  /**
   * Open only to read (`replay`, `report`): a SQLite file is neither created, migrated nor
   * switched to WAL, a file that is not a store is refused untouched, and the store can be read
   * from a read-only directory or while another process holds the write lock.
   */
  readonly readOnly?: boolean;
  /** SQLite durability; `normal` for bulk loads that can simply be rerun. */
  readonly synchronous?: 'full' | 'normal';
  /** C5: where the personal-data keys are (`--keys`); default beside the store (key-selection.ts). */
  readonly keys?: string;
}

/** A store failure as one line: what was being done, where, and the store's own words. */
export const storeFailure = (doing: string, name: string, error: StoreError) =>
  failure(`${doing} ${name} failed (${error.kind}): ${oneLine(error.message)}`);

/** Collapses a multi-line message (gRPC errors) into the one line errors are printed on. */
export const oneLine = (text: string): string =>
  text
    .replace(/\s*\n\s*/g, ' ')
    // gRPC ends some messages with an empty "Resolution note:" heading
    .replace(/\s*Resolution note:\s*$/, '')
    .trim();

/**
 * Opens the store a spec names. The EventStoreDB client (gRPC) is loaded only for an `esdb://`
 * store, and `pg` only for a `postgres://` one: a command on a SQLite file pays for neither.
 */
export const openStore = async (spec: StoreSpec, options: OpenOptions = {}): Promise<OpenedStore> => {
  const opened = await openPlainStore(spec, options);
  try {
    // C5: personal data is sealed on the way in and opened on the way out, whatever the store
    const keys = await openKeyStore(resolveKeys(options.keys, spec), { readOnly: options.readOnly === true, ...(spec.kind === 'esdb' ? { esdbClient: (opened.store as { client?: unknown }).client } : {}) });
    const store = protectPersonalData(opened.store, keys);
    return { ...opened, store, sealed: opened.store, keys, close: store.close };
  } catch (error) {
    await opened.close();
    throw error;
  }
};

const openPlainStore = async (spec: StoreSpec, options: OpenOptions): Promise<OpenedStore> => {
  const name = describeStore(spec);
  switch (spec.kind) {
    case 'sqlite': {
      if (options.mustExist === true && !existsSync(spec.path))
        throw failure(`no store at ${name}: the file does not exist (load complaints with exec or demo first, or pass --store)`);
      const opened = createSqliteEventStore({
        path: spec.path,
        ...(options.readOnly === true ? { readOnly: true } : {}),
        ...(options.synchronous === undefined ? {} : { synchronous: options.synchronous }),
      });
      if (E.isLeft(opened)) throw storeFailure('opening', name, opened.left);
      return { spec, name, store: opened.right, sqlite: opened.right, checkpoints: sqliteCheckpoints(opened.right, spec.path), close: opened.right.close };
    }
    case 'memory': {
      const opened = createInMemoryEventStore();
      if (E.isLeft(opened)) throw storeFailure('opening', name, opened.left);
      const store = opened.right;
      return { spec, name, store, close: async () => store.close?.() };
    }
    case 'esdb': {
      const { connectEventStoreDb, createEventStoreDbCheckpointStore } = await import('@cim-complaints/eventstoredb');
      const connected = connectEventStoreDb(spec.connectionString);
      if (E.isLeft(connected)) throw usageError(`--store: ${oneLine(connected.left.message)}`);
      const checkpoints = createEventStoreDbCheckpointStore({ client: connected.right.client, complaintStreamPrefix: connected.right.streamPrefix });
      return {
        spec,
        name,
        store: connected.right,
        checkpoints: { saved: checkpoints, writable: () => E.right({ checkpoints, close: async () => undefined }) },
        close: connected.right.close,
      };
    }
    case 'postgres': {
      const { createPostgresEventStore, createPostgresCheckpointStore } = await import('@cim-complaints/postgres');
      // a reader never creates a store where there was none; the schema and its tables come with the first write
      const opened = await createPostgresEventStore({
        connectionString: spec.connectionString,
        ...(options.readOnly === true || options.mustExist === true ? { create: false } : {}),
      })();
      if (E.isLeft(opened)) {
        if (opened.left.kind === 'invalid-argument') throw usageError(`--store: ${oneLine(opened.left.message)}`);
        throw storeFailure('opening', name, opened.left);
      }
      const store = opened.right;
      const checkpoints = createPostgresCheckpointStore(store);
      return {
        spec,
        name,
        store,
        checkpoints: { saved: checkpoints, writable: () => E.right({ checkpoints, close: async () => undefined }) },
        close: store.close,
      };
    }
  }
};

/** Runs `use` on an opened store and closes it afterwards, whatever happens. */
export const withStore = async <A>(spec: StoreSpec, options: OpenOptions, use: (opened: OpenedStore) => Promise<A>): Promise<A> => {
  const opened = await openStore(spec, options);
  try {
    return await use(opened);
  } finally {
    await opened.close();
  }
};

/** Whether a store holds no events at all. */
export const isEmptyStore = async (opened: OpenedStore): Promise<boolean> => {
  const page = await opened.store.readAll({ maxCount: 1 })();
  if (E.isLeft(page)) throw storeFailure('reading', opened.name, page.left);
  return page.right.events.length === 0;
};

/** Deletes a SQLite store's file with its WAL and shared-memory companions, and the key file beside it (key-selection.ts), if they exist. */
export const removeSqliteFiles = (path: string): void => {
  for (const file of [path, `${path}-wal`, `${path}-shm`, keyFileBeside(path), `${keyFileBeside(path)}-journal`]) rmSync(file, { force: true });
};
