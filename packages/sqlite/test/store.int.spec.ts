import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type RecordedEvent } from '@cim-complaints/core';
import { createSqliteEventStore, SCHEMA_VERSION, type SqliteEventStore } from '../src/index.js';
import { batch, left, openStore, right, tempDir, waitFor } from './support.js';

describe('SQLite event store', () => {
  let temp: ReturnType<typeof tempDir>;
  let store: SqliteEventStore;

  beforeEach(() => {
    temp = tempDir();
    store = openStore({ path: temp.file(), pollIntervalMs: 20 });
  });
  afterEach(async () => {
    await store.close();
    temp.cleanup();
  });

  describe('when a file is opened', () => {
    it('creates the tables, records the schema version and uses WAL', () => {
      const db = new Database(temp.file(), { readonly: true });
      try {
        expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
        expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
        const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all();
        expect(tables).toEqual(expect.arrayContaining(['events', 'projections']));
      } finally {
        db.close();
      }
    });

    it('keeps what was written when opened again, and migrates nothing twice', async () => {
      right(await store.appendToStream('complaint-c-1', 'no-stream', batch('c-1', 'cmd-1', 2))());
      await store.close();
      store = openStore({ path: temp.file() });
      const read = right(await store.readStream('complaint-c-1')());
      expect(read.revision).toBe(1);
      expect(read.events.map((e) => e.event)).toEqual(batch('c-1', 'cmd-1', 2));
    });

    it('refuses a file written by a newer schema version', async () => {
      await store.close();
      const db = new Database(temp.file());
      db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
      db.close();
      const opened = left(createSqliteEventStore({ path: temp.file() }));
      expect(opened.kind).toBe('unknown');
      expect(opened.message).toContain(`schema version ${SCHEMA_VERSION + 1}`);
      store = openStore({ path: temp.file('other.db') });
    });

    it('refuses both or neither of path and database', () => {
      expect(left(createSqliteEventStore({})).kind).toBe('invalid-write');
    });

    it('leaves a connection it was given open when closed', async () => {
      const db = new Database(temp.file('given.db'));
      const given = openStore({ database: db });
      right(await given.appendToStream('complaint-c-1', 'no-stream', batch('c-1', 'cmd-1'))());
      await given.close();
      expect(db.open).toBe(true);
      expect(db.prepare('SELECT COUNT(*) FROM events').pluck().get()).toBe(1);
      db.close();
    });
  });

  describe('when an event id is already stored in another stream', () => {
    it('refuses the batch as an invalid write and writes none of it', async () => {
      right(await store.appendToStream('complaint-c-1', 'no-stream', batch('c-1', 'cmd-1'))());
      const error = left(await store.appendToStream('complaint-c-2', 'no-stream', batch('c-1', 'cmd-1'))());
      expect(error).toMatchObject({ kind: 'invalid-write', streamId: 'complaint-c-2', existingStreamId: 'complaint-c-1' });
      expect(error.message).toMatch(/^event id \S+ is already stored in another stream \(complaint-c-1\)$/);
      expect(right(await store.readStream('complaint-c-2')()).revision).toBe('no-stream');
    });
  });

  describe('when a batch breaks a constraint part way', () => {
    it('writes none of it', async () => {
      right(await store.appendToStream('complaint-c-1', 'no-stream', batch('c-1', 'cmd-1'))());
      const twice = [...batch('c-1', 'cmd-2', 2), batch('c-1', 'cmd-2', 1)[0]!];
      const error = left(await store.appendToStream('complaint-c-1', 0, twice)());
      expect(error.kind).toBe('invalid-write');
      expect(right(await store.readStream('complaint-c-1')()).revision).toBe(0);
      expect(right(await store.readAll()()).events).toHaveLength(1);
    });
  });

  describe('when another connection holds the write lock past the busy timeout', () => {
    it('fails the append as unavailable and writes nothing', async () => {
      const blocker = new Database(temp.file());
      const waiting = openStore({ path: temp.file(), busyTimeoutMs: 50 });
      try {
        blocker.exec('BEGIN IMMEDIATE');
        const error = left(await waiting.appendToStream('complaint-c-1', 'no-stream', batch('c-1', 'cmd-1'))());
        expect(error.kind).toBe('unavailable');
        expect(error.message).toContain('SQLITE_BUSY');
        blocker.exec('ROLLBACK');
        right(await waiting.appendToStream('complaint-c-1', 'no-stream', batch('c-1', 'cmd-1'))());
      } finally {
        await waiting.close();
        blocker.close();
      }
    });
  });

  describe('when a writer that skipped BEGIN IMMEDIATE takes the revision mid-append', () => {
    it('maps the (stream_id, revision) clash to a conflict and writes nothing', async () => {
      right(await store.appendToStream('complaint-c-1', 'no-stream', batch('c-1', 'cmd-1'))());
      // A trigger stands in for the racing writer: it takes the revision just before our insert.
      store.database.exec(`
        CREATE TEMP TRIGGER racer BEFORE INSERT ON events WHEN NEW.event_id NOT LIKE 'racer-%'
        BEGIN
          INSERT INTO events (stream_id, revision, event_id, type, data, metadata, recorded_at)
          VALUES (NEW.stream_id, NEW.revision, 'racer-' || NEW.event_id, NEW.type, NEW.data, NEW.metadata, NEW.recorded_at);
        END`);
      const error = left(await store.appendToStream('complaint-c-1', 0, batch('c-1', 'cmd-2', 2))());
      store.database.exec('DROP TRIGGER racer');
      expect(error).toMatchObject({ kind: 'conflict', streamId: 'complaint-c-1', expected: 0, actual: 0 });
      expect(right(await store.readAll()()).events).toHaveLength(1);
    });
  });

  describe('when closed', () => {
    it('answers every call as unavailable', async () => {
      await store.close();
      expect(left(await store.readStream('complaint-c-1')()).kind).toBe('unavailable');
      expect(left(await store.readAll()()).kind).toBe('unavailable');
      expect(left(await store.appendToStream('complaint-c-1', 'no-stream', batch('c-1', 'cmd-1'))()).kind).toBe('unavailable');
    });
  });

  describe('when another process appends', () => {
    it('reaches a subscription by polling the global position', async () => {
      const other = openStore({ path: temp.file() });
      const seen: RecordedEvent[] = [];
      let caughtUp = 0;
      const subscription = store.subscribeToAll({ onEvent: (e) => void seen.push(e), onCaughtUp: () => (caughtUp += 1) });
      try {
        await waitFor('the first caught-up', () => caughtUp === 1);
        right(await other.appendToStream('complaint-c-1', 'no-stream', batch('c-1', 'cmd-1', 3))());
        await waitFor('three events from the other connection', () => seen.length === 3);
        expect(seen.map((e) => [e.revision, e.position])).toEqual([
          [0, 1n],
          [1, 2n],
          [2, 3n],
        ]);
      } finally {
        await subscription.close();
        await other.close();
      }
    });
  });
});
