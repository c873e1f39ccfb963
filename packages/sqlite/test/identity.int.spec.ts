import { existsSync, writeFileSync, statSync } from 'node:fs';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  SCHEMA_VERSION,
  STORE_APPLICATION_ID,
  createSqliteEventStore,
  inspectSqliteFile,
  readStoreInfo,
  refusedFile,
  writeStoreInfo,
  type SqliteOpenError,
} from '../src/index.js';
import { batch, left, openStore, right, tempDir } from './support.js';
import { directoryState, listing, modeOf, plant, withoutReadOnlyCompanions } from './files.js';

describe('SQLite store identity', () => {
  let temp: ReturnType<typeof tempDir>;

  beforeEach(() => {
    temp = tempDir();
  });
  afterEach(() => {
    temp.cleanup();
  });

  /**
   * Opens `path` writable, then read-only: both must be refused, leaving every file in the folder
   * as it was; read-only, SQLite may add an empty -wal and a -shm beside a WAL-mode file in this
   * writable folder (not in a read-only one: read-only.e2e.spec.ts).
   */
  const refusedBothWays = (path: string): { readOnly: SqliteOpenError; writable: SqliteOpenError } => {
    const before = directoryState(temp.dir);
    const writable = left(createSqliteEventStore({ path }));
    expect(directoryState(temp.dir)).toEqual(before);
    const readOnly = left(createSqliteEventStore({ path, readOnly: true }));
    expect(withoutReadOnlyCompanions(directoryState(temp.dir), before)).toEqual(before);
    return { readOnly, writable };
  };

  /** A store with events, then made to look like a file of schema version 1 (before application_id and store_info). */
  const versionOneStore = async (path: string, journal: 'wal' | 'delete' = 'wal'): Promise<void> => {
    const store = openStore({ path });
    right(await store.appendToStream('complaint-c-1', 'no-stream', batch('c-1', 'cmd-1', 2))());
    await store.close();
    const db = new Database(path);
    db.exec('DROP TABLE store_info; PRAGMA application_id = 0; PRAGMA user_version = 1');
    db.pragma(`journal_mode = ${journal}`);
    db.close();
  };

  describe('when the file is not a SQLite database', () => {
    it.each([
      ['a text file', plant.text],
      ['random bytes', plant.randomBytes],
    ])('refuses %s either way, as not-sqlite, and leaves it as it was', (_what, make) => {
      const path = temp.file('notes.db');
      make(path);
      const { readOnly, writable } = refusedBothWays(path);
      for (const error of [readOnly, writable]) {
        expect(error.kind).toBe('unknown');
        expect(error.found).toEqual({ kind: 'not-sqlite', path, bytes: statSync(path).size });
        expect(error.message).toBe(`${path} is not a cim-complaints store: it is not a SQLite database (${statSync(path).size} bytes without the SQLite header)`);
      }
      expect(right(inspectSqliteFile(path))).toEqual({ kind: 'not-sqlite', path, bytes: statSync(path).size });
    });
  });

  describe("when the file is someone else's SQLite database", () => {
    it.each(['delete', 'wal'] as const)('refuses it (journal mode %s) either way, naming its tables, and changes nothing', (journal) => {
      const path = temp.file('theirs.db');
      plant.foreign(path, journal);
      const { readOnly, writable } = refusedBothWays(path);
      for (const error of [readOnly, writable]) {
        expect(error.kind).toBe('unknown');
        expect(error.found).toEqual({ kind: 'foreign-sqlite', path, tables: ['notes', 'people'], applicationId: 0, userVersion: 0 });
        expect(error.message).toBe(`${path} is not a cim-complaints store: it is a SQLite database with other tables ("notes", "people")`);
        expect(refusedFile(error)?.kind).toBe('foreign-sqlite');
      }
      const db = new Database(path, { readonly: true });
      expect(db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name").pluck().all()).toEqual(['notes', 'people']);
      db.close();
    });

    it('refuses a file with our table names but another application id', async () => {
      const path = temp.file('lookalike.db');
      await versionOneStore(path);
      const db = new Database(path);
      db.pragma('application_id = 1234');
      db.close();
      const { writable } = refusedBothWays(path);
      expect(writable.found).toMatchObject({ kind: 'foreign-sqlite', applicationId: 1234, userVersion: 1 });
      expect(writable.message).toContain('application_id 0x000004d2, user_version 1');
    });

    it('quotes hostile table names and lists only a few', () => {
      const path = temp.file('hostile.db');
      const db = new Database(path);
      db.exec('CREATE TABLE "\u001b[2Jgotcha\nline" (x)');
      for (let i = 0; i < 12; i += 1) db.exec(`CREATE TABLE t${String(i).padStart(2, '0')} (x)`);
      db.close();
      const error = left(createSqliteEventStore({ path }));
      expect([...error.message].filter((c) => c.charCodeAt(0) < 0x20)).toEqual([]);
      expect(error.message).toContain('"\\u001b[2Jgotcha\\nline"');
      expect(error.message).toMatch(/and 5 more\)$/);
    });
  });

  describe('when the file was written by a newer version of this library', () => {
    it('refuses it either way as newer-schema, and leaves it as it was', async () => {
      const path = temp.file();
      await openStore({ path }).close();
      const db = new Database(path);
      db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
      db.close();
      const { readOnly, writable } = refusedBothWays(path);
      for (const error of [readOnly, writable]) {
        expect(error.kind).toBe('unknown');
        expect(error.found).toEqual({ kind: 'newer-schema', path, schemaVersion: SCHEMA_VERSION + 1, supportedVersion: SCHEMA_VERSION });
        expect(error.message).toBe(`${path} has schema version ${SCHEMA_VERSION + 1}; this library knows up to ${SCHEMA_VERSION}: upgrade @cim-complaints/sqlite`);
      }
      expect(right(inspectSqliteFile(path)).kind).toBe('newer-schema');
    });
  });

  describe('when the file is empty (0 bytes)', () => {
    it('refuses it read-only as empty, leaving it empty', () => {
      const path = temp.file();
      writeFileSync(path, '');
      const before = directoryState(temp.dir);
      const error = left(createSqliteEventStore({ path, readOnly: true }));
      expect(error).toMatchObject({ kind: 'unknown', found: { kind: 'empty', path, bytes: 0 } });
      expect(error.message).toBe(`${path} is empty, not a cim-complaints store`);
      expect(directoryState(temp.dir)).toEqual(before);
      expect(right(inspectSqliteFile(path))).toEqual({ kind: 'empty', path, bytes: 0 });
    });

    it('initialises it as a new store when writable', async () => {
      const path = temp.file();
      writeFileSync(path, '');
      const store = openStore({ path });
      right(await store.appendToStream('complaint-c-1', 'no-stream', batch('c-1', 'cmd-1'))());
      await store.close();
      expect(right(inspectSqliteFile(path))).toEqual({ kind: 'store', path, schemaVersion: SCHEMA_VERSION, info: {} });
    });

    it('initialises a SQLite file with nothing in it yet (a creation interrupted before its first migration)', async () => {
      const path = temp.file();
      const blank = new Database(path);
      blank.pragma('journal_mode = WAL');
      blank.close();
      expect(right(inspectSqliteFile(path))).toMatchObject({ kind: 'empty', path });
      expect(left(createSqliteEventStore({ path, readOnly: true })).message).toBe(
        `${path} is empty, not a cim-complaints store (a SQLite database with no tables)`,
      );
      await openStore({ path }).close();
      expect(right(inspectSqliteFile(path)).kind).toBe('store');
    });
  });

  describe('when there is no file', () => {
    it('says there is no store read-only, and creates nothing', () => {
      const path = temp.file();
      const error = left(createSqliteEventStore({ path, readOnly: true }));
      expect(error).toMatchObject({ kind: 'unavailable', found: { kind: 'missing', path } });
      expect(error.message).toBe(`no store at ${path}: the file does not exist`);
      expect(listing(temp.dir)).toEqual([]);
      expect(right(inspectSqliteFile(path))).toEqual({ kind: 'missing', path });
      expect(existsSync(path)).toBe(false);
    });

    it('creates the store when writable, stamped with the application id', async () => {
      const path = temp.file();
      await openStore({ path }).close();
      const db = new Database(path, { readonly: true });
      expect(db.pragma('application_id', { simple: true })).toBe(STORE_APPLICATION_ID);
      expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
      db.close();
    });
  });

  describe('when the file is a store written before the application id (schema version 1)', () => {
    it('reads it read-only as it is, and brings it to the current version when writable', async () => {
      const path = temp.file();
      await versionOneStore(path);
      expect(right(inspectSqliteFile(path))).toEqual({ kind: 'store', path, schemaVersion: 1, info: {} });

      const reader = openStore({ path, readOnly: true });
      expect(right(await reader.readStream('complaint-c-1')()).revision).toBe(1);
      expect(right(readStoreInfo(reader))).toEqual({});
      await reader.close();
      expect(right(inspectSqliteFile(path)).kind).toBe('store');
      const unchanged = new Database(path, { readonly: true });
      expect([unchanged.pragma('user_version', { simple: true }), unchanged.pragma('application_id', { simple: true })]).toEqual([1, 0]);
      unchanged.close();

      const writer = openStore({ path });
      expect(right(await writer.readStream('complaint-c-1')()).revision).toBe(1);
      right(writeStoreInfo(writer, { 'created-by': 'a test' }));
      await writer.close();
      expect(right(inspectSqliteFile(path))).toEqual({ kind: 'store', path, schemaVersion: SCHEMA_VERSION, info: { 'created-by': 'a test' } });
    });
  });

  describe('inspectSqliteFile', () => {
    it('tells a store by its schema version and store_info entries', async () => {
      const path = temp.file();
      const store = openStore({ path });
      right(writeStoreInfo(store, { 'created-by': 'cim-complaints demo', seed: '2025' }));
      await store.close();
      expect(right(inspectSqliteFile(path))).toEqual({
        kind: 'store',
        path,
        schemaVersion: SCHEMA_VERSION,
        info: { 'created-by': 'cim-complaints demo', seed: '2025' },
      });
    });

    it('cannot inspect a directory', () => {
      const error = left(inspectSqliteFile(temp.dir));
      expect(error).toMatchObject({ kind: 'unavailable', message: `${temp.dir} is a directory, not a cim-complaints store` });
      expect(left(createSqliteEventStore({ path: temp.dir })).kind).toBe('unavailable');
    });

    it('changes neither the bytes nor the files of a store in rollback-journal mode', async () => {
      const path = temp.file();
      await versionOneStore(path, 'delete');
      const before = directoryState(temp.dir);
      expect(right(inspectSqliteFile(path)).kind).toBe('store');
      expect(directoryState(temp.dir)).toEqual(before);
      expect(modeOf(path)).toBe(Number.parseInt(before['events.db']!.mode, 8));
    });
  });
});
