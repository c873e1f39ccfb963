// `audit` end to end through the CLI: a demo store (every event written by the command handler)
// audited, then breaches written with the raw store API, bypassing the decider, each found with
// its code, clause and complaint; an event that does not decode; exit codes and formats.
import { copyFileSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EVENT_SCHEMA_VERSION, findingCatalogue, streamIdOf, type ComplaintEnvelope, type FindingCode } from '@cim-complaints/core';
import { createSqliteEventStore } from '@cim-complaints/sqlite';
import { commands } from '@cim-complaints/testing';
import * as E from 'fp-ts/lib/Either.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, jsonLines, tempDir } from './harness.js';

interface FindingJson {
  readonly code: FindingCode;
  readonly clause: string;
  readonly severity: string;
  readonly complaintId: string;
  readonly message: string;
  readonly at: string | null;
  readonly events: readonly { readonly index: number; readonly revision?: number; readonly type: string }[];
}

interface AuditJson {
  readonly store: string;
  readonly asOf: string;
  readonly summary: { streams: number; events: number; unreadableEvents: number; complaintsChecked: number; notYetReceived: number; findings: number; complaintsWithFindings: number };
  readonly byCode: readonly { code: FindingCode; clause: string; severity: string; count: number }[];
  readonly byClause: readonly { clause: string; count: number }[];
  readonly complaints: readonly { complaintId: string; streamId: string; checked: boolean; findings: readonly FindingJson[] }[];
}

const END_OF_YEAR = '2025-12-31T23:59:59Z';
let demo = '';

beforeAll(async () => {
  demo = join(tempDir('file'), 'demo.db');
  const loaded = await cli(['demo', '--store', `sqlite:${demo}`, '--complaints', '40', '--seed', '12']);
  expect({ code: loaded.code, stderr: loaded.stderr }).toEqual({ code: 0, stderr: '' });
}, 120_000);

const copyOfDemo = (): string => {
  const path = join(tempDir(), 'audited.db');
  copyFileSync(demo, path);
  if (existsSync(`${demo}-wal`)) copyFileSync(`${demo}-wal`, `${path}-wal`);
  return path;
};

const audit = async (path: string, ...args: string[]): Promise<{ code: number; json: AuditJson; stderr: string }> => {
  const run = await cli(['audit', '--store', `sqlite:${path}`, '--json', ...args]);
  return { code: run.code, json: JSON.parse(run.stdout) as AuditJson, stderr: run.stderr };
};

const findingsOf = (json: AuditJson, complaintId: string): FindingJson[] => [...(json.complaints.find((c) => c.complaintId === complaintId)?.findings ?? [])];

// Breaches as another system could have written them: envelopes straight into the store.
let counter = 0;
const QUALITY = { id: 'u-q', role: 'quality-and-complaints-manager' };
const raw = (complaintId: string, type: string, at: string, data: Record<string, unknown> = {}, actor = QUALITY): ComplaintEnvelope => {
  counter += 1;
  return {
    type,
    data: { complaintId, at, ...data },
    metadata: { eventId: `00000000-0000-4000-8000-${String(counter).padStart(12, '0')}`, commandId: `raw-${counter}`, correlationId: `raw-${counter}`, actor, occurredAt: at, recordedAt: '2025-12-01T00:00:00Z', schemaVersion: EVENT_SCHEMA_VERSION, policy: 'CX097-V4' },
  } as unknown as ComplaintEnvelope;
};
const receipt = (id: string, at: string) =>
  raw(id, 'ComplaintReceived', at, { channel: 'email', complainant: { name: 'Jo Bloggs', relationship: 'member' }, businessArea: 'membership', summary: 'Written elsewhere', policy: 'CX097-V4', department: 'Membership' });
const acknowledgement = (id: string, at: string) => raw(id, 'ComplaintAcknowledged', at, { channel: 'email', to: 'complainant' });

/** Each breach: its stream, and the finding audit must report on it. */
const breaches: Record<string, { readonly events: ComplaintEnvelope[]; readonly code: FindingCode; readonly clause: string; readonly cites: [number, string][] }> = {
  'RAW-CLOSE': {
    events: [receipt('RAW-CLOSE', '2025-11-03T09:00:00Z'), acknowledgement('RAW-CLOSE', '2025-11-04T09:00:00Z'), raw('RAW-CLOSE', 'ComplaintClosed', '2025-11-05T09:00:00Z', { resolution: 'responded' })],
    code: 'closed-without-response',
    clause: 'C8',
    cites: [[2, 'ComplaintClosed']],
  },
  'RAW-LETTER': {
    events: [
      receipt('RAW-LETTER', '2025-11-03T09:00:00Z'),
      acknowledgement('RAW-LETTER', '2025-11-04T09:00:00Z'),
      raw('RAW-LETTER', 'CorrespondenceSent', '2025-11-05T09:00:00Z', { party: 'third-party', partyName: 'Sam Morgan', channel: 'email', summary: 'Your spouse’s complaint', afterClosure: false }),
    ],
    code: 'letter-to-unauthorised-third-party',
    clause: 'C4',
    cites: [[2, 'CorrespondenceSent']],
  },
  'RAW-BACKWARDS': {
    events: [
      receipt('RAW-BACKWARDS', '2025-11-03T09:00:00Z'),
      raw('RAW-BACKWARDS', 'ComplaintAssigned', '2025-11-03T10:00:00Z', { department: 'Membership', manager: { id: 'm-1', name: 'Priya Shah' } }),
      acknowledgement('RAW-BACKWARDS', '2025-11-06T09:00:00Z'),
      raw('RAW-BACKWARDS', 'ResponseIssued', '2025-11-05T09:00:00Z', { outcome: 'upheld', findings: 'Refunded', actions: [], to: 'complainant' }),
    ],
    code: 'response-before-acknowledgement',
    clause: 'C7',
    cites: [
      [2, 'ComplaintAcknowledged'],
      [3, 'ResponseIssued'],
    ],
  },
  'RAW-NO-RECEIPT': {
    events: [acknowledgement('RAW-NO-RECEIPT', '2025-11-04T09:00:00Z')],
    code: 'missing-receipt',
    clause: 'C7',
    cites: [[0, 'ComplaintAcknowledged']],
  },
};

/** Appends each breach's events to a copy of the demo store through the store port, as any writer could. */
const withBreaches = async (): Promise<string> => {
  const path = copyOfDemo();
  const opened = createSqliteEventStore({ path });
  if (E.isLeft(opened)) throw new Error(opened.left.message);
  try {
    for (const [id, breach] of Object.entries(breaches)) {
      const appended = await opened.right.appendToStream(streamIdOf(id), 'no-stream', breach.events)();
      if (E.isLeft(appended)) throw new Error(`appending ${id}: ${appended.left.message}`);
    }
  } finally {
    await opened.right.close();
  }
  return path;
};

describe('audit', () => {
  describe('of a demo store, every event written through the command handler', () => {
    it('checks every complaint, counts its findings by code and clause, and exits 1 for them', async () => {
      const { code, json, stderr } = await audit(demo, '--as-of', END_OF_YEAR);
      expect(stderr).toBe('');
      expect(json).toMatchObject({ store: `sqlite:${demo}`, asOf: END_OF_YEAR });
      expect(json.summary).toMatchObject({ streams: 40, complaintsChecked: 40, notYetReceived: 0, unreadableEvents: 0 });
      // the demo acknowledges some complaints late, and its policy is past its review date
      expect(json.summary.findings).toBeGreaterThan(40);
      expect(code).toBe(1);
      const all = json.complaints.flatMap((c) => c.findings);
      expect(all).toHaveLength(json.summary.findings);
      expect(json.byCode.reduce((n, c) => n + c.count, 0)).toBe(all.length);
      expect(json.byClause.reduce((n, c) => n + c.count, 0)).toBe(all.length);
      for (const c of json.byCode) expect(c.count).toBe(all.filter((f) => f.code === c.code).length);
      expect(json.byCode.map((c) => c.code)).toEqual(expect.arrayContaining(['policy-review-overdue', 'acknowledgement-missed']));
      // the decider let nothing else in: every finding is one a lawful history can have (the compliance law)
      for (const f of all) expect([f.code, findingCatalogue[f.code].lawful]).toEqual([f.code, true]);
    });

    it('agrees with the replay of a complaint it finds acknowledged late', async () => {
      const { json } = await audit(demo, '--as-of', END_OF_YEAR);
      const late = json.complaints.find((c) => c.findings.some((f) => f.code === 'acknowledgement-missed'))!;
      const replay = await cli(['replay', late.complaintId, '--store', `sqlite:${demo}`, '--as-of', END_OF_YEAR, '--json']);
      const sla = (JSON.parse(replay.stdout) as { sla: { acknowledgement: { status: string; dueDate: string } } }).sla;
      expect(sla.acknowledgement.status).toBe('missed');
      const f = late.findings.find((x) => x.code === 'acknowledgement-missed')!;
      expect(f).toMatchObject({ clause: 'C12', severity: 'breach', complaintId: late.complaintId });
      expect(f.message).toContain(sla.acknowledgement.dueDate);
    });

    it('as of an earlier instant, leaves out the complaints not yet received', async () => {
      const { json } = await audit(demo, '--as-of', '2025-03-01T00:00:00Z');
      expect(json.summary.complaintsChecked + json.summary.notYetReceived).toBe(40);
      expect(json.summary.notYetReceived).toBeGreaterThan(0);
    });
  });

  describe('of a store holding events written behind the decider’s back', () => {
    it('finds each breach with its code, clause and complaint, citing the stored revisions, and leaves the rest as it was', async () => {
      const before = await audit(demo, '--as-of', END_OF_YEAR);
      const { code, json } = await audit(await withBreaches(), '--as-of', END_OF_YEAR);
      expect(code).toBe(1);
      for (const [id, breach] of Object.entries(breaches)) {
        const found = findingsOf(json, id).filter((f) => f.code === breach.code);
        expect(found, `${id}: ${JSON.stringify(findingsOf(json, id).map((f) => f.code))}`).toHaveLength(1);
        expect(found[0]).toMatchObject({ clause: breach.clause, complaintId: id });
        expect(found[0]!.events.map((e) => [e.revision, e.type])).toEqual(breach.cites);
      }
      // the other complaints are audited exactly as before
      expect(json.complaints.filter((c) => !(c.complaintId in breaches))).toEqual(before.json.complaints);
      expect(json.summary).toMatchObject({ streams: 44, complaintsChecked: 43 });
    });

    it('sets aside an event that does not decode and lists it as a finding of its own complaint, which it does not check', async () => {
      const path = copyOfDemo();
      const opened = createSqliteEventStore({ path });
      if (E.isLeft(opened)) throw new Error(opened.left.message);
      const db = opened.right.database;
      const victim = db.prepare("SELECT stream_id, revision FROM events WHERE type = 'ComplaintAcknowledged' ORDER BY position LIMIT 1").get() as { stream_id: string; revision: number };
      db.prepare('UPDATE events SET data = ? WHERE stream_id = ? AND revision = ?').run('{"complaintId":42}', victim.stream_id, victim.revision);
      await opened.right.close();

      const { code, json } = await audit(path, '--as-of', END_OF_YEAR);
      expect(code).toBe(1);
      expect(json.summary).toMatchObject({ streams: 40, unreadableEvents: 1, complaintsChecked: 39 });
      const damaged = json.complaints.find((c) => c.streamId === victim.stream_id)!;
      expect(damaged.checked).toBe(false);
      expect(damaged.findings.map((f) => [f.code, f.clause])).toEqual([['unreadable-event', 'C7']]);
      expect(damaged.findings[0]!.message).toContain(`revision ${victim.revision}`);
    });
  });

  describe('of a store written by the first event schema (upcast as it is read)', () => {
    it('checks every complaint, and finds only what a lawful history can have', async () => {
      const path = join(tempDir(), 'v1.db');
      const opened = createSqliteEventStore({ path });
      if (E.isLeft(opened)) throw new Error(opened.left.message);
      const insert = opened.right.database.prepare(
        'INSERT INTO events (position, stream_id, revision, event_id, type, data, metadata, recorded_at) VALUES (@position, @streamId, @revision, @eventId, @type, @data, @metadata, @recordedAt)',
      );
      const lines = readFileSync(new URL('../../testing/fixtures/first-version/store.jsonl', import.meta.url), 'utf8').split('\n').filter((l) => l !== '');
      opened.right.database.transaction(() => {
        for (const line of lines) {
          const e = JSON.parse(line) as { data: unknown; metadata: { recordedAt: string } };
          insert.run({ ...e, data: JSON.stringify(e.data), metadata: JSON.stringify(e.metadata), recordedAt: e.metadata.recordedAt });
        }
      })();
      await opened.right.close();
      const { code, json } = await audit(path, '--as-of', END_OF_YEAR);
      expect(code).toBe(1);
      expect(json.summary).toMatchObject({ streams: 200, events: 1382, unreadableEvents: 0, complaintsChecked: 200, notYetReceived: 0 });
      for (const c of json.byCode) expect([c.code, findingCatalogue[c.code].lawful]).toEqual([c.code, true]);
    });
  });

  describe('of a store without findings', () => {
    it('says so and exits 0', async () => {
      const c = commands('ok-1');
      const path = join(tempDir(), 'clean.db');
      const loaded = await cli(['exec', '--store', `sqlite:${path}`], {
        stdin: jsonLines(
          c.receive({ at: '2024-06-03T09:00:00+01:00' }),
          c.acknowledge({ at: '2024-06-04T09:00:00+01:00' }),
          c.assign({ at: '2024-06-04T10:00:00+01:00' }),
          c.requireInvestigation({ at: '2024-06-05T09:00:00+01:00' }),
          c.issueResponse({ at: '2024-06-20T09:00:00+01:00' }),
          c.close({ at: '2024-06-21T09:00:00+01:00' }),
        ),
      });
      expect(loaded.code).toBe(0);
      const text = await cli(['audit', '--store', `sqlite:${path}`, '--as-of', '2024-12-31T12:00:00Z']);
      expect(text).toMatchObject({ code: 0, stderr: '' });
      expect(text.stdout).toContain('1 complaint checked (6 events read).\nNo findings.\n');
      // the same store a month after the policy's review date: one finding per complaint (C18)
      const later = await audit(path, '--as-of', '2025-03-01T12:00:00Z');
      expect(later.code).toBe(1);
      expect(later.json.byCode).toEqual([{ code: 'policy-review-overdue', clause: 'C18', severity: 'warning', title: findingCatalogue['policy-review-overdue'].title, count: 1 }]);
    });
  });

  describe('formats and files', () => {
    it('prints text by default: the counts by code and clause, then each complaint’s findings', async () => {
      const { code, stdout } = await cli(['audit', '--store', `sqlite:${await withBreaches()}`, '--as-of', END_OF_YEAR]);
      expect(code).toBe(1);
      expect(stdout).toMatch(/^Compliance audit of sqlite:.*\nAs of 2025-12-31T23:59:59Z \(2025-12-31 23:59 GMT\)\.\n/);
      expect(stdout).toMatch(/\nFindings by code\n {2}Code +Clause +Severity +Count +What\n/);
      expect(stdout).toMatch(/\n {2}closed-without-response +C8 +breach +1 +closed without a response or a withdrawal\n/);
      // each complaint's findings earliest first: the policy's review date (C18), then the close
      expect(stdout).toMatch(/\n\n {2}RAW-CLOSE \(2 findings\)\n {2}When +Code .*\n {2}2025-01-31 23:59 GMT +policy-review-overdue .*\n {2}2025-11-05 09:00 GMT +closed-without-response +C8 +breach +#2 ComplaintClosed +the case was closed at 2025-11-05T09:00:00Z with neither a response nor a withdrawal/);
    });

    it('writes Markdown and a self-contained HTML page with --out, saying so on stdout', async () => {
      const path = await withBreaches();
      const dir = tempDir();
      const md = await cli(['audit', '--store', `sqlite:${path}`, '--as-of', END_OF_YEAR, '--format', 'md', '--out', join(dir, 'audit.md')]);
      expect(md.code).toBe(1);
      expect(md.stdout).toMatch(/^wrote the md audit as of 2025-12-31T23:59:59Z \(\d+ finding\(s\) in \d+ complaint\(s\)\) to .*audit\.md\n$/);
      const markdown = readFileSync(join(dir, 'audit.md'), 'utf8');
      expect(markdown).toContain('## Findings by clause\n\n| Clause | Count |');
      expect(markdown).toMatch(/\n### RAW-LETTER \(3 findings\)\n/);
      const html = await cli(['audit', '--store', `sqlite:${path}`, '--as-of', END_OF_YEAR, '--format', 'html', '--out', join(dir, 'audit.html')]);
      expect(html.code).toBe(1);
      const page = readFileSync(join(dir, 'audit.html'), 'utf8');
      expect(page).toMatch(/^<!DOCTYPE html>/);
      expect(page).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`);
      expect(page).not.toMatch(/<script|<link|<img|src=|url\(/i);
      expect(page).toContain('<h3>RAW-BACKWARDS (');
      expect(page).toContain('<td>letter-to-unauthorised-third-party</td>');
      expect(page).toContain('@media print');
    });
  });

  describe('usage', () => {
    it.each<[string[], RegExp]>([
      [['--format', 'pdf'], /--format must be one of text, json, md, html, got "pdf"/],
      [['--json', '--format', 'md'], /--json is --format json; it cannot be given with --format md/],
      [['--as-of', '2025-13-01T00:00:00Z'], /--as-of must be an ISO-8601 instant/],
    ])('%j is a usage error (exit 2)', async (args, message) => {
      const { code, stdout, stderr } = await cli(['audit', '--store', `sqlite:${demo}`, ...args]);
      expect({ code, stdout }).toEqual({ code: 2, stdout: '' });
      expect(stderr).toMatch(message);
    });

    it('refuses memory: and an --out that is the store (exit 2), and a store that is not there (exit 1)', async () => {
      expect((await cli(['audit', '--store', 'memory:'])).code).toBe(2);
      const onStore = await cli(['audit', '--store', `sqlite:${demo}`, '--out', demo]);
      expect(onStore.code).toBe(2);
      expect(onStore.stderr).toMatch(/--out: .* is the store this command reads/);
      const missing = await cli(['audit', '--store', `sqlite:${join(tempDir(), 'none.db')}`]);
      expect(missing.code).toBe(1);
      expect(missing.stderr).toMatch(/no store at sqlite:.*none\.db/);
    });
  });
});
