import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { keyStoreContract } from '@cim-complaints/testing/vitest';
import { createPostgresKeyStore, type PostgresKeyStore } from '../src/index.js';
import { databaseUrl, freshSchema, left, openStore, right, withServer, type TestSchema } from './support.js';

// The shared key-store contract: the keys in `<schema>_keys`, an event store in the test's schema beside them.
if (databaseUrl !== undefined)
  keyStoreContract('postgres', async () => {
    const test = freshSchema('keycontract');
    const open = async () => right(await createPostgresKeyStore({ connectionString: test.url })());
    let keys = await open();
    const events = await openStore({ connectionString: test.url, poolSize: 3 });
    return {
      keys,
      events,
      reopen: async () => {
        await keys.close();
        keys = await open();
        return keys;
      },
      teardown: async () => {
        await keys.close();
        await events.close();
        await test.admin.query(`DROP SCHEMA IF EXISTS "${test.schema}_keys" CASCADE`);
        await test.drop();
      },
    };
  });

withServer(describe)('PostgreSQL key store', () => {
  let test: TestSchema;
  const opened: PostgresKeyStore[] = [];
  const open = async (options: { readOnly?: boolean } = {}) => {
    const keys = right(await createPostgresKeyStore({ connectionString: test.url, clock: () => '2025-03-03T12:00:00Z', ...options })());
    opened.push(keys);
    return keys;
  };

  beforeEach(() => {
    test = freshSchema('keys');
  });
  afterEach(async () => {
    for (const k of opened.splice(0)) await k.close();
    await test.admin.query(`DROP SCHEMA IF EXISTS "${test.schema}_keys" CASCADE`);
    await test.drop();
  });

  describe('when keys are made and erased', () => {
    it('makes one key per subject, the same in every process, and never again once erased', async () => {
      const [a, b] = [await open(), await open()];
      expect(a.schema).toBe(`${test.schema}_keys`);
      const [k1, k2] = await Promise.all([a.keyFor('complainant:c-1')(), b.keyFor('complainant:c-1')()]);
      expect(Buffer.from(right(k1))).toEqual(Buffer.from(right(k2)));
      expect(right(k1)).toHaveLength(32);
      expect(right(await b.eraseKey('complainant:c-1')())).toEqual({ erased: true });
      expect(right(await a.eraseKey('complainant:c-1')())).toEqual({ erased: false });
      expect(right(await a.getKey('complainant:c-1')())).toEqual({ status: 'erased', erasedAt: '2025-03-03T12:00:00Z' });
      expect(left(await a.keyFor('complainant:c-1')()).kind).toBe('invalid-write');
      const stored = await test.admin.query(`SELECT key FROM "${test.schema}_keys".subject_keys WHERE subject = 'complainant:c-1'`);
      expect(stored.rows).toEqual([{ key: null }]);
      expect(right(await a.listKeys()())).toEqual([{ subject: 'complainant:c-1', status: 'erased', createdAt: '2025-03-03T12:00:00Z', erasedAt: '2025-03-03T12:00:00Z' }]);
    });
  });

  describe('when opened read-only', () => {
    it('reads a missing key schema as no keys, creating nothing, and makes no key', async () => {
      const reader = await open({ readOnly: true });
      expect(right(await reader.getKey('complainant:c-1')())).toEqual({ status: 'none' });
      expect(left(await reader.keyFor('complainant:c-1')()).kind).toBe('invalid-write');
      const found = await test.admin.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [`${test.schema}_keys`]);
      expect(found.rowCount).toBe(0);
    });
  });

  describe('when the schema holds other tables', () => {
    it('is refused and left alone', async () => {
      await test.admin.query(`CREATE SCHEMA "${test.schema}_keys"; CREATE TABLE "${test.schema}_keys".other (id int)`);
      const error = left(await createPostgresKeyStore({ connectionString: test.url })());
      expect(error.kind).toBe('invalid-argument');
      expect(error.message).toContain('not a cim-complaints key store');
    });
  });
});
