// `verify` on SQLite stores edited behind the library's back with raw SQL on the file's better-sqlite3
// connection: one test per kind of break, each asserting exactly what verify reports (kind, stream,
// revision), its exit code and its JSON.
import { copyFileSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { contentDigest, unchainedPrefixDigest } from '@cim-complaints/core';
import { createSqliteEventStore, type SqliteEventStore } from '@cim-complaints/sqlite';
import { commands } from '@cim-complaints/testing';
import * as E from 'fp-ts/lib/Either.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, jsonLines, tempDir } from './harness.js';

interface Found {
  readonly kind: string;
  readonly streamId: string;
  readonly revision: number | null;
}

interface VerifyJson {
  readonly store: string;
  readonly intact: boolean;
  readonly streams: number;
  readonly events: number;
  readonly breaks: readonly (Found & { readonly message: string; readonly from?: { streamId: string } })[];
  readonly unchained: readonly { readonly streamId: string; readonly throughRevision: number }[];
  readonly heads: {
    readonly anchor: { readonly digest: string; readonly sequence: number; readonly entries: number } | null;
    readonly streams: readonly { readonly streamId: string; readonly revision: number; readonly digest: string; readonly anchoredThrough?: number }[];
  };
}

interface Row {
  readonly position: number;
  readonly stream_id: string;
  readonly revision: number;
  readonly event_id: string;
  readonly type: string;
  readonly data: string;
  readonly metadata: string;
}

let demo = '';

beforeAll(async () => {
  demo = join(tempDir('file'), 'demo.db');
  const loaded = await cli(['demo', '--store', `sqlite:${demo}`, '--complaints', '30', '--seed', '7']);
  expect({ code: loaded.code, stderr: loaded.stderr }).toEqual({ code: 0, stderr: '' });
}, 120_000);

/** A copy of the demo store for one test to edit. */
const copyOfDemo = (): string => {
  const path = join(tempDir(), 'tampered.db');
  copyFileSync(demo, path);
  if (existsSync(`${demo}-wal`)) copyFileSync(`${demo}-wal`, `${path}-wal`);
  return path;
};

const verify = async (path: string, ...args: string[]): Promise<{ code: number; json: VerifyJson; stderr: string }> => {
  const run = await cli(['verify', '--store', `sqlite:${path}`, '--json', ...args]);
  return { code: run.code, json: JSON.parse(run.stdout) as VerifyJson, stderr: run.stderr };
};

const found = (json: VerifyJson): Found[] => json.breaks.map(({ kind, streamId, revision }) => ({ kind, streamId, revision }));

type Db = SqliteEventStore['database'];

/** Runs `edit` as raw SQL on the file's better-sqlite3 connection, as someone with the file could: nothing of the library runs. */
const tamper = async (path: string, edit: (db: Db) => void): Promise<void> => {
  const opened = createSqliteEventStore({ path });
  if (E.isLeft(opened)) throw new Error(opened.left.message);
  try {
    edit(opened.right.database);
  } finally {
    await opened.right.close();
  }
};

const rowsOf = (db: Db, streamId: string): Row[] =>
  db.prepare('SELECT position, stream_id, revision, event_id, type, data, metadata FROM events WHERE stream_id = ? ORDER BY revision').all(streamId) as Row[];

/** A stream with an event of `type` that is neither its first nor its last, and that event. */
const middleOf = (db: Db, type: string): { streamId: string; rows: Row[]; row: Row } => {
  const streams = db.prepare('SELECT DISTINCT stream_id FROM events WHERE type = ? ORDER BY stream_id').pluck().all(type) as string[];
  for (const streamId of streams) {
    const rows = rowsOf(db, streamId);
    const row = rows.find((r, i) => r.type === type && i > 0 && i < rows.length - 2);
    if (row !== undefined) return { streamId, rows, row };
  }
  throw new Error(`test setup: no stream with ${type} in the middle`);
};

/** Another stream than `streamId`, with its rows. */
const otherStream = (db: Db, streamId: string): { streamId: string; rows: Row[] } => {
  const other = db.prepare('SELECT stream_id FROM events WHERE stream_id <> ? ORDER BY stream_id LIMIT 1').pluck().get(streamId) as string;
  return { streamId: other, rows: rowsOf(db, other) };
};

/** Swaps two rows' values of a unique column, moving one out of the way first, as a hand edit must. */
const swapColumn = (db: Db, column: 'revision' | 'position', a: Row, b: Row): void => {
  db.prepare(`UPDATE events SET ${column} = -999 WHERE position = ?`).run(a.position);
  db.prepare(`UPDATE events SET ${column} = ? WHERE position = ?`).run(a[column], b.position);
  db.prepare(`UPDATE events SET ${column} = ? WHERE ${column} = -999`).run(b[column]);
};

/** A copy of `source` chained as the library would chain it after `previous`, under a new id. */
const forgedAfter = (source: Row, previous: string | undefined, id: string) => {
  const data = JSON.parse(source.data) as Record<string, unknown>;
  const { digest: _d, previousDigest: _p, ...rest } = JSON.parse(source.metadata) as Record<string, unknown>;
  const metadata: Record<string, unknown> = { ...rest, eventId: id, ...(previous === undefined ? {} : { previousDigest: previous }) };
  metadata.digest = contentDigest({ type: source.type, data, metadata });
  return { data: JSON.stringify(data), metadata: JSON.stringify(metadata), digest: metadata.digest as string };
};

const insert = (db: Db, row: { stream_id: string; revision: number; event_id: string; type: string; data: string; metadata: string }): void => {
  db.prepare('INSERT INTO events (stream_id, revision, event_id, type, data, metadata, recorded_at) VALUES (@stream_id, @revision, @event_id, @type, @data, @metadata, ?)').run(row, '2025-12-31T00:00:00Z');
};

const digestOf = (row: Row): string => (JSON.parse(row.metadata) as { digest: string }).digest;

describe('verify', () => {
  describe('when the store is as the library wrote it', () => {
    it('finds a demo store intact: exit 0, no breaks, every stream anchored at its head, and the anchor head to keep', async () => {
      const { code, json } = await verify(demo);
      expect(code).toBe(0);
      expect(json).toMatchObject({ store: `sqlite:${demo}`, intact: true, streams: 30, breaks: [], unchained: [] });
      expect(json.heads.anchor?.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
      expect(json.heads.streams).toHaveLength(30);
      for (const head of json.heads.streams) expect(head.anchoredThrough).toBe(head.revision);
      const text = await cli(['verify', '--store', `sqlite:${demo}`]);
      expect(text.code).toBe(0);
      expect(text.stdout).toContain('Intact: every chain and the anchor hold.');
      expect(text.stdout).toContain(`--expect-head ${json.heads.anchor!.digest}`);
    });

    it('reports one complaint with --complaint, and refuses one that is not there', async () => {
      const { json } = await verify(demo);
      const streamId = json.heads.streams[3]!.streamId;
      const one = await verify(demo, '--complaint', streamId.slice('complaint-'.length));
      expect(one.code).toBe(0);
      expect(one.json.streams).toBe(1);
      expect(one.json.heads.streams.map((s) => s.streamId)).toEqual([streamId]);
      const missing = await cli(['verify', '--store', `sqlite:${demo}`, '--complaint', 'CIM-1999-0001']);
      expect(missing.code).toBe(1);
      expect(missing.stderr).toContain('no complaint CIM-1999-0001');
    });

    it('refuses a head that is not a digest as a usage error', async () => {
      const run = await cli(['verify', '--store', `sqlite:${demo}`, '--expect-head', 'abc']);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain('--expect-head must be a digest');
    });
  });

  describe('when an event is changed', () => {
    it.each([
      ['an outcome changed', 'ResponseIssued', (data: Record<string, unknown>) => ({ ...data, outcome: data.outcome === 'upheld' ? 'not-upheld' : 'upheld' })],
      ['an acknowledgement moved earlier', 'ComplaintAcknowledged', (data: Record<string, unknown>) => ({ ...data, at: '2025-01-01T00:00:00Z' })],
    ])('finds %s as changed at its revision', async (_what, type, edit) => {
      const path = copyOfDemo();
      let expected: Found | undefined;
      await tamper(path, (db) => {
        const { streamId, row } = middleOf(db, type);
        db.prepare('UPDATE events SET data = ? WHERE position = ?').run(JSON.stringify(edit(JSON.parse(row.data) as Record<string, unknown>)), row.position);
        expected = { kind: 'changed', streamId, revision: row.revision };
      });
      const { code, json } = await verify(path);
      expect(code).toBe(1);
      expect(json.intact).toBe(false);
      expect(found(json)).toEqual([expected]);
    });

    it('finds an actor replaced in the metadata as changed', async () => {
      const path = copyOfDemo();
      let expected: Found | undefined;
      await tamper(path, (db) => {
        const { streamId, row } = middleOf(db, 'ComplaintAssigned');
        db.prepare("UPDATE events SET metadata = json_set(metadata, '$.actor.id', 'u-intruder') WHERE position = ?").run(row.position);
        expected = { kind: 'changed', streamId, revision: row.revision };
      });
      expect(found((await verify(path)).json)).toEqual([expected]);
    });

    it('finds an event replaced with its digests recomputed as changed, by the digest its successor and the anchor kept', async () => {
      const path = copyOfDemo();
      let expected: Found | undefined;
      await tamper(path, (db) => {
        const { streamId, rows, row } = middleOf(db, 'ResponseIssued');
        const before = rows[rows.indexOf(row) - 1]!;
        const data = { ...(JSON.parse(row.data) as Record<string, unknown>), findings: 'Nothing was wrong.' };
        const forged = forgedAfter({ ...row, data: JSON.stringify(data) }, digestOf(before), (JSON.parse(row.metadata) as { eventId: string }).eventId);
        db.prepare('UPDATE events SET data = ?, metadata = ? WHERE position = ?').run(forged.data, forged.metadata, row.position);
        expected = { kind: 'changed', streamId, revision: row.revision };
      });
      expect(found((await verify(path)).json)).toEqual([expected]);
    });

    it('finds a row whose data is no longer JSON as undecodable, and nothing else', async () => {
      const path = copyOfDemo();
      let expected: Found | undefined;
      await tamper(path, (db) => {
        const { streamId, row } = middleOf(db, 'ComplaintAssigned');
        db.prepare('UPDATE events SET data = ? WHERE position = ?').run('{"complaintId": ', row.position);
        expected = { kind: 'undecodable', streamId, revision: row.revision };
      });
      expect(found((await verify(path)).json)).toEqual([expected]);
    });
  });

  describe('when events are removed', () => {
    it('finds a response deleted as removed at its revision', async () => {
      const path = copyOfDemo();
      let expected: Found | undefined;
      await tamper(path, (db) => {
        const { streamId, row } = middleOf(db, 'ResponseIssued');
        db.prepare('DELETE FROM events WHERE position = ?').run(row.position);
        expected = { kind: 'removed', streamId, revision: row.revision };
      });
      expect(found((await verify(path)).json)).toEqual([expected]);
    });

    it('finds the last event of a stream deleted as truncated at its revision, through the anchor', async () => {
      const path = copyOfDemo();
      let expected: Found | undefined;
      await tamper(path, (db) => {
        const { streamId, rows } = middleOf(db, 'ResponseIssued');
        const last = rows[rows.length - 1]!;
        db.prepare('DELETE FROM events WHERE position = ?').run(last.position);
        expected = { kind: 'truncated', streamId, revision: last.revision };
      });
      expect(found((await verify(path)).json)).toEqual([expected]);
    });

    it('finds a whole stream deleted as truncated at revision 0', async () => {
      const path = copyOfDemo();
      let expected: Found | undefined;
      await tamper(path, (db) => {
        const { streamId } = middleOf(db, 'ResponseIssued');
        db.prepare('DELETE FROM events WHERE stream_id = ?').run(streamId);
        expected = { kind: 'truncated', streamId, revision: 0 };
      });
      expect(found((await verify(path)).json)).toEqual([expected]);
    });

    it('cannot see the last append removed with its anchor entry, unless given the anchor head kept from before', async () => {
      const path = copyOfDemo();
      const before = (await verify(path)).json.heads.anchor!.digest;
      await tamper(path, (db) => {
        const last = db.prepare('SELECT stream_id, revision FROM anchors ORDER BY sequence DESC LIMIT 1').get() as { stream_id: string; revision: number };
        // every event of the last append: those after the stream's previous anchored revision (none: the whole stream)
        db.prepare('DELETE FROM events WHERE stream_id = ? AND revision > COALESCE((SELECT revision FROM anchors WHERE stream_id = ? ORDER BY sequence DESC LIMIT 1 OFFSET 1), -1)').run(last.stream_id, last.stream_id);
        db.prepare('DELETE FROM anchors WHERE sequence = (SELECT MAX(sequence) FROM anchors)').run();
      });
      const blind = await verify(path);
      expect(blind.code).toBe(0);
      expect(blind.json.heads.anchor!.digest).not.toBe(before);
      const kept = await verify(path, '--expect-head', before);
      expect(kept.code).toBe(1);
      expect(found(kept.json)).toEqual([{ kind: 'truncated', streamId: 'anchors', revision: kept.json.heads.anchor!.sequence + 1 }]);
    });
  });

  describe('when events are inserted, copied or moved', () => {
    it('finds a copied event under a new id as duplicated, naming the original', async () => {
      const path = copyOfDemo();
      let expected: Found | undefined;
      await tamper(path, (db) => {
        const { streamId, rows, row } = middleOf(db, 'ResponseIssued');
        const end = rows[rows.length - 1]!.revision + 1;
        insert(db, { ...row, revision: end, event_id: 'b1f3c1de-0000-4000-8000-000000000001' });
        expected = { kind: 'duplicated', streamId, revision: end };
      });
      const { json } = await verify(path);
      expect(found(json)).toEqual([expected]);
      expect(json.breaks[0]!.from?.streamId).toBe(expected!.streamId);
    });

    it('finds a forged event chained onto the middle of a stream as inserted (a branch)', async () => {
      const path = copyOfDemo();
      let expected: Found | undefined;
      await tamper(path, (db) => {
        const { streamId, rows, row } = middleOf(db, 'ResponseIssued');
        const end = rows[rows.length - 1]!.revision + 1;
        const forged = forgedAfter(row, digestOf(rows[rows.indexOf(row) - 1]!), 'b1f3c1de-0000-4000-8000-000000000002');
        insert(db, { ...row, revision: end, event_id: 'b1f3c1de-0000-4000-8000-000000000002', data: forged.data, metadata: forged.metadata });
        expected = { kind: 'inserted', streamId, revision: end };
      });
      expect(found((await verify(path)).json)).toEqual([expected]);
    });

    it('finds a forged event chained onto the head, with every digest right, as unanchored', async () => {
      const path = copyOfDemo();
      let expected: Found | undefined;
      await tamper(path, (db) => {
        const { streamId, rows, row } = middleOf(db, 'ResponseIssued');
        const end = rows[rows.length - 1]!.revision + 1;
        const forged = forgedAfter(row, digestOf(rows[rows.length - 1]!), 'b1f3c1de-0000-4000-8000-000000000003');
        insert(db, { ...row, revision: end, event_id: 'b1f3c1de-0000-4000-8000-000000000003', data: forged.data, metadata: forged.metadata });
        expected = { kind: 'unanchored', streamId, revision: end };
      });
      expect(found((await verify(path)).json)).toEqual([expected]);
    });

    it('finds a row moved to another complaint as moved, naming where it belongs, and nothing missing where it was', async () => {
      const path = copyOfDemo();
      let expected: Found | undefined;
      let from = '';
      await tamper(path, (db) => {
        const { streamId, row } = middleOf(db, 'ResponseIssued');
        const other = otherStream(db, streamId);
        const end = other.rows[other.rows.length - 1]!.revision + 1;
        db.prepare('UPDATE events SET stream_id = ?, revision = ? WHERE position = ?').run(other.streamId, end, row.position);
        expected = { kind: 'moved', streamId: other.streamId, revision: end };
        from = streamId;
      });
      const { json } = await verify(path);
      expect(found(json)).toEqual([expected]);
      expect(json.breaks[0]!.from?.streamId).toBe(from);
    });
  });

  describe('when events are reordered or renumbered', () => {
    it('finds two rows swapped as reordered at the first revision out of order', async () => {
      const path = copyOfDemo();
      let expected: Found | undefined;
      await tamper(path, (db) => {
        const { streamId, rows, row } = middleOf(db, 'ResponseIssued');
        const next = rows[rows.indexOf(row) + 1]!;
        swapColumn(db, 'revision', row, next);
        expected = { kind: 'reordered', streamId, revision: row.revision };
      });
      expect(found((await verify(path)).json)).toEqual([expected]);
    });

    it('finds two events of a stream swapped in the global order as reordered', async () => {
      const path = copyOfDemo();
      let expected: Found | undefined;
      await tamper(path, (db) => {
        const { streamId, rows, row } = middleOf(db, 'ResponseIssued');
        swapColumn(db, 'position', row, rows[rows.indexOf(row) + 1]!);
        // the event now stored later than the one written after it
        expected = { kind: 'reordered', streamId, revision: row.revision };
      });
      expect(found((await verify(path)).json)).toEqual([expected]);
    });

    it('finds a revision forged at -1 as out of range, and nothing missing where it was', async () => {
      const path = copyOfDemo();
      let expected: Found | undefined;
      await tamper(path, (db) => {
        const { streamId, row } = middleOf(db, 'ResponseIssued');
        db.prepare('UPDATE events SET revision = -1 WHERE position = ?').run(row.position);
        expected = { kind: 'revision-out-of-range', streamId, revision: -1 };
      });
      expect(found((await verify(path)).json)).toEqual([expected]);
    });

    it('finds the last revision forged at 20 as a revision gap: the chain says nothing is missing', async () => {
      const path = copyOfDemo();
      let expected: Found | undefined;
      await tamper(path, (db) => {
        const { streamId, rows } = middleOf(db, 'ResponseIssued');
        expect(rows.length).toBeLessThan(20);
        db.prepare('UPDATE events SET revision = 20 WHERE position = ?').run(rows[rows.length - 1]!.position);
        expected = { kind: 'revision-gap', streamId, revision: 20 };
      });
      expect(found((await verify(path)).json)).toEqual([expected]);
    });

    it('finds a middle revision forged at 1000 as reordered where the events after it now begin', async () => {
      const path = copyOfDemo();
      let expected: Found | undefined;
      await tamper(path, (db) => {
        const { streamId, rows, row } = middleOf(db, 'ResponseIssued');
        db.prepare('UPDATE events SET revision = 1000 WHERE position = ?').run(row.position);
        expected = { kind: 'reordered', streamId, revision: rows[rows.indexOf(row) + 1]!.revision };
      });
      expect(found((await verify(path)).json)).toEqual([expected]);
    });
  });

  describe('when the anchor is edited', () => {
    it('finds an anchor entry edited to hide a removed last event as changed in the anchor', async () => {
      const path = copyOfDemo();
      let sequence = 0;
      await tamper(path, (db) => {
        // a stream whose last two appends wrote one event each, so the entry before the last names the event before the last
        const streamId = (db.prepare('SELECT DISTINCT stream_id FROM anchors ORDER BY stream_id').pluck().all() as string[]).find((s) => {
          const revisions = db.prepare('SELECT revision FROM anchors WHERE stream_id = ? ORDER BY sequence DESC LIMIT 2').pluck().all(s) as number[];
          return revisions.length === 2 && revisions[0] === revisions[1]! + 1;
        })!;
        const rows = rowsOf(db, streamId);
        db.prepare('DELETE FROM events WHERE position = ?').run(rows[rows.length - 1]!.position);
        sequence = db.prepare('SELECT MAX(sequence) FROM anchors WHERE stream_id = ?').pluck().get(streamId) as number;
        db.prepare('UPDATE anchors SET revision = revision - 1 WHERE sequence = ?').run(sequence);
      });
      // the edited entry is not trusted; the one before it records the stream's new last event, which is there
      expect(found((await verify(path)).json)).toEqual([{ kind: 'changed', streamId: 'anchors', revision: sequence }]);
    });
  });

  describe('when the store was written before the chain existed', () => {
    const loadFirstVersion = (path: string): { streams: Map<string, number> } => {
      const opened = createSqliteEventStore({ path });
      if (E.isLeft(opened)) throw new Error(opened.left.message);
      const db = opened.right.database;
      const streams = new Map<string, number>();
      const insertRow = db.prepare(
        'INSERT INTO events (position, stream_id, revision, event_id, type, data, metadata, recorded_at) VALUES (@position, @streamId, @revision, @eventId, @type, @data, @metadata, @recordedAt)',
      );
      const lines = readFileSync(new URL('../../testing/fixtures/first-version/store.jsonl', import.meta.url), 'utf8').split('\n').filter((l) => l !== '');
      db.transaction(() => {
        for (const line of lines) {
          const e = JSON.parse(line) as { position: number; streamId: string; revision: number; eventId: string; type: string; data: unknown; metadata: { recordedAt: string } };
          insertRow.run({ ...e, data: JSON.stringify(e.data), metadata: JSON.stringify(e.metadata), recordedAt: e.metadata.recordedAt });
          streams.set(e.streamId, e.revision);
        }
      })();
      void opened.right.close();
      return { streams };
    };

    it('verifies every stream as unchained up to its last revision, with no break', async () => {
      const path = join(tempDir(), 'v1.db');
      const { streams } = loadFirstVersion(path);
      const { code, json } = await verify(path);
      expect(code).toBe(0);
      expect(json.breaks).toEqual([]);
      expect(json.events).toBe(1382);
      expect(json.unchained).toEqual([...streams].sort(([a], [b]) => (a < b ? -1 : 1)).map(([streamId, throughRevision]) => ({ streamId, throughRevision })));
      expect(json.heads.anchor).toBeNull();
      const text = await cli(['verify', '--store', `sqlite:${path}`, '--complaint', 'CIM-2025-0001']);
      expect(text.stdout).toContain(`complaint-CIM-2025-0001: unchained up to revision ${streams.get('complaint-CIM-2025-0001')} (written before the hash chain)`);
    });

    it('starts the chain on the next append, linked to the unchained events as stored, and then sees them changed', async () => {
      const path = join(tempDir(), 'v1.db');
      const { streams } = loadFirstVersion(path);
      const streamId = 'complaint-CIM-2025-0001';
      const through = streams.get(streamId)!;
      const letter = commands('CIM-2025-0001').recordCorrespondence({ commandId: 'verify-spec/letter', at: '2025-12-30T10:00:00Z', direction: 'inbound' });
      const exec = await cli(['exec', '--store', `sqlite:${path}`], { stdin: jsonLines(letter) });
      expect(exec.code).toBe(0);

      const after = await verify(path, '--complaint', 'CIM-2025-0001');
      expect(after.code).toBe(0);
      expect(after.json.unchained).toEqual([{ streamId, throughRevision: through }]);
      expect(after.json.heads.streams).toEqual([{ streamId, revision: through + 1, digest: expect.stringMatching(/^sha256:/), anchoredThrough: through + 1 }]);
      let unchained: Row[] = [];
      await tamper(path, (db) => {
        const rows = rowsOf(db, streamId);
        unchained = rows.slice(0, -1);
        const link = (JSON.parse(rows[rows.length - 1]!.metadata) as { previousDigest: string }).previousDigest;
        expect(link).toBe(unchainedPrefixDigest(unchained.map((r) => contentDigest({ type: r.type, data: JSON.parse(r.data), metadata: JSON.parse(r.metadata) }))));
        // an edit to an event stored before the chain, made after the chain began
        db.prepare("UPDATE events SET data = json_set(data, '$.summary', 'Nothing to see') WHERE position = ?").run(unchained[0]!.position);
      });
      const edited = await verify(path);
      expect(edited.code).toBe(1);
      expect(found(edited.json)).toEqual([{ kind: 'changed', streamId, revision: through }]);
    });
  });
});
