import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeStore, parseStore } from '../src/store-selection.js';
import { cli, postgresSchema, tempDir } from './harness.js';

const AS_OF = '2025-12-31T23:59:59Z';
const databaseUrl = process.env.DATABASE_URL === '' ? undefined : process.env.DATABASE_URL;
if (databaseUrl === undefined) {
  if (process.env.CI === 'true') throw new Error('DATABASE_URL is not set, and under CI the PostgreSQL tests must run');
  console.log('CLI PostgreSQL tests skipped: no DATABASE_URL; set DATABASE_URL=postgres://USER:PASSWORD@127.0.0.1:5432/DATABASE to run them');
}

describe('--store postgres://', () => {
  describe('parsing', () => {
    it.each([
      ['postgres://cim:pw@db.example.org:5432/complaints', 'postgres://db.example.org:5432/complaints'],
      ['postgresql://db.example.org/complaints?schema=cx&sslmode=require', 'postgresql://db.example.org/complaints?schema=cx&sslmode=require'],
      ['postgres://cim@db/x?password=hunter2&schema=cx', 'postgres://db/x?schema=cx'],
      ['postgres://cim:p/a@ss@db/x', 'postgres://db/x'],
    ])('%s reads as %s in messages', (value, shown) => {
      const spec = parseStore(value);
      expect(spec).toEqual({ kind: 'postgres', connectionString: value });
      expect(describeStore(spec)).toBe(shown);
    });

    it('refuses a connection string naming no server, with exit 2', async () => {
      expect(await cli(['report', '--store', 'postgres://'])).toEqual({ code: 2, stdout: '', stderr: 'cim-complaints: --store: "postgres://" names no server, e.g. postgres://user:password@127.0.0.1:5432/complaints\n' });
    });
  });

  describe('when no server answers', () => {
    it('exits 1 with one line naming the store, and never prints the password', async () => {
      const run = await cli(['verify', '--store', 'postgres://cim:s3cret-Pw@127.0.0.1:1/complaints?schema=cx']);
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(/^cim-complaints: opening postgres:\/\/127\.0\.0\.1:1\/complaints\?schema=cx failed \(unavailable\): [^\n]+\n$/);
      expect(run.stderr + run.stdout).not.toContain('s3cret-Pw');
    });
  });

  (databaseUrl === undefined ? describe.skip : describe)('on a real server', () => {
    const { schema, store, admin } = postgresSchema('cli', databaseUrl!);

    it('loads the demo, reports, verifies and replays it as from SQLite, never printing the password', async () => {
      const password = new URL(databaseUrl!).password;
      const secret = (text: string) => (password.length >= 4 ? expect(text).not.toContain(password) : undefined);

      // readers refuse a schema that holds no store, and create nothing
      const missing = await cli(['report', '--store', store(), '--as-of', AS_OF]);
      expect(missing.code).toBe(1);
      expect(missing.stderr).toContain(`no store in schema ${schema}`);
      secret(missing.stderr);

      const demo = await cli(['demo', '--store', store(), '--complaints', '30', '--seed', '7']);
      expect(demo.code, demo.stderr).toBe(0);
      secret(demo.stdout + demo.stderr);
      const sqlite = `sqlite:${join(tempDir(), 'demo.db')}`;
      expect((await cli(['demo', '--store', sqlite, '--complaints', '30', '--seed', '7'])).code).toBe(0);

      const report = await cli(['report', '--store', store(), '--as-of', AS_OF, '--format', 'json']);
      expect(report.code, report.stderr).toBe(0);
      const fromSqlite = await cli(['report', '--store', sqlite, '--as-of', AS_OF, '--format', 'json']);
      expect(JSON.parse(report.stdout)).toEqual(JSON.parse(fromSqlite.stdout));
      // the read models were saved with their checkpoints, and a second report catches up from them
      const saved = await admin().pool.query<{ name: string }>(`SELECT name FROM "${schema}".projections ORDER BY name`);
      expect(saved.rows.length).toBeGreaterThan(0);
      expect(JSON.parse((await cli(['report', '--store', store(), '--as-of', AS_OF, '--format', 'json'])).stdout)).toEqual(JSON.parse(report.stdout));

      const verify = await cli(['verify', '--store', store(), '--json']);
      expect(verify.code, verify.stdout + verify.stderr).toBe(0);
      expect(JSON.parse(verify.stdout)).toMatchObject({ intact: true });

      const complaintId = /cim-complaints replay (\S+)/.exec(demo.stdout)?.[1];
      expect(complaintId).toBeDefined();
      const replay = await cli(['replay', complaintId!, '--store', store(), '--as-of', AS_OF, '--format', 'json']);
      expect(replay.code, replay.stderr).toBe(0);
      // the same case, read the same way; only what sealing made random differs (sealed-field refs, and so the digests), and the store's and the anchor's names
      const random = (text: string) =>
        JSON.parse(text, (key, value: unknown) => (key === 'ref' || key === 'store' || /digest|head/i.test(key) || (key === 'name' && typeof value === 'string' && value.endsWith('anchors')) ? '*' : value));
      expect(random(replay.stdout)).toEqual(random((await cli(['replay', complaintId!, '--store', sqlite, '--as-of', AS_OF, '--format', 'json'])).stdout));

      const audit = await cli(['audit', '--store', store(), '--as-of', AS_OF, '--json']);
      expect(random(audit.stdout)).toEqual(random((await cli(['audit', '--store', sqlite, '--as-of', AS_OF, '--json'])).stdout));

      // the demo loads a new store only
      const again = await cli(['demo', '--store', store(), '--complaints', '30', '--seed', '7']);
      expect(again.code).toBe(1);
      expect(again.stderr).toContain('already holds events');
      secret(again.stderr);
    }, 120_000);

    it('edits behind its back show in verify', async () => {
      await admin().pool.query(`UPDATE "${schema}".events SET data = json_build_object('edited', true) WHERE position = (SELECT min(position) + 3 FROM "${schema}".events)`);
      const verify = await cli(['verify', '--store', store(), '--json']);
      expect(verify.code).toBe(1);
      expect(JSON.parse(verify.stdout)).toMatchObject({ intact: false });
    });
  });
});
