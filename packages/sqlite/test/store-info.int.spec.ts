import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { STORE_INFO_LIMITS, inspectSqliteFile, readStoreInfo, writeStoreInfo, type SqliteEventStore } from '../src/index.js';
import { left, openStore, right, tempDir } from './support.js';

describe('store_info', () => {
  let temp: ReturnType<typeof tempDir>;
  let store: SqliteEventStore;

  beforeEach(() => {
    temp = tempDir();
    store = openStore({ path: temp.file() });
  });
  afterEach(async () => {
    await store.close();
    temp.cleanup();
  });

  it('is empty in a new store', () => {
    expect(right(readStoreInfo(store))).toEqual({});
  });

  it('keeps entries across a reopen, replacing a key written again and keeping the others', async () => {
    right(writeStoreInfo(store, { 'created-by': 'cim-complaints demo', seed: '2025' }));
    right(writeStoreInfo(store, { seed: '2026', 'created-at': '2025-03-03T09:00:00Z' }));
    await store.close();
    store = openStore({ path: temp.file() });
    expect(right(readStoreInfo(store))).toEqual({ 'created-by': 'cim-complaints demo', seed: '2026', 'created-at': '2025-03-03T09:00:00Z' });
    expect(right(inspectSqliteFile(temp.file()))).toMatchObject({ kind: 'store', info: { 'created-by': 'cim-complaints demo', seed: '2026' } });
  });

  it('refuses empty or over-long keys and values, writing none of the entries', () => {
    expect(left(writeStoreInfo(store, { ok: 'yes', '': 'no key' })).kind).toBe('invalid-write');
    expect(left(writeStoreInfo(store, { ok: 'yes', ['k'.repeat(STORE_INFO_LIMITS.keyLength + 1)]: 'v' })).kind).toBe('invalid-write');
    expect(left(writeStoreInfo(store, { ok: 'yes', long: 'v'.repeat(STORE_INFO_LIMITS.valueLength + 1) })).kind).toBe('invalid-write');
    expect(left(writeStoreInfo(store, { ok: 'yes', number: 42 as unknown as string })).kind).toBe('invalid-write');
    expect(right(readStoreInfo(store))).toEqual({});
  });

  it('keeps keys that look like object internals as plain entries', () => {
    right(writeStoreInfo(store, JSON.parse('{"__proto__": "x", "constructor": "y"}') as Record<string, string>));
    const info = right(readStoreInfo(store));
    expect(Object.keys(info).sort()).toEqual(['__proto__', 'constructor']);
    expect(Object.getPrototypeOf(info)).toBe(Object.prototype);
  });
});

describe('store_info in a hand-edited file', () => {
  it('reads every value as text', async () => {
    const temp = tempDir();
    try {
      const store = openStore({ path: temp.file() });
      store.database.exec("INSERT INTO store_info (key, value) VALUES ('number', 42), ('blob', x'6869'), (7, 'seven')");
      expect(right(readStoreInfo(store))).toEqual({ number: '42', blob: 'hi', '7': 'seven' });
      await store.close();
      expect(right(inspectSqliteFile(temp.file()))).toMatchObject({ kind: 'store', info: { number: '42', blob: 'hi', '7': 'seven' } });
    } finally {
      temp.cleanup();
    }
  });
});
