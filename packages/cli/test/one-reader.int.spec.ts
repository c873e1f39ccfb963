// One reader, one answer: replay, the monitoring report and audit check a complaint's stream with
// the same function (core's nextInStream), so a stream edited behind the library's back (a row
// moved from another complaint, a revision deleted, rows swapped in the log) is named the same way
// by all three, and read by none, never read two different ways.
import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createSqliteEventStore } from '@cim-complaints/sqlite';
import * as E from 'fp-ts/lib/Either.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, tempDir } from './harness.js';

type Row = { position: number; stream_id: string; revision: number; type: string };
let pristine = '';

beforeAll(async () => {
  pristine = join(tempDir('file'), 'pristine.db');
  const made = await cli(['demo', '--store', `sqlite:${pristine}`, '--complaints', '12', '--seed', '5']);
  expect(made.code).toBe(0);
}, 120_000);

/** A copy of the demo store, edited with raw SQL as another tool could. */
const edited = async (edit: (sql: (text: string, ...args: unknown[]) => unknown, rows: Row[]) => string) => {
  const path = join(tempDir(), 'edited.db');
  copyFileSync(pristine, path);
  const opened = createSqliteEventStore({ path });
  if (E.isLeft(opened)) throw new Error(opened.left.message);
  const db = opened.right.database;
  const rows = db.prepare('SELECT position, stream_id, revision, type FROM events ORDER BY position').all() as Row[];
  const stream = edit((text, ...args) => db.prepare(text).run(...args), rows);
  await opened.right.close();
  return { store: `sqlite:${path}`, stream, complaintId: stream.replace(/^complaint-/, '') };
};

const longest = (rows: Row[]): string => {
  const counts = new Map<string, number>();
  for (const r of rows) counts.set(r.stream_id, (counts.get(r.stream_id) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1])[0]![0];
};

const answers = async (store: string, complaintId: string) => {
  const replay = await cli(['replay', complaintId, '--store', store, '--as-of', '2026-06-30T12:00:00Z', '--json']);
  const out = join(tempDir(), 'report.json');
  // --rebuild: read models saved before the edit would not read the edited rows again (finding edits is verify's job)
  const report = await cli(['report', '--store', store, '--rebuild', '--as-of', '2026-06-30T12:00:00Z', '--format', 'json', '--out', out]);
  const audit = await cli(['audit', '--store', store, '--as-of', '2026-06-30T12:00:00Z', '--json']);
  const reported = JSON.parse(readFileSync(out, 'utf8')) as { problems: { complaintId: string; code: string; streamId?: string }[]; complaints: { complaintId: string }[] };
  const audited = JSON.parse(audit.stdout) as { complaints: { complaintId: string; findings: { code: string; message: string }[] }[] };
  return { replay, report, reported, audited };
};

describe('a complaint stream edited behind the library’s back', () => {
  it.each([
    {
      kind: 'out-of-sequence',
      how: 'a revision deleted from the middle',
      edit: (sql: (text: string, ...args: unknown[]) => unknown, rows: Row[]) => {
        const stream = longest(rows);
        sql('DELETE FROM events WHERE stream_id = ? AND revision = 1', stream);
        return stream;
      },
    },
    {
      kind: 'out-of-sequence',
      how: 'two of its rows swapped in the log',
      edit: (sql: (text: string, ...args: unknown[]) => unknown, rows: Row[]) => {
        const stream = longest(rows);
        const [a, b] = rows.filter((r) => r.stream_id === stream && (r.revision === 1 || r.revision === 2));
        sql('UPDATE events SET position = -1 WHERE position = ?', a!.position);
        sql('UPDATE events SET position = ? WHERE position = ?', a!.position, b!.position);
        sql('UPDATE events SET position = ? WHERE position = -1', b!.position);
        return stream;
      },
    },
    {
      kind: 'mislabelled',
      how: 'another complaint’s event moved into it',
      edit: (sql: (text: string, ...args: unknown[]) => unknown, rows: Row[]) => {
        const stream = longest(rows);
        const last = Math.max(...rows.filter((r) => r.stream_id === stream).map((r) => r.revision));
        const other = rows.find((r) => r.stream_id !== stream && r.type === 'ComplaintAssigned' && r.position > rows.filter((x) => x.stream_id === stream).at(-1)!.position);
        const donor = other ?? rows.find((r) => r.stream_id !== stream && r.revision > 0 && r.position > rows.filter((x) => x.stream_id === stream).at(-1)!.position)!;
        sql('UPDATE events SET stream_id = ?, revision = ? WHERE position = ?', stream, last + 1, donor.position);
        return stream;
      },
    },
  ])('with $how: replay, report and audit all name it $kind and none reads it', async ({ kind, edit }) => {
    const { store, stream, complaintId } = await edited(edit);
    const { replay, report, reported, audited } = await answers(store, complaintId);

    expect(replay.code).toBe(1);
    expect(replay.stderr).toContain(`cannot be replayed as one history (${kind})`);

    expect(report.code).toBe(0);
    expect(reported.problems).toContainEqual(expect.objectContaining({ code: kind, streamId: stream, complaintId }));
    expect(reported.complaints.map((c) => c.complaintId)).not.toContain(complaintId);

    const findings = audited.complaints.find((c) => c.complaintId === complaintId)?.findings ?? [];
    expect(findings).toContainEqual(expect.objectContaining({ code: 'inconsistent-stream', message: expect.stringContaining(kind) }));
  });

  it('an untouched store is read the same by all three: every complaint replays and is reported, with no stream problem', async () => {
    const path = join(tempDir(), 'copy.db');
    copyFileSync(pristine, path);
    const out = join(tempDir(), 'report.json');
    expect((await cli(['report', '--store', `sqlite:${path}`, '--as-of', '2026-06-30T12:00:00Z', '--format', 'json', '--out', out])).code).toBe(0);
    const reported = JSON.parse(readFileSync(out, 'utf8')) as { problems: unknown[]; complaints: { complaintId: string }[] };
    expect(reported.problems).toEqual([]);
    expect(reported.complaints).toHaveLength(12);
    for (const { complaintId } of reported.complaints.slice(0, 3)) expect((await cli(['replay', complaintId, '--store', `sqlite:${path}`, '--json'])).code).toBe(0);
  });
});
