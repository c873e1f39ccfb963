import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { commands } from '@cim-complaints/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, jsonLines, NOW, tempDir } from './harness.js';

// c-9: received Monday 2 June 2025, acknowledged late (due 9 June), investigated, answered on
// 20 June (due 30 June), closed 23 June.
const c = commands('c-9');
const history = [
  c.receive({ commandId: 'r-1', at: '2025-06-02T09:00:00+01:00', businessArea: 'qualifications', summary: 'Exam booking confirmation never arrived' }),
  c.acknowledge({ commandId: 'r-2', at: '2025-06-10T10:00:00+01:00' }),
  c.requireInvestigation({ commandId: 'r-3', at: '2025-06-11T10:00:00+01:00' }),
  c.issueResponse({ commandId: 'r-4', at: '2025-06-20T15:00:00+01:00', actions: [{ actionId: 'a-1', description: 'Re-send confirmations', owner: 'Helen Carter', dueOn: '2025-07-15' }] }),
  c.close({ commandId: 'r-5', at: '2025-06-23T10:00:00+01:00' }),
];

let store = '';
beforeAll(async () => {
  store = `sqlite:${join(tempDir('file'), 'cases.db')}`;
  const loaded = await cli(['exec', '--store', store], { stdin: jsonLines(...history) });
  expect(loaded.code).toBe(0);
});

interface ReplayJson {
  complaintId: string;
  asOf: string;
  events: Record<string, unknown>[];
  state: { status: string; policy: string };
  sla: Record<string, { dueDate: string | null; status: string }>;
}

describe('replay', () => {
  describe('--json', () => {
    it('gives the case as specified: events with times, actor and data, then state and SLA', async () => {
      const { code, stdout } = await cli(['replay', 'c-9', '--store', store, '--json']);
      expect(code).toBe(0);
      const json = JSON.parse(stdout) as ReplayJson;
      expect(Object.keys(json).sort()).toEqual(['asOf', 'complaintId', 'events', 'policy', 'sla', 'state']);
      expect(json.complaintId).toBe('c-9');
      expect(json.asOf).toBe(NOW);
      expect(json.events.map((e) => e.type)).toEqual(['ComplaintReceived', 'ComplaintAcknowledged', 'InvestigationRequired', 'ResponseIssued', 'ComplaintClosed']);
      expect(json.events[1]).toEqual({
        revision: 1,
        type: 'ComplaintAcknowledged',
        occurredAt: '2025-06-10T10:00:00+01:00',
        recordedAt: NOW,
        actor: { id: 'u-quality-1', role: 'quality-and-complaints-manager' },
        data: { complaintId: 'c-9', at: '2025-06-10T10:00:00+01:00', channel: 'email' },
      });
      expect(json.state).toMatchObject({ status: 'closed', policy: 'CX097-V4', resolution: 'responded' });
      expect(json.sla.acknowledgement).toMatchObject({ dueDate: '2025-06-09', status: 'missed' });
      expect(json.sla.response).toMatchObject({ dueDate: '2025-06-30', status: 'met' });
    });
    it('--as-of in the past shows the case as it was: only what had happened, statuses then', async () => {
      const { code, stdout } = await cli(['replay', 'c-9', '--store', store, '--json', '--as-of', '2025-06-05T12:00:00Z']);
      expect(code).toBe(0);
      const json = JSON.parse(stdout) as ReplayJson;
      expect(json.asOf).toBe('2025-06-05T12:00:00Z');
      expect(json.events.map((e) => e.type)).toEqual(['ComplaintReceived']);
      expect(json.state.status).toBe('received');
      expect(json.sla.acknowledgement).toMatchObject({ dueDate: '2025-06-09', status: 'pending' });
      expect(json.sla.response).toMatchObject({ dueDate: null, status: 'not-applicable' });
    });
  });

  describe('as text', () => {
    it('reads as a timeline with local and ISO times, who did it and what changed, then state and SLA', async () => {
      const { code, stdout } = await cli(['replay', 'c-9', '--store', store]);
      expect(code).toBe(0);
      expect(stdout).toContain(`Complaint c-9 as of ${NOW}`);
      expect(stdout).toContain('History: 5 events\n');
      expect(stdout).toContain('  #1 ComplaintAcknowledged\n     occurred 2025-06-10 10:00 BST (2025-06-10T10:00:00+01:00), recorded 2026-01-05 09:00 GMT, by u-quality-1 (quality-and-complaints-manager)\n     acknowledged by email\n');
      expect(stdout).toContain('response issued: upheld; actions a-1 due 2025-07-15');
      expect(stdout).toMatch(/status +closed \(responded\)/);
      expect(stdout).toMatch(/actions +a-1 \(Helen Carter\) OVERDUE \(due 2025-07-15\)/);
      expect(stdout).toMatch(/acknowledgement +missed +due 2025-06-09/);
      expect(stdout).toMatch(/response +met +due 2025-06-30/);
    });
    it('says how many later events an earlier --as-of leaves out', async () => {
      const { stdout } = await cli(['replay', 'c-9', '--store', store, '--as-of', '2025-06-10T12:00:00+01:00']);
      expect(stdout).toContain('History: 2 events (3 later events not shown: they occurred after 2025-06-10T12:00:00+01:00)');
      expect(stdout).toMatch(/acknowledgement +missed/);
    });
  });

  describe('when it cannot', () => {
    it('exits 1 for an unknown complaint, naming the store', async () => {
      expect(await cli(['replay', 'nope', '--store', store])).toEqual({ code: 1, stdout: '', stderr: `cim-complaints: no complaint nope in ${store}\n` });
    });
    it('exits 1 when the complaint had not been received by --as-of', async () => {
      const { code, stderr } = await cli(['replay', 'c-9', '--store', store, '--as-of', '2025-01-01T00:00:00Z']);
      expect(code).toBe(1);
      expect(stderr).toBe('cim-complaints: complaint c-9 had not been received by 2025-01-01T00:00:00Z (its first event occurred at 2025-06-02T09:00:00+01:00)\n');
    });
    it('exits 2 for a malformed --as-of', async () => {
      const { code, stderr } = await cli(['replay', 'c-9', '--store', store, '--as-of', '2025-13-01T00:00:00Z']);
      expect(code).toBe(2);
      expect(stderr).toMatch(/^cim-complaints: --as-of must be an ISO-8601 instant with an offset/);
    });
    it('exits 2 for memory:, which is empty in every new process', async () => {
      const { code, stderr } = await cli(['replay', 'c-9', '--store', 'memory:']);
      expect(code).toBe(2);
      expect(stderr).toBe('cim-complaints: replay reads what earlier runs stored, and --store memory: starts empty in every process; use sqlite:<path> or esdb://...\n');
    });
    it('exits 1 for a SQLite file that does not exist, and does not create it', async () => {
      const path = join(tempDir(), 'typo.db');
      const { code, stderr } = await cli(['replay', 'c-9', '--store', `sqlite:${path}`]);
      expect(code).toBe(1);
      expect(stderr).toBe(`cim-complaints: no store at sqlite:${path}: the file does not exist (load complaints with exec or demo first, or pass --store)\n`);
    });
  });
});

describe('report', () => {
  const asOf = '2025-12-31T23:59:59Z';
  it('json: the projections report from this store, as of the instant', async () => {
    const { code, stdout } = await cli(['report', '--store', store, '--as-of', asOf, '--format', 'json']);
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as { asOf: string; received: { total: number }; acknowledgement: { missed: number }; response: { met: number }; actions: { overdue: number } };
    expect(report).toMatchObject({ asOf, received: { total: 1 }, acknowledgement: { missed: 1 }, response: { met: 1 }, actions: { overdue: 1 } });
  });
  it('md (the default): a Markdown document', async () => {
    const { code, stdout } = await cli(['report', '--store', store, '--as-of', asOf]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^# Complaints monitoring report\n\nAs of 2025-12-31T23:59:59Z\./);
  });
  it('csv: one row per complaint under a header', async () => {
    const { stdout } = await cli(['report', '--store', store, '--as-of', asOf, '--format', 'csv']);
    const rows = stdout.trimEnd().split('\r\n');
    expect(rows).toHaveLength(2);
    expect(rows[0]!.split(',')[0]).toBe('complaintId');
    expect(rows[1]!.startsWith('c-9,')).toBe(true);
  });
  it('html: one self-contained page written with --out', async () => {
    const out = join(tempDir(), 'report.html');
    const { code, stdout } = await cli(['report', '--store', store, '--as-of', asOf, '--format', 'html', '--out', out]);
    expect(code).toBe(0);
    expect(stdout).toBe(`wrote the html report as of ${asOf} (1 complaints) to ${out}\n`);
    const html = readFileSync(out, 'utf8');
    expect(html).toMatch(/^<!doctype html>/i);
    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href=|<img[^>]+src=["']?http|url\(\s*["']?http/i);
  });
  it('an earlier --as-of counts only what had happened', async () => {
    const { stdout } = await cli(['report', '--store', store, '--as-of', '2025-05-31T00:00:00Z', '--format', 'json']);
    expect((JSON.parse(stdout) as { received: { total: number } }).received.total).toBe(0);
  });
  it.each([
    [['--format', 'pdf'], 'cim-complaints: --format must be one of json, md, csv, html, got "pdf"\n'],
    [['--as-of', 'yesterday'], 'cim-complaints: --as-of must be an ISO-8601 instant with an offset, e.g. 2025-06-02T09:30:00+01:00 or 2025-06-02T08:30:00Z, got "yesterday"\n'],
  ])('%j: exit 2', async (args, message) => {
    expect(await cli(['report', '--store', store, ...args])).toEqual({ code: 2, stdout: '', stderr: message });
  });
});
