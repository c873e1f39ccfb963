// C7: subject access (every complaint and event about a person, decrypted, the disclosure recorded)
// and retention (erasure of what the policy no longer keeps, unless a legal hold is in force).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { subjectOf } from '@cim-complaints/core';
import { createSqliteKeyStore } from '@cim-complaints/sqlite';
import { commands, DPO_ACTOR } from '@cim-complaints/testing';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { cli, jsonLines, tempDir } from './harness.js';

const closedCase = (id: string, email: string, name: string, at: string) => {
  const c = commands(id, at);
  const later = (days: number) => new Date(Date.parse(at) + days * 86_400_000).toISOString();
  return [
    c.receive({ complainant: { name, email, relationship: 'member' } }),
    c.acknowledge({ at: later(1) }),
    c.assign({ at: later(1) }),
    c.issueResponse({ at: later(2) }),
    c.close({ at: later(3) }),
  ];
};

const keyStatus = async (path: string, complaintId: string): Promise<string> => {
  const keys = createSqliteKeyStore({ path, readOnly: true });
  if (E.isLeft(keys)) throw new Error(keys.left.message);
  try {
    const found = await keys.right.getKey(subjectOf(complaintId))();
    return E.isRight(found) ? found.right.status : 'error';
  } finally {
    await keys.right.close();
  }
};

const bytes = (path: string): Buffer => (existsSync(path) ? readFileSync(path) : Buffer.alloc(0));

describe('subject access (C7)', () => {
  it('finds every complaint about the person by email or name, decrypted, and records each disclosure', async () => {
    const store = join(tempDir(), 'x.db');
    const t = commands('SAR-3', '2025-04-01T09:00:00Z');
    const history = [
      ...closedCase('SAR-1', 'jo.bloggs@example.org', 'Jo Bloggs', '2025-02-03T09:00:00Z'),
      ...closedCase('SAR-2', 'JO.BLOGGS@example.org', 'Jo Bloggs', '2025-03-03T09:00:00Z'),
      t.receive({ complainant: { name: 'Sam Other', email: 'sam@example.org', relationship: 'member' } }),
      t.authoriseThirdParty({ party: { name: 'Jo Bloggs', relationship: 'friend', contact: 'jo.bloggs@example.org' }, evidence: 'Signed form from Sam Other', at: '2025-04-02T09:00:00Z' }),
      ...closedCase('SAR-4', 'someone@example.org', 'Someone Else', '2025-05-03T09:00:00Z'),
    ];
    expect((await cli(['exec', '--store', `sqlite:${store}`], { stdin: jsonLines(...history) })).code).toBe(0);
    const run = await cli(['subject-access', '--email', 'jo.bloggs@example.org', '--request-id', 'sar-42', '--by', 'u-dpo-1', '--store', `sqlite:${store}`]);
    expect(run.code, run.stderr).toBe(0);
    const answer = JSON.parse(run.stdout) as { request: { id: string; by: unknown }; complaints: { complaintId: string; as: string[]; events: { type: string; data: Record<string, unknown> }[] }[] };
    expect(answer.request).toMatchObject({ id: 'sar-42', by: { id: 'u-dpo-1', role: 'data-protection-officer' } });
    expect(answer.complaints.map((c) => [c.complaintId, c.as])).toEqual([
      ['SAR-1', ['complainant']],
      ['SAR-2', ['complainant']],
      ['SAR-3', ['third-party']],
    ]);
    // decrypted: the person's own data, as written
    expect(answer.complaints[0]!.events[0]!.data['complainant']).toMatchObject({ name: 'Jo Bloggs', email: 'jo.bloggs@example.org' });
    expect(answer.complaints[0]!.events.map((e) => e.type)).toEqual(['ComplaintReceived', 'ComplaintAcknowledged', 'ComplaintAssigned', 'ResponseIssued', 'ComplaintClosed']);
    // the disclosure is recorded on each complaint, attributed, and holds nothing personal
    const replay = await cli(['replay', 'SAR-1', '--store', `sqlite:${store}`, '--json', '--as', 'data-protection-officer']);
    const events = (JSON.parse(replay.stdout) as { events: { type: string; actor: unknown; data: unknown }[] }).events;
    expect(events.at(-1)).toMatchObject({ type: 'SubjectAccessDisclosed', actor: { id: 'u-dpo-1', role: 'data-protection-officer' }, data: { requestId: 'sar-42' } });
    // the same request answered again: the same answer, its disclosure recorded once
    const again = await cli(['subject-access', '--email', 'jo.bloggs@example.org', '--request-id', 'sar-42', '--by', 'u-dpo-1', '--store', `sqlite:${store}`], { now: '2026-01-06T09:00:00Z' });
    expect(again.code, again.stderr).toBe(0);
    expect((JSON.parse(again.stdout) as { complaints: unknown[] }).complaints).toHaveLength(3);
    const replayAgain = await cli(['replay', 'SAR-1', '--store', `sqlite:${store}`, '--json', '--as', 'data-protection-officer']);
    expect((JSON.parse(replayAgain.stdout) as { events: { type: string }[] }).events.filter((e) => e.type === 'SubjectAccessDisclosed')).toHaveLength(1);
    // by name, too; a person the store holds nothing about gets an empty answer
    const byName = await cli(['subject-access', '--name', ' jo bloggs ', '--request-id', 'sar-43', '--store', `sqlite:${store}`]);
    expect((JSON.parse(byName.stdout) as { complaints: unknown[] }).complaints).toHaveLength(3);
    const nobody = await cli(['subject-access', '--email', 'nobody@example.org', '--store', `sqlite:${store}`]);
    expect((JSON.parse(nobody.stdout) as { complaints: unknown[] }).complaints).toEqual([]);
    expect(Buffer.concat([bytes(store), bytes(`${store}-wal`)]).includes(Buffer.from('jo.bloggs@example.org'))).toBe(false);
  });

  it('finds nothing about a person whose data was erased, and refuses a role the policy does not list', async () => {
    const store = join(tempDir(), 'x.db');
    const erase = commands('SAR-1').eraseComplainantData({ at: '2025-03-01T09:00:00Z' });
    expect((await cli(['exec', '--store', `sqlite:${store}`], { stdin: jsonLines(...closedCase('SAR-1', 'jo@example.org', 'Jo Bloggs', '2025-02-03T09:00:00Z'), erase) })).code).toBe(0);
    const run = await cli(['subject-access', '--email', 'jo@example.org', '--store', `sqlite:${store}`]);
    expect((JSON.parse(run.stdout) as { complaints: unknown[] }).complaints).toEqual([]);
    expect((await cli(['subject-access', '--store', `sqlite:${store}`])).code).toBe(2);
    const other = join(tempDir(), 'y.db');
    expect((await cli(['exec', '--store', `sqlite:${other}`], { stdin: jsonLines(...closedCase('SAR-9', 'jo@example.org', 'Jo Bloggs', '2025-02-03T09:00:00Z')) })).code).toBe(0);
    const refused = await cli(['subject-access', '--email', 'jo@example.org', '--role', 'intern', '--store', `sqlite:${other}`]);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toContain('role-not-permitted');
  });
});

describe('retention (C7: six years after a complaint ended, under CX097 V4)', () => {
  const history = [
    ...closedCase('RET-1', 'a@example.org', 'Ann Ended', '2025-01-06T09:00:00Z'),
    ...closedCase('RET-2', 'b@example.org', 'Bob Held', '2025-01-06T09:00:00Z'),
    commands('RET-2').placeLegalHold({ at: '2025-02-01T09:00:00Z' }),
    ...closedCase('RET-3', 'c@example.org', 'Cat Later', '2025-11-03T09:00:00Z'),
    commands('RET-4', '2025-01-06T09:00:00Z').receive({ complainant: { name: 'Dee Open', relationship: 'member' } }),
  ];

  it('lists what is due and what a legal hold keeps; --dry-run erases nothing', async () => {
    const dir = tempDir();
    const store = join(dir, 'x.db');
    expect((await cli(['exec', '--store', `sqlite:${store}`], { stdin: jsonLines(...history) })).code).toBe(0);
    const dry = await cli(['retention', '--dry-run', '--as-of', '2031-06-01T00:00:00Z', '--json', '--store', `sqlite:${store}`]);
    expect(dry.code, dry.stderr).toBe(0);
    const listed = JSON.parse(dry.stdout) as { due: { complaintId: string; dueOn: string }[]; held: { complaintId: string }[]; erased: string[] };
    expect(listed.due.map((e) => [e.complaintId, e.dueOn])).toEqual([['RET-1', '2031-01-09']]);
    expect(listed.held.map((e) => e.complaintId)).toEqual(['RET-2']);
    expect(listed.erased).toEqual([]);
    expect(await keyStatus(join(dir, 'x.keys.db'), 'RET-1')).toBe('active');
    // before the sixth anniversary, nothing is due
    const early = await cli(['retention', '--dry-run', '--as-of', '2031-01-08T12:00:00Z', '--json', '--store', `sqlite:${store}`]);
    expect((JSON.parse(early.stdout) as { due: unknown[] }).due).toEqual([]);
  });

  it('erases what is due, keeps what is held until the hold is lifted, and the store still verifies', async () => {
    const dir = tempDir();
    const store = join(dir, 'x.db');
    const keys = join(dir, 'x.keys.db');
    expect((await cli(['exec', '--store', `sqlite:${store}`], { stdin: jsonLines(...history) })).code).toBe(0);
    const run = await cli(['retention', '--as-of', '2031-06-01T00:00:00Z', '--by', 'u-dpo-1', '--store', `sqlite:${store}`]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('1 complaint(s) due for erasure, 1 kept by a legal hold');
    expect(run.stdout).toContain('held  RET-2');
    expect(run.stdout).toContain('Erased: 1');
    expect(await keyStatus(keys, 'RET-1')).toBe('erased');
    expect(await keyStatus(keys, 'RET-2')).toBe('active');
    const replay = await cli(['replay', 'RET-1', '--store', `sqlite:${store}`, '--as', 'data-protection-officer']);
    expect(replay.stdout).toContain('[erased]');
    expect(replay.stdout).toContain('legal basis: retention');
    expect(replay.stdout).not.toContain('Ann Ended');
    // the hold lifted (an attributed event), the next run erases it too
    const lift = commands('RET-2').liftLegalHold({ at: '2026-01-02T09:00:00Z', actor: DPO_ACTOR });
    expect((await cli(['exec', '--store', `sqlite:${store}`], { stdin: jsonLines(lift) })).code).toBe(0);
    const again = await cli(['retention', '--as-of', '2031-06-01T00:00:00Z', '--json', '--store', `sqlite:${store}`]);
    expect((JSON.parse(again.stdout) as { erased: string[] }).erased).toEqual(['RET-2']);
    expect(await keyStatus(keys, 'RET-2')).toBe('erased');
    expect(await keyStatus(keys, 'RET-3')).toBe('active');
    expect((await cli(['verify', '--store', `sqlite:${store}`])).code).toBe(0);
  });
});
