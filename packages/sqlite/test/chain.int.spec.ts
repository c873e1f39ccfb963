import Database from 'better-sqlite3';
import { createCommandHandler, verifyStore } from '@cim-complaints/core';
import { commands } from '@cim-complaints/testing';
import { envelopesFor } from '@cim-complaints/testing/vitest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SCHEMA_VERSION } from '../src/index.js';
import { batch, openStore, right, tempDir } from './support.js';

let temp: ReturnType<typeof tempDir>;
beforeEach(() => {
  temp = tempDir();
});
afterEach(() => temp.cleanup());

describe('SQLite store: the anchor table', () => {
  describe('when a file was written before the anchor existed (schema version 2)', () => {
    const versionTwoStore = async (path: string): Promise<void> => {
      const store = openStore({ path });
      // a receipt and a letter, without digests, as the first version wrote them
      right(await store.appendToStream('complaint-c-1', 'no-stream', envelopesFor('c-1', 2))());
      await store.close();
      const db = new Database(path);
      db.exec('DROP TABLE anchors; PRAGMA user_version = 2');
      db.close();
    };

    it('reads it read-only with an empty anchor, its events unchained, and changes nothing', async () => {
      const path = temp.file();
      await versionTwoStore(path);
      const reader = openStore({ path, readOnly: true });
      try {
        expect(right(await reader.readAnchors()())).toEqual({ name: 'anchors', ordered: true, entries: [] });
        const verified = right(await verifyStore(reader)());
        expect(verified.breaks).toEqual([]);
        expect(verified.streams).toMatchObject([{ streamId: 'complaint-c-1', unchainedThrough: 1 }]);
      } finally {
        await reader.close();
      }
      const db = new Database(path, { readonly: true });
      expect(db.pragma('user_version', { simple: true })).toBe(2);
      db.close();
    });

    it('adds the table when opened for writing, and anchors the chain the handler then starts', async () => {
      const path = temp.file();
      await versionTwoStore(path);
      const store = openStore({ path });
      try {
        expect(store.database.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
        const handle = createCommandHandler({ store, clock: () => '2025-06-30T12:00:00Z' });
        right(await handle(commands('c-1', '2025-06-02T09:00:00Z').acknowledge())());
        const verified = right(await verifyStore(store)());
        expect(verified.breaks).toEqual([]);
        expect(verified.streams).toMatchObject([{ streamId: 'complaint-c-1', unchainedThrough: 1, head: { revision: 2 }, anchoredThrough: 2 }]);
        expect(right(await store.readAnchors()()).entries).toHaveLength(1);
      } finally {
        await store.close();
      }
    });
  });

  describe('when appends follow one another', () => {
    it('writes one anchor entry per append, in the order of the events’ positions', async () => {
      const store = openStore({ path: temp.file() });
      try {
        right(await store.appendToStream('complaint-c-1', 'no-stream', batch('c-1', 'a', 2))());
        right(await store.appendToStream('complaint-c-2', 'no-stream', batch('c-2', 'b', 1))());
        right(await store.appendToStream('complaint-c-1', 1, batch('c-1', 'c', 3))());
        const rows = store.database.prepare('SELECT sequence, stream_id, revision FROM anchors ORDER BY sequence').all();
        expect(rows).toEqual([
          { sequence: 1, stream_id: 'complaint-c-1', revision: 1 },
          { sequence: 2, stream_id: 'complaint-c-2', revision: 0 },
          { sequence: 3, stream_id: 'complaint-c-1', revision: 4 },
        ]);
      } finally {
        await store.close();
      }
    });
  });
});
