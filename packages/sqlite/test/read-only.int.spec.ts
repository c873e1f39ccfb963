import { chmodSync } from 'node:fs';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RecordedEvent } from '@cim-complaints/core';
import { createSqliteCheckpointStore, inspectSqliteFile, readStoreInfo, writeStoreInfo, type SqliteEventStore } from '../src/index.js';
import { batch, left, openStore, right, tempDir, waitFor } from './support.js';
import { directoryState, listing, modeOf, sha256, withoutReadOnlyCompanions } from './files.js';
import { startWorker, type Worker } from './processes.js';

// Cases a child process of another user must show (a directory this process cannot write, a
// file mode that binds) are in read-only.e2e.spec.ts; here the store is read by this process.
describe('SQLite event store opened read-only', () => {
  let temp: ReturnType<typeof tempDir>;
  let path: string;
  const open: SqliteEventStore[] = [];
  const workers: Worker[] = [];

  /** A closed store with three events in two streams and a store_info entry. */
  const writeStore = async (): Promise<void> => {
    const store = openStore({ path });
    right(await store.appendToStream('complaint-c-1', 'no-stream', batch('c-1', 'cmd-1', 2))());
    right(await store.appendToStream('complaint-c-2', 'no-stream', batch('c-2', 'cmd-2', 1))());
    right(writeStoreInfo(store, { 'created-by': 'read-only spec' }));
    await store.close();
  };

  const reader = (options: { busyTimeoutMs?: number; pollIntervalMs?: number } = {}): SqliteEventStore => {
    const store = openStore({ path, readOnly: true, ...options });
    open.push(store);
    return store;
  };

  beforeEach(async () => {
    temp = tempDir();
    path = temp.file();
    await writeStore();
  });
  afterEach(async () => {
    for (const w of workers.splice(0)) if (w.child.exitCode === null && w.child.signalCode === null) w.child.kill('SIGKILL');
    for (const s of open.splice(0)) await s.close();
    temp.cleanup();
  });

  it('opens a read-only connection and reads what was written', async () => {
    const store = reader();
    expect(store.readOnly).toBe(true);
    expect(store.database.readonly).toBe(true);
    const read = right(await store.readStream('complaint-c-1')());
    expect(read.revision).toBe(1);
    expect(read.events.map((e) => e.event)).toEqual(batch('c-1', 'cmd-1', 2));
    expect(right(await store.readAll()()).events.map((e) => e.position)).toEqual([1n, 2n, 3n]);
    expect(right(readStoreInfo(store))).toEqual({ 'created-by': 'read-only spec' });
  });

  it('refuses appends as invalid-write, saying why, and writes nothing', async () => {
    const store = reader();
    const before = sha256(path);
    const error = left(await store.appendToStream('complaint-c-3', 'no-stream', batch('c-3', 'cmd-3'))());
    expect(error).toMatchObject({ kind: 'invalid-write', streamId: 'complaint-c-3', message: `${path} was opened read-only: appends are refused` });
    expect(left(writeStoreInfo(store, { other: 'value' }))).toMatchObject({ kind: 'invalid-write' });
    expect(right(await store.readStream('complaint-c-3')()).revision).toBe('no-stream');
    expect(sha256(path)).toBe(before);
  });

  it('lets projection checkpoints load but not save', async () => {
    const writer = openStore({ path });
    right(await createSqliteCheckpointStore(writer).save('counting.v1', 3n, { events: 3 })());
    await writer.close();
    const checkpoints = createSqliteCheckpointStore(reader());
    expect(right(await checkpoints.load('counting.v1')())).toEqual({ position: 3n, state: { events: 3 } });
    const error = left(await checkpoints.save('counting.v1', 4n, { events: 4 })());
    expect(error).toMatchObject({ kind: 'invalid-write' });
    expect(error.message).toContain('opened read-only');
  });

  it('sees appends by a writer in another connection, through a subscription', async () => {
    const store = reader({ pollIntervalMs: 20 });
    expect(store.database.readonly).toBe(true);
    const seen: RecordedEvent[] = [];
    const subscription = store.subscribeToAll({ onEvent: (e) => void seen.push(e) });
    const writer = openStore({ path });
    try {
      await waitFor('the three stored events', () => seen.length === 3);
      right(await writer.appendToStream('complaint-c-1', 1, batch('c-1', 'cmd-4'))());
      await waitFor("the writer's event", () => seen.length === 4);
      expect(seen[3]!.position).toBe(4n);
    } finally {
      await subscription.close();
      await writer.close();
    }
  });

  describe('the file it opens', () => {
    it('keeps its bytes; in a writable folder SQLite may leave only an empty -wal and a -shm beside a WAL file', async () => {
      const before = directoryState(temp.dir);
      expect(Object.keys(before)).toEqual(['events.db']);
      const store = reader();
      right(await store.readAll()());
      expect(right(inspectSqliteFile(path)).kind).toBe('store');
      await store.close();
      // SQLite reads a WAL file through a -wal and a -shm, creates them when it may, and a
      // read-only connection cannot remove them when it closes (README, "Read-only").
      expect(withoutReadOnlyCompanions(directoryState(temp.dir), before)).toEqual(before);
    });

    it('is never migrated nor switched to WAL', async () => {
      const db = new Database(path);
      db.pragma('journal_mode = DELETE');
      db.exec('DROP TABLE store_info; PRAGMA application_id = 0; PRAGMA user_version = 1');
      db.close();
      const before = directoryState(temp.dir);
      const store = reader();
      expect(right(await store.readStream('complaint-c-1')()).revision).toBe(1);
      await store.close();
      // A rollback-journal file needs no companion files to be read: nothing at all changed.
      expect(directoryState(temp.dir)).toEqual(before);
      const after = new Database(path, { readonly: true });
      expect([after.pragma('journal_mode', { simple: true }), after.pragma('user_version', { simple: true })]).toEqual(['delete', 1]);
      after.close();
    });

    // Root ignores file modes, so run as root this only shows the mode is kept; read-only.e2e.spec.ts reads it as another user.
    it('keeps a read-only mode, and is read all the same', async () => {
      chmodSync(path, 0o444);
      const bytes = sha256(path);
      const store = reader();
      expect(store.database.readonly).toBe(true);
      expect(right(await store.readAll()()).events).toHaveLength(3);
      await store.close();
      expect(modeOf(path)).toBe(0o444);
      expect(sha256(path)).toBe(bytes);
    });
  });

  describe('while another process holds the write lock', () => {
    it('opens, reads the committed events without waiting, and changes no file', async () => {
      const holder = startWorker('lock-holder.mjs', [path]);
      workers.push(holder);
      await waitFor('the other process to take the write lock', () => holder.lines.includes('locked') || holder.child.exitCode !== null, 10_000);
      expect(holder.child.exitCode, holder.stderr()).toBeNull();
      // The holder's connection keeps -wal and -shm beside the file: reading adds none.
      const before = { files: listing(temp.dir), bytes: sha256(path) };
      const started = Date.now();
      const store = reader({ busyTimeoutMs: 200 });
      expect(right(await store.readAll()()).events).toHaveLength(3);
      expect(right(readStoreInfo(store))).toEqual({ 'created-by': 'read-only spec' });
      expect(right(inspectSqliteFile(path, { busyTimeoutMs: 200 })).kind).toBe('store');
      expect(left(await store.appendToStream('complaint-c-3', 'no-stream', batch('c-3', 'cmd-3'))()).kind).toBe('invalid-write');
      await store.close();
      expect(Date.now() - started).toBeLessThan(2_000);
      expect({ files: listing(temp.dir), bytes: sha256(path) }).toEqual(before);
      holder.child.stdin.write('release\n');
      expect((await holder.exited).code).toBe(0);
    });
  });
});
