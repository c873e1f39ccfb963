import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { commands } from '@cim-complaints/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, jsonLines, NOW, tempDir } from './harness.js';

// c-9: received Monday 2 June 2025, acknowledged late (due 9 June), investigated, assigned, answered
// on 20 June (due 30 June), closed 23 June.
const c = commands('c-9');
const history = [
  c.receive({ commandId: 'r-1', at: '2025-06-02T09:00:00+01:00', businessArea: 'qualifications', summary: 'Exam booking confirmation never arrived' }),
  c.acknowledge({ commandId: 'r-2', at: '2025-06-10T10:00:00+01:00' }),
  c.requireInvestigation({ commandId: 'r-3', at: '2025-06-11T10:00:00+01:00' }),
  c.assign({ commandId: 'r-3a', at: '2025-06-11T11:00:00+01:00', department: 'Qualifications', manager: { id: 'm-tom', name: 'Tom Reid' } }),
  c.issueResponse({ commandId: 'r-4', at: '2025-06-20T15:00:00+01:00', actions: [{ actionId: 'a-1', description: 'Re-send confirmations', owner: 'Helen Carter', dueOn: '2025-07-15' }] }),
  c.close({ commandId: 'r-5', at: '2025-06-23T10:00:00+01:00' }),
];

// c-8: received Mon 3 Nov 2025 and answered in time (due Mon 1 Dec), closed, then reopened on
// Christmas Day and investigated again: the reopening counts from Mon 29 Dec (after 25, 26 Dec and
// the weekend), due Tue 27 Jan 2026 (30, 31 Dec, 2 Jan, then 1 Jan skipped, ... 27 Jan).
const r = commands('c-8');
const reopened = [
  r.receive({ commandId: 'o-1', at: '2025-11-03T10:00:00Z' }),
  r.acknowledge({ commandId: 'o-2', at: '2025-11-04T10:00:00Z' }),
  r.assign({ commandId: 'o-3', at: '2025-11-04T11:00:00Z' }),
  r.requireInvestigation({ commandId: 'o-4', at: '2025-11-05T10:00:00Z' }),
  r.issueResponse({ commandId: 'o-5', at: '2025-11-20T10:00:00Z' }),
  r.close({ commandId: 'o-6', at: '2025-11-21T10:00:00Z' }),
  r.reopen({ commandId: 'o-7', at: '2025-12-25T10:00:00Z' }),
  r.requireInvestigation({ commandId: 'o-8', at: '2025-12-29T09:00:00Z' }),
];

let store = '';
beforeAll(async () => {
  store = `sqlite:${join(tempDir('file'), 'cases.db')}`;
  const loaded = await cli(['exec', '--store', store], { stdin: jsonLines(...history, ...reopened) });
  expect(loaded).toMatchObject({ code: 0, stderr: '' });
});

interface TargetJson {
  dueDate: string | null;
  status: string;
}

interface OpeningJson {
  openedAt: string;
  reopened: boolean;
  effectiveDate: string;
  targets: Record<string, TargetJson>;
}

interface ReplayJson {
  complaintId: string;
  asOf: string;
  events: Record<string, unknown>[];
  state: { status: string; policy: string };
  sla: { acknowledgement: TargetJson; response: TargetJson; openings: OpeningJson[] };
}

describe('replay', () => {
  describe('--json', () => {
    it('gives the case as specified: events with times, actor and data, then state and SLA', async () => {
      const { code, stdout } = await cli(['replay', 'c-9', '--store', store, '--json']);
      expect(code).toBe(0);
      const json = JSON.parse(stdout) as ReplayJson;
      // --json is the case file: the replay, then its compliance findings and its stream's verification
      expect(Object.keys(json).sort()).toEqual(['asOf', 'complaintId', 'compliance', 'events', 'links', 'policy', 'sla', 'state', 'verification', 'view']);
      expect(json.complaintId).toBe('c-9');
      expect(json.asOf).toBe(NOW);
      expect(json.events.map((e) => e.type)).toEqual(['ComplaintReceived', 'ComplaintAcknowledged', 'InvestigationRequired', 'ComplaintAssigned', 'ResponseIssued', 'ComplaintClosed']);
      expect(json.events[1]).toEqual({
        revision: 1,
        type: 'ComplaintAcknowledged',
        occurredAt: '2025-06-10T10:00:00+01:00',
        recordedAt: NOW,
        actor: { id: 'u-quality-1', role: 'quality-and-complaints-manager' },
        data: { complaintId: 'c-9', at: '2025-06-10T10:00:00+01:00', channel: 'email', to: 'complainant' },
        digest: expect.stringMatching(/^sha256:[0-9a-f]{64}$/),
      });
      expect(json.state).toMatchObject({ status: 'closed', policy: 'CX097-V4', resolution: 'responded' });
      expect(json.sla.acknowledgement).toMatchObject({ dueDate: '2025-06-09', status: 'missed' });
      expect(json.sla.response).toMatchObject({ dueDate: '2025-06-30', status: 'met' });
      // one opening: its targets are the ones above
      expect(json.sla.openings).toEqual([
        { openedAt: '2025-06-02T09:00:00+01:00', reopened: false, effectiveDate: '2025-06-02', ended: { at: '2025-06-23T10:00:00+01:00', how: 'closed' }, stall: null, targets: { acknowledgement: json.sla.acknowledgement, response: json.sla.response } },
      ]);
    });
    it('gives a reopened case the reopening’s response target and every opening’s', async () => {
      const { code, stdout } = await cli(['replay', 'c-8', '--store', store, '--json']);
      expect(code).toBe(0);
      const json = JSON.parse(stdout) as ReplayJson;
      // as of 5 Jan 2026: 30, 31 Dec, 2 and 5 Jan used
      expect(json.sla.response).toMatchObject({ status: 'pending', dueDate: '2026-01-27', workingDaysUsed: 4, workingDaysLeft: 16 });
      expect(json.sla.acknowledgement).toMatchObject({ status: 'met', dueDate: '2025-11-10' });
      expect(json.sla.openings.map((o) => [o.openedAt, o.reopened, o.effectiveDate, Object.keys(o.targets), o.targets['response']?.status, o.targets['response']?.dueDate])).toEqual([
        ['2025-11-03T10:00:00Z', false, '2025-11-03', ['acknowledgement', 'response'], 'met', '2025-12-01'],
        ['2025-12-25T10:00:00Z', true, '2025-12-29', ['response'], 'pending', '2026-01-27'],
      ]);
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
      expect(stdout).toContain('History: 6 events\n');
      expect(stdout).toContain('  #1 ComplaintAcknowledged\n     occurred 2025-06-10 10:00 BST (2025-06-10T10:00:00+01:00), recorded 2026-01-05 09:00 GMT, by u-quality-1 (quality-and-complaints-manager)\n     acknowledged by email to the complainant\n');
      expect(stdout).toContain('response issued to the complainant: upheld; actions a-1 due 2025-07-15');
      expect(stdout).toMatch(/status +closed \(responded\)/);
      expect(stdout).toMatch(/actions +a-1 \(Helen Carter\) OVERDUE \(due 2025-07-15\)/);
      expect(stdout).toMatch(/acknowledgement +missed +due 2025-06-09/);
      expect(stdout).toMatch(/response +met +due 2025-06-30/);
      expect(stdout).not.toContain('Openings');
    });
    it('lists each opening of a reopened case with its own targets', async () => {
      const { code, stdout } = await cli(['replay', 'c-8', '--store', store]);
      expect(code).toBe(0);
      expect(stdout).toMatch(/\n {2}response +pending +due 2026-01-27/);
      expect(stdout).toContain('Openings: 2 (the receipt and 1 reopening), each with its own response target\n');
      expect(stdout).toContain('  1. received 2025-11-03 10:00 GMT, day 0 2025-11-03; closed 2025-11-21 10:00 GMT\n');
      expect(stdout).toMatch(/ {4}response +met +due 2025-12-01/);
      expect(stdout).toContain('  2. reopened 2025-12-25 10:00 GMT, day 0 2025-12-29\n');
      expect(stdout).toMatch(/ {4}response +pending +due 2026-01-27/);
    });
    it('says how many later events an earlier --as-of leaves out', async () => {
      const { stdout } = await cli(['replay', 'c-9', '--store', store, '--as-of', '2025-06-10T12:00:00+01:00']);
      expect(stdout).toContain('History: 2 events (4 later events not shown: they occurred after 2025-06-10T12:00:00+01:00)');
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
      expect(stderr).toBe('cim-complaints: replay reads what earlier runs stored, and --store memory: starts empty in every process; use sqlite:<path>, esdb://... or postgres://...\n');
    });
    it('exits 1 for a SQLite file that does not exist, and does not create it', async () => {
      const path = join(tempDir(), 'typo.db');
      const { code, stderr } = await cli(['replay', 'c-9', '--store', `sqlite:${path}`]);
      expect(code).toBe(1);
      expect(stderr).toBe(`cim-complaints: no store at sqlite:${path}: the file does not exist (load complaints with exec or demo first, or pass --store)\n`);
    });
  });
});

describe('replay of an escalation from a study centre (C14), on SQLite', () => {
  const referred = commands('e-1');
  const escalating = commands('e-2');
  const centre = { name: 'Northfield College' };
  let escalations = '';
  beforeAll(async () => {
    escalations = `sqlite:${join(tempDir('file'), 'escalations.db')}`;
    const loaded = await cli(['exec', '--store', escalations], {
      stdin: jsonLines(
        referred.receive({ at: '2025-06-02T09:00:00+01:00', businessArea: 'accredited-study-centre', studyCentre: centre }),
        escalating.receive({ at: '2025-07-14T10:00:00+01:00', businessArea: 'accredited-study-centre', studyCentre: { ...centre, ownProcedureCompletedOn: '2025-07-10' }, escalatesFrom: 'e-1' }),
      ),
    });
    expect(loaded).toMatchObject({ code: 0, stderr: '' });
  });

  it('names the earlier complaint in the escalating one’s replay', async () => {
    const { code, stdout } = await cli(['replay', 'e-2', '--store', escalations, '--json']);
    expect(code).toBe(0);
    expect((JSON.parse(stdout) as { links: unknown }).links).toEqual({ escalatesFrom: 'e-1', escalatedBy: [] });
  });
  it('names the escalating complaint in the earlier one’s replay, read from the other stream', async () => {
    const json = await cli(['replay', 'e-1', '--store', escalations, '--json']);
    expect((JSON.parse(json.stdout) as { links: unknown }).links).toEqual({ escalatesFrom: null, escalatedBy: [{ complaintId: 'e-2', receivedAt: '2025-07-14T10:00:00+01:00' }] });
    const text = await cli(['replay', 'e-1', '--store', escalations]);
    expect(text.stdout).toMatch(/escalated by +complaint e-2 \(received 2025-07-14\)/);
    const before = await cli(['replay', 'e-1', '--store', escalations, '--json', '--as-of', '2025-07-01T00:00:00Z']);
    expect((JSON.parse(before.stdout) as { links: unknown }).links).toEqual({ escalatesFrom: null, escalatedBy: [] });
  });
});

describe('report', () => {
  const asOf = '2025-12-31T23:59:59Z';
  it('json: the projections report from this store, as of the instant', async () => {
    const { code, stdout } = await cli(['report', '--store', store, '--as-of', asOf, '--format', 'json']);
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as { asOf: string; received: { total: number }; acknowledgement: { missed: number }; response: { met: number }; actions: { overdue: number } };
    // the response target of each opening: c-9's and c-8's first met, c-8's reopening (due 27 Jan 2026) pending
    expect(report).toMatchObject({ asOf, received: { total: 2 }, acknowledgement: { met: 1, missed: 1 }, response: { met: 2, pending: 1 }, actions: { overdue: 1 } });
  });
  it('md (the default): a Markdown document', async () => {
    const { code, stdout } = await cli(['report', '--store', store, '--as-of', asOf]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^# Complaints monitoring report\n\nAs of 2025-12-31T23:59:59Z\./);
  });
  it('csv: one row per complaint under a header', async () => {
    const { stdout } = await cli(['report', '--store', store, '--as-of', asOf, '--format', 'csv']);
    const rows = stdout.trimEnd().split('\r\n');
    expect(rows).toHaveLength(3);
    expect(rows[0]!.split(',')[0]).toBe('complaintId');
    expect(rows.slice(1).map((row) => row.split(',')[0])).toEqual(['c-9', 'c-8']);
  });
  it('html: one self-contained page written with --out', async () => {
    const out = join(tempDir(), 'report.html');
    const { code, stdout } = await cli(['report', '--store', store, '--as-of', asOf, '--format', 'html', '--out', out]);
    expect(code).toBe(0);
    expect(stdout).toBe(`wrote the html report as of ${asOf} (2 complaints) to ${out}\n`);
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
