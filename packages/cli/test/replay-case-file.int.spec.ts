// Case files: `replay <id> --format json|md|html` (and `--json`, the same as `--format json`) on
// SQLite: the replay with its compliance findings and its stream's verification (head digests),
// held against `verify` itself; a store edited behind the library's back shows in the file.
import { join } from 'node:path';
import { EVENT_SCHEMA_VERSION, streamIdOf, type ComplaintEnvelope } from '@cim-complaints/core';
import { createSqliteEventStore } from '@cim-complaints/sqlite';
import { commands } from '@cim-complaints/testing';
import * as E from 'fp-ts/lib/Either.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, jsonLines, tempDir } from './harness.js';

// c-9: received Mon 2 June 2025, acknowledged late (due Mon 9 June), assigned, investigated,
// answered 20 June (due 30 June) and closed 23 June.
const c = commands('c-9');
const history = [
  c.receive({ at: '2025-06-02T09:00:00+01:00', businessArea: 'qualifications', summary: 'Exam booking confirmation never arrived' }),
  c.acknowledge({ at: '2025-06-10T10:00:00+01:00' }),
  c.assign({ at: '2025-06-10T11:00:00+01:00', department: 'Qualifications', manager: { id: 'm-tom', name: 'Tom Reid' } }),
  c.requireInvestigation({ at: '2025-06-11T10:00:00+01:00' }),
  c.issueResponse({ at: '2025-06-20T15:00:00+01:00' }),
  c.close({ at: '2025-06-23T10:00:00+01:00' }),
];
const AS_OF = '2025-12-31T23:59:59Z';

interface CaseFileJson {
  readonly complaintId: string;
  readonly events: readonly { revision: number; type: string; digest: string | null }[];
  readonly compliance: { readonly findings: readonly { code: string; clause: string; events: readonly { revision?: number; type: string }[] }[] };
  readonly verification: {
    readonly intact: boolean;
    readonly streamId: string;
    readonly head: { revision: number; digest: string } | null;
    readonly anchor: { head: string | null; sequence: number | null };
    readonly breaks: readonly { kind: string; revision: number | null }[];
  } | null;
}

interface VerifyJson {
  readonly intact: boolean;
  readonly breaks: readonly { kind: string; streamId: string; revision: number | null }[];
  readonly heads: { anchor: { digest: string } | null; streams: readonly { streamId: string; revision: number; digest: string }[] };
}

let path = '';
beforeAll(async () => {
  path = join(tempDir('file'), 'cases.db');
  const loaded = await cli(['exec', '--store', `sqlite:${path}`], { stdin: jsonLines(...history) });
  expect(loaded).toMatchObject({ code: 0, stderr: '' });
});

const caseFile = async (store: string, id: string, ...args: string[]): Promise<CaseFileJson> => {
  const run = await cli(['replay', id, '--store', `sqlite:${store}`, '--as-of', AS_OF, '--format', 'json', ...args]);
  expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
  return JSON.parse(run.stdout) as CaseFileJson;
};

const verifyOf = async (store: string, id: string): Promise<VerifyJson> => JSON.parse((await cli(['verify', '--store', `sqlite:${store}`, '--complaint', id, '--json'])).stdout) as VerifyJson;

describe('a case file', () => {
  describe('as JSON', () => {
    it('is what --json prints, byte for byte', async () => {
      const json = await cli(['replay', 'c-9', '--store', `sqlite:${path}`, '--as-of', AS_OF, '--json']);
      const format = await cli(['replay', 'c-9', '--store', `sqlite:${path}`, '--as-of', AS_OF, '--format', 'json']);
      expect(json.code).toBe(0);
      expect(format).toEqual(json);
    });

    it('carries the compliance findings, citing events by revision', async () => {
      const file = await caseFile(path, 'c-9');
      expect(file.compliance.findings.map((f) => [f.code, f.clause, f.events.map((e) => [e.revision, e.type])])).toEqual([
        // received under CX097 V4, which was due for review by 31 January 2025
        ['policy-review-overdue', 'C18', [[0, 'ComplaintReceived']]],
        [
          'acknowledgement-missed',
          'C12',
          [
            [0, 'ComplaintReceived'],
            [1, 'ComplaintAcknowledged'],
          ],
        ],
      ]);
    });

    it('carries the verification of its stream, with the head digests verify reports', async () => {
      const file = await caseFile(path, 'c-9');
      const verified = await verifyOf(path, 'c-9');
      expect(file.verification).toMatchObject({ intact: true, streamId: streamIdOf('c-9'), breaks: [] });
      expect(file.verification!.head).toEqual({ revision: 5, digest: verified.heads.streams[0]!.digest });
      expect(file.verification!.anchor.head).toBe(verified.heads.anchor!.digest);
      // each event's own link: the head is the last event's
      expect(file.events.at(-1)!.digest).toBe(file.verification!.head!.digest);
      expect(file.events.every((e) => /^sha256:[0-9a-f]{64}$/.test(e.digest ?? ''))).toBe(true);
    });

    it('leaves the verification out with --no-verify', async () => {
      expect((await caseFile(path, 'c-9', '--no-verify')).verification).toBeNull();
    });
  });

  describe('as Markdown', () => {
    it('has the timeline with occurred and recorded times and actors, the state, the SLA per opening, the findings and the verification', async () => {
      const { code, stdout } = await cli(['replay', 'c-9', '--store', `sqlite:${path}`, '--as-of', AS_OF, '--format', 'md']);
      expect(code).toBe(0);
      const head = (await caseFile(path, 'c-9')).verification!;
      expect(stdout).toMatch(/^# Case file: complaint c-9 as of 2025-12-31T23:59:59Z\n/);
      expect(stdout).toContain('## State\n\n| Fact | Value |');
      expect(stdout).toMatch(/\| status \| closed \(responded\) \|/);
      expect(stdout).toContain('## Timeline');
      expect(stdout).toMatch(/\| 1 \| 2025-06-10 10:00 BST \| \d{4}-\d\d-\d\d \d\d:\d\d GMT \| u-quality-1 \(quality-and-complaints-manager\) \| ComplaintAcknowledged \| acknowledged by email to the complainant \| sha256:[0-9a-f]{12}… \|/);
      expect(stdout).toContain('## SLA (CX097-V4, england-and-wales working days), per opening');
      expect(stdout).toMatch(/### 1\. received 2025-06-02 09:00 BST, day 0 2025-06-02; closed 2025-06-23 10:00 BST\n/);
      expect(stdout).toMatch(/\| acknowledgement \| missed \| 2025-06-09 \(by 2025-06-09T23:59:59\.999\+01:00\) \| 2025-06-10 10:00 BST \| 6 of 5 \|/);
      expect(stdout).toMatch(/## Compliance findings\n\n.*\n\n\| When \| Code \| Clause \| Severity \| Events \| What \|/);
      expect(stdout).toMatch(/\| 2025-06-09 23:59 BST \| acknowledgement-missed \| C12 \| breach \| #0 ComplaintReceived, #1 ComplaintAcknowledged \|/);
      expect(stdout).toContain('## Verification');
      expect(stdout).toContain(`| stream head | revision 5, ${head.head!.digest} |`);
      expect(stdout).toContain(`--expect-head ${head.anchor.head}`);
    });
  });

  describe('as HTML', () => {
    it('is one self-contained page, readable printed', async () => {
      const { code, stdout } = await cli(['replay', 'c-9', '--store', `sqlite:${path}`, '--as-of', AS_OF, '--format', 'html']);
      expect(code).toBe(0);
      expect(stdout).toMatch(/^<!DOCTYPE html>\n<html lang="en-GB">/);
      expect(stdout).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`);
      expect(stdout).not.toMatch(/<script|<link|<img|<iframe|src=|href=|url\(/i);
      expect(stdout).toContain('@media print');
      expect(stdout).toContain('<h1>Case file: complaint c-9 as of 2025-12-31T23:59:59Z</h1>');
      expect(stdout).toMatch(/<table id="timeline"><thead><tr><th scope="col">#<\/th>/);
      expect(stdout).toContain('<td>acknowledgement-missed</td><td>C12</td><td>breach</td>');
      expect(stdout).toMatch(/<th scope="row">hash chain<\/th><td>intact: every event of the stream and the store’s anchor hold<\/td>/);
      // text from the events is escaped
      expect(stdout).toContain('Exam booking confirmation never arrived');
    });
  });

  describe('as text', () => {
    it('is the replay as before, by default and with --format text', async () => {
      const plain = await cli(['replay', 'c-9', '--store', `sqlite:${path}`, '--as-of', AS_OF]);
      expect(plain.code).toBe(0);
      expect(plain.stdout).toMatch(/^Complaint c-9 as of 2025-12-31T23:59:59Z/);
      expect(plain.stdout).not.toContain('Compliance findings');
      expect(await cli(['replay', 'c-9', '--store', `sqlite:${path}`, '--as-of', AS_OF, '--format', 'text'])).toEqual(plain);
    });
  });

  describe('of a store written behind the library’s back', () => {
    it('shows a breach appended through the store port, and a stored event changed afterwards as a break', async () => {
      const store = join(tempDir(), 'edited.db');
      expect((await cli(['exec', '--store', `sqlite:${store}`], { stdin: jsonLines(...history) })).code).toBe(0);
      const opened = createSqliteEventStore({ path: store });
      if (E.isLeft(opened)) throw new Error(opened.left.message);
      const raw = (type: string, when: string, data: Record<string, unknown>): ComplaintEnvelope =>
        ({
          type,
          data: { complaintId: 'RAW-1', at: when, ...data },
          metadata: { eventId: `raw-${type}`, commandId: `raw-${type}`, correlationId: 'raw', actor: { id: 'import', role: 'quality-and-complaints-manager' }, occurredAt: when, recordedAt: when, schemaVersion: EVENT_SCHEMA_VERSION, policy: 'CX097-V4' },
        }) as unknown as ComplaintEnvelope;
      const appended = await opened.right.appendToStream(streamIdOf('RAW-1'), 'no-stream', [
        raw('ComplaintReceived', '2025-11-03T09:00:00Z', { channel: 'email', complainant: { name: 'Jo', relationship: 'member' }, businessArea: 'membership', summary: 'Imported', policy: 'CX097-V4', department: 'Membership' }),
        raw('ComplaintAcknowledged', '2025-11-04T09:00:00Z', { channel: 'email', to: 'complainant' }),
        raw('ComplaintClosed', '2025-11-05T09:00:00Z', { resolution: 'responded' }),
      ])();
      if (E.isLeft(appended)) throw new Error(appended.left.message);
      // then a hand edit of c-9's response, as someone with the file could make
      opened.right.database.prepare("UPDATE events SET data = json_set(data, '$.outcome', 'not-upheld') WHERE stream_id = ? AND type = 'ResponseIssued'").run(streamIdOf('c-9'));
      await opened.right.close();

      const imported = await caseFile(store, 'RAW-1');
      expect(imported.compliance.findings.filter((f) => f.code === 'closed-without-response').map((f) => [f.clause, f.events.map((e) => [e.revision, e.type])])).toEqual([['C8', [[2, 'ComplaintClosed']]]]);
      expect(imported.verification).toMatchObject({ streamId: streamIdOf('RAW-1') });
      expect(imported.verification!.breaks.map((b) => [b.kind, b.revision])).toEqual((await verifyOf(store, 'RAW-1')).breaks.map((b) => [b.kind, b.revision]));

      const edited = await caseFile(store, 'c-9');
      expect(edited.verification!.intact).toBe(false);
      expect(edited.verification!.breaks).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'changed', revision: 4 })]));
      const md = await cli(['replay', 'c-9', '--store', `sqlite:${store}`, '--as-of', AS_OF, '--format', 'md']);
      expect(md.stdout).toMatch(/\| hash chain \| BROKEN: \d+ break\(s\), listed below \|/);
      expect(md.stdout).toMatch(/### Breaks\n\n\| Kind \| Stream \| Revision \| What \|\n.*\n\| changed \| complaint-c-9 \| 4 \|/);
    });
  });

  describe('usage', () => {
    it.each<[string[], RegExp]>([
      [['--format', 'pdf'], /--format must be one of text, json, md, html, got "pdf"/],
      [['--json', '--format', 'html'], /--json is --format json; it cannot be given with --format html/],
    ])('%j is a usage error (exit 2)', async (args, message) => {
      const { code, stdout, stderr } = await cli(['replay', 'c-9', '--store', `sqlite:${path}`, ...args]);
      expect({ code, stdout }).toEqual({ code: 2, stdout: '' });
      expect(stderr).toMatch(message);
    });

    it('says an unknown complaint is not there, in every format (exit 1)', async () => {
      for (const format of ['json', 'md', 'html']) {
        expect(await cli(['replay', 'nope', '--store', `sqlite:${path}`, '--format', format])).toEqual({ code: 1, stdout: '', stderr: `cim-complaints: no complaint nope in sqlite:${path}\n` });
      }
    });
  });
});
