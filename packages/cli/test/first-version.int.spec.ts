// A store written by the first event schema (packages/testing/fixtures/first-version), read by
// this version without migrating it: every event upcasts, and replay, replay --as-of and report
// answer as the first version answered. The only differences allowed are the ones the second
// version made on purpose: a reopened case's response target is its opening's own (issue: a
// reopened case reported its old response), and fields that did not exist before.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createSqliteEventStore } from '@cim-complaints/sqlite';
import * as E from 'fp-ts/lib/Either.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, tempDir } from './harness.js';

const FIXTURE = new URL('../../testing/fixtures/first-version/', import.meta.url);
interface StoredLine {
  readonly position: number;
  readonly streamId: string;
  readonly revision: number;
  readonly eventId: string;
  readonly type: string;
  readonly data: unknown;
  readonly metadata: { readonly recordedAt: string; readonly schemaVersion: number };
}
const lines = readFileSync(new URL('store.jsonl', FIXTURE), 'utf8')
  .split('\n')
  .filter((l) => l !== '')
  .map((l) => JSON.parse(l) as StoredLine);
type Json = Record<string, unknown>;
const expectedReplays = JSON.parse(readFileSync(new URL('expected-replays.json', FIXTURE), 'utf8')) as Record<string, Record<string, Json>>;
const expectedReports = JSON.parse(readFileSync(new URL('expected-reports.json', FIXTURE), 'utf8')) as Record<string, Json>;

// the complaints reopened in the fixture: their response targets are now counted per opening
const reopened = new Set(lines.filter((l) => l.type === 'ComplaintReopened').map((l) => (l.data as { complaintId: string }).complaintId));

let store = '';

beforeAll(async () => {
  const path = join(tempDir('file'), 'first-version.db');
  // the store's schema, then the rows exactly as the first version wrote them
  const opened = createSqliteEventStore({ path });
  if (E.isLeft(opened)) throw new Error(opened.left.message);
  const db = opened.right.database;
  const insert = db.prepare('INSERT INTO events (position, stream_id, revision, event_id, type, data, metadata, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
  db.transaction(() => {
    for (const l of lines) insert.run(l.position, l.streamId, l.revision, l.eventId, l.type, JSON.stringify(l.data), JSON.stringify(l.metadata), l.metadata.recordedAt);
  })();
  await opened.right.close();
  store = `sqlite:${path}`;
});

const withoutSla = ({ sla: _sla, ...rest }: Json): Json => rest;

describe('a store written by the first event schema', () => {
  it('holds version-1 events only, and every kind of event the first version wrote', () => {
    expect(new Set(lines.map((l) => l.metadata.schemaVersion))).toEqual(new Set([1]));
    expect(new Set(lines.map((l) => l.type)).size).toBe(19);
  });

  describe('when each complaint is replayed as of the instants the first version was asked about', () => {
    const cases = Object.entries(expectedReplays).flatMap(([id, byInstant]) => Object.entries(byInstant).map(([asOf, replay]) => ({ id, asOf, replay })));
    it.each(cases)('$id as of $asOf answers as before', async ({ id, asOf, replay }) => {
      // the first version had no roles and showed everything: the complaints manager's view (C5)
      const run = await cli(['replay', id, '--store', store, '--as-of', asOf, '--json', '--as', 'quality-and-complaints-manager']);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      const now = JSON.parse(run.stdout) as Json;
      // everything the first version said is still said, with the same values; new fields may be added
      if (reopened.has(id)) {
        expect(now).toMatchObject(withoutSla(replay));
        // the acknowledgement is the receipt's, as before; the response is the current opening's
        expect((now['sla'] as Json)['acknowledgement']).toEqual((replay['sla'] as Json)['acknowledgement']);
      } else {
        expect(now).toMatchObject(replay);
      }
    });

    it('reads each first-version letter as sent to the complainant', async () => {
      const run = await cli(['replay', 'CIM-2025-0054', '--store', store, '--json']);
      const events = (JSON.parse(run.stdout) as { events: { type: string; data: Json }[] }).events;
      const letters = events.filter((e) => e.type === 'ComplaintAcknowledged' || e.type === 'ResponseIssued');
      expect(letters.length).toBeGreaterThan(0);
      for (const letter of letters) expect(letter.data['to']).toBe('complainant');
    });

    it('gives a reopened case a response target of its own for its reopening', async () => {
      const id = [...reopened].sort()[0]!;
      const run = await cli(['replay', id, '--store', store, '--as-of', '2026-06-30T12:00:00+01:00', '--json']);
      const sla = (JSON.parse(run.stdout) as { sla: { openings: { reopened: boolean }[] } }).sla;
      expect(sla.openings.length).toBeGreaterThanOrEqual(2);
      expect(sla.openings.slice(1).every((o) => o.reopened)).toBe(true);
    });
  });

  describe('when the monitoring report is taken as of the instants the first version reported', () => {
    it.each(Object.keys(expectedReports))('as of %s, every figure the first version gave is the same, except the response targets of reopened cases', async (asOf) => {
      const out = join(tempDir(), 'report.json');
      const run = await cli(['report', '--store', store, '--as-of', asOf, '--format', 'json', '--out', out]);
      expect(run.code).toBe(0);
      const now = JSON.parse(readFileSync(out, 'utf8')) as Json;
      const before = expectedReports[asOf]!;
      // per-opening counting changes these totals, and only through the reopened cases (checked below)
      const changed = new Set(['response', 'monthly', 'caseload', 'complaints']);
      for (const [key, value] of Object.entries(before)) if (!changed.has(key)) expect({ [key]: now[key] }).toMatchObject({ [key]: value });
      const rows = (report: Json) => new Map((report['complaints'] as Json[]).map((r) => [r['complaintId'] as string, r]));
      const [nowRows, beforeRows] = [rows(now), rows(before)];
      expect([...nowRows.keys()]).toEqual([...beforeRows.keys()]);
      for (const [id, row] of beforeRows) {
        if (reopened.has(id)) {
          const { responseStatus: _s, responseDue: _d, responseWorkingDays: _w, ...kept } = row;
          expect(nowRows.get(id)).toMatchObject(kept);
        } else {
          expect(nowRows.get(id)).toMatchObject(row);
        }
      }
      // the open caseload holds the same complaints (its order may change with a reopening's new target)
      const ids = (report: Json) => ((report['caseload'] as Json)['cases'] as Json[]).map((c) => c['complaintId']).sort();
      expect(ids(now)).toEqual(ids(before));
      // the acknowledgement figures are the receipt's, unchanged by reopenings
      expect(now['acknowledgement']).toEqual(before['acknowledgement']);
    });
  });
});
