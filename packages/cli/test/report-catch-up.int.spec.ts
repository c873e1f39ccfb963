import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createSqliteEventStore } from '@cim-complaints/sqlite';
import { commands } from '@cim-complaints/testing';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { cli, jsonLines, tempDir } from './harness.js';

const AS_OF = '2025-12-31T23:59:59Z';

/** The checkpoints saved in the store's projections table, by name. */
const savedCheckpoints = async (path: string): Promise<Record<string, string>> => {
  const opened = createSqliteEventStore({ path, readOnly: true });
  if (E.isLeft(opened)) throw new Error(opened.left.message);
  try {
    const rows = opened.right.database.prepare('SELECT name, position FROM projections ORDER BY name').all() as { name: string; position: string }[];
    return Object.fromEntries(rows.map((r) => [r.name, r.position]));
  } finally {
    await opened.right.close();
  }
};

const load = async (path: string, ...complaintIds: string[]) => {
  const lines = complaintIds.flatMap((id) => {
    const c = commands(id, '2025-06-02T09:00:00Z');
    return [c.receive({ commandId: `${id}/r` }), c.acknowledge({ commandId: `${id}/a`, at: '2025-06-03T09:00:00Z' })];
  });
  const run = await cli(['exec', '--store', `sqlite:${path}`], { stdin: jsonLines(...lines) });
  expect(run.code, run.stdout).toBe(0);
};

describe('report keeps its read models in the store', () => {
  describe('when a report runs on a SQLite store', () => {
    it('saves the read models with their checkpoints in the same file, and a later report catches up from them', async () => {
      const path = join(tempDir(), 'store.db');
      await load(path, 'c-1', 'c-2');
      const first = await cli(['report', '--store', `sqlite:${path}`, '--as-of', AS_OF, '--format', 'json']);
      expect(first.code).toBe(0);
      expect(await savedCheckpoints(path)).toEqual({ 'case-files.v6': '4', 'received.v3': '4' });

      await load(path, 'c-3');
      const caughtUp = await cli(['report', '--store', `sqlite:${path}`, '--as-of', AS_OF, '--format', 'json']);
      const rebuilt = await cli(['report', '--store', `sqlite:${path}`, '--as-of', AS_OF, '--format', 'json', '--rebuild']);
      expect(caughtUp).toEqual(rebuilt);
      expect(JSON.parse(caughtUp.stdout).received.total).toBe(3);
      expect(await savedCheckpoints(path)).toEqual({ 'case-files.v6': '6', 'received.v3': '6' });
    });
  });

  describe('when the store holds read models saved by an earlier version', () => {
    it('replaces them, and removes what the earlier versions left', async () => {
      const path = join(tempDir(), 'store.db');
      await load(path, 'c-1');
      const opened = createSqliteEventStore({ path });
      if (E.isLeft(opened)) throw new Error(opened.left.message);
      opened.right.database
        .prepare("INSERT INTO projections (name, position, state, updated_at) VALUES ('case-files.v4', '2', '{\"files\":{}}', '2025-01-01T00:00:00Z')")
        .run();
      await opened.right.close();
      const report = await cli(['report', '--store', `sqlite:${path}`, '--as-of', AS_OF, '--format', 'json']);
      expect(report.code).toBe(0);
      expect(await savedCheckpoints(path)).toEqual({ 'case-files.v6': '2', 'received.v3': '2' });
    });
  });

  describe('when the saved settled cases are damaged', () => {
    it('refuses a report that needs their files, naming the damage and writing nothing, and --rebuild mends it', async () => {
      const dir = tempDir();
      const path = join(dir, 'store.db');
      const demo = await cli(['demo', '--store', `sqlite:${path}`, '--complaints', '30', '--seed', '3']);
      expect(demo.code, demo.stderr).toBe(0);
      expect((await cli(['report', '--store', `sqlite:${path}`, '--as-of', AS_OF, '--format', 'json'])).code).toBe(0);
      const opened = createSqliteEventStore({ path });
      if (E.isLeft(opened)) throw new Error(opened.left.message);
      const row = opened.right.database.prepare("SELECT state FROM projections WHERE name = 'case-files.v6'").get() as { state: string };
      const saved = JSON.parse(row.state) as { settled: { chunks: { packed: string }[] } };
      expect(saved.settled.chunks.length).toBeGreaterThan(0);
      saved.settled.chunks[0]!.packed = `x${saved.settled.chunks[0]!.packed.slice(1)}`;
      opened.right.database.prepare("UPDATE projections SET state = ? WHERE name = 'case-files.v6'").run(JSON.stringify(saved));
      await opened.right.close();

      // as of an instant before the settled cases' last events, the report needs their files
      const out = join(dir, 'earlier.json');
      const earlier = ['report', '--store', `sqlite:${path}`, '--as-of', '2025-03-01T00:00:00Z', '--format', 'json', '--out', out];
      const refused = await cli(earlier);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(/^cim-complaints: reading sqlite:.* for the report failed: the saved case files are damaged \(.*\); rebuild the read models \(report --rebuild\)\n$/);
      expect(existsSync(out)).toBe(false);
      const mended = await cli([...earlier, '--rebuild']);
      expect(mended.code, mended.stderr).toBe(0);
      expect(existsSync(out)).toBe(true);
    });
  });
});
