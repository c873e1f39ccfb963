// `copy`: every event exactly as stored, the anchor and the keys, from one store into another;
// resumable, refusing a non-empty target or a source that does not verify, and checked by
// verifying both sides. PostgreSQL targets are covered where DATABASE_URL names a server.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createSqliteEventStore } from '@cim-complaints/sqlite';
import * as E from 'fp-ts/lib/Either.js';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { copyStore, verifySource } from '../src/copy/copy.js';
import { openStore, parseStore } from '../src/store-selection.js';
import { StandInEventStoreServer } from '../../eventstoredb/test/stand-in-server/stand-in-server.js';
import { cli, postgresSchema, tempDir } from './harness.js';

const demoDir = () => tempDir('file');
let source = '';
let sourcePath = '';

/** The rows of a SQLite store as stored, in global order: what a copy must reproduce. */
const rowsOf = (path: string) => {
  const opened = createSqliteEventStore({ path, readOnly: true });
  if (E.isLeft(opened)) throw new Error(opened.left.message);
  const db = opened.right.database;
  try {
    return {
      events: db.prepare('SELECT stream_id, revision, event_id, type, data, metadata, recorded_at FROM events ORDER BY position').all(),
      anchors: db.prepare('SELECT sequence, stream_id, revision, digest, previous, anchor FROM anchors ORDER BY sequence').all(),
    };
  } finally {
    db.close();
  }
};

const verifyJson = async (store: string) => {
  const run = await cli(['verify', '--store', store, '--json']);
  expect(run.code).toBe(0);
  const verified = JSON.parse(run.stdout) as { intact: boolean; heads: { anchor: { name?: string; sequence?: number } } };
  // where the anchor is kept and how its entries are numbered differ from store to store (a table from 1, a stream from 0); its digests must not
  delete verified.heads.anchor.name;
  delete verified.heads.anchor.sequence;
  return verified;
};

const reportJson = async (store: string) => {
  const run = await cli(['report', '--store', store, '--format', 'json', '--as-of', '2025-12-31T23:59:59Z']);
  expect(run.code).toBe(0);
  // the report names its store; everything else must be the same
  return run.stdout.replaceAll(store, 'STORE');
};

beforeAll(async () => {
  sourcePath = join(demoDir(), 'source.db');
  source = `sqlite:${sourcePath}`;
  const demo = await cli(['demo', '--store', source, '--complaints', '30', '--seed', '11']);
  expect(demo.code).toBe(0);
}, 120_000);

describe('copy', () => {
  describe('from a SQLite store into a new one', () => {
    it('writes every event and anchor entry exactly as stored, with the keys, and both verify with the same heads', async () => {
      const target = join(tempDir(), 'copy.db');
      const run = await cli(['copy', '--from', source, '--to', `sqlite:${target}`]);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/^Verified sqlite:.*source\.db: intact, [\d,]+ event\(s\) in 30 stream\(s\), anchor head sha256:[0-9a-f]{64}\n/);
      expect(run.stdout).toMatch(/\nKeys: 30 subject\(s\): 30 imported, 0 unchanged, 0 erased, 0 kept-erased\n/);
      expect(run.stdout).toMatch(/\nVerified sqlite:.*copy\.db: intact, the same 30 stream head\(s\) and anchor head sha256:[0-9a-f]{64}\n$/);
      // the rows themselves: the same text, ids and anchor, byte for byte
      expect(rowsOf(target)).toEqual(rowsOf(sourcePath));
      expect((await verifyJson(`sqlite:${target}`)).heads).toEqual((await verifyJson(source)).heads);
      expect(await reportJson(`sqlite:${target}`)).toBe(await reportJson(source));
      // the keys came too: the personal data opens in the copy as in the source
      const replay = async (store: string) => (await cli(['replay', 'CIM-2025-0003', '--store', store, '--json', '--as', 'quality-and-complaints-manager'])).stdout;
      const opened = await replay(`sqlite:${target}`);
      expect(opened).toBe(await replay(source));
      const name = (JSON.parse(opened) as { state: { complainant: { name: string } } }).state.complainant.name;
      expect(name).not.toMatch(/redacted|sealed|erased/);
      // and nothing personal is in the copy's bytes: it was copied sealed
      expect(readFileSync(target).includes(Buffer.from(name))).toBe(false);
    });

    it('prints JSON with --json', async () => {
      const run = await cli(['copy', '--from', source, '--to', `sqlite:${join(tempDir(), 'copy.db')}`, '--json']);
      expect(run.code).toBe(0);
      const outcome = JSON.parse(run.stdout) as Record<string, unknown>;
      expect(outcome).toMatchObject({ sameHeads: true, differences: [], sourceGrew: false, alreadyThere: { events: 0, anchors: 0 }, target: { intact: true, streams: 30 } });
      expect((outcome['copied'] as { events: number }).events).toBe((outcome['source'] as { events: number }).events);
    });
  });

  describe('refusals', () => {
    it('refuses a target that is not empty without --continue, writing nothing', async () => {
      const target = join(tempDir(), 'other.db');
      expect((await cli(['exec', '--store', `sqlite:${target}`, '--file', fileURLToPath(new URL('../../../examples/commands.jsonl', import.meta.url))])).code).toBeLessThanOrEqual(1);
      const before = rowsOf(target);
      const run = await cli(['copy', '--from', source, '--to', `sqlite:${target}`]);
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(/is not empty: copy writes only into an empty store, or goes on with an earlier copy into it with --continue; nothing was copied/);
      expect(rowsOf(target)).toEqual(before);
      // nor goes on with it: it is not a copy of the source
      const resumed = await cli(['copy', '--from', source, '--to', `sqlite:${target}`, '--continue']);
      expect(resumed.code).toBe(1);
      expect(resumed.stderr).toMatch(/is not a copy of/);
      expect(rowsOf(target)).toEqual(before);
    });

    it('refuses a source that does not verify, naming the break, and creates no target', async () => {
      const dir = tempDir();
      const broken = join(dir, 'broken.db');
      expect((await cli(['copy', '--from', source, '--to', `sqlite:${broken}`])).code).toBe(0);
      const edited = createSqliteEventStore({ path: broken });
      if (E.isLeft(edited)) throw new Error(edited.left.message);
      edited.right.database.prepare("UPDATE events SET data = replace(data, '\"channel\":\"email\"', '\"channel\":\"phone\"') WHERE position = 5").run();
      await edited.right.close();
      const target = join(dir, 'never.db');
      const run = await cli(['copy', '--from', `sqlite:${broken}`, '--to', `sqlite:${target}`]);
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(/does not verify \(\d+ break\(s\): changed at complaint-CIM-2025-\d+@\d+.*nothing was copied; run verify on it for the details/);
      expect(() => readFileSync(target)).toThrow();
    });

    it('refuses the same store on both sides, and memory: on either', async () => {
      expect((await cli(['copy', '--from', source, '--to', source])).stderr).toMatch(/--from and --to are the same store/);
      expect((await cli(['copy', '--from', source, '--to', 'memory:'])).code).toBe(2);
      expect((await cli(['copy', '--from', 'memory:', '--to', source])).code).toBe(2);
    });
  });

  describe('when a copy is interrupted', () => {
    it('goes on with --continue from where it stopped, and ends with the same rows', async () => {
      const target = join(tempDir(), 'partial.db');
      const from = await openStore(parseStore(source), { readOnly: true, mustExist: true });
      const to = await openStore(parseStore(`sqlite:${target}`));
      let imports = 0;
      const sealed = to.sealed!;
      const failing = {
        ...to,
        sealed: {
          ...sealed,
          // the third import fails as a lost connection would: two pages are in, the rest not
          importStored: (batch: Parameters<NonNullable<typeof sealed.importStored>>[0]) => {
            imports += 1;
            return imports === 3 ? async () => E.left({ _tag: 'StoreError' as const, kind: 'unavailable' as const, message: 'the connection was lost' }) : sealed.importStored!(batch);
          },
        },
      };
      try {
        await expect(copyStore(from, await verifySource(from), failing, { resume: false, pageSize: 20 })).rejects.toThrow(/the connection was lost/);
      } finally {
        await from.close();
        await to.close();
      }
      const partial = rowsOf(target);
      expect(partial.events.length).toBe(40);
      expect(partial.anchors.length).toBeGreaterThan(0);
      expect((await cli(['copy', '--from', source, '--to', `sqlite:${target}`])).code).toBe(1);
      const run = await cli(['copy', '--from', source, '--to', `sqlite:${target}`, '--continue']);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/\(40 event\(s\) and \d+ anchor entries were there from an earlier copy\)/);
      expect(rowsOf(target)).toEqual(rowsOf(sourcePath));
      // and again: nothing left to copy
      const again = await cli(['copy', '--from', source, '--to', `sqlite:${target}`, '--continue', '--json']);
      expect(JSON.parse(again.stdout)).toMatchObject({ copied: { events: 0, anchors: 0 }, sameHeads: true, keys: { outcomes: { unchanged: 30 } } });
    });

    it('brings over what the source gained since, and an erasure made since', async () => {
      const dir = tempDir();
      const growing = join(dir, 'growing.db');
      const target = join(dir, 'copy.db');
      expect((await cli(['copy', '--from', source, '--to', `sqlite:${growing}`])).code).toBe(0);
      expect((await cli(['copy', '--from', `sqlite:${growing}`, '--to', `sqlite:${target}`])).code).toBe(0);
      const erase = { type: 'EraseComplainantData', complaintId: 'CIM-2025-0003', commandId: 'erase-3', at: '2026-01-02T10:00:00Z', legalBasis: 'uk-gdpr-art-17', actor: { id: 'u-dpo-1', role: 'data-protection-officer' } };
      expect((await cli(['exec', '--store', `sqlite:${growing}`], { stdin: `${JSON.stringify(erase)}\n` })).code).toBe(0);
      const run = await cli(['copy', '--from', `sqlite:${growing}`, '--to', `sqlite:${target}`, '--continue', '--json']);
      expect(run.code).toBe(0);
      expect(JSON.parse(run.stdout)).toMatchObject({ copied: { events: 1, anchors: 1 }, sameHeads: true, keys: { outcomes: { erased: 1, unchanged: 29 } } });
      expect(rowsOf(target)).toEqual(rowsOf(growing));
      const replay = (await cli(['replay', 'CIM-2025-0003', '--store', `sqlite:${target}`, '--json', '--as', 'quality-and-complaints-manager'])).stdout;
      expect(replay).toContain('erased');
    });
  });

  describe('a store written by the first event schema', () => {
    it('is copied as written, never upcast on the way, and replays alike', async () => {
      const fixture = new URL('../../testing/fixtures/first-version/', import.meta.url);
      const lines = readFileSync(new URL('store.jsonl', fixture), 'utf8')
        .split('\n')
        .filter((l) => l !== '')
        .map((l) => JSON.parse(l) as { position: number; streamId: string; revision: number; eventId: string; type: string; data: unknown; metadata: { recordedAt: string } });
      const dir = tempDir();
      const old = join(dir, 'first.db');
      const opened = createSqliteEventStore({ path: old });
      if (E.isLeft(opened)) throw new Error(opened.left.message);
      const insert = opened.right.database.prepare('INSERT INTO events (position, stream_id, revision, event_id, type, data, metadata, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
      opened.right.database.transaction(() => {
        for (const l of lines) insert.run(l.position, l.streamId, l.revision, l.eventId, l.type, JSON.stringify(l.data), JSON.stringify(l.metadata), l.metadata.recordedAt);
      })();
      await opened.right.close();
      const target = join(dir, 'copy.db');
      const run = await cli(['copy', '--from', `sqlite:${old}`, '--to', `sqlite:${target}`, '--to-keys', 'none']);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/Copied [\d,]+ event\(s\) and 0 anchor entries/);
      expect(rowsOf(target).events).toEqual(rowsOf(old).events);
      const replay = async (store: string) => (await cli(['replay', 'CIM-2025-0054', '--store', store, '--json', '--as', 'quality-and-complaints-manager'])).stdout;
      expect(await replay(`sqlite:${target}`)).toBe(await replay(`sqlite:${old}`));
    });
  });

  describe('between SQLite and EventStoreDB (the stand-in server)', () => {
    it('copies there and back, with the same heads, report and rows', async () => {
      const server = await StandInEventStoreServer.start();
      try {
        const esdb = server.connectionString;
        const there = await cli(['copy', '--from', source, '--to', esdb]);
        expect(there.stderr).toBe('');
        expect(there.code).toBe(0);
        expect((await verifyJson(esdb)).heads).toEqual((await verifyJson(source)).heads);
        expect(await reportJson(esdb)).toBe(await reportJson(source));
        const back = join(tempDir(), 'back.db');
        expect((await cli(['copy', '--from', esdb, '--to', `sqlite:${back}`])).code).toBe(0);
        expect(rowsOf(back)).toEqual(rowsOf(sourcePath));
        // a second copy into the server is refused: it is not empty
        expect((await cli(['copy', '--from', source, '--to', esdb])).stderr).toMatch(/is not empty/);
      } finally {
        await server.stop();
      }
    }, 120_000);
  });

  const databaseUrl = process.env.DATABASE_URL === '' ? undefined : process.env.DATABASE_URL;
  (databaseUrl === undefined ? describe.skip : describe)('between SQLite and PostgreSQL', () => {
    const { store: pg } = postgresSchema('copy', databaseUrl!);

    it('copies there and back, with the same heads, report and rows', async () => {
      const there = await cli(['copy', '--from', source, '--to', pg()]);
      expect(there.stderr).toBe('');
      expect(there.code).toBe(0);
      const password = new URL(databaseUrl!).password;
      if (password.length >= 4) expect(there.stdout).not.toContain(password);
      expect((await verifyJson(pg())).heads).toEqual((await verifyJson(source)).heads);
      expect(await reportJson(pg())).toBe(await reportJson(source));
      const back = join(tempDir(), 'back.db');
      expect((await cli(['copy', '--from', pg(), '--to', `sqlite:${back}`])).code).toBe(0);
      expect(rowsOf(back)).toEqual(rowsOf(sourcePath));
    }, 120_000);
  });
});
